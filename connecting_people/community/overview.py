"""What the directory's page and a manager's start page say about an organisation's directory: how much it
holds, which entries are due a check, which a worker reported as moved or stopped (who and when, from
the audit entry `do_check_service` wrote with the report), and its last imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from connecting_people.accounts.models import Organisation
from connecting_people.audit.models import Action, AuditEntry

from .actions import CheckFinding
from .find import check_due_before
from .models import DirectorySettings, Location, Organization, Service

MOVED = "Reported as moved"
STOPPED = "Reported as no longer running"
FINDING_NOTES = {
    dict(CheckFinding.CHOICES)[CheckFinding.MOVED]: CheckFinding.MOVED,
    dict(CheckFinding.CHOICES)[CheckFinding.STOPPED]: CheckFinding.STOPPED,
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


def reports(services: QuerySet[Service]) -> list[Report]:
    """The entries reported as moved or stopped, most recent report first, each with who reported it and
    when (the latest audit entry of that finding on the entry; the alert's words when the trail has
    none, as for an alert that came in an import)."""
    found = list(
        (moved(services) | stopped(services)).select_related("organization").order_by("name", "id")[:200]
    )
    latest: dict[str, AuditEntry] = {}
    entries = AuditEntry.objects.filter(
        object_type="community.service",
        object_id__in=[str(s.pk) for s in found],
        action=Action.UPDATE,
        note__in=list(FINDING_NOTES),
    ).select_related("actor")
    for entry in entries.order_by("at", "id"):
        latest[f"{entry.object_id}:{FINDING_NOTES[entry.note]}"] = entry
    rows = []
    for service in found:
        finding = CheckFinding.MOVED if service.alert.startswith(MOVED) else CheckFinding.STOPPED
        reported = latest.get(f"{service.pk}:{finding}")
        actor = reported.actor if reported is not None else None
        by = (actor.get_full_name() or actor.username) if actor is not None else ""
        if reported is not None and not by:
            by = reported.actor_label.split(" (", 1)[0]
        rows.append(
            Report(service, finding, service.alert, by, reported.at if reported is not None else None)
        )
    rows.sort(key=lambda r: r.at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)
    return rows


def publishing(owner: Organisation) -> DirectorySettings | None:
    return DirectorySettings.objects.filter(organisation=owner).first()
