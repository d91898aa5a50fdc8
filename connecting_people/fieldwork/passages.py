"""What counts as one piece of evidence: a passage. ORM-free, so the rule is tested as a plain function.

A coding is one excerpt coded to one component (by its stable key). Within a source, codings to the
same component whose words overlap (share at least one character), by any coder, form one passage, so
a passage coded by two researchers counts once. A passage is attributed to whoever is attributed at
its start: the coding that starts first (the longer one if two start together, then the older)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Coding:
    excerpt_id: int
    source_id: int
    start: int
    end: int
    key: str
    site_id: int | None
    participant_id: int | None
    perspective: str
    component_id: int = 0


@dataclass(frozen=True)
class Passage:
    key: str
    source_id: int
    start: int
    end: int
    site_id: int | None
    participant_id: int | None
    perspective: str
    excerpt_ids: tuple[int, ...]
    lead: int  # the excerpt the passage is attributed by (it starts first)
    component_id: int = 0  # the lead coding's component


def passages(codings: Iterable[Coding]) -> list[Passage]:
    """The distinct passages among the codings, ordered by source, component key and position."""
    groups: dict[tuple[int, str], list[Coding]] = defaultdict(list)
    for coding in codings:
        groups[(coding.source_id, coding.key)].append(coding)
    out: list[Passage] = []
    for (source_id, key), group in sorted(groups.items()):
        group.sort(key=lambda c: (c.start, -c.end, c.excerpt_id))
        first, end, members = group[0], group[0].end, [group[0].excerpt_id]
        for coding in group[1:]:
            if coding.start < end:
                end = max(end, coding.end)
                members.append(coding.excerpt_id)
                continue
            out.append(_passage(key, source_id, first, end, members))
            first, end, members = coding, coding.end, [coding.excerpt_id]
        out.append(_passage(key, source_id, first, end, members))
    return out


def _passage(key: str, source_id: int, first: Coding, end: int, members: list[int]) -> Passage:
    return Passage(
        key,
        source_id,
        first.start,
        end,
        first.site_id,
        first.participant_id,
        first.perspective,
        tuple(sorted(members)),
        first.excerpt_id,
        first.component_id,
    )
