"""The worker's caseload: for each person, last contact, next planned session, open goals and the
stage reached on each wheel, computed for the whole page in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from connecting_people.core.compiled import DATE_PROBE, INT_PROBES, CompiledQuery
from connecting_people.interventions import published
from connecting_people.interventions.parts import WHEELS
from connecting_people.lib.dates import uk_date

from .getters import people_for_user, staff_scope, visible_people
from .models import Goal, GoalStatus, Person, Review, Session, SessionComponent, SessionStatus


@dataclass
class Stage:
    title: str
    position: int
    of: int


def with_summary(people: QuerySet[Person]) -> QuerySet[Person]:
    """One correlated subquery per column, each served by an index, rather than joining sessions, goals
    and reviews together (whose product grows with every record kept)."""
    return people.annotate(**_summary_columns(timezone.localdate()))


@lru_cache(maxsize=4)
def _summary_columns(today: dt.date) -> dict[str, Any]:
    """The columns' expressions, built once a day per process (building them costs more than running them)."""
    sessions = Session.objects.filter(person=OuterRef("pk"))
    open_goals = (
        Goal.objects.filter(person=OuterRef("pk"), status=GoalStatus.ACTIVE)
        .order_by()
        .values("person")
        .annotate(n=Count("id"))
        .values("n")
    )
    return {
        "last_contact": Subquery(
            sessions.filter(status=SessionStatus.HELD).order_by("-date").values("date")[:1]
        ),
        "next_planned": Subquery(
            sessions.filter(status=SessionStatus.PLANNED, date__gte=today).order_by("date").values("date")[:1]
        ),
        "first_session": Subquery(sessions.order_by("date").values("date")[:1]),
        "open_goals": Coalesce(Subquery(open_goals), 0),
        "agreed_review": Subquery(
            Review.objects.filter(person=OuterRef("pk"))
            .order_by("-held_on", "-id")
            .values("next_review_on")[:1]
        ),
    }


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


def refresh_stages(person_ids: list[int]) -> None:
    """Recompute where these people have reached on each wheel (after a session is saved)."""
    found = reached(person_ids)
    for pk in person_ids:
        at = found.get(pk, {})
        Person.objects.filter(pk=pk).update(
            worker_wheel_at_id=at.get("worker_wheel"), individual_wheel_at_id=at.get("individual_wheel")
        )


def refresh_all_stages(chunk: int = 1000) -> int:
    """Recompute for everyone (after a bulk load or a restore). Returns how many people."""
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        refresh_stages(ids[start : start + chunk])
    return len(ids)


def stages_of(people: list[dict[str, int | None]]) -> list[dict[str, Stage]]:
    """For each {wheel part: id of the component reached}, {wheel part: Stage}: one look-up for all of
    them, in the published components kept in memory (no query once they are known)."""
    info = published.components({pk for at in people for pk in at.values() if pk})
    sizes = published.wheel_sizes({c.version_id for c in info.values()}) if info else {}
    return [
        {
            part: Stage(info[pk].title, info[pk].order, sizes.get((info[pk].version_id, part), 0))
            for part, pk in at.items()
            if pk in info
        }
        for at in people
    ]


def attach(person: Person) -> Person:
    """Set person.worker_stage and person.individual_stage (a Stage or None) for the person page."""
    stages = stages_of(
        [{"worker_wheel": person.worker_wheel_at_id, "individual_wheel": person.individual_wheel_at_id}]
    )[0]
    person.worker_stage, person.individual_stage = stages.get("worker_wheel"), stages.get("individual_wheel")
    return person


@dataclass
class Row:
    """One line of the caseload as text ready to place, so that a page of 50 renders without touching
    the ORM or Django's number and date formatting."""

    url: str
    name: str
    reference: str
    workers: str
    last_contact: str
    next_planned: str
    open_goals: str
    review_due: str
    review_overdue: bool
    worker_stage: str
    individual_stage: str


# What a caseload row reads: plain columns (no model instances), the ids of the components reached (their
# titles come from interventions.published), and the with_summary columns.
ROW_FIELDS = (
    "pk",
    "reference",
    "full_name",
    "preferred_name",
    "consent_to_work_on",
    "created_at",
    "review_every_weeks",
    "worker_wheel_at_id",
    "individual_wheel_at_id",
    "last_contact",
    "next_planned",
    "first_session",
    "open_goals",
    "agreed_review",
)


def worker_names(person_ids: list[int]) -> dict[int, str]:
    """Person id -> their workers' names, comma separated, in one query."""
    names: dict[int, list[str]] = {}
    for person_id, first, last, username in (
        Person.workers.through.objects.filter(person_id__in=person_ids)
        .order_by("user__username")
        .values_list("person_id", "user__first_name", "user__last_name", "user__username")
    ):
        names.setdefault(person_id, []).append(f"{first} {last}".strip() or username)
    return {pk: ", ".join(found) for pk, found in names.items()}


def rows(values: list[dict[str, Any]], people_url: str) -> list[Row]:
    """One page of people (dicts of ROW_FIELDS from with_summary) as caseload rows, dates written the
    UK way and each wheel's stage as "position/of title"."""
    from types import SimpleNamespace

    from .reviews import due_from

    today = timezone.localdate()
    names = worker_names([v["pk"] for v in values])
    stages = stages_of([{part: v[f"{part}_at_id"] for part in WHEELS} for v in values])

    def stage(found: Stage | None) -> str:
        return f"{found.position}/{found.of} {found.title}" if found else ""

    out = []
    for v, at in zip(values, stages, strict=True):
        due = due_from(SimpleNamespace(**v), v["agreed_review"], v["first_session"])  # type: ignore[arg-type]
        out.append(
            Row(
                f"{people_url}{v['pk']}/",
                v["preferred_name"] or v["full_name"],
                v["reference"],
                names.get(v["pk"], ""),
                uk_date(v["last_contact"]),
                uk_date(v["next_planned"]),
                str(v["open_goals"]),
                uk_date(due),
                due <= today,
                stage(at.get("worker_wheel")),
                stage(at.get("individual_wheel")),
            )
        )
    return out


PAGE_SIZE = 50

# One page of a caseload as plain values, its SQL compiled once per process for each role's shape and page.
_PAGE = CompiledQuery(
    lambda shape, organisation_id, user_id, today: (
        visible_people(Person.objects.all(), organisation_id, user_id, whole_organisation=shape[0])
        .annotate(**_summary_columns(today))
        .order_by("reference")
        .values(*ROW_FIELDS)[shape[1] : shape[1] + PAGE_SIZE]
    ),
    (INT_PROBES[0], INT_PROBES[1], DATE_PROBE),
)


def caseload_page(user: Any, number: Any, people_url: str) -> Page[Row]:
    """Page `number` (clamped, as Paginator.get_page does) of the people this user may see, as rows. A
    first page that is not full needs no count: a worker's usual caseload costs three queries."""
    whole = staff_scope(user)
    if whole is None:
        return Paginator([], PAGE_SIZE).get_page(1)
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1

    def fetch(n: int) -> list[dict[str, Any]]:
        return _PAGE(user.organisation_id, user.pk, timezone.localdate(), shape=(whole, (n - 1) * PAGE_SIZE))

    values = fetch(1) if number == 1 else []
    total = len(values) if number == 1 and len(values) < PAGE_SIZE else people_for_user(user).count()
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.get_page(number)
    if not (number == 1 and page.number == 1):
        values = fetch(page.number)
    page.object_list = rows(values, people_url)
    return page
