"""The worker's caseload: for each person, last contact, next planned session, open goals and the
stage reached on each wheel, computed for the whole page in a fixed number of queries."""

from __future__ import annotations

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
    """When the next review is due, from the annotations above."""
    from .reviews import due_from

    return due_from(person, person.agreed_review, person.first_session)


def reached(person_ids: list[int]) -> dict[int, dict[str, int]]:
    """Person id -> {wheel part: id of the component most recently worked on in a held session}."""
    links = (SessionComponent.objects
             .filter(session__person__in=person_ids, session__status=SessionStatus.HELD, component__part__in=WHEELS)
             .order_by("-session__date", "-session_id", "-component__order")
             .values_list("session__person_id", "component__part", "component_id"))
    out: dict[int, dict[str, int]] = {}
    for person, part, component in links:
        out.setdefault(person, {}).setdefault(part, component)
    return out


def refresh_stages(person_ids: list[int]) -> None:
    """Recompute where these people have reached on each wheel (after a session is saved)."""
    found = reached(person_ids)
    for pk in person_ids:
        at = found.get(pk, {})
        Person.objects.filter(pk=pk).update(worker_wheel_at_id=at.get("worker_wheel"),
                                            individual_wheel_at_id=at.get("individual_wheel"))


def refresh_all_stages(chunk: int = 1000) -> int:
    """Recompute for everyone (after a bulk load or a restore). Returns how many people."""
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        refresh_stages(ids[start:start + chunk])
    return len(ids)


_SIZES: dict[tuple[int, str], int] = {}


def forget_sizes(**_: Any) -> None:
    _SIZES.clear()


def _sizes(version_ids: set[int]) -> dict[tuple[int, str], int]:
    """Components per (version, wheel). Published versions never change, so theirs are kept."""
    from connecting_people.interventions.models import Component, VersionStatus

    missing = {v for v in version_ids if not any((v, part) in _SIZES for part in WHEELS)}
    found = dict(_SIZES)
    if missing:
        for row in (Component.objects.filter(version_id__in=missing, part__in=WHEELS)
                    .values("version_id", "part", "version__status").annotate(n=Count("id"))):
            key = (row["version_id"], row["part"])
            found[key] = row["n"]
            if row["version__status"] == VersionStatus.PUBLISHED:
                _SIZES[key] = row["n"]
    return found


def wheel_stages(people: list[Person]) -> dict[int, dict[str, Stage]]:
    """The stage reached on each wheel, per person, from the components kept on their record."""
    reached_at = [(p.pk, part, c) for p in people for part, c in
                  (("worker_wheel", p.worker_wheel_at), ("individual_wheel", p.individual_wheel_at)) if c is not None]
    sizes = _sizes({c.version_id for _pk, _part, c in reached_at}) if reached_at else {}
    stages: dict[int, dict[str, Stage]] = {}
    for pk, part, c in reached_at:
        stages.setdefault(pk, {})[part] = Stage(c.title, c.order, sizes.get((c.version_id, part), 0))
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
    last_contact: str
    next_planned: str
    open_goals: int
    review_due: str
    review_overdue: bool
    worker_stage: Stage | None
    individual_stage: Stage | None


def _uk(day: Any) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def rows(people: list[Person]) -> list[Row]:
    """The people of one page (from with_summary, workers prefetched) as caseload rows, dates already
    written the UK way, so the template only places text."""
    attach(people)
    today = timezone.localdate()
    return [Row(p.pk, p.preferred_name or p.full_name, p.reference,
                ", ".join(w.get_full_name() or w.username for w in p.workers.all()),
                _uk(p.last_contact), _uk(p.next_planned), p.open_goals, _uk(p.review_due), p.review_due <= today,
                p.worker_stage, p.individual_stage)
            for p in people]
