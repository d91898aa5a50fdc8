"""The caseload: one page of the people a member of staff may see, with the columns kept on each person's
row (summary.py), sorted by any of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, QuerySet
from django.db.models.expressions import OrderBy

from connecting_people.accounts.models import User

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
}


def caseload_people(user: User, sort: str = "reference") -> QuerySet[Person]:
    """The people this member of staff may see, in the chosen order, with what a row shows joined to them
    (the components reached and their versions) and their workers fetched in one more query per page."""
    whole = staff_scope(user)
    if whole is None or user.organisation_id is None:
        return Person.objects.none()
    chosen = SORTS.get(sort, SORTS["reference"])
    return (
        visible_people(Person.objects.all(), user.organisation_id, user.pk, whole_organisation=whole)
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


def caseload_page(user: User, number: str | int | None, sort: str = "reference") -> Page[Person]:
    """Page `number` of the caseload (clamped, as Paginator.get_page does)."""
    return Paginator(caseload_people(user, sort), PAGE_SIZE).get_page(number)
