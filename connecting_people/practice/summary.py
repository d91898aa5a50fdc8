"""What the caseload and the person's page read from the person's row rather than from their records:
last contact, the earliest session still planned, open goals, when a review is due, when a scheduled
outcome measure is next due, the earliest community link to follow up, the stage reached on each wheel, and
the version of the page. The actions that change a record call these in their transaction
(practice/actions.py, maps.do_new_map)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from connecting_people.interventions.parts import WHEELS
from connecting_people.measures.schedule import due_dates

from .models import (
    CommunityLink,
    Goal,
    GoalStatus,
    LinkState,
    Person,
    Review,
    Session,
    SessionComponent,
    SessionStatus,
)


def work_began(person: Person, first_session: dt.date | None) -> dt.date:
    """When the work began: consent to work together, else the first session, else when the record was
    made."""
    made = person.created_at.date() if person.created_at else timezone.localdate()  # not yet saved: today
    return person.consent_to_work_on or first_session or made


def work_starts(people: Iterable[Person]) -> dict[int, tuple[int, dt.date]]:
    """Person id -> (organisation id, when the work began), for the measures due of people already
    loaded (measures/schedule.py). At most one query."""
    rows = list(people)
    need = [p.pk for p in rows if p.consent_to_work_on is None]
    first: dict[int, dt.date] = {}
    if need:
        sessions = Session.objects.filter(person__in=need).order_by().values("person").annotate(d=Min("date"))
        first = {row["person"]: row["d"] for row in sessions}
    return {p.pk: (p.organisation_id, work_began(p, first.get(p.pk))) for p in rows}


def due_from(person: Person, agreed: dt.date | None, first_session: dt.date | None) -> dt.date:
    """The one rule for when a review is due: the date agreed at the last review, else the person's
    interval after the work began."""
    if agreed is not None:
        return agreed
    return work_began(person, first_session) + dt.timedelta(weeks=person.review_every_weeks)


# What refresh_summary writes on the person's row.
SUMMARY_FIELDS = (
    "last_contact",
    "next_session",
    "open_goals",
    "review_due",
    "measures_due",
    "link_follow_up",
    "worker_wheel_at",
    "individual_wheel_at",
    "record_version",
)


def reached(person_ids: list[int]) -> dict[int, dict[str, int]]:
    """Person id -> {wheel part: id of the component most recently worked on in a held session}."""
    links = (
        SessionComponent.objects.filter(
            session__person__in=person_ids, session__status=SessionStatus.HELD, component__part__in=WHEELS
        )
        .order_by("-session__date", "-session_id", "-component__order")
        .values_list("session__person_id", "component__part", "component_id")
    )
    out: dict[int, dict[str, int]] = {}
    for person, part, component in links:
        out.setdefault(person, {}).setdefault(part, component)
    return out


def _records(person_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Person id -> what their records say: last held session, earliest planned one, first session,
    active goals, the next review agreed at the last one, and the earliest follow-up of an open link."""
    if not person_ids:
        return {}
    sessions = Session.objects.filter(person=OuterRef("pk")).order_by()
    open_goals = (
        Goal.objects.filter(person=OuterRef("pk"), status=GoalStatus.ACTIVE)
        .order_by()
        .values("person")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = (
        Person.objects.filter(pk__in=person_ids)
        .annotate(
            held_last=Subquery(
                sessions.filter(status=SessionStatus.HELD).order_by("-date").values("date")[:1]
            ),
            planned_first=Subquery(
                sessions.filter(status=SessionStatus.PLANNED).order_by("date").values("date")[:1]
            ),
            first_session=Subquery(sessions.order_by("date").values("date")[:1]),
            active_goals=Coalesce(Subquery(open_goals), 0),
            agreed_review=Subquery(
                Review.objects.filter(person=OuterRef("pk"))
                .order_by("-held_on", "-id")
                .values("next_review_on")[:1]
            ),
            follow_up=Subquery(
                CommunityLink.objects.filter(person=OuterRef("pk"), follow_up_on__isnull=False)
                .exclude(state=LinkState.STOPPED)
                .order_by("follow_up_on")
                .values("follow_up_on")[:1]
            ),
        )
        .values(
            "pk", "held_last", "planned_first", "first_session", "active_goals", "agreed_review", "follow_up"
        )
    )
    return {row["pk"]: row for row in rows}


def _set_summary(person: Person, found: dict[str, Any] | None, at: dict[str, int]) -> None:
    """Everything but measures_due, which needs the schedules of all the people at once
    (_set_measures_due)."""
    found = found or {}
    person.last_contact = found.get("held_last")
    person.next_session = found.get("planned_first")
    person.open_goals = found.get("active_goals", 0)
    person.review_due = due_from(person, found.get("agreed_review"), found.get("first_session"))
    person.link_follow_up = found.get("follow_up")
    person.worker_wheel_at_id = at.get("worker_wheel")
    person.individual_wheel_at_id = at.get("individual_wheel")
    person.record_version = uuid.uuid4()


def _set_measures_due(people: list[Person], found: dict[int, dict[str, Any]]) -> None:
    """When each person's earliest outstanding scheduled measure is due (measures/schedule.py)."""
    dates = due_dates(
        {
            p.pk or 0: (p.organisation_id, work_began(p, found.get(p.pk, {}).get("first_session")))
            for p in people
        }
    )
    for p in people:
        p.measures_due = dates.get(p.pk or 0)


def fill_summary(person: Person) -> None:
    """Set the columns on a person about to be saved (new or edited), so the save writes them at once."""
    ids = [person.pk] if person.pk else []
    found = _records(ids)
    _set_summary(person, found.get(person.pk), reached(ids).get(person.pk, {}))
    _set_measures_due([person], found)


def refresh_summary(person_ids: list[int]) -> None:
    """Work out again, from their records, what the caseload shows of these people (last contact, the
    earliest session still planned, open goals, when a review is due, the earliest link to follow up, the
    stage on each wheel), and give
    their pages a new version. Called by the actions that change a record, inside their transaction."""
    people = list(
        Person.objects.filter(pk__in=person_ids).only(
            "pk", "organisation_id", "consent_to_work_on", "created_at", "review_every_weeks"
        )
    )
    found, stages = _records(person_ids), reached(person_ids)
    for person in people:
        _set_summary(person, found.get(person.pk), stages.get(person.pk, {}))
    _set_measures_due(people, found)
    Person.objects.bulk_update(people, SUMMARY_FIELDS, batch_size=500)


def refresh_measures_due(person_ids: list[int]) -> None:
    """Work out again when these people's scheduled measures are next due (after a measure is done or its
    schedule changed), giving their pages a new version. Inside the caller's transaction."""
    people = list(
        Person.objects.filter(pk__in=person_ids).only(
            "pk", "organisation_id", "consent_to_work_on", "created_at"
        )
    )
    dates = due_dates(work_starts(people))
    for person in people:
        person.measures_due = dates.get(person.pk)
        person.record_version = uuid.uuid4()
    Person.objects.bulk_update(people, ["measures_due", "record_version"], batch_size=500)


def refresh_all_summaries(chunk: int = 1000) -> int:
    """refresh_summary for everyone (after a bulk load). Returns how many people."""
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            refresh_summary(ids[start : start + chunk])
    return len(ids)


def touch(person_ids: Iterable[int]) -> None:
    """A new version of these people's pages, for a change the caseload's columns do not depend on."""
    Person.objects.filter(pk__in=list(person_ids)).update(record_version=uuid.uuid4())
