"""When two speaker labels name one speaker: "Interviewer1", "Interviewer 1" and "INTERVIEWER 1:" do.

The label stays in the text as written; turns also carry ``speaker_key(label)``, which counting speakers and
matching them to participants use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# A run of digits glued to letters on either side, or joined to them by a hyphen or underscore ("SU-4").
_LETTER_DIGITS = re.compile(r"(?<=[^\W\d_])[-_]?(?=\d)|(?<=\d)[-_]?(?=[^\W\d_])")
_TRAILING = re.compile(r"[\s:]+\Z")


def speaker_key(label: str) -> str:
    """The label with case, trailing colons, surrounding and repeated white space and the joins between words
    and numbers ignored: "INTERVIEWER 1:", "Interviewer1" and " interviewer  1 " all give "interviewer 1"."""
    text = _TRAILING.sub("", unicodedata.normalize("NFC", label.casefold()))
    return " ".join(_LETTER_DIGITS.sub(" ", text).split())


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
