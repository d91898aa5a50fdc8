"""The caseload: one page of the people a member of staff may see, with the columns kept on each person's
row (summary.py), sorted by any of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone

from connecting_people.accounts.models import User

from .due import MEASURE_DAYS, REVIEW_DAYS, SESSION_DAYS, STEP_DAYS
from .getters import staff_scope, visible_people
from .models import Person

PAGE_SIZE = 50

# What a row shows, and nothing else (a component's description and questions are long).
ROW_FIELDS = (
    "reference",
    "full_name",
    "preferred_name",
    "last_contact",
    "next_session",
    "open_goals",
    "review_due",
    "measures_due",
    "link_follow_up",
    "record_version",
    *(
        f"{wheel}__{name}"
        for wheel in ("worker_wheel_at", "individual_wheel_at")
        for name in ("title", "order", "part", "version__wheel_sizes")
    ),
)


@dataclass(frozen=True)
class Sort:
    label: str
    order: tuple[OrderBy, ...]


# Each sort but the reference's is served by an index on (organisation, column, reference); people with no
# date in the column come last.
SORTS = {
    "reference": Sort("reference", (F("reference").asc(),)),
    "last_contact": Sort("last contact", (F("last_contact").asc(nulls_last=True), F("reference").asc())),
    "next_session": Sort("next session", (F("next_session").asc(nulls_last=True), F("reference").asc())),
    "review_due": Sort("review due", (F("review_due").asc(nulls_last=True), F("reference").asc())),
    "measures_due": Sort("measures due", (F("measures_due").asc(nulls_last=True), F("reference").asc())),
    "link_follow_up": Sort(
        "links to follow up", (F("link_follow_up").asc(nulls_last=True), F("reference").asc())
    ),
}


@dataclass(frozen=True)
class Show:
    label: str
    empty: str  # what the page says when no one is shown
    rows: Callable[[dt.date], Q]


# Who is shown: everyone, or those with something due, by the start page's own measures (due.py).
SHOWS = {
    "everyone": Show("everyone", "No one yet.", lambda today: Q()),
    "review_due": Show(
        "review due or overdue",
        "No one has a review due in the next fortnight.",
        lambda today: Q(review_due__lte=today + dt.timedelta(days=REVIEW_DAYS)),
    ),
    "session_due": Show(
        "session this week or not recorded",
        "No one has a session planned this week or waiting to be recorded.",
        lambda today: Q(next_session__lte=today + dt.timedelta(days=SESSION_DAYS)),
    ),
    "measures_due": Show(
        "measures due or overdue",
        "No one has an outcome measure due in the next fortnight.",
        lambda today: Q(measures_due__lte=today + dt.timedelta(days=MEASURE_DAYS)),
    ),
    "links_due": Show(
        "links to follow up",
        "No one has a community link to follow up in the next week.",
        lambda today: Q(link_follow_up__lte=today + dt.timedelta(days=STEP_DAYS)),
    ),
}


def caseload_people(
    user: User, sort: str = "reference", show: str = "everyone", today: dt.date | None = None
) -> QuerySet[Person]:
    """The people this member of staff may see (all of them, or those `show` picks as of `today`), in the
    chosen order, with what a row shows joined to them (the components reached and their versions) and
    their workers fetched in one more query per page."""
    whole = staff_scope(user)
    if whole is None or user.organisation_id is None:
        return Person.objects.none()
    chosen = SORTS.get(sort, SORTS["reference"])
    picked = SHOWS.get(show, SHOWS["everyone"]).rows(today or timezone.localdate())
    return (
        visible_people(Person.objects.all(), user.organisation_id, user.pk, whole_organisation=whole)
        .filter(picked)
        .select_related("worker_wheel_at__version", "individual_wheel_at__version")
        .only(*ROW_FIELDS)
        .prefetch_related(
            Prefetch(
                "workers",
                queryset=User.objects.only("username", "first_name", "last_name").order_by("username"),
                to_attr="worker_list",
            )
        )
        .order_by(*chosen.order)
    )


def caseload_page(
    user: User,
    number: str | int | None,
    sort: str = "reference",
    show: str = "everyone",
    today: dt.date | None = None,
) -> Page[Person]:
    """Page `number` of the caseload (clamped, as Paginator.get_page does)."""
    return Paginator(caseload_people(user, sort, show, today), PAGE_SIZE).get_page(number)
