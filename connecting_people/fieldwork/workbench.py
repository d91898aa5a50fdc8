"""What the coding workbench draws: the source's text as stored, numbered line by line, speaker labels
set apart, each coded stretch marked in its component's colour; and the legend of those colours.

The text inside the body is exactly the stored text (line numbers are drawn by the stylesheet, not
written into it), so the offsets the browser counts in a selection are the server's offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from connecting_people.interventions.models import Component
from connecting_people.interventions.parts import PART_ORDER

from .models import Excerpt, Source

COLOURS = 10  # code-c0 … code-c9 in site.css: light fills for dark text, borders of 3:1 or more


@dataclass(frozen=True)
class Colour:
    component: Component
    index: int

    @property
    def css(self) -> str:
        return f"code-c{self.index}"


def colours(excerpts: list[Excerpt]) -> dict[int, Colour]:
    """A colour for each component coded on this page, in the model's order (part, then stage), so
    the first stages get the first colours."""
    rank = {part: n for n, part in enumerate(PART_ORDER)}
    present = {c.pk: c for e in excerpts for c in e.components.all()}
    ordered = sorted(present.values(), key=lambda c: (rank.get(c.part, len(rank)), c.order, c.key, c.pk))
    return {c.pk: Colour(c, n % COLOURS) for n, c in enumerate(ordered)}


def excerpt_colour(excerpt: Excerpt, palette: dict[int, Colour]) -> Colour | None:
    """An excerpt is drawn in the colour of its first component in the model's order."""
    found = [palette[c.pk] for c in excerpt.components.all() if c.pk in palette]
    return min(found, key=lambda colour: colour.index) if found else None


def _lines(text: str) -> list[tuple[int, int]]:
    """Each line as (start, end), its newline included."""
    out, start = [], 0
    while start < len(text):
        stop = text.find("\n", start)
        end = len(text) if stop == -1 else stop + 1
        out.append((start, end))
        start = end
    return out


# A time written in a label ("Sam  0:03", "Sam (00:03):", "[00:01:02] Sam:"): it is shown as written.
_CLOCK_WRITTEN = re.compile(r"\d:\d\d")


def _shown_time(time: str) -> str:
    """HH:MM:SS.mmm as people read a time into a recording: 1:05, or 1:02:05 past the first hour."""
    hours, minutes, seconds = int(time[0:2]), int(time[3:5]), time[6:8]
    return f"{hours}:{minutes:02d}:{seconds}" if hours else f"{minutes}:{seconds}"


def _label(text: str, turn: dict[str, Any]) -> tuple[int, int]:
    """Where a turn's speaker label stands: from its line's start to where the words begin ("Sam: words"),
    or, when the words begin a line, the line above them if it names the speaker ("Sam  0:03" or "Sam
    (00:03):" as transcription services write it, "SAM:" alone); (0, 0) when there is none to mark."""
    begin = int(turn["start"])
    line_start = text.rfind("\n", 0, begin) + 1
    if line_start < begin:
        return line_start, begin
    above_end = len(text[:line_start].rstrip())
    above_start = text.rfind("\n", 0, above_end) + 1
    above = text[above_start:above_end].lstrip(" \t*_")
    return (above_start, above_end) if above.startswith(str(turn["speaker"])) else (0, 0)


def highlighted(source: Source, excerpts: list[Excerpt], palette: dict[int, Colour]) -> SafeString:
    """The text in numbered lines (`<span class="line">`), speaker labels in `turn-speaker` (with the
    time into the recording, where the file gave one the label does not show, drawn by the stylesheet
    beside it), coded stretches in `<mark>` naming their excerpts and coloured by the first one's
    component."""
    text = source.text
    labels = [_label(text, turn) for turn in source.turns]  # (start, end) of each speaker label
    times = {
        start: _shown_time(str(turn.get("time") or ""))
        for (start, end), turn in zip(labels, source.turns, strict=True)
        if end and turn.get("time") and not _CLOCK_WRITTEN.search(text, start, end)
    }
    lines = _lines(text)
    cuts = sorted(
        {0, len(text)}
        | {e.start for e in excerpts}
        | {e.end for e in excerpts}
        | {a for a, _ in lines}
        | {edge for label in labels for edge in label}
    )
    colour_of = {e.pk: excerpt_colour(e, palette) for e in excerpts}
    line_starts = {a: n for n, (a, b) in enumerate(lines)}
    line_ends = {b for _, b in lines}
    pieces: list[str] = []
    number = 0
    for a, b in pairwise(cuts):
        if a in line_starts:
            blank = not text[a : lines[line_starts[a]][1]].strip()
            if blank:
                pieces.append('<span class="line blank">')
            else:
                number += 1
                pieces.append(f'<span class="line" data-line="{number}">')
        chunk: str = escape(text[a:b])
        covering = [e for e in excerpts if e.start <= a and b <= e.end]
        if covering:
            colour = colour_of[covering[0].pk]
            classes = " ".join(
                filter(None, [colour.css if colour else "", "overlap" if len(covering) > 1 else ""])
            )
            ids = " ".join(str(e.pk) for e in covering)
            chunk = f'<mark class="{classes}" data-excerpts="{ids}">{chunk}</mark>'
        if any(start <= a and b <= end for start, end in labels):
            time = f' data-time="{times[a]}"' if a in times else ""
            chunk = f'<span class="turn-speaker"{time}>{chunk}</span>'
        pieces.append(chunk)
        if b in line_ends:
            pieces.append("</span>")
    return mark_safe("".join(pieces))
