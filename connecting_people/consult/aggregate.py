"""Ratings per section and question: n, median, interquartile range, share rating 4–5, overall and per
perspective, and whether the section reached consensus. ORM-free, so it is checked against worked
examples and stays fast over hundreds of reviewers.

Consensus is judged only on enough ratings: a section whose questions do not each have at least the
round's minimum number of ratings ("not applicable" is not a rating; a question nobody rated is left
out) is "not enough ratings", never agreed or not agreed. Shares are exact fractions, compared with the
threshold exactly."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

SCALE = (1, 2, 3, 4, 5)  # the rating scale; 4 and 5 count towards consensus


@dataclass(frozen=True)
class Summary:
    n: int  # ratings given (not applicable is not counted)
    median: float | None
    q1: float | None
    q3: float | None
    agree: Fraction | None  # share rating 4 or 5, from 0 to 1, exact
    not_applicable: int = 0
    distribution: tuple[int, ...] = (0,) * len(SCALE)  # how many rated each point of SCALE

    @property
    def iqr(self) -> float | None:
        """The interquartile range: the difference Q3 − Q1."""
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
    return Summary(
        len(ordered),
        float(statistics.median(ordered)),
        q1,
        q3,
        Fraction(sum(1 for v in ordered if v >= 4), len(ordered)),
        not_applicable,
        tuple(ordered.count(point) for point in SCALE),
    )


AGREED, NOT_AGREED, NOT_ENOUGH = "agreed", "not agreed", "not enough ratings"
DEFAULT_MINIMUM = 5


@dataclass
class SectionResult:
    key: str
    questions: dict[str, Summary] = field(default_factory=dict)  # question -> overall
    by_perspective: dict[str, dict[str, Summary]] = field(
        default_factory=dict
    )  # perspective -> question -> summary
    status: str = NOT_ENOUGH

    @property
    def agreed(self) -> bool:
        return self.status == AGREED

    @property
    def judged(self) -> bool:
        """Whether the section had enough ratings to say agreed or not agreed."""
        return self.status != NOT_ENOUGH

    @property
    def not_applicable(self) -> int:
        return sum(summary.not_applicable for summary in self.questions.values())


def exact(value: float | int | str) -> Fraction:
    """A threshold typed as a decimal (0.7) as the exact fraction it names (7/10)."""
    return Fraction(str(value))


def aggregate(
    rows: Iterable[tuple[str, str, str, int | None]],
    questions: list[str],
    threshold: float = 0.7,
    minimum: int = DEFAULT_MINIMUM,
) -> dict[str, SectionResult]:
    """rows: (section key, question, perspective, value or None for not applicable). A section with at
    least `minimum` ratings on every question that was rated is agreed when each of those has at least
    `threshold` of its ratings at 4 or 5, and not agreed otherwise; with fewer it is "not enough ratings"."""
    share = exact(threshold)
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
            result.questions[question] = summarise(
                values.get((section, question), []), na.get((section, question), 0)
            )
        for (s, question, perspective), vals in by_view.items():
            if s == section:
                result.by_perspective.setdefault(perspective, {})[question] = summarise(vals)
        # Questions nobody rated (all "not applicable") are left out; every other needs `minimum` ratings.
        summaries = [summary for summary in result.questions.values() if summary.n]
        if summaries and all(summary.n >= max(1, minimum) for summary in summaries):
            agreed = all(summary.agree is not None and summary.agree >= share for summary in summaries)
            result.status = AGREED if agreed else NOT_AGREED
        out[section] = result
    return out
