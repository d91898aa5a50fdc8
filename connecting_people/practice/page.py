"""Everything a person's page shows, for a record the caller has loaded through the permission-checked
getter (getters.get_person_for_user, which joins the components reached on each wheel).

What the page shows of the record (goals with their steps, maps, what to remember, the rendered timeline)
is read once per version of the record and kept in the cache framework under a key holding
`Person.record_version`, which every action that changes what the page shows replaces (summary.py). A
stale copy is never read, whichever process made it and whichever cache backend is configured."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from connecting_people.accounts.models import User
from connecting_people.community.models import OpportunityType

from .circle_chart import MapCircles, circle_counts, circle_name, draw_circle_chart
from .maps import snapshot
from .models import (
    CommunityLink,
    Goal,
    GoalAction,
    LinkStep,
    NetworkMap,
    Person,
    PracticeStory,
    Session,
    SessionComponent,
    SessionStatus,
    StopReason,
)
from .network import compare
from .timeline import KINDS, timeline

# How long a record's part of the page is kept: a new version of the record makes it unreachable at once;
# this only bounds how long an unreachable one takes up room.
RECORD_SECONDS = 3600
VIEWS = ("staff", "own")  # the person's own view leaves out private reflections and edit links


@dataclass(frozen=True)
class RecordPart:
    """What the page shows of the record itself, cached per version of the record, view and filter."""

    goals: list[Goal]  # each with .steps, its next steps in order
    maps: list[NetworkMap]  # newest first
    circles: list[MapCircles]  # how many were in each circle on each map, oldest first
    circle_chart: SafeString  # the same drawn, once there are two maps to compare
    news: list[str]  # for the person: what changed on their latest map and how many of their steps are done
    remember: Session | None  # the last held session with something to remember (staff only)
    has_review: bool
    timeline: SafeString  # rendered; it holds no form, so no CSRF token is cached with it


@dataclass(frozen=True)
class PersonPage:
    person: Person  # with worker_wheel_at and individual_wheel_at (and their versions) joined
    is_individual: bool  # the person looking at their own record
    can_edit: bool
    can_exercise_rights: bool
    workers: list[User]
    goals: list[Goal]
    maps: list[NetworkMap]
    circles: list[MapCircles]
    circle_chart: SafeString
    news: list[str]
    remember: Session | None
    review_due: dt.date | None  # shown to the person only once there has been a review
    today: dt.date
    kinds: dict[str, str]  # what the timeline can be limited to
    showing: str  # one of kinds, or "" for everything
    timeline: SafeString
    links: list[CommunityLink]  # each with .history, its steps oldest first; read afresh, never cached
    stop_reasons: list[tuple[str, str]]
    opportunity_types: list[tuple[str, str]]  # "" first: not recorded
    stories: list[PracticeStory]  # staff only, read afresh, never cached

    @property
    def open_links(self) -> list[CommunityLink]:
        return [k for k in self.links if k.is_open]

    @property
    def stopped_links(self) -> list[CommunityLink]:
        return [k for k in self.links if not k.is_open]

    @property
    def circle_names(self) -> list[str]:
        """The table's column headings: as many circles as the map with the most."""
        return [circle_name(c) for c in range(1, len(self.circles[0].counts) + 1)] if self.circles else []


def record_key(person: Person, view: str, showing: str) -> str:
    return f"practice:record:{person.pk}:{person.record_version}:{view}:{showing or 'all'}"


def person_page(person: Person, viewer: User, show: str = "") -> PersonPage:
    is_individual = viewer.caps.is_individual
    showing = show if show in KINDS else ""
    key = record_key(person, VIEWS[is_individual], showing)
    record = cache.get(key)
    if record is None:
        record = _record_part(person, is_individual=is_individual, showing=showing)
        cache.set(key, record, RECORD_SECONDS)
    return PersonPage(
        person=person,
        is_individual=is_individual,
        can_edit=not is_individual,
        can_exercise_rights=viewer.caps.can_exercise_data_rights,
        workers=list(person.workers.all()),  # read afresh: a worker's name is not part of the record
        goals=record.goals,
        maps=record.maps,
        circles=record.circles,
        circle_chart=record.circle_chart,
        news=record.news,
        remember=record.remember,
        review_due=person.review_due if record.has_review or not is_individual else None,
        today=timezone.localdate(),
        kinds=KINDS,
        showing=showing,
        timeline=record.timeline,
        links=_links(person),
        stop_reasons=list(StopReason.choices),
        opportunity_types=[("", "Not recorded"), *OpportunityType.choices],
        stories=[] if is_individual else list(person.stories.select_related("written_by")),
    )


def _links(person: Person) -> list[CommunityLink]:
    """The person's community links, open ones first by when they last moved, with each one's history and
    the sessions that worked on it (newest first)."""
    return list(
        CommunityLink.objects.filter(person=person).prefetch_related(
            Prefetch("steps", queryset=LinkStep.objects.select_related("by"), to_attr="history"),
            Prefetch(
                "sessions", queryset=Session.objects.only("date").order_by("-date"), to_attr="worked_in"
            ),
        )
    )


def _record_part(person: Person, *, is_individual: bool, showing: str) -> RecordPart:
    goals: list[Goal] = list(
        Goal.objects.filter(person=person).prefetch_related(
            Prefetch("actions", queryset=GoalAction.objects.all(), to_attr="steps")
        )
    )
    maps = list(NetworkMap.objects.filter(person=person))
    circles = circle_counts(maps) if maps else []
    chart_title = "How your circles changed" if is_individual else "How the circles changed"
    sessions = person.sessions.prefetch_related(
        Prefetch(
            "component_links",
            queryset=SessionComponent.objects.select_related("component")
            .only("session", "component__version", "component__key", "component__title")
            .order_by("component__version_id", "component__part", "component__order"),
        ),
        Prefetch("links", queryset=CommunityLink.objects.only("name").order_by("name"), to_attr="link_list"),
    )
    if is_individual:  # the worker's private reflections never leave the database for the person
        sessions = sessions.defer("private_reflections")
    loaded = list(sessions)
    reviews = list(person.reviews.all())
    events = timeline(sessions=loaded, goals=goals, maps=maps, reviews=reviews)
    shown = [e for e in events if e.kind == showing] if showing else events
    remember = None
    if not is_individual:  # sessions come newest first
        remember = next((s for s in loaded if s.status == SessionStatus.HELD and s.remember_items), None)
    return RecordPart(
        goals=goals,
        maps=maps,
        circles=circles,
        # draw_circle_chart escapes every piece of text it puts in the SVG.
        circle_chart=mark_safe(draw_circle_chart(circles, title=chart_title) if len(circles) > 1 else ""),
        news=_news(goals, maps) if is_individual else [],
        remember=remember,
        has_review=bool(reviews),
        timeline=render_to_string(
            "practice/timeline.html",
            {"events": shown, "is_individual": is_individual, "can_edit": not is_individual},
        ),
    )


def _news(goals: list[Any], maps: list[NetworkMap]) -> list[str]:
    """What the person reads first, in plain words: what changed between their latest map and the one it
    was drawn from (who is new, closer, further, gone), and how many of their own steps they have done."""
    lines = []
    latest = maps[0] if maps else None  # maps come newest first
    earlier = next((m for m in maps if latest is not None and m.pk == latest.based_on_id), None)
    if latest is not None and earlier is not None:
        lines.extend(compare(snapshot(earlier), snapshot(latest)).summary())
    mine = [step for goal in goals for step in goal.steps if step.person_may_tick]
    if mine:
        lines.append(steps_done_sentence(sum(1 for step in mine if step.done_at is not None), len(mine)))
    return lines


def steps_done_sentence(done: int, steps: int) -> str:
    """How many of their own steps the person has done, said as they would say it."""
    if steps == 1:
        return "You have done your one step." if done else "You have one step of your own to do."
    if done == steps:
        return f"You have done all {steps} of your steps."
    if done == 0:
        return f"You have {steps} steps of your own to do."
    return f"You have done {done} of your {steps} steps."


def record_keys(person: Person) -> list[str]:
    """Every key this version of the record may be cached under (erasure deletes them)."""
    return [record_key(person, view, show) for view in VIEWS for show in ("", *KINDS)]
