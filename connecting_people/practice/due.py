"""What is due in the records a user may see, for their start page: sessions planned, reviews due or
overdue, steps past or near their date, community links to follow up, and goals whose agreed look-again date
has come. Read only from the people `getters.people_for_user` allows (a worker's caseload, a manager's
organisation, the person's own record) and, for people, from the columns kept on their rows (summary.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Count, Model, Q, QuerySet

from connecting_people.accounts.models import User
from connecting_people.measures.schedule import DUE_DAYS as MEASURE_DAYS
from connecting_people.measures.schedule import TimePoint, outstanding_for

from .getters import people_for_user
from .models import CommunityLink, Goal, GoalAction, GoalStatus, LinkState, Person
from .summary import work_starts

SHOWN = 8  # items per list; past that the list links to the whole caseload, sorted by the same column
SESSION_DAYS = 7  # sessions planned up to a week ahead
REVIEW_DAYS = 14  # reviews due in the next fortnight
STEP_DAYS = 7  # steps due in the next week

T = TypeVar("T")
M = TypeVar("M", bound=Model)

PERSON_FIELDS = ("reference", "full_name", "preferred_name", "next_session", "review_due", "measures_due")


@dataclass(frozen=True)
class Listed(Generic[T]):
    """The first few of a list and whether there are more."""

    items: list[T]
    more: bool


def _first(queryset: QuerySet[M]) -> Listed[M]:
    rows = list(queryset[: SHOWN + 1])
    return Listed(rows[:SHOWN], len(rows) > SHOWN)


@dataclass(frozen=True)
class Due:
    today: dt.date
    people: int
    sessions: Listed[Person]  # a planned session in the next week, or one whose date has passed unrecorded
    reviews: Listed[Person]  # a review due in the next fortnight or overdue
    steps: Listed[GoalAction]  # steps not done, due in the next week or overdue
    goals: Listed[Goal]  # goals being worked on whose agreed look-again date has come
    links: Listed[CommunityLink]  # community links not stopped, to follow up in the next week or overdue
    measures: Listed[Person]  # a scheduled outcome measure due in the next fortnight or overdue
    measures_what: dict[int, list[TimePoint]]  # for those listed: which measures and time points


def _measures_what(people: list[Person], today: dt.date) -> dict[int, list[TimePoint]]:
    """For the few people listed: the measures due by the end of the window, from their schedules (two or
    three queries, however many people the user may see)."""
    if not people:
        return {}
    horizon = today + dt.timedelta(days=MEASURE_DAYS)
    starts = work_starts(
        Person.objects.filter(pk__in=[p.pk for p in people]).only(
            "pk", "organisation_id", "consent_to_work_on", "created_at"
        )
    )
    return {pk: [t for t in points if t.due_on <= horizon] for pk, points in outstanding_for(starts).items()}


def due_for(user: User, today: dt.date) -> Due:
    """Everything due in the records this user may see, soonest (and so most overdue) first: seven queries,
    and three or four more to name the measures due of the people listed."""
    people = people_for_user(user).select_related(None)  # only the columns listed below
    ids = people.values("pk")
    counted = people.aggregate(n=Count("pk"))["n"]
    sessions = people.filter(next_session__lte=today + dt.timedelta(days=SESSION_DAYS)).only(*PERSON_FIELDS)
    reviews = people.filter(review_due__lte=today + dt.timedelta(days=REVIEW_DAYS)).only(*PERSON_FIELDS)
    steps = (
        GoalAction.objects.filter(
            goal__person__in=ids,
            goal__status=GoalStatus.ACTIVE,
            done_at__isnull=True,
            due_on__lte=today + dt.timedelta(days=STEP_DAYS),
        )
        .select_related("goal__person")
        .only("description", "owner", "due_on", "goal__title", *(f"goal__person__{f}" for f in PERSON_FIELDS))
        .order_by("due_on", "id")
    )
    goals = (
        Goal.objects.filter(person__in=ids, status=GoalStatus.ACTIVE, review_on__lte=today)
        .select_related("person")
        .only("title", "review_on", *(f"person__{f}" for f in PERSON_FIELDS))
        .order_by("review_on", "id")
    )
    links = (
        CommunityLink.objects.filter(
            person__in=ids,
            follow_up_on__lte=today + dt.timedelta(days=STEP_DAYS),
        )
        .exclude(state=LinkState.STOPPED)
        .select_related("person")
        .only("name", "state", "follow_up_on", *(f"person__{f}" for f in PERSON_FIELDS))
        .order_by("follow_up_on", "id")
    )
    measures = _first(
        people.filter(measures_due__lte=today + dt.timedelta(days=MEASURE_DAYS))
        .only(*PERSON_FIELDS)
        .order_by("measures_due", "reference")
    )
    return Due(
        today=today,
        people=counted,
        sessions=_first(sessions.order_by("next_session", "reference")),
        reviews=_first(reviews.order_by("review_due", "reference")),
        steps=_first(steps),
        goals=_first(goals),
        links=_first(links),
        measures=measures,
        measures_what=_measures_what(measures.items, today),
    )


@dataclass(frozen=True)
class WorkerLoad:
    """One worker's caseload in a manager's organisation."""

    name: str
    people: int
    reviews_overdue: int


@dataclass(frozen=True)
class Team:
    workers: list[WorkerLoad]
    unassigned: int  # people in the organisation with no worker
    reviews_overdue: int  # across the organisation


def team_for(user: User, today: dt.date) -> Team | None:
    """For a manager (who sees the whole organisation): each worker's caseload and reviews overdue, from
    the assignments of the people they may see. None for anyone who sees only their own people. Two
    queries."""
    if not user.caps.sees_whole_organisation_caseload:
        return None
    people = people_for_user(user)
    overdue = Q(person__review_due__lt=today)
    rows = (
        Person.workers.through.objects.filter(person__in=people.values("pk"))
        .values("user_id", "user__username", "user__first_name", "user__last_name")
        .annotate(n=Count("person_id"), late=Count("person_id", filter=overdue))
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    workers = [
        WorkerLoad(
            " ".join(filter(None, [row["user__first_name"], row["user__last_name"]]))
            or row["user__username"],
            row["n"],
            row["late"],
        )
        for row in rows
    ]
    totals = people.aggregate(
        unassigned=Count("pk", filter=Q(workers__isnull=True)),
        late=Count("pk", filter=Q(review_due__lt=today), distinct=True),
    )
    return Team(workers, totals["unassigned"], totals["late"])
