"""The high-versus-low table in words and figures, shared by `cpi measures analysis` and the analysis
page so both show the same thing: figures to two decimal places (half up, `lib/rounding.py`), p values as
"< 0.001" below that, and a dash where there is nothing to show."""

from __future__ import annotations

import math
from dataclasses import asdict

from connecting_people.lib.rounding import shown

from .analysis import Comparison, GroupChange, Interval

DASH = "—"


def figure(value: float | None, places: int = 2) -> str:
    if value is None or math.isnan(value):
        return DASH
    return shown(float(value), places)


def p_value(p: float | None) -> str:
    if p is None or math.isnan(p):
        return DASH
    return "< 0.001" if p < 0.001 else figure(p, 3)


def interval(i: Interval | None) -> str:
    if i is None:
        return DASH
    return f"{figure(i.estimate)} ({figure(i.low)} to {figure(i.high)})"


def _missing(g: GroupChange) -> str:
    return f"{g.no_follow_up} ({g.missed} recorded as missed)" if g.missed else str(g.no_follow_up)


def group_rows(c: Comparison) -> list[tuple[str, str, str]]:
    """(what, high fidelity, low fidelity) for one score at one follow-up."""
    return [
        ("People with a score at both times (n)", str(c.high.n), str(c.low.n)),
        ("Mean at baseline", figure(c.high.baseline_mean), figure(c.low.baseline_mean)),
        (f"Mean at {c.label.lower()}", figure(c.high.follow_up_mean), figure(c.low.follow_up_mean)),
        ("Mean change (95% CI)", interval(c.high.change), interval(c.low.change)),
        (
            "No baseline score"
            + (" (counted in the table of each way the versions reckon it)" if c.ways > 1 else ""),
            str(c.high.no_baseline),
            str(c.low.no_baseline),
        ),
        (
            f"Lost to follow-up (drop-outs): a baseline, no score at {c.label.lower()}",
            _missing(c.high),
            _missing(c.low),
        ),
        (f"{c.label} not due yet", str(c.high.not_yet), str(c.low.not_yet)),
        *(
            [
                (
                    f"Scored at {c.label.lower()} with a version that reckons it otherwise (not a change)",
                    str(c.high.other_version),
                    str(c.low.other_version),
                )
            ]
            if c.high.other_version or c.low.other_version
            else []
        ),
    ]


def erased_words(erased: int) -> str:
    """The people of the organisation erased, said beside those lost to follow-up; empty when none were."""
    if erased == 0:
        return ""
    if erased == 1:
        return "1 person's records were erased at their request and are not included."
    return f"{erased} people's records were erased at their request and are not included."


def test_rows(c: Comparison) -> list[tuple[str, str]]:
    """(test, result) comparing the groups; empty when they were not compared."""
    t = c.tests
    if t is None:
        return []
    return [
        ("Difference in mean change, high minus low (95% CI)", interval(t.difference)),
        (
            "Welch's t-test",
            f"t = {figure(t.welch_t)}, df = {figure(t.welch_df, 1)}, p {_p_phrase(t.welch_p)}",
        ),
        ("Mann–Whitney U", f"U = {figure(t.mann_whitney_u, 1)}, p {_p_phrase(t.mann_whitney_p)}"),
        ("Hedges' g (95% CI)", interval(t.hedges_g)),
        (
            "Adjusted for baseline (ANCOVA): difference at follow-up (95% CI)",
            f"{interval(t.adjusted)}, p {_p_phrase(t.adjusted_p)}",
        ),
    ]


def _p_phrase(p: float) -> str:
    text = p_value(p)
    return text if text.startswith("<") else f"= {text}"


def _clean(value: object) -> object:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def figures_of(c: Comparison) -> dict[str, object]:
    """Every figure unrounded, for `--json` (no number is NaN: those become null)."""
    data = asdict(c)
    data["time_point"] = c.label
    cleaned = _clean(data)
    assert isinstance(cleaned, dict)
    return cleaned
