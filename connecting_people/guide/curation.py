"""Choosing evidence for a section: who said it (by role and setting, never by name), and a shortlist
ranked so that one site or one perspective does not fill the section."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from connecting_people.fieldwork.evidence import passage_leads
from connecting_people.fieldwork.models import Excerpt
from connecting_people.interventions.models import Component

from .models import Group

ROLE_WORDS = {
    "worker": "worker",
    "volunteer": "volunteer",
    "linked_organisation": "worker at a partner organisation",
    "individual": "person using the service",
    "funder": "funder",
    "manager": "manager",
}
SECTOR_WORDS = {
    "statutory": "statutory",
    "third_sector": "third-sector",
    "service_user_led": "service-user-led",
    "other": "",
}
# Which group of the guide a piece of evidence goes in by default, from who said it and how it was coded.
DEFAULT_GROUP = {"tip": Group.TIP, "example": Group.EXAMPLE, "barrier": Group.EXAMPLE, "quote": Group.EXAMPLE}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def setting_words(sector: str, client_group: str, *, kind: str = "project") -> str:
    """'a third-sector project for adults with mental health problems'."""
    sector_word = SECTOR_WORDS.get(sector, "")
    if client_group[:1].isupper() and client_group[1:2].islower():
        client_group = (
            client_group[0].lower() + client_group[1:]
        )  # "Adults with ..." reads "for adults with ..."
    phrase = f"{sector_word} {kind}".strip()
    text = f"{_article(phrase)} {phrase}"
    return f"{text} for {client_group}" if client_group else text


def attribution(perspective: str, role_description: str, sector: str, client_group: str) -> str:
    """'A support worker at a third-sector project for adults with mental health problems.' No names, ever:
    only the role the participant agreed to be described by, and the kind of setting."""
    role = role_description.strip() or ROLE_WORDS.get(perspective, "")
    for article in ("a ", "an ", "the "):
        if role.lower().startswith(article):
            role = role[len(article) :]
    if not role:
        return "Someone at " + setting_words(sector, client_group)
    return f"{_article(role).capitalize()} {role} at {setting_words(sector, client_group)}"


def excerpt_attribution(excerpt: Excerpt) -> str:
    site = excerpt.source.site
    participant = excerpt.participant
    return attribution(
        excerpt.perspective or (participant.perspective if participant else ""),
        participant.role_description if participant else "",
        site.sector if site else "",
        site.client_group if site else "",
    )


def default_group(excerpt: Excerpt) -> str:
    if excerpt.kind == "tip" and excerpt.perspective in ("worker", "volunteer", "manager"):
        return Group.TIP
    if excerpt.perspective == "individual" and excerpt.kind in ("tip", "quote"):
        return Group.HELPS
    return DEFAULT_GROUP.get(excerpt.kind, Group.EXAMPLE)


def candidates(team_id: int, component: Component, exclude: Collection[int] = ()) -> QuerySet[Excerpt]:
    """Evidence on the component that may be published, one excerpt per passage (`passage_leads`: a
    passage coded by two researchers is offered once, whichever version of the model it was coded
    against): the team's own, from sites, never a withdrawn participant's, only from participants who
    agreed to be quoted, and no passage already chosen."""
    return (
        Excerpt.objects.filter(pk__in=passage_leads(team_id, component.key, exclude))
        .exclude(participant__consent_to_quote=False)
        .select_related("source__site", "participant")
    )


@dataclass
class Candidate:
    excerpt: Excerpt
    site_id: int | None
    perspective: str
    score: float


def balance(
    excerpts: list[Excerpt], limit: int = 12, chosen: Iterable[tuple[int | None, str]] = ()
) -> list[Candidate]:
    """Rank greedily: each pick is the candidate whose site and perspective are least represented so far
    (counting what is already chosen), preferring coded examples and tips, then shorter passages, then
    the oldest coding, so the order is stable."""
    kind_weight = {"example": 0.0, "tip": 0.1, "quote": 0.2, "barrier": 0.4}
    sites: Counter[int | None] = Counter(site for site, _ in chosen)
    views: Counter[str] = Counter(view for _, view in chosen)
    pool = [Candidate(e, e.source.site_id, e.perspective or "", 0.0) for e in excerpts]
    ranked: list[Candidate] = []
    while pool and len(ranked) < limit:
        for c in pool:
            length = len(c.excerpt.text)
            c.score = (
                sites[c.site_id]
                + views[c.perspective]
                + kind_weight.get(c.excerpt.kind, 0.5)
                + (0.3 if length > 900 or length < 40 else 0.0)
            )
        best = min(pool, key=lambda c: (c.score, c.excerpt.pk))
        pool.remove(best)
        ranked.append(best)
        sites[best.site_id] += 1
        views[best.perspective] += 1
    return ranked
