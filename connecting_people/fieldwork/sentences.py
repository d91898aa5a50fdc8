"""Cutting a source into sentences, the unit of inter-coder agreement. ORM-free; the rule is written
down here, in docs/methods.md and on the agreement page, and each case has a test.

The rule (RULE below, shown on the page):
1. A line break always ends a sentence (speaker turns and paragraphs are never joined).
2. A full stop, question mark or exclamation mark ends a sentence when whitespace follows it, also when
   closing quotation marks or brackets come between (`"Go on." She did.` is two sentences).
3. Except a full stop after a common abbreviation (Dr, Mr, Mrs, Ms, Mx, Prof, Rev, St, e.g., i.e., cf.,
   vs.) or after a single capital letter (an initial, as in "J. Smith").
4. An ellipsis ("…" or three or more full stops) never ends a sentence: in transcripts it marks a
   pause or speech trailing off, not an ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

RULE = (
    "The unit is the sentence. A line break always ends one; a full stop, question or exclamation mark "
    "followed by a space ends one (also after closing quotation marks or brackets), except a full stop "
    "after an abbreviation such as Dr, Mr, Mrs, Prof, St, e.g. or i.e., or after an initial; an ellipsis "
    "(… or ...) marks a pause and never ends one."
)

ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "rev", "st", "e.g", "i.e", "cf", "vs"})

_END = re.compile(r"([.!?]+)([\"'”’)\]]*)(?=\s)|\n")
_OPENING = "\"'“‘(["


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if match.group(0) == "\n":
        return True
    marks = match.group(1)
    if "..." in marks:
        return False
    if marks != ".":
        return True
    before = text[: match.start()].rsplit(None, 1)
    word = before[-1].lstrip(_OPENING) if before else ""
    if word.casefold() in ABBREVIATIONS:
        return False
    return not (len(word) == 1 and word.isupper())


def sentence_units(text: str) -> list[Unit]:
    """The sentences of the text with their code-point offsets, surrounding blank space trimmed."""
    cuts = [0]
    for match in _END.finditer(text):
        if _ends_sentence(text, match):
            cuts.append(match.end())
    cuts.append(len(text))
    units = []
    for start, end in pairwise(cuts):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            units.append(Unit(start, end, text[start:end]))
    return units
