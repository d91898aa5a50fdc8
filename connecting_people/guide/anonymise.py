"""The anonymisation check: nothing is published that names a participant or a site that did not
agree to be named. ORM-free: it takes the register's names and the texts to publish.

Matching is by whole words, ignoring case and possessives ("Gwen's", "GWEN"), and for a real name also
the first name alone (with a capital letter, so the word "will" does not trip on a Will). The text is cut
into words once and each word is looked up, so thousands of names cost no more than a few."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


@dataclass(frozen=True)
class Name:
    text: str        # as held in the register
    kind: str        # "pseudonym", "real name", "first name", "site", "host organisation"
    owner: str       # who or what it identifies, for the report ("participant P1 at site 3")


@dataclass(frozen=True)
class Leak:
    where: str
    found: str       # the words as they appear in the text
    name: Name
    context: str

    def __str__(self) -> str:
        return f"{self.where}: “{self.found}” ({self.name.kind} of {self.name.owner}) in “…{self.context}…”"


def _words(text: str) -> list[tuple[str, str, int, int]]:
    """(folded word, word without possessive as written, start, end of the word without possessive)."""
    out = []
    for m in _WORD.finditer(text):
        plain = _POSSESSIVE.sub("", m.group())
        out.append((plain.casefold(), plain, m.start(), m.start() + len(plain)))
    return out


def register_names(entries: Iterable[tuple[str, str, str]]) -> list[Name]:
    """Expand (text, kind, owner) into the names to look for, adding first names of real names."""
    names: list[Name] = []
    for text, kind, owner in entries:
        text = (text or "").strip()
        if len(text) < 2:
            continue
        names.append(Name(text, kind, owner))
        if kind == "real name":
            first = _WORD.findall(text)
            if len(first) > 1 and len(first[0]) > 1:
                names.append(Name(first[0], "first name", owner))
        if kind in ("site", "host organisation") and text.lower().startswith("the "):
            names.append(Name(text[4:], kind, owner))
    return names


class Checker:
    def __init__(self, names: Iterable[Name]) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], Name]]] = {}
        for name in names:
            words = tuple(w for w, *_ in _words(name.text))
            if words:
                self.index.setdefault(words[0], []).append((words, name))

    def scan(self, texts: Iterable[tuple[str, str]]) -> list[Leak]:
        leaks: list[Leak] = []
        for where, text in texts:
            words = _words(text)
            for i, (folded, plain, start, _end) in enumerate(words):
                for pattern, name in self.index.get(folded, ()):
                    span = words[i:i + len(pattern)]
                    if tuple(w for w, *_ in span) != pattern:
                        continue
                    if name.kind == "first name" and not plain[:1].isupper():
                        continue
                    end = span[-1][3]
                    leaks.append(Leak(where, text[start:end], name,
                                      text[max(0, start - 30):end + 30].replace("\n", " ").strip()))
        return leaks


class AnonymisationError(Exception):
    """The output names someone. Carries every leak found, so they can all be fixed at once."""

    def __init__(self, leaks: list[Leak]) -> None:
        self.leaks = leaks
        super().__init__(f"The anonymisation check found {len(leaks)} "
                         f"{'name' if len(leaks) == 1 else 'names'} that must not be published:\n"
                         + "\n".join(f"- {leak}" for leak in leaks))


def check(texts: Iterable[tuple[str, str]], names: Iterable[Name]) -> None:
    leaks = Checker(names).scan(texts)
    if leaks:
        raise AnonymisationError(leaks)
