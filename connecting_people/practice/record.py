"""Everything a person's page shows of their record, for a record the caller has already loaded through
the permission-checked getter: sessions (with the components each worked on), goals with their steps,
maps, reviews and workers, each one query of SQL compiled once per process (core.compiled)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connecting_people.core.compiled import INT_PROBES, CompiledQuery
from connecting_people.core.links import link
from connecting_people.interventions import published

from .models import Goal, GoalAction, NetworkMap, Person, Review, Session, SessionComponent


def _per_person(build: Any) -> CompiledQuery:
    return CompiledQuery(lambda _shape, pk: build(pk), INT_PROBES[:1])


_SESSIONS = _per_person(lambda pk: Session.objects.filter(person_id=pk))
# The worker's private reflections never leave the database for the person's own view.
_SESSIONS_SHARED = _per_person(lambda pk: Session.objects.filter(person_id=pk).defer("private_reflections"))
_WORKED_ON = _per_person(
    lambda pk: (
        SessionComponent.objects.filter(session__person_id=pk)
        .order_by("id")
        .values_list("session_id", "component_id")
    )
)
_GOALS = _per_person(lambda pk: Goal.objects.filter(person_id=pk))
_STEPS = _per_person(lambda pk: GoalAction.objects.filter(goal__person_id=pk))
_MAPS = _per_person(lambda pk: NetworkMap.objects.filter(person_id=pk))
_REVIEWS = _per_person(lambda pk: Review.objects.filter(person_id=pk))
_WORKERS = _per_person(lambda pk: Person(pk=pk).workers.all())


@dataclass
class Record:
    sessions: list[Session]  # newest first; each with .worked_on, [(component title, address)]
    goals: list[Goal]  # each with .steps, its next steps in order
    maps: list[NetworkMap]  # newest first
    reviews: list[Review]  # newest first
    workers: list[Any]


def load_record(person: Person, *, for_the_person: bool) -> Record:
    sessions = (_SESSIONS_SHARED if for_the_person else _SESSIONS)(person.pk)
    links: dict[int, list[int]] = {}
    for session_id, component_id in _WORKED_ON(person.pk):
        links.setdefault(session_id, []).append(component_id)
    info = published.components({pk for ids in links.values() for pk in ids})
    for s in sessions:  # the model's order, as the session form lists them
        found = sorted(
            (info[pk] for pk in links.get(s.pk, ()) if pk in info),
            key=lambda c: (c.version_id, c.part, c.order),
        )
        s.worked_on = [(c.title, link("interventions:component", c.version_id, c.key)) for c in found]
    goals = _GOALS(person.pk)
    steps: dict[int, list[GoalAction]] = {}
    for step in _STEPS(person.pk):
        steps.setdefault(step.goal_id, []).append(step)
    for g in goals:
        g.steps = steps.get(g.pk, [])
    return Record(sessions, goals, _MAPS(person.pk), _REVIEWS(person.pk), _WORKERS(person.pk))
