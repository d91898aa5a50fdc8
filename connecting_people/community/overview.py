"""What the directory's page and a manager's start page say about an organisation's directory: how much it
holds, which entries are due a check, which a worker reported as moved or stopped (who and when, from
the audit entry `do_check_service` wrote with the report), and its last imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Cast

from connecting_people.accounts.models import Organisation
from connecting_people.audit.models import Action, AuditEntry

from .actions import CheckFinding
from .find import check_due_before
from .models import DirectorySettings, Location, Organization, Service

MOVED = "Reported as moved"
STOPPED = "Reported as no longer running"
REPORT_NOTES = {  # the note do_check_service writes on the audit entry of each finding
    CheckFinding.MOVED: dict(CheckFinding.CHOICES)[CheckFinding.MOVED],
    CheckFinding.STOPPED: dict(CheckFinding.CHOICES)[CheckFinding.STOPPED],
}


@dataclass(frozen=True)
class Needs:
    """The entries a manager has to act on: reported as moved or stopped, and due a check."""

    moved: int = 0
    stopped: int = 0
    due: int = 0

    @property
    def any(self) -> bool:
        return bool(self.moved or self.stopped or self.due)


@dataclass(frozen=True)
class Totals:
    entries: int
    running: int
    organizations: int
    places: int


@dataclass(frozen=True)
class Report:
    """A worker's report on an entry: what they found, their words (the entry's alert), who and when."""

    service: Service
    finding: str  # CheckFinding.MOVED or CheckFinding.STOPPED
    alert: str
    by: str
    at: dt.datetime | None


def moved(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.filter(status="active", alert__startswith=MOVED)


def stopped(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.exclude(status="active").filter(alert__startswith=STOPPED)


def due(services: QuerySet[Service]) -> QuerySet[Service]:
    """Running entries not checked for CPI_DIRECTORY_CHECK_DAYS (or never), not already reported as moved,
    those never checked first, then the longest unchecked."""
    before = check_due_before()
    return (
        services.filter(status="active")
        .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=before))
        .exclude(alert__startswith=MOVED)
        .select_related("organization", "last_checked_by")
        .order_by(F("last_checked_at").asc(nulls_first=True), "name", "id")
    )


def needs(owner_id: int) -> Needs:
    """One query: the counts a manager's start page shows."""
    before = check_due_before()
    counts = Service.objects.filter(owner_id=owner_id).aggregate(
        moved=Count("pk", filter=Q(status="active", alert__startswith=MOVED)),
        stopped=Count("pk", filter=~Q(status="active") & Q(alert__startswith=STOPPED)),
        due=Count(
            "pk",
            filter=Q(status="active")
            & (Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=before))
            & ~Q(alert__startswith=MOVED),
        ),
    )
    return Needs(moved=counts["moved"], stopped=counts["stopped"], due=counts["due"])


def totals(owner: Organisation) -> Totals:
    services = Service.objects.filter(owner=owner).aggregate(
        entries=Count("pk"), running=Count("pk", filter=Q(status="active"))
    )
    return Totals(
        entries=services["entries"],
        running=services["running"],
        organizations=Organization.objects.filter(owner=owner).count(),
        places=Location.objects.filter(owner=owner).count(),
    )


def _latest_report(finding: str) -> QuerySet[AuditEntry]:
    """The audit entries of `finding` (moved or stopped) on the entry of the outer query, latest first."""
    return AuditEntry.objects.filter(
        object_type="community.service",
        object_id=Cast(OuterRef("pk"), CharField()),
        action=Action.UPDATE,
        note=REPORT_NOTES[finding],
    ).order_by("-at", "-id")


def reported(services: QuerySet[Service]) -> QuerySet[Service]:
    """The entries reported as moved or stopped, most recent report first (the latest audit entry of that
    finding on the entry, as `reported_at` and `reported_entry`), then those whose report the trail does
    not hold (an alert that came in an import) by name: ordered in the database, so it can be paged."""

    def latest(field: str) -> Case:
        return Case(
            When(
                alert__startswith=MOVED,
                then=Subquery(_latest_report(CheckFinding.MOVED).values(field)[:1]),
            ),
            default=Subquery(_latest_report(CheckFinding.STOPPED).values(field)[:1]),
        )

    return (
        (moved(services) | stopped(services))
        .select_related("organization")
        .annotate(reported_at=latest("at"), reported_entry=latest("pk"))
        .order_by(F("reported_at").desc(nulls_last=True), "name", "id")
    )


def reports(found: Iterable[Service]) -> list[Report]:
    """A page of `reported` entries, each with who reported it and when (one query for the page's audit
    entries; the alert's words alone when the trail has none)."""
    found = list(found)
    ids = [s.reported_entry for s in found if s.reported_entry is not None]  # type: ignore[attr-defined]
    entries = AuditEntry.objects.filter(pk__in=ids).select_related("actor").in_bulk() if ids else {}
    rows = []
    for service in found:
        finding = CheckFinding.MOVED if service.alert.startswith(MOVED) else CheckFinding.STOPPED
        reported_by = entries.get(service.reported_entry)  # type: ignore[attr-defined]
        actor = reported_by.actor if reported_by is not None else None
        by = (actor.get_full_name() or actor.username) if actor is not None else ""
        if reported_by is not None and not by:
            by = reported_by.actor_label.split(" (", 1)[0]
        at = reported_by.at if reported_by is not None else None
        rows.append(Report(service, finding, service.alert, by, at))
    return rows


def publishing(owner: Organisation) -> DirectorySettings | None:
    return DirectorySettings.objects.filter(organisation=owner).first()
