"""When each scheduled measure is due for a person: the baseline when the work begins, then each follow-up
that many months later. A time point stays outstanding until it is finished or recorded as missed (with
the reason), so nothing silently drops out of the data. The earliest outstanding date is kept on the
person's row (`Person.measures_due`, written by practice/summary.py with the other caseload columns) so
the start page and the caseload find who has a measure due without reading anyone's measures.

`outstanding` is ORM-free; `due_dates` and `outstanding_for` read the schedules and completions of many
people in two queries."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .models import BASELINE, Completion, ScheduledMeasure, time_point_label

DUE_DAYS = 14  # a measure shows as due a fortnight before its date


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 January + 1: 28/29
    February)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Planned:
    """One instrument in an organisation's schedule, as the due-date rule needs it."""

    key: str  # the instrument's key: a time point done with an older version still counts
    title: str
    instrument_id: int  # the version in use now
    months: tuple[int, ...]  # 0 (baseline) and the follow-ups


@dataclass(frozen=True)
class TimePoint:
    key: str
    title: str
    instrument_id: int
    months: int
    due_on: dt.date

    @property
    def label(self) -> str:
        return time_point_label(self.months)


def outstanding(start: dt.date, plan: Iterable[Planned], done: set[tuple[str, int]]) -> list[TimePoint]:
    """Every scheduled time point not yet finished or recorded as missed, soonest first."""
    points = [
        TimePoint(p.key, p.title, p.instrument_id, m, add_months(start, m))
        for p in plan
        for m in p.months
        if (p.key, m) not in done
    ]
    return sorted(points, key=lambda t: (t.due_on, t.title, t.months))


def plans(organisation_ids: Iterable[int]) -> dict[int, list[Planned]]:
    """Organisation id -> its schedule. One query."""
    out: dict[int, list[Planned]] = {}
    rows = ScheduledMeasure.objects.filter(organisation_id__in=set(organisation_ids)).values_list(
        "organisation_id", "instrument__key", "instrument__title", "instrument_id", "follow_up_months"
    )
    for organisation_id, key, title, instrument_id, follow_ups in rows:
        months = (BASELINE, *sorted({int(m) for m in follow_ups}))
        out.setdefault(organisation_id, []).append(Planned(key, title, instrument_id, months))
    return out


def done_by_person(person_ids: Iterable[int]) -> dict[int, set[tuple[str, int]]]:
    """Person id -> the (instrument key, months) finished or recorded as missed. One query."""
    out: dict[int, set[tuple[str, int]]] = {}
    rows = (
        Completion.objects.filter(person__in=list(person_ids))
        .exclude(finished_on__isnull=True, missed_reason="")
        .values_list("person_id", "instrument__key", "months")
    )
    for person_id, key, months in rows:
        out.setdefault(person_id, set()).add((key, months))
    return out


def due_dates(people: Mapping[int, tuple[int, dt.date]]) -> dict[int, dt.date | None]:
    """Person id -> the date their earliest outstanding measure is due (None: nothing scheduled is
    outstanding), for people given as id -> (organisation id, start of the work). Two queries."""
    if not people:
        return {}
    schedule = plans(org for org, _ in people.values())
    if not schedule:
        return dict.fromkeys(people)
    done = done_by_person(people)
    out: dict[int, dt.date | None] = {}
    for pk, (organisation_id, start) in people.items():
        left = outstanding(start, schedule.get(organisation_id, []), done.get(pk, set()))
        out[pk] = left[0].due_on if left else None
    return out


def outstanding_for(people: Mapping[int, tuple[int, dt.date]]) -> dict[int, list[TimePoint]]:
    """Person id -> every outstanding time point (same input as due_dates). Two queries."""
    schedule = plans(org for org, _ in people.values())
    done = done_by_person(people) if schedule else {}
    return {
        pk: outstanding(start, schedule.get(organisation_id, []), done.get(pk, set()))
        for pk, (organisation_id, start) in people.items()
    }
