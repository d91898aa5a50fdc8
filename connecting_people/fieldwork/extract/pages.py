"""From the text of a PDF's pages to running text as people read it: ordinary spaces, no page furniture,
and a sentence cut by a page break kept in one paragraph.

What counts as page furniture, and is removed: a line of at most 200 characters among the first or last
three lines of a page that recurs in the same place (top or bottom) on at least two pages and on at least
half of all pages, either

* word for word, ignoring case and spacing (a running header or footer: "Riverside interview, 12/03/2026");
  such a line must have a letter in it, so a bare "3" at the foot of every page stays; or
* the same except for one number that rises by one from page to page: page numbers in any form ("3", "1/5",
  "Page 2 of 5", "- 3 -", "[3]") and running lines that carry one ("Interview R1, page 2").

Furniture is peeled from the top and the bottom of each page only, so a line with ordinary text between it
and the page edge stays. A line that appears once is never removed, nor is a line that starts with a speaker
label ("Interviewer: Yes."), however often it recurs: that is someone speaking, not furniture.
"""

from __future__ import annotations

import re
from collections import Counter

from .turns import speaker_at

EDGE_LINES = 3
# Running headers and footers are short; a longer line is text (and is not worth comparing number by number).
MAX_FURNITURE_LENGTH = 200

_TABS = re.compile(r"[ \t]*\t[ \t]*")
# Control characters a PDF's text layer gives for glyphs its fonts do not map (pypdf gives NUL for some):
# nobody reads them, and PostgreSQL cannot store a NUL in text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"(?<!\d)\d{1,6}(?!\d)")
# A page that ends with one of these (before closing quotes and brackets) ends its sentence.
_SENTENCE_END = (".", "!", "?", "\u2026", ":", ";")
_CLOSERS = "\"'\u201d\u2019)]"

Key = tuple[str, str, int]


def readable_text(pages: list[str]) -> str:
    """The pages' text with tabs between words made spaces, furniture removed and pages joined: with a
    blank line between pages, or a plain line break where a sentence runs on over the page break."""
    lines = [_clean_lines(page) for page in pages]
    furniture = _furniture(lines)
    kept = [_peel(page_lines, index, furniture) for index, page_lines in enumerate(lines)]
    text = ""
    for page_lines in kept:
        block = "\n".join(page_lines).strip("\n")
        if not block:
            continue
        if text:
            text += "\n" if _runs_on(text, block) else "\n\n"
        text += block
    return text


def _clean_lines(page: str) -> list[str]:
    page = _CONTROLS.sub("", page.replace("\r\n", "\n").replace("\r", "\n"))
    return [_TABS.sub(" ", line).strip() for line in page.split("\n")]


def _edges(page_lines: list[str]) -> tuple[list[str], list[str]]:
    filled = [line for line in page_lines if line]
    return filled[:EDGE_LINES], filled[-EDGE_LINES:]


def _keys(line: str, index: int) -> set[Key]:
    """What a line at the edge of page `index` (counted from 0) is compared by: the line itself, and the line
    with each of its numbers in turn taken as the page's number (kept as number minus page position).
    Nothing for a long line or one that starts with a speaker label, which are never furniture."""
    if len(line) > MAX_FURNITURE_LENGTH or speaker_at(line, 0, len(line)):
        return set()
    text = " ".join(line.split()).casefold()
    keys = {("line", text, 0)} if any(ch.isalpha() for ch in text) else set()
    for number in _NUMBER.finditer(text):
        keys.add(("numbered", f"{text[: number.start()]}#{text[number.end() :]}", int(number[0]) - index))
    return keys


def _furniture(lines: list[list[str]]) -> set[tuple[str, Key]]:
    """The (edge, key) pairs that recur on enough pages to be furniture."""
    pages_with: Counter[tuple[str, Key]] = Counter()
    for index, page_lines in enumerate(lines):
        top, bottom = _edges(page_lines)
        found = {("top", key) for line in top for key in _keys(line, index)}
        found |= {("bottom", key) for line in bottom for key in _keys(line, index)}
        pages_with.update(found)
    return {key for key, count in pages_with.items() if count >= 2 and 2 * count >= len(lines)}


def _peel(page_lines: list[str], index: int, furniture: set[tuple[str, Key]]) -> list[str]:
    start, end = 0, len(page_lines)
    for edge in ("top", "bottom"):
        peeled = 0
        while start < end and peeled < EDGE_LINES:
            position = start if edge == "top" else end - 1
            line = page_lines[position]
            if line and not any((edge, key) in furniture for key in _keys(line, index)):
                break
            if line:
                peeled += 1
            if edge == "top":
                start += 1
            else:
                end -= 1
    return page_lines[start:end]


def _runs_on(text: str, block: str) -> bool:
    """Whether the page before ends mid-sentence and the next page goes on with it (not with a new turn)."""
    last = text.rstrip().rstrip(_CLOSERS)
    first_line = block.split("\n", 1)[0]
    return not last.endswith(_SENTENCE_END) and not speaker_at(first_line, 0, len(first_line))
