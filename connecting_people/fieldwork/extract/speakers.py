"""When two speaker labels name one speaker: "Interviewer1", "Interviewer 1" and "INTERVIEWER 1:" do.

The label stays in the text as written; turns also carry ``speaker_key(label)``, which counting speakers and
matching them to participants use.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

# Where a digit meets another character, directly or across a hyphen or underscore ("SU-4").
_DIGIT_JOIN = re.compile(r"(?<=\S)[-_]?(?=\d)|(?<=\d)[-_]?(?=\S)")
_TRAILING = re.compile(r"[\s:]+\Z")


@functools.lru_cache(maxsize=1024)  # a transcript repeats a few labels hundreds of times
def speaker_key(label: str) -> str:
    """The label with case, trailing colons, surrounding and repeated white space and the joins between words
    and numbers ignored: "INTERVIEWER 1:", "Interviewer1" and " interviewer  1 " all give "interviewer 1"."""
    text = _TRAILING.sub("", unicodedata.normalize("NFC", label.upper().casefold()))
    return " ".join(_DIGIT_JOIN.sub(_between_word_and_number, text).split())


def _between_word_and_number(join: re.Match[str]) -> str:
    """A space where a word (letters, with any accents written as combining marks) meets a number."""
    before, after = join.string[join.start() - 1], join.string[join.end()]
    if before.isdecimal() != after.isdecimal() and _in_word(after if before.isdecimal() else before):
        return " "
    return join[0]


def _in_word(character: str) -> bool:
    return unicodedata.category(character)[0] in "LM"


def spellings(labels: Iterable[str]) -> dict[str, list[str]]:
    """Each speaker key with the different ways its label is written, in order of first appearance."""
    found: dict[str, list[str]] = {}
    for label in labels:
        written = found.setdefault(speaker_key(label), [])
        if label not in written:
            written.append(label)
    return found


def distinct_speakers(labels: Iterable[str]) -> list[str]:
    """One label per speaker, as first written, in order of their first turn."""
    return [written[0] for written in spellings(labels).values()]
