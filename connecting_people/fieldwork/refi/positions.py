"""Where a selection starts and ends, as each tool counts.

REFI-QDA says a PlainTextSelection's positions count characters of the source's plain text, but tools
differ in what a character is: NVivo counts UTF-16 code units over the text as stored (without the
byte-order mark, CRLF as two), QualCoder and Taguette count Unicode code points. We store a source's
text with line breaks as "\\n" (what a browser shows and selects), so every reading is converted to code
points of that text. Where a tool's habit is unknown, or its file contradicts it, the reading that puts
the most selection ends on word boundaries wins, and the report says which was used."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from connecting_people.fieldwork.extract.text import normalise_newlines


@dataclass(frozen=True)
class Reading:
    key: str
    label: str
    unit: str  # "codepoint", "utf16" or "utf8"
    stored_text: bool  # True: counted over the text as the archive holds it; False: line breaks counted once


READINGS = (
    Reading("utf16", "UTF-16 code units over the text as stored", "utf16", True),
    Reading("codepoints", "Unicode code points over the text as stored", "codepoint", True),
    Reading("codepoints-lf", "Unicode code points, each line break counted once", "codepoint", False),
    Reading("utf16-lf", "UTF-16 code units, each line break counted once", "utf16", False),
    Reading("utf8", "UTF-8 bytes over the text as stored", "utf8", True),
)
BY_KEY = {r.key: r for r in READINGS}

# What each tool is known to write (checked against its files); others are decided by the evidence.
_ORIGINS = (
    ("nvivo", "utf16"),
    ("qualcoder", "codepoints"),
    ("taguette", "codepoints"),
    ("connecting people", "codepoints"),
)


def expected_reading(origin: str) -> Reading | None:
    lowered = origin.casefold()
    return next((BY_KEY[key] for name, key in _ORIGINS if name in lowered), None)


_WIDER = {"utf16": re.compile("[\U00010000-\U0010ffff]"), "utf8": re.compile("[^\x00-\x7f]")}


def _extra(ch: str, unit: str) -> int:
    """Units beyond one that a character takes."""
    return 1 if unit == "utf16" else len(ch.encode("utf-8", "surrogatepass")) - 1


class TextPositions:
    """Converts positions counted in any reading into code points of the stored ("\\n") text. Only the
    characters that count differently are listed (CRLF pairs, characters wider than one unit), so a
    large, mostly plain text costs a few regular-expression scans, not a walk in Python."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = normalise_newlines(raw)
        self._crlf = [m.start() for m in re.finditer("\r\n", raw)]
        self._wide: dict[tuple[str, bool], tuple[list[int], list[int]]] = {}

    def _raw_to_text(self, index: int) -> int:
        return index - bisect_left(self._crlf, index)

    def _wide_chars(self, unit: str, stored: bool) -> tuple[list[int], list[int]]:
        """(units before each wider character, extra units up to and including it) over one base text."""
        key = (unit, stored)
        if key not in self._wide:
            base = self.raw if stored else self.text
            starts, running, total = [], [], 0
            for match in _WIDER[unit].finditer(base):
                starts.append(match.start() + total)
                total += _extra(match.group(), unit)
                running.append(total)
            self._wide[key] = (starts, running)
        return self._wide[key]

    def to_text(self, position: int, reading: Reading) -> int | None:
        """Code point of the stored text, or None where the position is outside the text or inside a
        character."""
        if position < 0:
            return None
        length = len(self.raw) if reading.stored_text else len(self.text)
        index: int | None = position
        if reading.unit != "codepoint":
            index = self._from_units(position, reading.unit, reading.stored_text)
        if index is None or index > length:
            return None
        return self._raw_to_text(index) if reading.stored_text else index

    def _from_units(self, position: int, unit: str, stored: bool) -> int | None:
        starts, running = self._wide_chars(unit, stored)
        before = bisect_left(starts, position)  # wider characters that start before the position
        if not before:
            return position
        extra = running[before - 1]
        previous_extra = running[before - 2] if before > 1 else 0
        if position < starts[before - 1] + 1 + (extra - previous_extra):
            return None  # inside a character that takes several units
        return position - extra


def on_boundary(text: str, position: int) -> bool:
    """True unless the position splits a word (letters or digits on both sides)."""
    if position <= 0 or position >= len(text):
        return True
    return not (text[position - 1].isalnum() and text[position].isalnum())


@dataclass(frozen=True)
class Decision:
    reading: Reading
    on_boundaries: int  # selection ends on word boundaries under this reading
    ends: int  # 2 x the number of selections
    explanation: str


def decide(positions: TextPositions, spans: list[tuple[int, int]], origin: str) -> Decision:
    """The reading to use for one source's selections (start, end as written in the file)."""
    expected = expected_reading(origin)
    scores: list[tuple[int, Reading]] = []
    for reading in READINGS:
        converted = [(positions.to_text(s, reading), positions.to_text(e, reading)) for s, e in spans]
        if any(s is None or e is None or s >= e for s, e in converted):
            continue
        score = sum(on_boundary(positions.text, p) for pair in converted for p in pair if p is not None)
        scores.append((score, reading))
    ends = 2 * len(spans)
    if not scores:
        fallback = expected or BY_KEY["codepoints"]
        return Decision(fallback, 0, ends, "no reading of the positions fits inside the text")
    best_score = max(score for score, _ in scores)
    same_for_all = (
        len({tuple((positions.to_text(s, r), positions.to_text(e, r)) for s, e in spans) for _, r in scores})
        == 1
    )
    for score, reading in scores:
        if expected is not None and reading == expected and score == best_score:
            return Decision(reading, score, ends, f"as {origin} writes them")
    chosen_score, chosen = next((score, r) for score, r in scores if score == best_score)
    if same_for_all:
        return Decision(chosen, chosen_score, ends, "every reading gives the same positions in this text")
    why = f"it puts {chosen_score} of {ends} selection ends on word boundaries"
    if expected is not None:
        expected_score = next((score for score, r in scores if r == expected), None)
        why += (
            f"; {origin}'s usual convention puts {expected_score}"
            if expected_score is not None
            else f"; {origin}'s usual convention puts selections outside the text"
        )
    return Decision(chosen, chosen_score, ends, why)
