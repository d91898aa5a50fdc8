"""Everything a person's page shows, for a record the caller has loaded through the permission-checked
getter (getters.get_person_for_user, which joins the components reached on each wheel).

The timeline, the longest part of the page, is rendered once per version of the record and kept in the
cache framework under a key holding `Person.record_version`, which every action that changes what the page
shows replaces (summary.py). A stale timeline is never read, whichever process rendered it and whichever
cache backend is configured; it holds no form, so no CSRF token is cached with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from connecting_people.accounts.models import User

from .models import Goal, GoalAction, NetworkMap, Person, Session, SessionComponent, SessionStatus
from .timeline import KINDS, timeline

# How long a rendered timeline is kept: a new version of the record makes it unreachable at once; this
# only bounds how long an unreachable one takes up room.
TIMELINE_SECONDS = 3600
VIEWS = ("staff", "own")  # the person's own view leaves out private reflections and edit links


@dataclass(frozen=True)
class PersonPage:
    person: Person  # with worker_wheel_at and individual_wheel_at (and their versions) joined
    is_individual: bool  # the person looking at their own record
    can_edit: bool
    can_exercise_rights: bool
    workers: list[User]
    goals: list[Goal]  # each with .steps, its next steps in order
    maps: list[NetworkMap]  # newest first
    remember: Session | None  # the last held session with something to remember (staff only)
    review_due: dt.date | None
    today: dt.date
    kinds: dict[str, str]  # what the timeline can be limited to
    showing: str  # one of kinds, or "" for everything
    timeline: SafeString


def timeline_key(person: Person, view: str, showing: str) -> str:
    return f"practice:timeline:{person.pk}:{person.record_version}:{view}:{showing or 'all'}"


def person_page(person: Person, viewer: User, show: str = "") -> PersonPage:
    is_individual = viewer.caps.is_individual
    showing = show if show in KINDS else ""
    goals = list(
        Goal.objects.filter(person=person).prefetch_related(
            Prefetch("actions", queryset=GoalAction.objects.all(), to_attr="steps")
        )
    )
    maps = list(NetworkMap.objects.filter(person=person))
    key = timeline_key(person, VIEWS[is_individual], showing)
    rendered = cache.get(key)
    if rendered is None:
        rendered = _render_timeline(person, goals, maps, is_individual=is_individual, showing=showing)
        cache.set(key, rendered, TIMELINE_SECONDS)
    if is_individual:
        remember = None
        review_due = person.review_due if person.reviews.exists() else None
    else:
        remember = (
            person.sessions.filter(status=SessionStatus.HELD)
            .exclude(remember_next="")
            .only("person", "date", "remember_next")
            .first()
        )
        review_due = person.review_due
    return PersonPage(
        person=person,
        is_individual=is_individual,
        can_edit=not is_individual,
        can_exercise_rights=viewer.caps.can_exercise_data_rights,
        workers=list(person.workers.all()),
        goals=goals,
        maps=maps,
        remember=remember,
        review_due=review_due,
        today=timezone.localdate(),
        kinds=KINDS,
        showing=showing,
        timeline=rendered,
    )


def _render_timeline(
    person: Person, goals: list[Goal], maps: list[NetworkMap], *, is_individual: bool, showing: str
) -> SafeString:
    sessions = person.sessions.prefetch_related(
        Prefetch(
            "component_links",
            queryset=SessionComponent.objects.select_related("component__version").order_by(
                "component__version_id", "component__part", "component__order"
            ),
        )
    )
    if is_individual:  # the worker's private reflections never leave the database for the person
        sessions = sessions.defer("private_reflections")
    events = timeline(sessions=list(sessions), goals=goals, maps=maps, reviews=list(person.reviews.all()))
    shown = [e for e in events if e.kind == showing] if showing else events
    return render_to_string(
        "practice/timeline.html",
        {"events": shown, "is_individual": is_individual, "can_edit": not is_individual},
    )


def timeline_keys(person: Person) -> list[str]:
    """Every key a timeline of this version of the record may be cached under (erasure deletes them)."""
    return [timeline_key(person, view, show) for view in VIEWS for show in ("", *KINDS)]
