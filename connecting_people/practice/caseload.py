"""The worker's caseload: for each person, last contact, next planned session, open goals and the
stage reached on each wheel, computed for the whole page in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from connecting_people.interventions.parts import WHEELS

from .models import GoalStatus, Person, SessionComponent, SessionStatus


@dataclass
class Stage:
    title: str
    position: int
    of: int


def with_summary(people: QuerySet[Person]) -> QuerySet[Person]:
    today = timezone.localdate()
    return people.annotate(
        last_contact=Max("sessions__date", filter=Q(sessions__status=SessionStatus.HELD)),
        next_planned=Min("sessions__date", filter=Q(sessions__status=SessionStatus.PLANNED, sessions__date__gte=today)),
        open_goals=Count("goals", filter=Q(goals__status=GoalStatus.ACTIVE), distinct=True),
    )


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
    return people

