"""The fidelity profile: how closely a worker's practice follows the model, by component and by who rated
it (the supervisor, the worker themselves, the person supported) side by side, over time, and beside the
gold standard. One worker's, one worker–person pair's, or the organisation's (no name in it).

**Beside the gold standard.** The gold standard (guide/gold.py) rates, per component, the practice of the
organisation in the study that does it best, on the guide's own rating scale ("How fully the practice is
in place", 1 to 5 by default), and writes down its procedure. A fidelity scale rates the same components
(its items point at them by key) on a scale of its own (0 to 4 for ours), with other anchors. The two are
never subtracted as if they were one scale: each mean is also shown as how far along its own scale it
lies (`share`: 0 the lowest step, 1 the highest), the gap is the gold standard's share less the rating's,
in percentage points, and the page says that the scales' steps differ, so the gap points at where to
look rather than measuring it. Beside the numbers stand the gold standard's level in its own words and its
procedure, from the latest release of the guide.

The core (`build`) is ORM-free: ratings as `Rated` tuples in, a `Profile` out. `gold_levels` reads the
gold standard through the guide's own `gaps_for` (what the working style and the self-assessment use), so
the three never disagree about what the gold standard is."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import QuerySet
from django.http import Http404
from django.utils.safestring import SafeString

from connecting_people.guide.builds import document_of
from connecting_people.guide.getters import guide_for_assessment, released_draft
from connecting_people.guide.gold import ScaleError, gaps_for, scale
from connecting_people.lib.rounding import percent, points
from connecting_people.lib.svgchart import (
    GROUPED_NARROW,
    GROUPED_WIDE,
    BarGroup,
    GroupBar,
    Grouped,
    GroupLayout,
    grouped_bars,
)

from .fidelity import FidelityItem, FidelityScaleData
from .getters import comparable_scales
from .models import FidelityRating, FidelityScale, RaterRole

ROLES: tuple[str, ...] = tuple(RaterRole.values)
ROLE_NAMES = {"supervisor": "Supervisor", "worker": "Worker", "person": "Person supported"}


def rater_words(roles: Iterable[str]) -> str:
    """'the supervisor', 'the supervisor and the worker': who a scale's `group_by` names, for a page."""
    words = [f"the {ROLE_NAMES[r].lower()}" for r in roles]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class Rated:
    """One fidelity rating as the profile needs it."""

    role: str
    rated_on: dt.date
    ratings: Mapping[str, int]  # item key -> rating
    score: Fraction | None


@dataclass(frozen=True)
class GoldLevel:
    """The gold standard on one component: the best site's exact average on the guide's rating scale, that
    level in words, and the released procedure (empty where none is held up as gold)."""

    average: Fraction
    low: int
    top: int
    words: str
    procedure: str = ""
    provenance: str = ""

    @property
    def share(self) -> Fraction:
        return (self.average - self.low) / (self.top - self.low)


@dataclass(frozen=True)
class RoleMean:
    mean: Fraction | None  # the mean of every rating given to the component's items by this role
    n: int  # how many item ratings
    share: Fraction | None  # how far along the fidelity scale the mean lies, 0 to 1
    gap: Fraction | None  # the gold standard's share less this one (positive: below the gold standard)

    @property
    def below(self) -> Fraction | None:
        return self.gap if self.gap is not None and self.gap > 0 else None

    @property
    def above(self) -> Fraction | None:
        return -self.gap if self.gap is not None and self.gap < 0 else None


@dataclass(frozen=True)
class ComponentRow:
    key: str
    title: str
    items: tuple[FidelityItem, ...]
    by_role: tuple[RoleMean, ...]  # in the order of Profile.roles
    gold: GoldLevel | None


@dataclass(frozen=True)
class MonthRow:
    month: dt.date  # the first of the month
    by_role: tuple[tuple[Fraction | None, int], ...]  # (mean score, ratings) per role, in Profile.roles order


@dataclass(frozen=True)
class Profile:
    scale: FidelityScaleData
    roles: tuple[str, ...]
    components: tuple[ComponentRow, ...]
    months: tuple[MonthRow, ...]
    counts: tuple[int, ...]  # ratings per role
    gold_known: bool  # whether a released guide gives the gold standard at all

    @property
    def total(self) -> int:
        return sum(self.counts)

    def role_names(self) -> list[str]:
        return [ROLE_NAMES[r] for r in self.roles]

    def role_counts(self) -> list[tuple[str, int]]:
        return list(zip(self.role_names(), self.counts, strict=True))


def _share(value: Fraction, low: int, top: int) -> Fraction:
    return (value - low) / (top - low)


def _mean(values: list[int] | list[Fraction]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def build(
    data: FidelityScaleData,
    ratings: Iterable[Rated],
    titles: Mapping[str, str],
    gold: Mapping[str, GoldLevel] | None,
) -> Profile:
    """The profile of `ratings` (all made with the scale `data`). Per component in the scale's order: each
    role's mean rating over every item pointing at it and every rating, its share of the scale and the gap
    to the gold standard; per month, each role's mean score; and each role's count. The roles are those
    the scale is rated by, in the order supervisor, worker, person."""
    shown = tuple(r for r in ROLES if r in data.rated_by)
    values: dict[tuple[str, str], list[int]] = defaultdict(list)  # (component, role) -> item ratings
    by_month: dict[tuple[dt.date, str], list[Fraction]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    component_of = {i.key: i.component for i in data.items}
    for r in ratings:
        if r.role not in shown:
            continue
        counts[r.role] += 1
        if r.score is not None:
            by_month[(r.rated_on.replace(day=1), r.role)].append(r.score)
        for key, value in r.ratings.items():
            if key in component_of and value is not None:
                values[(component_of[key], r.role)].append(value)
    rows = []
    for key in data.components:
        level = gold.get(key) if gold is not None else None
        means = []
        for role in shown:
            given = values.get((key, role), [])
            mean = _mean(given)
            share = None if mean is None else _share(mean, data.low, data.top)
            gap = None if share is None or level is None else level.share - share
            means.append(RoleMean(mean, len(given), share, gap))
        rows.append(
            ComponentRow(
                key,
                titles.get(key, key),
                tuple(i for i in data.items if i.component == key),
                tuple(means),
                level,
            )
        )
    months = sorted({m for m, _role in by_month})
    return Profile(
        data,
        shown,
        tuple(rows),
        tuple(
            MonthRow(
                m,
                tuple(
                    (_mean(by_month.get((m, role), [])), len(by_month.get((m, role), []))) for role in shown
                ),
            )
            for m in months
        ),
        tuple(counts.get(r, 0) for r in shown),
        gold is not None,
    )


def _level_words(average: Fraction, labels: Mapping[int, str]) -> str:
    """'Exemplary' for a whole level; 'between Routinely and Exemplary' for an average between two."""
    if average.denominator == 1 and int(average) in labels:
        return labels[int(average)]
    below = max((s for s in labels if s <= average), default=min(labels))
    above = min((s for s in labels if s >= average), default=max(labels))
    return f"between {labels[below]} and {labels[above]}"


def gold_levels() -> dict[str, GoldLevel] | None:
    """Component key -> the gold standard's level and procedure, from the guide most recently released
    (`guide_for_assessment`, as the self-assessment and the working style compare with). None when no guide
    is released yet or its rating scale cannot be read; a component no site was rated on is left out."""
    try:
        guide = guide_for_assessment()
        rating_scale = scale()
        doc = document_of(released_draft())
    except (Http404, ScaleError):
        return None
    labels = {level.score: level.label for level in rating_scale.levels}
    low, top = min(labels), max(labels)
    out: dict[str, GoldLevel] = {}
    for row in gaps_for(guide, {}):
        if row.gold is None:
            continue
        procedure = doc.procedure(row.component.key)
        gold_text = procedure is not None and procedure.is_gold
        out[row.component.key] = GoldLevel(
            row.gold,
            low,
            top,
            _level_words(row.gold, labels),
            procedure.text if procedure is not None and gold_text else "",
            procedure.public_provenance if procedure is not None and gold_text else "",
        )
    return out


def profile_for(scale_row: FidelityScale, ratings: QuerySet[FidelityRating]) -> Profile:
    """The profile of `ratings` made with the organisation's current scale or a version comparable with it
    (`getters.comparable_scales`; one whose anchors differ is left out), each item read against the
    component it points at now (moved with the model), beside the gold standard. Four queries and the gold
    standard's own."""
    data, titles = scale_row.placed_definition()
    rated = [
        Rated(role, rated_on, given, Fraction(score) if score else None)
        for role, rated_on, given, score in ratings.filter(scale_id__in=comparable_scales(scale_row))
        .order_by("rated_on", "id")
        .values_list("rater_role", "rated_on", "ratings", "score")
    ]
    return build(data, rated, titles, gold_levels())


def _value(mean: Fraction | None, share: Fraction | None, top: int) -> str:
    return "not rated" if mean is None else f"{points(mean)} of {top}, {percent(share)}"


def chart(profile: Profile, chart_id: str, layout: GroupLayout = GROUPED_WIDE) -> SafeString:
    """Each component's mean rating by each rater and the gold standard's level, as how far along its own
    scale each lies (grouped bars, values printed; the page's table says the same)."""
    data = profile.scale
    groups = []
    for row in profile.components:
        bars = [
            GroupBar(n, ROLE_NAMES[role], m.share, _value(m.mean, m.share, data.top))
            for n, (role, m) in enumerate(zip(profile.roles, row.by_role, strict=True))
        ]
        if profile.gold_known:
            g = row.gold
            bars.append(
                GroupBar(
                    3,
                    "Gold standard",
                    g.share if g else None,
                    _value(g.average, g.share, g.top) if g else "not rated in the study",
                    dashed=True,
                )
            )
        groups.append(BarGroup(row.title, tuple(bars)))
    who = ", ".join(ROLE_NAMES[r].lower() for r in profile.roles)
    return grouped_bars(
        Grouped(
            "Fidelity by component, by who rated it"
            + (", beside the gold standard" if profile.gold_known else ""),
            f"For each component, the average rating by the {who}"
            + (" and the gold standard's level" if profile.gold_known else "")
            + ", each as how far along its own scale it lies (0% the lowest step, 100% the highest). "
            "The table below gives the same figures.",
            tuple(groups),
            "How far along its own scale (0% lowest step, 100% highest)",
        ),
        chart_id,
        layout,
    )


def charts(profile: Profile, chart_id: str) -> tuple[SafeString, SafeString]:
    """The chart for a wide screen and for a phone (the page shows one of them)."""
    return chart(profile, chart_id), chart(profile, f"{chart_id}-narrow", GROUPED_NARROW)
