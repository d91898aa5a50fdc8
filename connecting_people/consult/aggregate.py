"""Ratings per section and question: n, median, interquartile range, share rating 4–5, overall and per
perspective, and whether the section reached consensus. ORM-free, so it is checked against worked
examples and stays fast over hundreds of reviewers."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Summary:
    n: int                  # ratings given (not applicable is not counted)
    median: float | None
    q1: float | None
    q3: float | None
    agree: float | None     # share rating 4 or 5, from 0 to 1
    not_applicable: int = 0

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1


def summarise(values: list[int], not_applicable: int = 0) -> Summary:
    """Quartiles by the inclusive method (the one spreadsheet QUARTILE.INC uses), so a team can check
    a figure by hand."""
    if not values:
        return Summary(0, None, None, None, None, not_applicable)
    ordered = sorted(values)
    if len(ordered) == 1:
        q1 = q3 = float(ordered[0])
    else:
        q1, _q2, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Summary(len(ordered), float(statistics.median(ordered)), q1, q3,
                   sum(1 for v in ordered if v >= 4) / len(ordered), not_applicable)


@dataclass
class SectionResult:
    key: str
    questions: dict[str, Summary] = field(default_factory=dict)                    # question -> overall
    by_perspective: dict[str, dict[str, Summary]] = field(default_factory=dict)    # perspective -> question -> summary
    agreed: bool = False


def aggregate(rows: Iterable[tuple[str, str, str, int | None]], questions: list[str],
              threshold: float = 0.7) -> dict[str, SectionResult]:
    """rows: (section key, question, perspective, value or None for not applicable). A section is agreed
    when every question that was rated has at least `threshold` of its ratings at 4 or 5."""
    values: dict[tuple[str, str], list[int]] = defaultdict(list)
    na: dict[tuple[str, str], int] = defaultdict(int)
    by_view: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    sections: list[str] = []
    for section, question, perspective, value in rows:
        if section not in sections:
            sections.append(section)
        if value is None:
            na[(section, question)] += 1
            continue
        values[(section, question)].append(value)
        by_view[(section, question, perspective)].append(value)
    out: dict[str, SectionResult] = {}
    for section in sections:
        result = SectionResult(section)
        for question in questions:
            result.questions[question] = summarise(values.get((section, question), []), na.get((section, question), 0))
        for (s, question, perspective), vals in by_view.items():
            if s == section:
                result.by_perspective.setdefault(perspective, {})[question] = summarise(vals)
        rated = [summary for summary in result.questions.values() if summary.n]
        result.agreed = bool(rated) and all(summary.agree >= threshold for summary in rated)
        out[section] = result
    return out


def movement(before: dict[str, SectionResult], after: dict[str, SectionResult]) -> list[tuple[str, str, Summary, Summary]]:
    """(section, question, first round, second round) for every question rated in both rounds."""
    moves = []
    for key, result in after.items():
        earlier = before.get(key)
        if earlier is None:
            continue
        for question, summary in result.questions.items():
            old = earlier.questions.get(question)
            if old is not None and old.n and summary.n:
                moves.append((key, question, old, summary))
    return moves
