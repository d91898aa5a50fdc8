"""The analysis the study did, for any organisation: did people whose work was rated high fidelity change
more than people whose work was rated low fidelity?

For each instrument's score and each follow-up, the change from baseline (follow-up minus baseline) of
the people in each group (`dataset.py` defines the group), compared four ways:

- the **mean change** in each group with its 95% confidence interval, mean ± t(0.975, n−1) · s/√n;
- **Welch's t-test** of the difference in mean change (not assuming equal variances), with the
  difference's 95% interval on the Welch–Satterthwaite degrees of freedom;
- the **Mann–Whitney U** test (two-sided), which does not assume the changes are normally distributed.
  Its p value follows scipy's `method="auto"`: exact (from the distribution of U over every way of
  dealing the ranks between the groups) when a group has at most 8 people and no two changes are tied;
  otherwise the normal approximation, its variance corrected for ties and with a continuity correction
  of ½ (questionnaire scores tie often, so this is the usual case);
- **Hedges' g** with its 95% interval (formula in `hedges_g`);
- an **ANCOVA**: the follow-up score regressed on the group (high = 1) and the baseline score by ordinary
  least squares (statsmodels), giving the difference between the groups adjusted for where people
  started, with its 95% interval and p value.

Missing data and drop-outs are counted per group, not hidden: people in the group with no baseline
score, with a baseline but no score at the follow-up, and of those how many were recorded as missed
(someone whose follow-up is not due yet is counted apart, as not missing, as the change page does); and
people with both scores but no fidelity rating are counted as not rated. Below `SMALLEST_GROUP` people
with both scores in either group nothing is computed and the reason is given.

`compare` is the core and works on plain numbers; `organisation_analysis` feeds it from the data set.
tests/test_measures_analysis.py checks every figure against a worked example computed without this
code, scipy or statsmodels (exact fractions, the t density integrated by Simpson's rule, U counted pair
by pair and, for the exact p, over every split of the ranks)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats
from statsmodels.regression.linear_model import OLS

from .change import SMALLEST_GROUP
from .dataset import HIGH, LOW, MISSED, NOT_RATED, Dataset
from .instrument import InstrumentData, Score
from .models import BASELINE, time_point_label

CAUTION = (
    "This is an observational comparison, not a trial. People were not put into the high and low "
    "fidelity groups at random, so the groups may differ in other ways (how unwell people were, their "
    "workers, their circumstances) that also affect how they changed. A difference here is a reason to look "
    "closer, not proof that working closer to the model caused it; with small groups, chance alone can "
    "make a large difference."
)
Z_975 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class GroupChange:
    """The people in one group for one score and follow-up: how many changed by how much, and who is
    missing."""

    n: int  # with a score at baseline and at the follow-up
    baseline_mean: float | None
    follow_up_mean: float | None
    change: Interval | None  # the mean change with its 95% interval; None below two people
    sd: float | None  # the standard deviation of the change
    no_baseline: int  # in the group, with a row for this instrument but no baseline score
    no_follow_up: int  # with a baseline score but no score at this follow-up
    missed: int  # of those, recorded as missed at this follow-up
    not_yet: int  # with a baseline score and this follow-up not due yet: not missing
    # with both scores, the follow-up's by a version of the instrument that reckons the score otherwise
    # than the baseline's (`InstrumentData.reckoning`): not a change
    other_version: int


@dataclass(frozen=True)
class Tests:
    difference: Interval  # the high group's mean change minus the low group's (Welch's interval)
    welch_t: float
    welch_df: float
    welch_p: float
    mann_whitney_u: float  # U of the high group
    mann_whitney_p: float
    hedges_g: Interval
    adjusted: Interval  # ANCOVA: the high group's follow-up minus the low group's, at the same baseline
    adjusted_p: float


@dataclass(frozen=True)
class Comparison:
    instrument: str  # the instrument's title
    instrument_key: str
    score: str  # the score's label, naming its versions when versions reckon the score differently
    score_key: str
    versions: tuple[str, ...]  # the versions of the instrument whose scores it compares, in load order
    ways: int  # how many ways the instrument's versions reckon the score, each compared on its own
    months: int
    high: GroupChange
    low: GroupChange
    not_rated: int  # with both scores but no fidelity rating: in neither group
    tests: Tests | None
    refused: str  # why nothing was computed; empty when `tests` is set

    @property
    def label(self) -> str:
        return time_point_label(self.months)


def mean_interval(values: Sequence[float]) -> Interval | None:
    """The mean with its t-based 95% confidence interval; None for fewer than two values."""
    n = len(values)
    if n < 2:
        return None
    mean = float(np.mean(values))
    half = float(stats.t.ppf(0.975, n - 1)) * float(np.std(values, ddof=1)) / math.sqrt(n)
    return Interval(mean, mean - half, mean + half)


def hedges_g(a: Sequence[float], b: Sequence[float]) -> Interval:
    """Hedges' g for the difference a − b, with its 95% interval.

    d = (mean_a − mean_b) / s_pooled, s_pooled = √(((n_a − 1)·s_a² + (n_b − 1)·s_b²) / (n_a + n_b − 2));
    g = J·d with the small-sample correction J = 1 − 3 / (4·(n_a + n_b) − 9);
    SE(g) = J·√((n_a + n_b) / (n_a·n_b) + d² / (2·(n_a + n_b))) (Hedges and Olkin's large-sample
    variance of d, scaled by J²), and the interval is g ± 1.96·SE(g), on the normal distribution
    (Borenstein et al. 2009, Introduction to Meta-Analysis, ch. 4; J is their 1 − 3/(4·df − 1))."""
    na, nb = len(a), len(b)
    va, vb = float(np.var(a, ddof=1)), float(np.var(b, ddof=1))
    pooled = math.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2))
    d = (float(np.mean(a)) - float(np.mean(b))) / pooled
    j = 1 - 3 / (4 * (na + nb) - 9)
    se = j * math.sqrt((na + nb) / (na * nb) + d * d / (2 * (na + nb)))
    g = j * d
    return Interval(g, g - Z_975 * se, g + Z_975 * se)


def ancova(high: Sequence[tuple[float, float]], low: Sequence[tuple[float, float]]) -> tuple[Interval, float]:
    """Follow-up = b0 + b1·high + b2·baseline by ordinary least squares; returns b1 with its 95% interval
    and its p value. Each pair is (baseline, follow-up)."""
    pairs = [(1.0, b, f) for b, f in high] + [(0.0, b, f) for b, f in low]
    x = np.array([[1.0, g, b] for g, b, _ in pairs])
    y = np.array([f for _, _, f in pairs])
    fit = OLS(y, x).fit()
    low_ci, high_ci = fit.conf_int(0.05)[1]
    return Interval(float(fit.params[1]), float(low_ci), float(high_ci)), float(fit.pvalues[1])


def group_change(
    pairs: Sequence[tuple[float, float]],
    no_baseline: int,
    no_follow_up: int,
    missed: int,
    not_yet: int,
    other_version: int,
    *,
    minimum: int,
) -> GroupChange:
    """One group's figures; below `minimum` people only the counts, as the change page does, because in
    a small group a worker could tell whose change a mean is."""
    changes = [f - b for b, f in pairs]
    shown = len(pairs) >= minimum
    return GroupChange(
        n=len(pairs),
        baseline_mean=float(np.mean([b for b, _ in pairs])) if shown else None,
        follow_up_mean=float(np.mean([f for _, f in pairs])) if shown else None,
        change=mean_interval(changes) if shown else None,
        sd=float(np.std(changes, ddof=1)) if shown and len(changes) > 1 else None,
        no_baseline=no_baseline,
        no_follow_up=no_follow_up,
        missed=missed,
        not_yet=not_yet,
        other_version=other_version,
    )


def compare(
    high: Sequence[tuple[float, float]], low: Sequence[tuple[float, float]], minimum: int = SMALLEST_GROUP
) -> tuple[Tests | None, str]:
    """The tests for two groups of (baseline, follow-up) pairs, or None and the reason they were not
    computed."""
    if len(high) < minimum or len(low) < minimum:
        return None, (
            f"Not compared: {len(high)} people rated high and {len(low)} rated low have a score at both "
            f"times; at least {minimum} in each group are needed, both for the tests to mean anything and "
            "so that no one can be recognised."
        )
    a = [f - b for b, f in high]
    b = [f - b for b, f in low]
    va, vb = float(np.var(a, ddof=1)), float(np.var(b, ddof=1))
    if va == 0 and vb == 0:
        return (
            None,
            "Not compared: everyone in each group changed by the same amount, so there is no spread to test.",
        )
    welch = stats.ttest_ind(a, b, equal_var=False)
    se = math.sqrt(va / len(a) + vb / len(b))
    df = (va / len(a) + vb / len(b)) ** 2 / (
        (va / len(a)) ** 2 / (len(a) - 1) + (vb / len(b)) ** 2 / (len(b) - 1)
    )
    diff = float(np.mean(a)) - float(np.mean(b))
    half = float(stats.t.ppf(0.975, df)) * se
    mw = stats.mannwhitneyu(a, b, alternative="two-sided")
    adjusted, adjusted_p = ancova(high, low)
    return (
        Tests(
            difference=Interval(diff, diff - half, diff + half),
            welch_t=float(welch.statistic),
            welch_df=df,
            welch_p=float(welch.pvalue),
            mann_whitney_u=float(mw.statistic),
            mann_whitney_p=float(mw.pvalue),
            hedges_g=hedges_g(a, b),
            adjusted=adjusted,
            adjusted_p=adjusted_p,
        ),
        "",
    )


def reckonings(data: Dataset, key: str, score_key: str) -> list[tuple[Score, tuple[str, ...]]]:
    """The ways the versions of instrument `key` in the data reckon the score `score_key`
    (`InstrumentData.reckons_like`), newest first: each with the score as its newest version gives it and
    its versions in the order they were loaded; versions without the score are left out."""
    found: list[tuple[InstrumentData, list[str]]] = []
    for (k, version), definition in reversed(data.versions.items()):  # newest loaded first
        if k != key or definition.reckoning(score_key) is None:
            continue
        same = next(
            (versions for first, versions in found if first.reckons_like(definition, score_key)), None
        )
        if same is None:
            found.append((definition, [version]))
        else:
            same.insert(0, version)
    return [
        (next(s for s in first.scores if s.key == score_key), tuple(versions)) for first, versions in found
    ]


def score_keys(data: Dataset, key: str) -> list[str]:
    """Every score any version of instrument `key` in the data has: the newest version's in its order,
    then those only earlier versions have, newest first."""
    keys = [s.key for s in data.instruments[key].scores]
    for (k, _), definition in reversed(data.versions.items()):
        keys += [s.key for s in definition.scores if k == key and s.key not in keys]
    return keys


Points = dict[int, tuple[dict[str, float | None], bool, str]]  # months -> (scores, missed, version)


def _pairs(
    data: Dataset,
    key: str,
    people: dict[int, Points],
    group_of: dict[int, str],
    score_key: str,
    versions: tuple[str, ...],
    months: int,
) -> tuple[dict[str, list[tuple[float, float]]], dict[str, list[int]]]:
    """Each group's (baseline, follow-up) pairs of one way of reckoning a score (its `versions`) at one
    follow-up, and its missing: no baseline, no follow-up, recorded as missed, not due yet, and reckoned
    otherwise at the follow-up."""
    pairs: dict[str, list[tuple[float, float]]] = {HIGH: [], LOW: [], NOT_RATED: []}
    missing = {g: [0, 0, 0, 0, 0] for g in pairs}
    for person, points in people.items():
        group = group_of[person]
        base_scores, _, base_version = points.get(BASELINE, ({}, False, ""))
        base = base_scores.get(score_key)
        later, was_missed, later_version = points.get(months, ({}, False, ""))
        value = later.get(score_key)
        if base is None:
            missing[group][0] += 1
        elif base_version not in versions:
            continue  # in the comparison of the way their baseline was reckoned
        elif value is None and months not in points and (person, key, months) in data.not_due:
            missing[group][3] += 1
        elif value is None:
            missing[group][1] += 1
            missing[group][2] += was_missed
        elif later_version not in versions:
            missing[group][4] += 1
        else:
            pairs[group].append((base, value))
    return pairs, missing


def organisation_analysis(data: Dataset, minimum: int = SMALLEST_GROUP) -> list[Comparison]:
    """Every instrument's every score (of any version) at every follow-up anyone reached, high against low
    fidelity. A change is a follow-up minus a baseline reckoned alike (`InstrumentData.reckons_like`):
    when versions of the instrument reckon a score differently, each way is compared on its own, its label
    naming its versions (`Comparison.versions`), and someone whose follow-up was reckoned otherwise than
    their baseline is counted apart. Someone with no baseline score is counted as such in each way's
    comparison, since it cannot be told which way theirs would have been."""
    # instrument -> person -> months -> (scores, missed, version), and each person's group
    found: dict[str, dict[int, Points]] = {}
    group_of: dict[int, str] = {}
    for row in data.rows:
        group_of[row.person_id] = row.group
        # numerator / denominator: the same float as float(v), without going through the numbers ABCs
        scores = {k: None if v is None else v.numerator / v.denominator for k, v in row.scores.items()}
        found.setdefault(row.instrument, {}).setdefault(row.person_id, {})[row.months] = (
            scores,
            row.status == MISSED,
            row.instrument_version,
        )
    out = []
    for key in sorted(found, key=lambda k: data.instruments[k].title):
        definition = data.instruments[key]
        people = found[key]
        for score_key in score_keys(data, key):
            ways = reckonings(data, key, score_key)
            for score, versions in ways:
                # the follow-ups anyone reached; of several ways, those reached by someone whose baseline
                # was reckoned this way
                follow_ups = sorted(
                    {
                        m
                        for points in people.values()
                        if len(ways) == 1 or (BASELINE in points and points[BASELINE][2] in versions)
                        for m in points
                        if m != BASELINE
                    }
                )
                label = score.label
                if len(ways) > 1:
                    label += f" ({'version' if len(versions) == 1 else 'versions'} {', '.join(versions)})"
                for months in follow_ups:
                    pairs, missing = _pairs(data, key, people, group_of, score.key, versions, months)
                    tests, refused = compare(pairs[HIGH], pairs[LOW], minimum)
                    out.append(
                        Comparison(
                            instrument=definition.title,
                            instrument_key=key,
                            score=label,
                            score_key=score.key,
                            versions=versions,
                            ways=len(ways),
                            months=months,
                            high=group_change(pairs[HIGH], *missing[HIGH], minimum=minimum),
                            low=group_change(pairs[LOW], *missing[LOW], minimum=minimum),
                            not_rated=len(pairs[NOT_RATED]),
                            tests=tests,
                            refused=refused,
                        )
                    )
    return out
