"""What a researcher typed, as groups of words that must all match."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')


def composed(text: str) -> str:
    """The text with each accented letter as one character (NFC). A PDF's text layer, or text from a Mac,
    may write "Zoë" as "Zoe" and a combining diaeresis, which is no letter: without this, such a "Zoë"
    would be indexed and searched as "zoe", and the "Zoë" typed in the search box would not find it."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class SearchQueryError(Exception):
    pass


@dataclass(frozen=True)
class ParsedQuery:
    """Every group must match: a group is one word, or a quoted phrase of words in order."""

    groups: tuple[tuple[str, ...], ...]


def parse_query(raw: str) -> ParsedQuery:
    raw = composed(raw)
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
