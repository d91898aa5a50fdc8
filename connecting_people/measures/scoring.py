"""Scoring one completed instrument: answers checked against each item's responses or range, reverse
items turned round, then each score by its rule, only when no more items are missing than its rule
allows. Exact fractions throughout; rounding is for display (`lib/rounding.py`). ORM-free."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .instrument import InstrumentData, Score


class AnswerError(ValueError):
    """Answers that are not allowed, one message per item, so nothing is saved."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Result:
    key: str
    label: str
    value: Fraction | None  # None: too many items missing to score
    answered: int
    missing: int
    lowest: Fraction  # the range the score can take
    highest: Fraction
    missing_allowed: int
    prorated: bool = False  # missing items were allowed for by scaling up what was answered

    @property
    def why_not(self) -> str:
        """Why there is no score, in words; empty when there is one."""
        if self.value is not None:
            return ""
        items = self.answered + self.missing
        if not self.answered:
            return "no items answered"
        allowed = "none may be" if not self.missing_allowed else f"at most {self.missing_allowed} may be"
        return f"{self.missing} of {items} items not answered; {allowed} missing"


def check_answers(instrument: InstrumentData, answers: Mapping[str, int | None]) -> None:
    """Refuse answers to items the instrument does not have, and answers outside an item's responses or
    range, naming each."""
    problems = [
        f"There is no question '{key}' in {instrument.title}."
        for key in answers
        if key not in {i.key for i in instrument.items}
    ]
    for item in instrument.items:
        value = answers.get(item.key)
        if value is None or item.allows(value):
            continue
        if item.responses:
            choices = ", ".join(f"{r.value} ({r.label})" for r in item.responses)
            problems.append(f"“{item.text}”: {value} is not one of the answers ({choices}).")
        else:
            problems.append(f"“{item.text}”: {value} is outside the range {item.low} to {item.high}.")
    if problems:
        raise AnswerError(problems)


def score_range(instrument: InstrumentData, score: Score) -> tuple[Fraction, Fraction]:
    items = [instrument.item(k) for k in score.items]
    if score.rule == "count":
        return Fraction(0), Fraction(len(items))
    low = Fraction(sum(i.lowest for i in items))
    high = Fraction(sum(i.highest for i in items))
    if score.rule == "mean":
        return low / len(items), high / len(items)
    return low, high


def score(instrument: InstrumentData, answers: Mapping[str, int | None]) -> list[Result]:
    """Every score of the instrument for one set of answers (item key -> value, None or absent: not
    answered). A sum or count with missing items allowed is prorated: what was answered, scaled up to
    the full number of items (the usual rule for short scales); a mean is the mean of what was answered."""
    check_answers(instrument, answers)
    results = []
    for s in instrument.scores:
        items = [instrument.item(k) for k in s.items]
        given = [item.scored(v) for item in items if (v := answers.get(item.key)) is not None]
        missing = len(items) - len(given)
        low, high = score_range(instrument, s)
        value: Fraction | None = None
        if given and missing <= s.missing_allowed:
            if s.rule == "mean":
                value = Fraction(sum(given), len(given))
            else:
                raw = (
                    Fraction(sum(given))
                    if s.rule == "sum"
                    else Fraction(sum(1 for v in given if v == s.counts))
                )
                value = raw * len(items) / len(given)
        prorated = value is not None and missing > 0 and s.rule != "mean"
        results.append(
            Result(s.key, s.label, value, len(given), missing, low, high, s.missing_allowed, prorated)
        )
    return results
