"""Changes to an organisation's community directory, each with its audit entry in the same transaction.

An import writes one audit entry for the whole import, pointing at its `DirectoryImport`, which keeps
the report for every record (created, updated with the fields that changed, unchanged): a directory of
20,000 services would otherwise put 100,000 entries in the trail for one command, drowning the entries
about people that the trail exists for, while the per-record report keeps every detail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit import keys, log
from connecting_people.audit.saving import delete_with_audit, save_with_audit
from connecting_people.core.jobs import enqueue
from connecting_people.lib.site_url import site_reverse
from connecting_people.practice.actions import do_unname_contact

from . import postcodes
from .entries import REPORTED, Entry, entry_facts, write_entry
from .find import due_a_check
from .importing import Outcome, check, read_import, write
from .models import (
    DirectoryImport,
    DirectorySettings,
    DirectoryUpload,
    Location,
    Organization,
    Service,
    UploadState,
    WorkerContact,
)

SETTINGS_FIELDS = ("publish_api", "api_name")
PROVIDER_FIELDS = ("website", "email")


class UploadFinished(Exception):
    """The upload was already imported or refused (a job taken again after another finished it)."""


def do_import_directory(
    acting_user: User | None, owner: Organisation, path: Path, *, upload: DirectoryUpload | None = None
) -> tuple[DirectoryImport, Outcome]:
    """Read, check and write a data package or ORUK JSON file into `owner`'s directory: the one import of
    `cpi community import` and of a file a manager uploads (`upload`, then marked imported in the same
    transaction, so a job taken again never imports it twice: `UploadFinished`).

    Raises `ImportRefused` with a problem per row when anything is wrong; then nothing is written."""
    bundle = read_import(path)
    with transaction.atomic():
        check(owner, bundle)
        outcome = write(owner, bundle)
        postcodes.place(Location.objects.filter(owner=owner))
        counts = outcome.counts
        record = DirectoryImport.objects.create(
            owner=owner,
            started_by=acting_user,
            source=(upload.name if upload is not None else path.name)[:300],
            format=bundle.kind,
            counts=counts,
            report=outcome.report,
        )
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "nothing"
        log.record(acting_user, log.Action.IMPORT, record, changes={"counts": [None, counts]}, note=summary)
        if upload is not None and not _finish_upload(
            upload, UploadState.DONE, result=record, notes=outcome.notes
        ):
            raise UploadFinished(upload.pk)
    return record, outcome


def _finish_upload(upload: DirectoryUpload, state: str, **values: object) -> bool:
    """Mark an upload finished unless it already is (the row is locked by the update until the
    transaction ends, so of two jobs only one finishes it); True when this call did."""
    return bool(
        DirectoryUpload.objects.filter(pk=upload.pk, finished_at__isnull=True).update(
            state=state, finished_at=timezone.now(), **values
        )
    )


def do_queue_directory_upload(acting_user: User, owner: Organisation, file: UploadedFile) -> DirectoryUpload:
    """Keep an uploaded data package or ORUK JSON file through the storage API and queue its import
    (`import_jobs.run_directory_upload`, which calls `do_import_directory`)."""
    stored = ""
    try:
        with transaction.atomic():
            upload = DirectoryUpload(owner=owner, started_by=acting_user, name=(file.name or "upload")[:300])
            upload.upload.save(upload.name, file, save=False)
            stored = upload.upload.name or ""
            upload.save()
            log.record_created(acting_user, upload, DirectoryUpload.AUDITED_FIELDS, note="web import queued")
            enqueue("connecting_people.community.import_jobs.run_directory_upload", upload.pk)
    except Exception:
        if stored:
            DirectoryUpload.upload.field.storage.delete(stored)
        raise
    return upload


def do_refuse_directory_upload(upload: DirectoryUpload, problems: list[str]) -> bool:
    """An uploaded file the check refused: every problem kept, by row, for its page; nothing of it was
    written. Audited for whoever uploaded it. False when the upload was already finished."""
    with transaction.atomic():
        if not _finish_upload(upload, UploadState.REFUSED, problems=problems):
            return False
        log.record(
            upload.started_by,
            log.Action.UPDATE,
            upload,
            changes={"state": [upload.state, UploadState.REFUSED.value]},
            note=f"not imported: {len(problems)} problem{'' if len(problems) == 1 else 's'} to put right",
        )
    return True


def do_load_postcodes(acting_user: User | None, path: Path) -> postcodes.Reading:
    """Load a postcode file (community/postcodes.py) in one transaction, then place every directory's
    locations by it. Raises `postcodes.PostcodeFileRefused` when the file cannot be read at all; rows
    that cannot be read are left out and listed in the result."""
    with transaction.atomic():
        reading = postcodes.load(path)
        placed = postcodes.place(Location.objects.all())
        log.record(
            acting_user,
            log.Action.IMPORT,
            object_type="community.postcode",
            object_repr=path.name[:300],
            changes={"postcodes": [None, reading.loaded]},
            note=(
                f"{reading.loaded} postcodes loaded, {reading.terminated} terminated and "
                f"{len(reading.problems)} unreadable left out; {placed} directory locations placed"
            ),
        )
    return reading


def do_set_publishing(
    acting_user: User | None, owner: Organisation, *, publish: bool, api_name: str | None = None
) -> DirectorySettings:
    """Turn the organisation's ORUK API on or off; `api_name` is the directory's part of the address."""
    with transaction.atomic():
        settings = DirectorySettings.objects.select_for_update().filter(organisation=owner).first()
        creating = settings is None
        if settings is None:
            settings = DirectorySettings(organisation=owner)
        before = {} if creating else log.snapshot(settings, SETTINGS_FIELDS)
        settings.publish_api = publish
        if api_name:
            settings.api_name = api_name
        settings.full_clean()
        settings.save()
        changes = log.changes_between(before, log.snapshot(settings, SETTINGS_FIELDS))
        if creating or changes:
            action = log.Action.CREATE if creating else log.Action.UPDATE
            log.record(acting_user, action, settings, changes=changes)
    return settings


def do_save_entry(
    acting_user: User, owner: Organisation, entry: Entry, service: Service | None = None
) -> Service:
    """Add an entry to the directory, or correct one (`service`), as a manager gives it on its page: one
    audit entry with what changed, in words. Saving an entry a worker reported as moved or stopped clears
    that report (the alert do_check_service wrote, unless a new notice was written over it) and records
    the entry as checked, by the manager, now."""
    with transaction.atomic():
        locked = None
        if service is not None:
            locked = (
                Service.objects.select_for_update()
                .select_related("organization")
                .get(pk=service.pk, owner=owner)
            )
        before = entry_facts(locked) if locked is not None else {}
        report = locked.alert if locked is not None and locked.alert.startswith(REPORTED) else ""
        saved = write_entry(owner, locked, entry)
        note = "entry added" if locked is None else "entry changed"
        if report:
            if saved.alert == report:
                saved.alert = ""
            saved.check_note = ""  # the reporting worker's words went with their report
            saved.last_checked_at, saved.last_checked_by = timezone.now(), acting_user
            saved.save(update_fields=["alert", "check_note", "last_checked_at", "last_checked_by"])
            note += f"; cleared “{report}” and marked checked"
        changes = log.changes_between(before, entry_facts(saved))
        if locked is None:
            log.record(acting_user, log.Action.CREATE, saved, changes=changes, note=note)
        elif changes or report:
            log.record(acting_user, log.Action.UPDATE, saved, changes=changes, note=note)
    return saved


def do_save_provider(
    acting_user: User, organization: Organization, *, website: str, email: str
) -> Organization:
    """Change the website and email of an organisation that runs entries of the directory (the ORUK
    organization's fields, which the API and an export give with each of its services), as a manager gives
    them on its page: audited with what changed; nothing is written when nothing did."""
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(
            pk=organization.pk, owner_id=organization.owner_id
        )
        before = log.snapshot(locked, PROVIDER_FIELDS)
        locked.website, locked.email = website, email
        if log.changes_between(before, log.snapshot(locked, PROVIDER_FIELDS)):
            locked.save(update_fields=list(PROVIDER_FIELDS))
            log.record_updated(acting_user, locked, before, PROVIDER_FIELDS, note="website and email changed")
    return locked


class CheckFinding:
    """What a worker found when they checked an entry: still as it says, moved, or no longer running."""

    STILL_RUNNING = "still_running"
    MOVED = "moved"
    STOPPED = "stopped"
    CHOICES = (
        (STILL_RUNNING, "Still running as it says"),
        (MOVED, "It moved"),
        (STOPPED, "It stopped running"),
    )


CHECK_FIELDS = ("status", "alert", "check_note", "last_checked_at", "last_checked_by")


def do_check_service(acting_user: User, service: Service, finding: str, note: str = "") -> Service:
    """Record what a worker found: still running marks the entry checked; it moved puts a notice in the
    entry's alert (ORUK's field for it, which the published API serves) and the worker's own words in
    `check_note`, for whoever keeps the directory, the entry staying listed; it stopped running marks the
    service inactive, so it is no longer offered. The worker's words never reach the alert: they may name
    someone. Audited with the change."""
    note = " ".join(note.split())
    on = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        before = log.snapshot(locked, CHECK_FIELDS)
        if finding == CheckFinding.MOVED:
            locked.alert = f"Reported as moved on {on}; the details are being checked."
            locked.check_note = note
        else:
            locked.last_checked_at, locked.last_checked_by = timezone.now(), acting_user
            if finding == CheckFinding.STOPPED:
                locked.status = "inactive"
                locked.alert = f"Reported as no longer running on {on}."
                locked.check_note = note
            elif locked.alert.startswith("Reported as "):
                locked.alert = locked.check_note = ""  # checked since, and found as it says
        locked.save(update_fields=["status", "alert", "check_note", "last_checked_at", "last_checked_by"])
        log.record_updated(
            acting_user, locked, before, CHECK_FIELDS, note=dict(CheckFinding.CHOICES)[finding]
        )
    return locked


def _why_due(service: Service) -> str:
    if service.alert.startswith("Reported as moved"):
        return service.alert
    if service.last_checked_at is None:
        return "never checked"
    return "last checked " + formats.date_format(
        timezone.localtime(service.last_checked_at), "SHORT_DATE_FORMAT"
    )


def do_send_check_lists(now: dt.datetime | None = None) -> int:
    """The weekly job: each organisation's staff who work with people get one email listing its directory
    entries due a check (not checked for CPI_DIRECTORY_CHECK_DAYS, or reported as moved). Returns how
    many emails went."""
    active = Service.objects.filter(status="active")
    due = due_a_check(active, now) | active.filter(alert__startswith="Reported as moved")
    by_owner: dict[int, list[Service]] = {}
    for service in due.select_related("owner").order_by("owner_id", "name"):
        by_owner.setdefault(service.owner_id, []).append(service)
    sent = 0
    for owner_id, services in by_owner.items():
        team = User.objects.filter(organisation_id=owner_id, is_active=True).exclude(email="")
        addresses = [u.email for u in team if u.caps.can_view_person_records]
        if not addresses:
            continue
        lines = "\n".join(f"- {s.name}: {_why_due(s)}" for s in services)
        body = (
            f"{len(services)} entries in {services[0].owner.name}'s community directory are due a check. "
            "When you next visit or ring one of them, mark what you found on the Find an opportunity page "
            "(Still running, It moved, It stopped running).\n\n"
            f"{lines}\n\n{site_reverse('directory:find')}?due=1\n"
        )
        send_mail(f"{len(services)} directory entries to check", body, None, addresses)
        sent += 1
    return sent


def do_save_contact(acting_user: User, contact: WorkerContact) -> WorkerContact:
    """Add or change one of the acting worker's own contacts."""
    with transaction.atomic():
        if contact.pk is None:
            contact.worker = acting_user
            contact.organisation_id = acting_user.organisation_id
        return save_with_audit(acting_user, contact, WorkerContact.AUDITED_FIELDS)


def do_delete_contact(acting_user: User, contact: WorkerContact) -> None:
    """Delete a contact: links already made stay, as a contact whose details were removed, and neither
    they nor review summaries keep the contact's name (`do_unname_contact`). The contact's key goes too,
    so the details sealed in the audit trail can no longer be read."""
    subject = contact.audit_subject
    with transaction.atomic():
        do_unname_contact(acting_user, contact)
        delete_with_audit(acting_user, contact, WorkerContact.AUDITED_FIELDS)
        keys.destroy([subject])


def do_record_contacts_view(acting_user: User) -> None:
    """Reading the list of contacts (other people's details) is audited like reading a record."""
    with transaction.atomic():
        log.record(
            acting_user,
            log.Action.VIEW,
            object_type="community.workercontact",
            object_repr="workers' contacts",
            organisation_id=acting_user.organisation_id,
            note="viewed contacts",
        )
