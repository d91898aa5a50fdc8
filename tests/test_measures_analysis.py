"""The high-versus-low fidelity analysis (issue 16): the statistics against values worked out here,
independently of the code (by hand from the formulas, or with numpy), a small example worked by hand, a
worked example of 8 and 9 people computed without the code, scipy or statsmodels (exact fractions and the
t density integrated numerically), the exact Mann–Whitney p over every split of the ranks,
the data set it reads (pseudonymous, groups defined, not rated kept, missing counted), refusal below the
smallest group, and the table through `cpi measures analysis` and the manager's page."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from scipy import stats

from connecting_people.audit.models import AuditEntry
from connecting_people.measures.actions import (
    do_complete,
    do_load_instrument,
    do_rate_fidelity,
    do_record_missed,
    do_start,
)
from connecting_people.measures.analysis import CAUTION, compare, organisation_analysis
from connecting_people.measures.change import organisation_change
from connecting_people.measures.dataset import (
    HIGH,
    LOW,
    MISSED,
    NOT_RATED,
    SCORED,
    Dataset,
    Row,
    organisation_dataset,
    study_id,
)
from connecting_people.measures.instrument import parse
from connecting_people.measures.models import Instrument
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person

from .conftest import Cast, build_fidelity

MEASURES_DATA = Path(__file__).resolve().parent.parent / "connecting_people" / "measures" / "data"

# --- The statistics, on plain numbers -------------------------------------------------------------------

# A small example worked by hand (the figures in the comments are the working).
HIGH_PAIRS = [(2.0, 4.0), (3.0, 4.0), (2.0, 5.0), (3.0, 5.0), (1.0, 4.0)]  # changes 2, 1, 3, 2, 3
LOW_PAIRS = [(2.0, 2.0), (3.0, 4.0), (2.0, 3.0), (3.0, 3.0), (2.0, 2.0)]  # changes 0, 1, 1, 0, 0


def test_a_small_example_worked_by_hand() -> None:
    tests, refused = compare(HIGH_PAIRS, LOW_PAIRS)
    assert refused == "" and tests is not None
    # Means 2.2 and 0.4; variances: high (0.04+1.44+0.64+0.04+0.64)/4 = 0.7,
    # low (0.16+0.36+0.36+0.16+0.16)/4 = 0.3.
    # Welch: SE = sqrt(0.7/5 + 0.3/5) = sqrt(0.2); t = 1.8/sqrt(0.2) = 4.02492;
    # df = 0.2^2 / ((0.14^2 + 0.06^2)/4) = 0.04/0.0058 = 6.89655.
    assert tests.welch_t == pytest.approx(4.024922, abs=1e-6)
    assert tests.welch_df == pytest.approx(6.896552, abs=1e-6)
    assert tests.difference.estimate == pytest.approx(1.8)
    # Pooled SD sqrt((4*0.7 + 4*0.3)/8) = sqrt(0.5); d = 1.8/sqrt(0.5) = 2.545584; J = 1 - 3/31;
    # g = 2.299238; SE = J*sqrt(10/25 + d^2/20) = 0.9032258*sqrt(0.4 + 0.324) = 0.768538.
    assert tests.hedges_g.estimate == pytest.approx(2.299238, abs=1e-6)
    assert tests.hedges_g.high - tests.hedges_g.estimate == pytest.approx(1.959964 * 0.768538, abs=1e-5)
    # U for the high group: 2 beats every low change (5), 1 beats the three 0s and ties the two 1s (3 + 1),
    # 3 beats all (5): 5 + 4 + 5 + 5 + 5 = 24 of the 25 pairs.
    assert tests.mann_whitney_u == 24


def _welch_by_hand(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    t = (a.mean() - b.mean()) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    return t, df, 2 * stats.t.sf(abs(t), df)


def _u_by_hand(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """U counted pair by pair, and its two-sided p by the normal approximation with the continuity
    correction (no ties in these data)."""
    u = float(sum((x > y) + 0.5 * (x == y) for x in a for y in b))
    n1, n2 = len(a), len(b)
    mu, sigma = n1 * n2 / 2, math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    z = (abs(u - mu) - 0.5) / sigma
    return u, 2 * (1 - 0.5 * (1 + math.erf(z / math.sqrt(2))))


def _ancova_by_hand(high: np.ndarray, low: np.ndarray) -> tuple[float, float, float, float]:
    """The group coefficient of follow-up ~ 1 + group + baseline by numpy's least squares, with its
    standard error from sigma^2 (X'X)^-1."""
    both = np.vstack([high, low])
    x = np.column_stack([np.ones(len(both)), np.r_[np.ones(len(high)), np.zeros(len(low))], both[:, 0]])
    y = both[:, 1]
    beta, rss, *_ = np.linalg.lstsq(x, y, rcond=None)
    df = len(y) - 3
    se = math.sqrt(rss[0] / df * np.linalg.inv(x.T @ x)[1, 1])
    half = stats.t.ppf(0.975, df) * se
    return beta[1], beta[1] - half, beta[1] + half, 2 * stats.t.sf(abs(beta[1] / se), df)


def test_the_tests_match_values_computed_independently() -> None:
    rng = np.random.default_rng(16)
    base_h, base_l = rng.normal(2.5, 0.6, 34), rng.normal(2.7, 0.6, 29)
    high = np.column_stack([base_h, base_h + rng.normal(0.6, 0.5, 34)])
    low = np.column_stack([base_l, 0.8 * base_l + rng.normal(0.5, 0.7, 29)])
    tests, _ = compare([tuple(p) for p in high], [tuple(p) for p in low])
    assert tests is not None
    a, b = high[:, 1] - high[:, 0], low[:, 1] - low[:, 0]
    t, df, p = _welch_by_hand(a, b)
    assert (tests.welch_t, tests.welch_df, tests.welch_p) == pytest.approx((t, df, p), rel=1e-9)
    half = stats.t.ppf(0.975, df) * (a.mean() - b.mean()) / t
    assert (tests.difference.low, tests.difference.high) == pytest.approx(
        (a.mean() - b.mean() - half, a.mean() - b.mean() + half), rel=1e-9
    )
    u, up = _u_by_hand(a, b)
    assert (tests.mann_whitney_u, tests.mann_whitney_p) == pytest.approx((u, up), rel=1e-9)
    pooled = math.sqrt(((34 - 1) * a.var(ddof=1) + (29 - 1) * b.var(ddof=1)) / (34 + 29 - 2))
    d = (a.mean() - b.mean()) / pooled
    j = 1 - 3 / (4 * (34 + 29) - 9)
    se = j * math.sqrt((34 + 29) / (34 * 29) + d * d / (2 * (34 + 29)))
    assert (tests.hedges_g.estimate, tests.hedges_g.low, tests.hedges_g.high) == pytest.approx(
        (j * d, j * d - 1.959964 * se, j * d + 1.959964 * se), rel=1e-6
    )
    coefficient, low_ci, high_ci, p_adj = _ancova_by_hand(high, low)
    assert (
        tests.adjusted.estimate,
        tests.adjusted.low,
        tests.adjusted.high,
        tests.adjusted_p,
    ) == pytest.approx((coefficient, low_ci, high_ci, p_adj), rel=1e-9)


def test_below_the_smallest_group_nothing_is_computed_and_the_reason_is_given() -> None:
    tests, refused = compare(HIGH_PAIRS[:4], LOW_PAIRS)
    assert tests is None
    assert refused.startswith("Not compared: 4 people rated high and 5 rated low have a score at both times")
    assert "at least 5 in each group" in refused
    tests, refused = compare([(1.0, 2.0)] * 5, [(1.0, 1.0)] * 5)
    assert tests is None and "no spread" in refused


# --- A worked example computed independently --------------------------------------------------------------
#
# Eight people rated high and nine rated low, each a (baseline, follow-up) score on the resource checklist
# (0 to 12). Every expected figure is worked out below from the data alone, by routes that share nothing
# with analysis.py, scipy or statsmodels: exact fractions for the sums and the normal equations; the
# textbook formulas; Student's t density integrated by Simpson's rule (math.lgamma for the constant) for
# p values, and bisection on that integral for quantiles; the standard normal from math.erfc. The
# integrator is first checked against the closed forms of the t distribution with 1 and 2 degrees of
# freedom, so the reference itself is tested. Nothing here was copied from the project's output.

WORKED_HIGH = [(3, 7), (5, 8), (2, 8), (4, 6), (6, 11), (1, 4), (6, 10), (3, 10)]  # changes 4 3 6 2 5 3 4 7
WORKED_LOW = [(4, 5), (2, 5), (5, 5), (3, 5), (6, 8), (1, 5), (5, 6), (7, 6), (3, 6)]  # 1 3 0 2 2 4 1 -1 3
SIMPSON_STEPS = 2000  # Simpson's error here is below 1e-12 (checked against the closed forms below)


def _simpson(f: Callable[[float], float], a: float, b: float, steps: int = SIMPSON_STEPS) -> float:
    h = (b - a) / steps
    inner = sum((4 if k % 2 else 2) * f(a + k * h) for k in range(1, steps))
    return (f(a) + inner + f(b)) * h / 3


def _t_density(df: float) -> Callable[[float], float]:
    """Student's t density with `df` degrees of freedom:
    Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + x²/ν)^(−(ν+1)/2)."""
    constant = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    return lambda x: constant * (1 + x * x / df) ** (-(df + 1) / 2)


def _t_central(x: float, df: float) -> float:
    """P(0 ≤ T ≤ x), by integrating the density from 0 to x."""
    return _simpson(_t_density(df), 0.0, x)


def _t_two_sided_p(t: float, df: float) -> float:
    return 1 - 2 * _t_central(abs(t), df)


def _t_quantile_975(df: float) -> float:
    """The x with P(T ≤ x) = 0.975, i.e. P(0 ≤ T ≤ x) = 0.475, by bisection (the integral rises with x)."""
    low, high = 0.0, 20.0
    for _ in range(50):  # 20 / 2^50 is far below any tolerance used
        middle = (low + high) / 2
        low, high = (middle, high) if _t_central(middle, df) < 0.475 else (low, middle)
    return (low + high) / 2


def _z_975() -> float:
    """The standard normal's 97.5th percentile, by bisection on Φ(z) = erfc(−z/√2)/2."""
    low, high = 0.0, 5.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if math.erfc(-middle / math.sqrt(2)) / 2 < 0.975 else (low, middle)
    return (low + high) / 2


def _mean_and_variance(values: list[Fraction]) -> tuple[Fraction, Fraction]:
    mean = sum(values, Fraction(0)) / len(values)
    return mean, sum(((v - mean) ** 2 for v in values), Fraction(0)) / (len(values) - 1)


def _solve(a: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    """a·x = b by Gauss–Jordan elimination in exact fractions."""
    m = [[*row, v] for row, v in zip(a, b, strict=True)]
    size = len(m)
    for col in range(size):
        pivot = next(r for r in range(col, size) if m[r][col] != 0)
        m[col], m[pivot] = m[pivot], m[col]
        m[col] = [v / m[col][col] for v in m[col]]
        for r in range(size):
            if r != col and m[r][col] != 0:
                m[r] = [v - m[r][col] * w for v, w in zip(m[r], m[col], strict=True)]
    return [row[-1] for row in m]


def test_the_reference_integrator_matches_the_closed_forms() -> None:
    """With 1 degree of freedom P(0 ≤ T ≤ x) = atan(x)/π; with 2, x / (2√(2 + x²)), whose 97.5th
    percentile is 0.95·√(2 / (1 − 0.95²)) = 4.3027 (the tables' 4.303)."""
    for x in (0.5, 2.5, 7.0):
        assert _t_central(x, 1) == pytest.approx(math.atan(x) / math.pi, abs=1e-12)
        assert _t_central(x, 2) == pytest.approx(x / (2 * math.sqrt(2 + x * x)), abs=1e-12)
    assert _t_quantile_975(2) == pytest.approx(0.95 * math.sqrt(2 / (1 - 0.95**2)), abs=1e-10)
    assert _z_975() == pytest.approx(1.96, abs=5e-5)


def _worked_dataset() -> Dataset:
    """The worked example as the data set the analysis reads (no database needed: the analysis is
    ORM-free)."""
    checklist = parse((MEASURES_DATA / "resource_checklist.yaml").read_text())
    rows = []
    people = [(HIGH, pair) for pair in WORKED_HIGH] + [(LOW, pair) for pair in WORKED_LOW]
    for person_id, (group, pair) in enumerate(people, start=1):
        for months, value in zip((0, 3), pair, strict=True):
            rows.append(
                Row(
                    person_id=person_id,
                    study_id="",
                    reference="",
                    instrument=checklist.key,
                    instrument_version=checklist.version,
                    months=months,
                    completed_on=dt.date(2026, 1, 5) + dt.timedelta(days=30 * months),
                    completed_by="worker",
                    status=SCORED,
                    scores={"total": Fraction(value)},
                    answers={},
                    fidelity=Fraction(3) if group == HIGH else Fraction(1),
                    group=group,
                )
            )
    return Dataset(
        organisation="Worked example",
        instruments={checklist.key: checklist},
        licensed={(checklist.key, checklist.version): False},
        scale=None,
        rows=rows,
        versions={(checklist.key, checklist.version): checklist},
    )


def test_a_worked_example_computed_independently() -> None:
    [c] = [c for c in organisation_analysis(_worked_dataset()) if c.score_key == "total"]
    assert c.tests is not None and c.refused == "" and (c.high.n, c.low.n, c.not_rated) == (8, 9, 0)
    high = [Fraction(f - b) for b, f in WORKED_HIGH]
    low = [Fraction(f - b) for b, f in WORKED_LOW]
    na, nb = len(high), len(low)
    mean_a, var_a = _mean_and_variance(high)
    mean_b, var_b = _mean_and_variance(low)
    assert (mean_a, mean_b) == (Fraction(34, 8), Fraction(15, 9))  # the sums of the changes, by eye

    # Each group's baseline and follow-up means, and its mean change ± t(0.975, n − 1) · s / √n.
    for group, pairs, changes, mean, var in (
        (c.high, WORKED_HIGH, high, mean_a, var_a),
        (c.low, WORKED_LOW, low, mean_b, var_b),
    ):
        n = len(changes)
        assert group.baseline_mean == pytest.approx(float(Fraction(sum(b for b, _ in pairs), n)), abs=1e-12)
        assert group.follow_up_mean == pytest.approx(float(Fraction(sum(f for _, f in pairs), n)), abs=1e-12)
        assert group.sd == pytest.approx(math.sqrt(var), abs=1e-12)
        half = _t_quantile_975(n - 1) * math.sqrt(var / n)
        assert group.change is not None
        assert (group.change.estimate, group.change.low, group.change.high) == pytest.approx(
            (float(mean), float(mean) - half, float(mean) + half), abs=1e-9
        )
    t = c.tests

    # Welch: t = (m_a − m_b) / √(s_a²/n_a + s_b²/n_b); Welch–Satterthwaite degrees of freedom, exactly.
    se2 = var_a / na + var_b / nb
    welch_df = se2**2 / ((var_a / na) ** 2 / (na - 1) + (var_b / nb) ** 2 / (nb - 1))
    welch_t = float(mean_a - mean_b) / math.sqrt(se2)
    assert t.welch_t == pytest.approx(welch_t, rel=1e-12)
    assert t.welch_df == pytest.approx(float(welch_df), rel=1e-12)
    assert t.welch_p == pytest.approx(_t_two_sided_p(welch_t, float(welch_df)), abs=1e-9)
    half = _t_quantile_975(float(welch_df)) * math.sqrt(se2)
    difference = float(mean_a - mean_b)
    assert (t.difference.estimate, t.difference.low, t.difference.high) == pytest.approx(
        (difference, difference - half, difference + half), abs=1e-9
    )

    # Mann–Whitney: U of the high group counts the pairs it wins, ties as a half. The changes have ties
    # (2, 3 and 4 in both groups), so the p value is the normal approximation: mean n_a·n_b/2, variance
    # n_a·n_b/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1))) over the tied groups of size t, and a continuity
    # correction of ½ towards the mean.
    u = sum(Fraction(1) if x > y else Fraction(1, 2) if x == y else Fraction(0) for x in high for y in low)
    # By hand: the high changes 4, 3, 6, 2, 5, 3, 4, 7 win 8.5, 7, 9, 5, 9, 7, 8.5, 9 of their 9 pairs.
    assert t.mann_whitney_u == float(u) == 63
    size = na + nb
    ties = Counter(high + low).values()  # 4 three times, 3 four times, 2 three times, 1 twice: Σ = 114
    variance = Fraction(na * nb, 12) * ((size + 1) - Fraction(sum(k**3 - k for k in ties), size * (size - 1)))
    z = float(abs(u - Fraction(na * nb, 2)) - Fraction(1, 2)) / math.sqrt(variance)
    assert t.mann_whitney_p == pytest.approx(math.erfc(z / math.sqrt(2)), abs=1e-9)

    # Hedges' g (Hedges and Olkin 1985; Borenstein et al. 2009, Introduction to Meta-Analysis, chapter
    # 4): d = (m_a − m_b) / S_within, S_within² = ((n_a − 1)s_a² + (n_b − 1)s_b²) / (n_a + n_b − 2);
    # V_d = (n_a + n_b)/(n_a·n_b) + d²/(2(n_a + n_b)); J = 1 − 3/(4·df − 1), df = n_a + n_b − 2; g = J·d,
    # SE_g = J·√V_d, and the interval g ± z(0.975)·SE_g.
    df = na + nb - 2
    d = float(mean_a - mean_b) / math.sqrt(((na - 1) * var_a + (nb - 1) * var_b) / df)
    j = 1 - Fraction(3, 4 * df - 1)
    g = float(j) * d
    se_g = float(j) * math.sqrt(float(Fraction(na + nb, na * nb)) + d * d / (2 * (na + nb)))
    z975 = _z_975()
    assert (t.hedges_g.estimate, t.hedges_g.low, t.hedges_g.high) == pytest.approx(
        (g, g - z975 * se_g, g + z975 * se_g), abs=1e-9
    )

    # ANCOVA: follow-up = b0 + b1·high + b2·baseline. The normal equations X'X·b = X'y solved exactly;
    # s² = residual sum of squares / (n − 3); SE(b1) = √(s² · [(X'X)⁻¹]₁₁); a t test on n − 3 degrees of
    # freedom and the interval b1 ± t(0.975, n − 3)·SE(b1).
    design = [[Fraction(1), Fraction(1), Fraction(b)] for b, _ in WORKED_HIGH]
    design += [[Fraction(1), Fraction(0), Fraction(b)] for b, _ in WORKED_LOW]
    y = [Fraction(f) for _, f in WORKED_HIGH + WORKED_LOW]
    xtx = [[sum((row[i] * row[k] for row in design), Fraction(0)) for k in range(3)] for i in range(3)]
    xty = [sum((row[i] * v for row, v in zip(design, y, strict=True)), Fraction(0)) for i in range(3)]
    coefficients = _solve(xtx, xty)
    residuals = [
        v - sum((w * x for w, x in zip(coefficients, row, strict=True)), Fraction(0))
        for row, v in zip(design, y, strict=True)
    ]
    ancova_df = len(y) - 3
    s2 = sum((r * r for r in residuals), Fraction(0)) / ancova_df
    inverse_11 = _solve(xtx, [Fraction(0), Fraction(1), Fraction(0)])[1]
    se_b1 = math.sqrt(s2 * inverse_11)
    b1, half = float(coefficients[1]), _t_quantile_975(ancova_df) * se_b1
    assert (t.adjusted.estimate, t.adjusted.low, t.adjusted.high) == pytest.approx(
        (b1, b1 - half, b1 + half), abs=1e-9
    )
    assert t.adjusted_p == pytest.approx(_t_two_sided_p(b1 / se_b1, ancova_df), abs=1e-9)


def test_mann_whitney_p_is_exact_for_a_small_group_without_ties() -> None:
    """The other half of the Mann–Whitney convention (analysis.py): with a group of at most 8 and no tied
    changes, the p value is exact: twice the share of all C(17, 8) ways of choosing which 8 of the 17
    ranks are the high group's that give a U at least as far from its mean as the one observed."""
    up_high = [4.5, 3.0, 6.0, 2.5, 5.0, 3.5, 4.0, 7.0]
    up_low = [1.0, 3.25, 0.0, 2.0, 2.25, 4.25, 1.5, -1.0, 2.75]  # no change equals another
    tests, _ = compare(
        [(b, b + c) for b, c in enumerate(up_high, start=2)], [(b, b + c) for b, c in enumerate(up_low)]
    )
    assert tests is not None
    na, nb = len(up_high), len(up_low)
    ranks = {v: r for r, v in enumerate(sorted(up_high + up_low), start=1)}
    observed = sum(ranks[c] for c in up_high) - na * (na + 1) // 2
    assert tests.mann_whitney_u == observed == sum(x > y for x in up_high for y in up_low)
    farthest = max(observed, na * nb - observed)
    splits = [sum(chosen) - na * (na + 1) // 2 for chosen in combinations(range(1, na + nb + 1), na)]
    assert len(splits) == math.comb(17, 8)
    at_least = sum(u >= farthest for u in splits)
    assert tests.mann_whitney_p == pytest.approx(min(1.0, 2 * at_least / len(splits)), abs=1e-12)


# --- From the organisation's measures --------------------------------------------------------------------


def _answers(instrument: Instrument, value: int) -> dict[str, int | None]:
    """Answers that score `value` on the connections check (the reverse-worded item turned round)."""
    return {i.key: 6 - value if i.reverse else value for i in instrument.definition().items}


def build_study(cast: Cast, high: list[tuple[int, int]], low: list[tuple[int, int]]) -> dict[str, Any]:
    """Harbourside people with the connections check at baseline and 3 months, and pair ratings that put
    them high (every item 3 of 4) or low (every item 1): `high` and `low` are (baseline, follow-up)
    scores. Also one person not rated, one with a missed 3-month check, and one with no baseline."""
    org, worker = cast.orgs["harbourside"], cast.users["worker"]
    instrument, _ = do_load_instrument(None, org, (MEASURES_DATA / "connections_check.yaml").read_text())
    scale = build_fidelity(cast)["scale"]
    items = [i.key for i in scale.definition().items]
    start = dt.date(2026, 1, 5)
    people: dict[str, Person] = {}

    def person(ref: str, points: dict[int, int | str], rating: int | None) -> None:
        p = do_save_person(
            None,
            Person(
                reference=ref, full_name=f"Named Person {ref}", organisation=org, consent_to_work_on=start
            ),
            [worker],
        )
        people[ref] = p
        for months, value in points.items():
            if isinstance(value, str):
                do_record_missed(None, p, instrument, months, value)
            else:
                done = start + dt.timedelta(days=30 * months + 2)
                do_complete(None, p, instrument, months, _answers(instrument, value), finished_on=done)
        if rating is not None:
            do_rate_fidelity(None, scale, worker, p, "supervisor", dict.fromkeys(items, rating), start)

    for n, (b, f) in enumerate(high):
        person(f"HI-{n}", {0: b, 3: f}, 3)
    for n, (b, f) in enumerate(low):
        person(f"LO-{n}", {0: b, 3: f}, 1)
    person("NR-0", {0: 2, 3: 3}, None)
    person("MS-0", {0: 2, 3: "Bryn Carew was in hospital."}, 3)
    person("NB-0", {3: 4}, 1)
    return {"instrument": instrument, "scale": scale, "people": people}


HIGH_SCORES = [(2, 4), (3, 4), (2, 5), (3, 5), (1, 4)]
LOW_SCORES = [(2, 2), (3, 4), (2, 3), (3, 3), (2, 2)]


def test_the_data_set_is_pseudonymous_and_defines_each_group(cast: Cast) -> None:
    study = build_study(cast, HIGH_SCORES, LOW_SCORES)
    data = organisation_dataset(cast.orgs["harbourside"])
    rows = {(r.study_id, r.months): r for r in data.rows}
    hi = study["people"]["HI-0"]
    row = rows[(study_id(hi.pk), 0)]
    assert row.reference == "" and row.group == HIGH and row.fidelity == 3
    assert re.fullmatch(r"S-[0-9a-f]{10}", row.study_id) and row.completed_by == "worker"
    assert row.scores == {"connected": 2} and row.status == "scored"
    assert rows[(study_id(study["people"]["LO-0"].pk), 3)].group == LOW
    assert rows[(study_id(study["people"]["NR-0"].pk), 3)].group == NOT_RATED and data.not_rated == 1
    missed = rows[(study_id(study["people"]["MS-0"].pk), 3)]
    assert missed.status == MISSED and missed.scores == {} and missed.completed_on is None
    # Nothing a person could be named by: no name, no reference, not the worker's words about the missed one.
    text = repr(data.rows)
    assert "Named Person" not in text and "HI-0" not in text and "Bryn" not in text
    with_refs = organisation_dataset(cast.orgs["harbourside"], with_reference=True)
    assert {r.reference for r in with_refs.rows} >= {"HI-0", "LO-4"}


def test_the_organisation_analysis_counts_the_missing_per_group(cast: Cast) -> None:
    study = build_study(cast, HIGH_SCORES, LOW_SCORES)
    # Rated high, with a baseline, and began three weeks ago: the 3-month check is not due, so not missing.
    org, worker, today = cast.orgs["harbourside"], cast.users["worker"], timezone.localdate()
    recent = do_save_person(
        None,
        Person(
            reference="NY-0",
            full_name="Named Person NY",
            organisation=org,
            consent_to_work_on=today - dt.timedelta(days=21),
        ),
        [worker],
    )
    do_complete(None, recent, study["instrument"], 0, _answers(study["instrument"], 3), finished_on=today)
    items = [i.key for i in study["scale"].definition().items]
    do_rate_fidelity(None, study["scale"], worker, recent, "supervisor", dict.fromkeys(items, 4), today)
    [c] = organisation_analysis(organisation_dataset(org, for_analysis=True))
    assert (c.high.not_yet, c.low.not_yet) == (1, 0)
    assert (c.instrument_key, c.score_key, c.months, c.label) == (
        "connections-check",
        "connected",
        3,
        "3 months",
    )
    assert (c.high.n, c.low.n, c.not_rated) == (5, 5, 1)
    assert (c.high.no_baseline, c.high.no_follow_up, c.high.missed) == (0, 1, 1)  # MS-0
    assert (c.low.no_baseline, c.low.no_follow_up, c.low.missed) == (1, 0, 0)  # NB-0
    expected, _ = compare(HIGH_PAIRS, LOW_PAIRS)
    assert c.tests == expected and c.refused == ""
    assert c.high.change is not None and c.high.change.estimate == pytest.approx(2.2)
    # 2.2 ± t(0.975, 4) · sqrt(0.7/5), t(0.975, 4) = 2.776445 from the tables
    assert c.high.change.low == pytest.approx(2.2 - 2.776445 * math.sqrt(0.14), abs=1e-6)


@pytest.mark.parametrize(
    ("change", "alike"),
    [
        (("How connected (average, 1 to 5)", "How connected you feel (average)"), True),  # reworded label
        (("I have someone I can call on", "There is someone I can call on"), True),  # reworded item
        (("    reverse: true\n", ""), False),  # the cut-off item no longer turned round
        (("{value: 1, label: Never}", "{value: 0, label: Never}"), False),  # an answer's value
        (("missing_allowed: 1", "missing_allowed: 0"), False),
        (("rule: mean", "rule: sum"), False),
        (("key: connected", "key: connection"), False),  # the new version has no such score
    ],
)
def test_which_versions_reckon_a_score_alike(change: tuple[str, str], alike: bool) -> None:
    text = (MEASURES_DATA / "connections_check.yaml").read_text()
    assert change[0] in text
    first = parse(text)
    second = parse(text.replace('version: "1.0"', 'version: "2.0"').replace(*change))
    assert first.reckons_like(second, "connected") is alike
    assert second.reckons_like(first, "connected") is alike


def test_a_version_only_ever_missed_or_started_changes_nothing(cast: Cast) -> None:
    """Version 2.0 reckons the score otherwise, but no one has finished it: one person's 6-month check with
    it was recorded as missed, another's started. The change page, the analysis and the person's chart
    still reckon as 1.0, the version people finished."""
    study = build_study(cast, HIGH_SCORES, LOW_SCORES)
    org, people = cast.orgs["harbourside"], study["people"]
    text = (MEASURES_DATA / "connections_check.yaml").read_text()
    strict, _ = do_load_instrument(
        None,
        org,
        text.replace('version: "1.0"', 'version: "2.0"').replace("missing_allowed: 1", "missing_allowed: 0"),
    )
    do_record_missed(None, people["HI-0"], strict, 6, "Moved away for the summer.")
    do_start(None, people["HI-1"], strict, 6, "person")
    changes = {c.months: c for c in organisation_change(org.pk)}
    assert changes[3].n == 11 and changes[3].score == "How connected (average, 1 to 5)"  # HI, LO and NR
    assert changes[3].left_out == ()  # 2.0 has no scores to leave out
    [at_three] = [c for c in organisation_analysis(organisation_dataset(org)) if c.months == 3]
    assert (at_three.high.n, at_three.low.n, at_three.tests is not None) == (5, 5, True)
    worker = cast.client("worker")
    for ref in ("HI-0", "HI-1"):
        page = worker.get(reverse("measures:person", args=[people[ref].pk])).content.decode()
        assert "At 3 months" in page or "3 months" in page
        assert "scored it another way" not in page and "How connected (average, 1 to 5)" in page


def test_a_change_is_only_between_scores_reckoned_alike(cast: Cast) -> None:
    """Harbourside loads version 1.1 of the connections check (its introduction reworded, the score
    reckoned as before) and then 2.0, which gives no score when any statement is unanswered. Changes
    from a 1.0 baseline to a 1.1 follow-up are one measure; 2.0's score is compared on its own, and
    someone with a 1.0 baseline and a 2.0 follow-up is counted apart, not as a change."""
    study = build_study(cast, HIGH_SCORES, LOW_SCORES)
    org, worker = cast.orgs["harbourside"], cast.users["worker"]
    text = (MEASURES_DATA / "connections_check.yaml").read_text()
    reworded, _ = do_load_instrument(
        None, org, text.replace('version: "1.0"', 'version: "1.1"').replace("Six statements", "Six sentences")
    )
    strict, _ = do_load_instrument(
        None,
        org,
        text.replace('version: "1.0"', 'version: "2.0"').replace("missing_allowed: 1", "missing_allowed: 0"),
    )
    people = study["people"]
    six = dt.date(2026, 7, 8)
    for ref, (_, later) in zip([f"HI-{n}" for n in range(5)], HIGH_SCORES, strict=True):
        do_complete(None, people[ref], reworded, 6, _answers(reworded, later), finished_on=six)
    for ref, (_, later) in zip([f"LO-{n}" for n in range(5)], LOW_SCORES, strict=True):
        do_complete(None, people[ref], reworded, 6, _answers(reworded, later), finished_on=six)
    do_complete(None, people["MS-0"], strict, 6, _answers(strict, 4), finished_on=six)  # rated high
    newcomer = do_save_person(
        None,
        Person(
            reference="V2-0",
            full_name="Named Person V2",
            organisation=org,
            consent_to_work_on=dt.date(2026, 1, 5),
        ),
        [worker],
    )
    do_complete(None, newcomer, strict, 0, _answers(strict, 2), finished_on=dt.date(2026, 1, 7))
    do_complete(None, newcomer, strict, 6, _answers(strict, 3), finished_on=six)
    items = [i.key for i in study["scale"].definition().items]
    do_rate_fidelity(
        None, study["scale"], worker, newcomer, "supervisor", dict.fromkeys(items, 3), dt.date(2026, 1, 5)
    )

    found = {
        (c.score, c.months): c for c in organisation_analysis(organisation_dataset(org, for_analysis=True))
    }
    old, new = (
        "How connected (average, 1 to 5) (versions 1.0, 1.1)",
        "How connected (average, 1 to 5) (version 2.0)",
    )
    assert set(found) == {(old, 3), (old, 6), (new, 6)}  # 2.0's baselines: the newcomer's only
    at_three, at_six = found[old, 3], found[old, 6]
    assert (at_three.high.n, at_three.low.n, at_three.high.other_version) == (5, 5, 0)
    assert (at_six.high.n, at_six.low.n) == (5, 5) and at_six.tests is not None
    assert (at_six.high.other_version, at_six.low.other_version) == (1, 0)  # MS-0: 1.0, then 2.0
    assert at_six.high.change is not None and at_six.high.change.estimate == pytest.approx(2.2)
    strict_six = found[new, 6]
    assert (strict_six.high.n, strict_six.low.n, strict_six.tests) == (1, 0, None)
    assert strict_six.low.no_baseline == 1  # NB-0, who has no baseline at all

    page = cast.client("manager").get(reverse("measures:analysis")).content.decode().replace("&#x27;", "'")
    assert "How connected (average, 1 to 5) (versions 1.0, 1.1), 6 months" in page
    assert "Scored at 6 months with a version that reckons it otherwise (not a change)" in page
    # NB-0 has no baseline: counted under both ways, and the page says so.
    assert found[old, 6].low.no_baseline == 1
    assert page.count("No baseline score (counted in the table of each way the versions reckon it)") == 3
    assert "reckoned the same way" in page
    # The change page reckons each measure as its latest version does: 2.0's own two scores only.
    changes = {c.months: c for c in organisation_change(org.pk)}
    assert (sorted(changes), changes[6].n, changes[6].score) == ([6], 1, "How connected (average, 1 to 5)")
    assert changes[6].left_out == ("1.0", "1.1")
    change_page = cast.client("manager").get(reverse("measures:organisation")).content.decode()
    assert "Not included: scores from versions 1.0 and 1.1, which reckon How connected" in change_page
    # A person's own chart likewise: MS-0's baseline (1.0) is named apart, not drawn beside 2.0's score.
    worker_client = cast.client("worker")
    own = worker_client.get(reverse("measures:person", args=[people["MS-0"].pk])).content.decode()
    assert "scored it another way: Baseline (version 1.0)." in own
    reworded_only = worker_client.get(reverse("measures:person", args=[people["HI-0"].pk])).content.decode()
    assert "scored it another way" not in reworded_only and "4.0" in reworded_only


def test_the_command_prints_the_table_or_json(cast: Cast) -> None:
    build_study(cast, HIGH_SCORES, LOW_SCORES)
    out = io.StringIO()
    call_command("measures", "analysis", "--organisation", "harbourside connections", stdout=out)
    text = out.getvalue()
    assert "How connected do you feel: How connected (average, 1 to 5), 3 months" in text
    assert "2.20 (1.16 to 3.24)" in text  # the high group's mean change and its interval
    assert "Welch's t-test" in text and "t = 4.02, df = 6.9" in text and "U = 24.0" in text
    assert "observational comparison, not a trial" in text and "Named Person" not in text
    out = io.StringIO()
    call_command("measures", "analysis", "--organisation", "Harbourside Connections", "--json", stdout=out)
    data = json.loads(out.getvalue())
    [c] = data["organisations"][0]["comparisons"]
    assert data["organisations"][0]["organisation"] == "Harbourside Connections"
    assert data["caution"] == CAUTION
    assert c["high"]["n"] == 5 and c["tests"]["welch_t"] == pytest.approx(4.024922, abs=1e-6)
    assert c["time_point"] == "3 months" and c["refused"] == ""
    with pytest.raises(CommandError, match="There is no organisation called “Nowhere”"):
        call_command("measures", "analysis", "--organisation", "Nowhere", stdout=io.StringIO())


def test_too_few_in_a_group_shows_counts_only(cast: Cast) -> None:
    build_study(cast, HIGH_SCORES[:3], LOW_SCORES)
    out = io.StringIO()
    call_command("measures", "analysis", "--organisation", "Harbourside Connections", "--json", stdout=out)
    [c] = json.loads(out.getvalue())["organisations"][0]["comparisons"]
    assert c["tests"] is None and c["refused"].startswith("Not compared: 3 people rated high and 5 rated low")
    assert c["high"]["n"] == 3 and c["high"]["change"] is None and c["high"]["baseline_mean"] is None
    assert c["low"]["change"]["estimate"] == pytest.approx(0.4)


def test_the_analysis_page_for_a_manager(cast: Cast, django_assert_max_num_queries: Any) -> None:
    build_study(cast, HIGH_SCORES, LOW_SCORES)
    url = reverse("measures:analysis")
    client = cast.client("manager")
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "How connected (average, 1 to 5)" in page and "2.20 (1.16 to 3.24)" in page
    assert "observational comparison, not a trial" in page
    assert "Lost to follow-up (drop-outs): a baseline, no score at" in page  # named as such, not hidden
    assert "Named Person" not in page and "HI-0" not in page
    assert (
        'href="' + reverse("measures:analysis") + '"'
        in cast.client("manager").get(reverse("measures:organisation")).content.decode()
    )
    for who in ("worker", "researcher", "individual"):
        assert cast.client(who).get(url).status_code == 403
    # Another organisation's manager sees their own (empty) analysis, never Harbourside's.
    other = cast.client("other_manager").get(url).content.decode()
    assert "How connected (average" not in other


def test_people_erased_are_counted_beside_those_lost_to_follow_up(cast: Cast) -> None:
    """Erasure takes a person's measures with their record; the analysis says how many of the
    organisation's people were erased (from the tombstones erasure writes), on the page beside those lost
    to follow-up and in the command's table and JSON, naming no one. Another organisation's erasures are
    its own."""
    study = build_study(cast, HIGH_SCORES, LOW_SCORES)
    org, manager = cast.orgs["harbourside"], cast.client("manager")
    url = reverse("measures:analysis")
    assert "erased at their request" not in manager.get(url).content.decode()  # nobody erased: not said
    # Harbourside's manager erases the person not rated and the one whose follow-up was missed; HAR-2 has
    # no measures at all, and is counted all the same: an erasure is an erasure of the organisation.
    erasures = [
        (manager, study["people"]["NR-0"]),
        (manager, study["people"]["MS-0"]),
        (manager, cast.people["HAR-2"]),
        (cast.client("other_manager"), cast.people["NOR-1"]),
    ]
    for client, person in erasures:
        erase = reverse("practice:person_erase", args=[person.pk])
        done = client.post(erase, {"confirm": person.reference}, follow=True)  # its message read here
        assert f"{person.reference} has been erased." in done.content.decode()
    assert AuditEntry.objects.filter(object_repr="(erased)").count() == 4
    data = organisation_dataset(org, for_analysis=True)
    assert data.erased == 3 and organisation_dataset(cast.orgs["northbridge"]).erased == 1
    assert not {r.person_id for r in data.rows} & {study["people"][r].pk for r in ("NR-0", "MS-0")}
    [c] = organisation_analysis(data)
    assert (c.high.n, c.low.n, c.not_rated, c.high.missed) == (5, 5, 0, 0)

    page = manager.get(url).content.decode()
    said = "3 people&#x27;s records were erased at their request and are not included."
    section = page[page.index("Lost to follow-up (drop-outs)") : page.index("Download the data for analysis")]
    assert said in section  # with the comparison, after those lost to follow-up
    for name in ("NR-0", "MS-0", "HAR-2", "Named Person"):
        assert name not in page
    northbridge = cast.client("other_manager").get(url).content.decode()
    assert "1 person&#x27;s records were erased at their request and are not included." in northbridge
    assert "3 people" not in northbridge
    # The change page says it too, under its lead, so its counts are read knowing who is not in them.
    change = manager.get(reverse("measures:organisation")).content.decode()
    assert said in change and change.index('class="lead"') < change.index(said)

    out = io.StringIO()
    call_command("measures", "analysis", "--organisation", "Harbourside Connections", stdout=out)
    text = " ".join(out.getvalue().split())
    assert "3 people's records were erased at their request and are not included." in text
    assert (
        text.index("Lost to follow-up") < text.index("erased at their request") < text.index("Welch's t-test")
    )
    out = io.StringIO()
    call_command("measures", "analysis", "--json", stdout=out)
    found = {o["organisation"]: o["erased"] for o in json.loads(out.getvalue())["organisations"]}
    assert found["Harbourside Connections"] == 3


def test_study_ids_outlast_a_new_secret_key_but_not_another_sites_master_key() -> None:
    """Analysts join exports over the years by study id: rotating SECRET_KEY (sessions, signed links) must
    not change them; another site, with its own master key, gives the same person id another study id."""
    before = study_id(4242)
    with override_settings(SECRET_KEY="rotated-" + "x" * 60):
        assert study_id(4242) == before
    with override_settings(CPI_MASTER_KEY=b"\x07" * 32):
        assert study_id(4242) != before
    assert re.fullmatch(r"S-[0-9a-f]{10}", before) and study_id(4243) != before
