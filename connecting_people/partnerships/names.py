"""The name check for the co-production log, which says who took part by role, never by name: the guide's
anonymisation check (lib/anonymise.py) against the names of the people the organisation supports, and its
names list (guide/namelist.py) for capitalised given names nobody registered."""

from __future__ import annotations

from collections.abc import Iterable

from connecting_people.guide.namelist import given_names
from connecting_people.lib.anonymise import Checker, fold, likely_names, register_names
from connecting_people.practice.models import Person

from .models import Partner

# Words for saying who took part, by number or by role, that the names list also holds as given names
# ("Five members", "Peer supporters", "Young carers").
ROLE_WORDS = frozenset({"one", "five", "nine", "peer", "young"})


def names_in(
    organisation_id: int, texts: Iterable[tuple[str, str]], roles: Iterable[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """(where, the words found) for each name: a supported person's name or nickname in any of the texts,
    and in `roles` (text that should hold only roles) also any given name written as a name. Given names are
    looked for only there because the names list holds ordinary words too ("Fair", "Summer"), which a title
    may well start with. A word of one of the organisation's partners' names is not a person."""
    roles = list(roles)
    texts = [*texts, *roles]
    entries: list[tuple[str, str, str]] = []
    for pk, full_name, preferred in Person.objects.filter(organisation_id=organisation_id).values_list(
        "pk", "full_name", "preferred_name"
    ):
        entries += [(full_name, "real name", f"person {pk}"), (preferred, "nickname", f"person {pk}")]
    checker = Checker(register_names(entries))
    found = [(leak.where, leak.found) for leak in checker.scan(texts)]
    partner_words = {
        fold(word)
        for name in Partner.objects.filter(organisation_id=organisation_id).values_list("name", flat=True)
        for word in name.split()
    }
    found += [
        (c.where, c.found)
        for c in likely_names(roles, given_names(), checker)
        if c.word not in partner_words and c.word not in ROLE_WORDS
    ]
    return found


def name_problem(found: list[tuple[str, str]]) -> str:
    """The message refusing them, naming the words so they can be changed."""
    words = ", ".join(dict.fromkeys(f"“{words}”" for _, words in found))
    return (
        f"{words} {'looks' if len(found) == 1 else 'look'} like a person’s name. Say who took part by their "
        "role (for example “two people who use the service”), never by name."
    )
