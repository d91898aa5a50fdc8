"""Comments anchored to passages by a text quote selector (W3C Web Annotation: the exact words, a little
text before and after, and a position hint), so they find the same passage in a later draft, or are
marked orphaned when it has gone. ORM-free."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 32  # characters of prefix and suffix kept with a comment
FUZZY_ENOUGH = 0.8  # how alike an edited passage must be to count as the same one


@dataclass(frozen=True)
class Selector:
    exact: str
    prefix: str = ""
    suffix: str = ""
    position: int = 0  # where the passage started when the comment was made (a hint only)


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    how: str  # "exact", "moved", "edited" or "orphaned"

    @property
    def found(self) -> bool:
        return self.how != "orphaned"


def selector_for(text: str, start: int, end: int) -> Selector:
    """The selector for text[start:end], as the reviewer's page records it."""
    return Selector(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT], start)


def _context_score(text: str, start: int, end: int, selector: Selector) -> float:
    before = text[max(0, start - len(selector.prefix)) : start]
    after = text[end : end + len(selector.suffix)]
    score = 0.0
    if selector.prefix:
        score += difflib.SequenceMatcher(None, before, selector.prefix).ratio()
    if selector.suffix:
        score += difflib.SequenceMatcher(None, after, selector.suffix).ratio()
    return score


def locate(text: str, selector: Selector) -> Anchor:
    """Find the passage: every exact occurrence is weighed by how well its surroundings match, then by
    closeness to the old position; failing that, the most alike stretch of similar length."""
    exact = selector.exact
    if not exact.strip():
        return Anchor(0, 0, "orphaned")
    starts, at = [], text.find(exact)
    while at != -1:
        starts.append(at)
        at = text.find(exact, at + 1)
    if starts:
        best = max(
            starts,
            key=lambda s: (
                round(_context_score(text, s, s + len(exact), selector), 3),
                -abs(s - selector.position),
            ),
        )
        return Anchor(best, best + len(exact), "exact" if best == selector.position else "moved")
    return _fuzzy(text, selector)


def _fuzzy(text: str, selector: Selector) -> Anchor:
    """The window of the text most like the old passage (a word-level search over windows of similar
    length), accepted only if it is at least FUZZY_ENOUGH alike."""
    exact = selector.exact
    length = len(exact)
    if length < 8 or not text:
        return Anchor(0, 0, "orphaned")
    # Candidate starts: word beginnings. Candidate lengths: within a fifth of the old one.
    word_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch.isspace() and i + 1 < len(text)]
    best, best_ratio = (0, 0), 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(exact)
    for start in word_starts:
        for end in {min(len(text), start + round(length * f)) for f in (0.85, 0.95, 1.0, 1.05, 1.15)}:
            matcher.set_seq1(text[start:end])
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = (start, end), ratio
    if best_ratio < FUZZY_ENOUGH:
        return Anchor(0, 0, "orphaned")
    start, end = best
    # Trim to whole words at both ends.
    while end < len(text) and end > start and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return Anchor(start, end, "edited")
