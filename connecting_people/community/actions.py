"""Changes to an organisation's community directory, each with its audit entry in the same transaction.

An import writes one audit entry for the whole import, pointing at its `DirectoryImport`, which keeps
the report for every record (created, updated with the fields that changed, unchanged): a directory of
20,000 services would otherwise put 100,000 entries in the trail for one command, drowning the entries
about people that the trail exists for, while the per-record report keeps every detail."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit import log

from .importing import Outcome, check, read_import, write
from .models import DirectoryImport, DirectorySettings

SETTINGS_FIELDS = ("publish_api", "api_name")


def do_import_directory(
    acting_user: User | None, owner: Organisation, path: Path
) -> tuple[DirectoryImport, Outcome]:
    """Read, check and write a data package or ORUK JSON file into `owner`'s directory.

    Raises `ImportRefused` with a problem per row when anything is wrong; then nothing is written."""
    bundle = read_import(path)
    with transaction.atomic():
        check(owner, bundle)
        outcome = write(owner, bundle)
        counts = outcome.counts
        record = DirectoryImport.objects.create(
            owner=owner,
            started_by=acting_user,
            source=path.name[:300],
            format=bundle.kind,
            counts=counts,
            report=outcome.report,
        )
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "nothing"
        log.record(acting_user, log.Action.IMPORT, record, changes={"counts": [None, counts]}, note=summary)
    return record, outcome


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
