"""Change over time. For one person: each score at each time point, drawn as points joined by a line
(SVG on the server, every point labelled with its value, the same figures as a table beside it), and for
the person a sentence in plain words ("You scored higher than at the start"). For an organisation: for
each instrument's first score and each follow-up, how much people changed since their baseline, as
counts of people by size of change, with n and the missing shown and never a name.

Drawing is ORM-free. `organisation_change` has the database pair each person's follow-up with their baseline
and count people by the two scores, so its work grows with the number of distinct scores, not of people."""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from xml.sax.saxutils import escape

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import NullIf
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from connecting_people.lib.rounding import shown
from connecting_people.practice.models import Person
from connecting_people.practice.summary import work_starts

from .dataset import exact
from .instrument import InstrumentData
from .models import BASELINE, Completion, Instrument, time_point_label
from .schedule import add_months
from .scoring import score_range

FONT = "DejaVu Sans, Verdana, sans-serif"
INK, MUTED, LINE, ACCENT = "#1b2628", "#4a5658", "#c9d1d0", "#1f5f63"


@dataclass(frozen=True)
class Point:
    months: int
    value: Fraction | None  # None: finished, but too many items missing to score

    @property
    def label(self) -> str:
        return time_point_label(self.months)


@dataclass(frozen=True)
class Series:
    """One instrument's scores over time for one person: its first score drawn, every score in the table."""

    instrument: str
    score: str  # the first score's label, e.g. "How connected (average, 1 to 5)"
    points: tuple[Point, ...]  # the first score at each finished time point, in order
    table: tuple[tuple[str, tuple[Fraction | None, ...]], ...]  # (score label, value per time point)
    missed: tuple[str, ...]  # time points recorded as not done
    # time points scored with a version that reckons the first score otherwise than the latest: not drawn
    other_versions: tuple[str, ...]
    chart: SafeString  # the SVG
    words: str  # the plain-words summary


def _series_words(series_points: tuple[Point, ...], for_person: bool) -> str:
    scored = [p for p in series_points if p.value is not None]
    if len(scored) < 2:
        return "There is only one score so far: the next one will show any change." if for_person else ""
    first, last = scored[0], scored[-1]
    assert first.value is not None and last.value is not None
    if last.value > first.value:
        how = "higher than"
    elif last.value < first.value:
        how = "lower than"
    else:
        how = "the same as"
    if for_person:
        start = "at the start" if first.months == BASELINE else f"at {first.label.lower()}"
        return f"At {last.label.lower()} you scored {how} {start}."
    return f"{last.label}: {shown(last.value, 1)}, {how} {first.label.lower()} ({shown(first.value, 1)})."


def person_charts(completions: Iterable[Completion], *, for_person: bool = False) -> list[Series]:
    """One series per instrument the person has finished: its first score (the total) drawn over time,
    and every score, subscales included, in the table, from the completions whose version reckons the
    first score as the version of the latest finished one does (`InstrumentData.reckons_like`); one from
    a version that reckons it otherwise is named apart, not put beside them, since the two cannot be
    compared. (The table's other scores are as those versions gave them.)"""
    by_key: dict[str, list[Completion]] = {}
    for c in completions:
        by_key.setdefault(c.instrument.key, []).append(c)
    out = []
    for rows in by_key.values():
        rows.sort(key=lambda c: c.months)
        done = [c for c in rows if c.finished_on]
        if not done:
            continue
        latest = max(done, key=lambda c: c.months).instrument
        definition = latest.definition()
        first = definition.scores[0]
        alike = _reckoned_alike(latest, definition, {c.instrument_id: c.instrument for c in done}.values())
        finished = [c for c in done if c.instrument_id in alike]
        low, high = score_range(definition, first)
        values = [c.score_values() for c in finished]
        points = tuple(Point(c.months, v.get(first.key)) for c, v in zip(finished, values, strict=True))
        out.append(
            Series(
                definition.title,
                first.label,
                points,
                tuple((s.label, tuple(v.get(s.key) for v in values)) for s in definition.scores),
                tuple(c.time_point for c in rows if c.missed_reason),
                tuple(
                    f"{c.time_point} (version {c.instrument.version})"
                    for c in done
                    if c.instrument_id not in alike
                ),
                # draw_line escapes every piece of text it puts in the SVG.
                mark_safe(
                    draw_line(
                        points, low, high, f"{definition.title}: {first.label}", f"chart-{definition.key}"
                    )
                ),
                _series_words(points, for_person),
            )
        )
    return out


def _reckoned_alike(
    latest: Instrument, definition: InstrumentData, versions: Iterable[Instrument]
) -> set[int]:
    """The ids of those of `versions` (each read once) that reckon the first score as `latest`, whose
    definition is `definition`, does (`InstrumentData.reckons_like`); `latest` is always among them."""
    key = definition.scores[0].key
    return {v.pk for v in versions if v.pk == latest.pk or definition.reckons_like(v.definition(), key)}


def draw_line(points: tuple[Point, ...], low: Fraction, high: Fraction, title: str, chart_id: str) -> str:
    """The score at each time point, on a scale from its lowest to its highest possible value: a dot with
    its value printed above it, joined by a line; a time point with no score is marked "no score"."""
    left, right, top, height = 70, 70, 30, 150
    width = 520
    step = (width - left - right) / max(len(points) - 1, 1)
    total = top + height + 44
    span = float(high - low) or 1.0

    def y(value: Fraction) -> float:
        return top + height - height * float(value - low) / span

    parts = [f'<rect width="{width}" height="{total}" fill="#ffffff"/>']
    for value in (low, high):
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - right}" y2="{y(value):.1f}" '
            f'stroke="{LINE}"/>'
            f'<text x="{left - 10}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="16" fill="{MUTED}" '
            f'font-family="{FONT}">{escape(shown(value, 1))}</text>'
        )
    xy = []
    for i, p in enumerate(points):
        x = left + i * step
        parts.append(
            f'<text x="{x}" y="{top + height + 34}" text-anchor="middle" font-size="17" fill="{INK}" '
            f'font-family="{FONT}">{escape(p.label)}</text>'
        )
        if p.value is None:
            parts.append(
                f'<text x="{x}" y="{top + height / 2}" text-anchor="middle" font-size="16" fill="{MUTED}" '
                f'font-family="{FONT}">no score</text>'
            )
            continue
        xy.append((x, y(p.value)))
        parts.append(
            f'<circle cx="{x}" cy="{y(p.value):.1f}" r="8" fill="{ACCENT}"/>'
            f'<text x="{x}" y="{y(p.value) - 14:.1f}" text-anchor="middle" font-size="20" font-weight="bold" '
            f'fill="{INK}" font-family="{FONT}">{escape(shown(p.value, 1))}</text>'
        )
    if len(xy) > 1:
        line = " ".join(f"{x},{yy:.1f}" for x, yy in xy)
        parts.insert(1, f'<polyline points="{line}" fill="none" stroke="{ACCENT}" stroke-width="3"/>')
    desc = (
        "; ".join(f"{p.label}: {'no score' if p.value is None else shown(p.value, 1)}" for p in points)
        + f". Scores run from {shown(low, 1)} to {shown(high, 1)}."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" class="circle-chart" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


# --- The organisation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    label: str  # e.g. "0 to 1"
    n: int


# Below this many people with a score at both times, an organisation's figures are not shown: in a small
# team a worker could tell whose change a bar or a mean is.
SMALLEST_GROUP = 5


@dataclass(frozen=True)
class Change:
    """Change since baseline at one follow-up, for one score, across an organisation. With fewer than
    SMALLEST_GROUP people scored at both times only the counts of people are kept, not how they changed."""

    instrument: str
    score: str
    months: int
    n: int  # people with a score at both
    no_follow_up: int  # with a baseline score and this follow-up due, but no score at it (any reason)
    missed: int  # of those, recorded as not done
    not_yet: int  # with a baseline score and this follow-up not due yet: not counted as missing
    mean: Fraction | None
    median: Fraction | None
    fewer: int  # scored lower than at baseline
    same: int
    more: int
    bins: tuple[Bin, ...]
    chart: SafeString
    # versions of the instrument someone finished, left out: they reckon the score otherwise than the latest
    left_out: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return time_point_label(self.months)

    @property
    def too_few(self) -> bool:
        return 0 < self.n < SMALLEST_GROUP


def _bins(changes: list[tuple[Fraction, int]], width: Fraction) -> tuple[Bin, ...]:
    """How many people changed by each amount, from (change, how many people) in order of change."""
    if not changes:
        return ()
    lo = math.floor(changes[0][0] / width)
    hi = math.floor(changes[-1][0] / width)
    counts = dict.fromkeys(range(lo, hi + 1), 0)
    for change, people in changes:
        counts[math.floor(change / width)] += people
    out = []
    for k, n in counts.items():
        start = k * width
        out.append(Bin(f"{shown(start, 1)} to under {shown(start + width, 1)}", n))
    return tuple(out)


def draw_bins(bins: tuple[Bin, ...], title: str, chart_id: str) -> str:
    """Horizontal bars: how many people changed by each amount, the count printed beside each bar."""
    if not bins:
        return ""
    label_w, plot_w, row_h, top = 170, 220, 30, 8
    most = max(b.n for b in bins) or 1
    width, total = label_w + plot_w + 40, top * 2 + row_h * len(bins)
    parts = [f'<rect width="{width}" height="{total}" fill="#ffffff"/>']
    for i, b in enumerate(bins):
        y = top + i * row_h
        w = plot_w * b.n / most
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{INK}" font-family="{FONT}">{escape(b.label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{ACCENT}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" font-size="13" font-weight="bold" '
            f'fill="{INK}" font-family="{FONT}">{b.n}</text>'
        )
    desc = "; ".join(f"{b.label}: {b.n}" for b in bins) + "."
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" class="circle-chart" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def organisation_change(organisation_id: int, today: dt.date | None = None) -> list[Change]:
    """For each instrument (its first score) and each follow-up anyone reached: the change since baseline.
    Someone whose follow-up is not due yet is not missing. The rows are those of every version that
    reckons the score as the latest version anyone finished does (`InstrumentData.reckons_like`: a
    change is between two scores reckoned alike; the analysis page compares each other way on its own). The
    instruments in one query, then one for each instrument, and up to two more when someone has no row
    at a follow-up (`_instrument_change`)."""
    today = today or timezone.localdate()
    done = Completion.objects.exclude(finished_on__isnull=True, missed_reason="")  # finished, or not done
    versions: dict[str, list[Instrument]] = {}
    latest: dict[str, Instrument] = {}
    loaded = (
        Instrument.objects.filter(organisation_id=organisation_id)
        .annotate(
            used=Exists(done.filter(instrument=OuterRef("pk"))),
            finished=Exists(done.filter(instrument=OuterRef("pk"), finished_on__isnull=False)),
        )
        .order_by("key", "finished", "pk")  # within a key, those only recorded as missed first
    )
    scored: set[int] = set()  # versions anyone finished
    for version in loaded:
        if version.finished:
            scored.add(version.pk)
        if version.used:  # anyone finished it or recorded it as missed
            versions.setdefault(version.key, []).append(version)
            latest[version.key] = version  # the latest finished, else recorded as missed
    out = []
    for key, instrument in sorted(latest.items()):
        definition = instrument.definition()
        used = versions[key]
        alike = _reckoned_alike(instrument, definition, used)
        rows = done.filter(instrument_id__in=alike)
        left_out = tuple(v.version for v in used if v.pk not in alike and v.pk in scored)
        out += _instrument_change(instrument, definition, rows, today, left_out)
    return out


def _instrument_change(
    instrument: Instrument,
    definition: InstrumentData,
    rows: QuerySet[Completion],
    today: dt.date,
    left_out: tuple[str, ...],
) -> list[Change]:
    """The change at each follow-up for one instrument's first score (`definition` is the instrument's),
    over `rows` (its completions of the versions reckoning that score alike, finished or recorded as not
    done; `left_out`: the versions finished that reckon it otherwise). The database pairs each follow-up with
    the same person's baseline and counts people by the two scores as stored (exact text such as '7/3'),
    so only the few hundred distinct pairs are turned into fractions, whatever the number of people; the
    figures stay exact. The same query counts the baseline scores, so it tells how many people have no row
    at each follow-up; only when someone has none does a second query look for those not due it yet, who
    are not missing."""
    first = definition.scores[0]
    low, high = score_range(definition, first)
    width = max(Fraction(high - low) / 10, Fraction(1, 2)) if high - low > 5 else Fraction(1)
    baseline = rows.filter(months=BASELINE).annotate(value=_stored(first.key)).order_by()
    pairs = (
        rows.annotate(
            base=Subquery(baseline.filter(person=OuterRef("person")).values("value")[:1]),
            later=_stored(first.key),
        )
        .values("months", "base", "later")
        .annotate(people=Count("pk"), missed=Count("pk", filter=~Q(missed_reason="")))
        .values_list("months", "base", "later", "people", "missed")
        .order_by()
    )
    scored = 0  # people with a baseline score
    with_row: Counter[int] = Counter()  # of them, how many have a row at each follow-up
    changes: dict[int, Counter[Fraction]] = defaultdict(Counter)
    gone: Counter[int] = Counter()
    missed: Counter[int] = Counter()
    for months, base, later, people, not_done in pairs:
        if months == BASELINE:
            scored += people if later is not None else 0
            continue
        reached = changes[months]  # every follow-up anyone reached is reported, with a baseline or not
        if base is None:
            continue
        with_row[months] += people
        if later is None:
            gone[months] += people
            missed[months] += not_done
        else:
            reached[exact(later) - exact(base)] += people
    follow_ups = sorted(changes)
    lacking = {months: scored - with_row[months] for months in follow_ups}
    not_yet = Counter[int]()
    if any(lacking.values()):
        not_yet = _not_yet(instrument, rows, baseline.filter(value__isnull=False), follow_ups, today)
    for months in follow_ups:
        gone[months] += lacking[months] - not_yet[months]
    out = []
    for months in follow_ups:
        n = sum(changes[months].values())
        # Each distinct change with how many people changed by it, in order; none below SMALLEST_GROUP.
        counted = sorted(changes[months].items()) if n >= SMALLEST_GROUP else []
        bins = _bins(counted, width)
        title = (
            f"{definition.title}: change in {first.label} from baseline to {time_point_label(months).lower()}"
        )
        out.append(
            Change(
                definition.title,
                first.label,
                months,
                n,
                gone[months],
                missed[months],
                not_yet[months],
                Fraction(sum(c * k for c, k in counted), n) if counted else None,
                _median(counted, n) if counted else None,
                sum(k for c, k in counted if c < 0),
                sum(k for c, k in counted if c == 0),
                sum(k for c, k in counted if c > 0),
                bins,
                # draw_bins escapes every piece of text it puts in the SVG.
                mark_safe(draw_bins(bins, title, f"change-{instrument.key}-{months}")),
                left_out,
            )
        )
    return out


def _not_yet(
    instrument: Instrument,
    rows: QuerySet[Completion],
    scored: QuerySet[Completion],
    follow_ups: list[int],
    today: dt.date,
) -> Counter[int]:
    """Of the people with a baseline score (`scored`: those baselines) and no row at a follow-up, how many
    are not due it yet, by when their work began (practice.summary.work_starts). Only someone whose work
    began within the longest follow-up can be: the work began on the consent date when there is one, and
    a month is at most 31 days, so only those people are read."""
    recent = today - dt.timedelta(days=31 * max(follow_ups))
    at = {f"at_{m}": Exists(rows.filter(person=OuterRef("pk"), months=m)) for m in follow_ups}
    people = list(
        Person.objects.filter(
            Q(consent_to_work_on__isnull=True) | Q(consent_to_work_on__gt=recent),
            Exists(scored.filter(person=OuterRef("pk"))),
            organisation_id=instrument.organisation_id,
        )
        .annotate(**at)
        .filter(reduce(operator.or_, (Q(**{name: False}) for name in at)))
        .only("pk", "organisation_id", "consent_to_work_on", "created_at")
        .order_by()
    )
    starts = work_starts(people)
    not_yet: Counter[int] = Counter()
    for person in people:
        for months in follow_ups:
            if not getattr(person, f"at_{months}") and add_months(starts[person.pk][1], months) > today:
                not_yet[months] += 1
    return not_yet


def _stored(key: str) -> NullIf:
    """One score of a completion as stored (exact text such as '7/3'), NULL when it has none. SQLite gives
    a JSON null as the text 'null', which no score is, so that is made NULL too."""
    return NullIf(KeyTextTransform(key, "scores"), Value("null", output_field=TextField()))


def _median(counted: list[tuple[Fraction, int]], n: int) -> Fraction:
    """The median, exactly (the mean of the middle two for an even count), of `n` values given in order as
    (value, how many times)."""
    wanted = [(n - 1) // 2, n // 2]  # the positions of the middle value or values, from 0
    found: list[Fraction] = []
    seen = 0
    for value, times in counted:
        seen += times
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return (found[0] + found[1]) / 2
