"""What a researcher typed, as groups of words that must all match."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')


class SearchQueryError(Exception):
    pass


@dataclass(frozen=True)
class ParsedQuery:
    """Every group must match: a group is one word, or a quoted phrase of words in order."""

    groups: tuple[tuple[str, ...], ...]


def parse_query(raw: str) -> ParsedQuery:
    groups: list[tuple[str, ...]] = []
    for phrase in _PHRASE.findall(raw):
        words = tuple(w.casefold() for w in _WORD.findall(phrase))
        if words:
            groups.append(words)
    for word in _WORD.findall(_PHRASE.sub(" ", raw)):
        groups.append((word.casefold(),))
    if not groups:
        raise SearchQueryError("Type at least one word to search for.")
    if len(groups) > 20:
        raise SearchQueryError("That search has too many words; use 20 or fewer.")
    return ParsedQuery(tuple(groups))
