"""The worker's caseload: for each person, last contact, next planned session, open goals and the
stage reached on each wheel, computed for the whole page in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from connecting_people.interventions.parts import WHEELS

from .models import Goal, GoalStatus, Person, Review, Session, SessionComponent, SessionStatus


@dataclass
class Stage:
    title: str
    position: int
    of: int


def with_summary(people: QuerySet[Person]) -> QuerySet[Person]:
    """One correlated subquery per column, each served by an index, rather than joining sessions, goals
    and reviews together (whose product grows with every record kept)."""
    today = timezone.localdate()
    sessions = Session.objects.filter(person=OuterRef("pk"))
    open_goals = (Goal.objects.filter(person=OuterRef("pk"), status=GoalStatus.ACTIVE).order_by()
                  .values("person").annotate(n=Count("id")).values("n"))
    return people.annotate(
        last_contact=Subquery(sessions.filter(status=SessionStatus.HELD).order_by("-date").values("date")[:1]),
        next_planned=Subquery(sessions.filter(status=SessionStatus.PLANNED, date__gte=today).order_by("date").values("date")[:1]),
        first_session=Subquery(sessions.order_by("date").values("date")[:1]),
        open_goals=Coalesce(Subquery(open_goals), 0),
        agreed_review=Subquery(Review.objects.filter(person=OuterRef("pk")).order_by("-held_on", "-id")
                               .values("next_review_on")[:1]),
    )


def review_due(person: Any) -> Any:
    """When the next review is due, from the annotations above (same rule as reviews.next_review_due)."""
    if person.agreed_review:
        return person.agreed_review
    start = person.consent_to_work_on or person.first_session or person.created_at.date()
    return start + dt.timedelta(weeks=person.review_every_weeks)


def wheel_stages(people: list[Person]) -> dict[int, dict[str, Stage]]:
    """The component most recently worked on in each wheel, per person (one query)."""
    from connecting_people.interventions.models import Component

    links = list(SessionComponent.objects
                 .filter(session__person__in=[p.pk for p in people], session__status=SessionStatus.HELD,
                         component__part__in=WHEELS)
                 .order_by("-session__date", "-session_id", "-component__order")
                 .values("session__person_id", "component__part", "component__title", "component__order",
                         "component__version_id"))
    versions = {row["component__version_id"] for row in links}
    sizes = {(r["version_id"], r["part"]): r["n"] for r in
             Component.objects.filter(version_id__in=versions, part__in=WHEELS).values("version_id", "part").annotate(n=Count("id"))} \
        if versions else {}
    stages: dict[int, dict[str, Stage]] = {}
    for row in links:
        person, part = row["session__person_id"], row["component__part"]
        if part not in stages.setdefault(person, {}):
            stages[person][part] = Stage(row["component__title"], row["component__order"],
                                         sizes.get((row["component__version_id"], part), 0))
    return stages


def attach(people: list[Any]) -> list[Any]:
    stages = wheel_stages(people)
    for person in people:
        person.stages = stages.get(person.pk, {})
        person.worker_stage = person.stages.get("worker_wheel")
        person.individual_stage = person.stages.get("individual_wheel")
        if hasattr(person, "agreed_review"):
            person.review_due = review_due(person)
    return people



@dataclass
class Row:
    """One line of the caseload, as plain values, so that a page of 50 renders without touching the ORM."""
    pk: int
    name: str
    reference: str
    workers: str
    last_contact: Any
    next_planned: Any
    open_goals: int
    review_due: Any
    worker_stage: Stage | None
    individual_stage: Stage | None


def rows(people: list[Person]) -> list[Row]:
    """The people of one page (from with_summary, workers prefetched) as caseload rows."""
    attach(people)
    return [Row(p.pk, p.preferred_name or p.full_name, p.reference,
                ", ".join(w.get_full_name() or w.username for w in p.workers.all()),
                p.last_contact, p.next_planned, p.open_goals, p.review_due, p.worker_stage, p.individual_stage)
            for p in people]
