"""Backing up and restoring a whole installation: the database, the media files it references, and on
restore the erasures and withdrawals made since the backup was taken."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.fieldwork.actions import do_collect_orphans, do_withdraw_participant
from connecting_people.fieldwork.models import Participant
from connecting_people.practice.models import Person
from connecting_people.practice.rights import do_erase_person

from . import archive, database, erasure_log
from .archive import MEDIA, BackupError

# An erasure's log line is written just before its transaction commits; one that committed after the
# snapshot began wrote its line at most this long before. Re-applying an erasure already in the backup
# finds nobody to erase, so the margin is generous.
REAPPLY_MARGIN = dt.timedelta(minutes=10)


@dataclass
class BackupReport:
    vendor: str
    media: int
    missing: list[str]
    size: int


@dataclass
class RestoreReport:
    taken_at: str
    media: int
    orphans: int
    erased: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)


def do_backup(acting_user: User | None, out: Path) -> BackupReport:
    """Write the backup to `out` (replaced only once the new one is complete)."""
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent}: no such folder.")
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give a file name, e.g. {out / 'cpi-backup.tar.gz'}.")
    started = timezone.now()
    with tempfile.TemporaryDirectory(prefix=".cpi-backup-", dir=out.parent) as work:
        dumped = Path(work) / database.MEMBER.get(connection.vendor, "database")
        snapshot = database.dump(dumped)
        writer = archive.Writer(out)
        missing: list[str] = []
        try:
            with dumped.open("rb") as handle:
                writer.add(database.MEMBER[snapshot.vendor], handle, dumped.stat().st_size)
            for name in snapshot.media:
                try:
                    size = default_storage.size(name)
                    with default_storage.open(name, "rb") as handle:
                        writer.add(MEDIA + name, handle, size)
                except FileNotFoundError:
                    missing.append(name)  # deleted after the snapshot, e.g. by a withdrawal
            writer.finish(
                {
                    "started_at": started.isoformat(),
                    "finished_at": timezone.now().isoformat(),
                    "database": {"vendor": snapshot.vendor, "versions": snapshot.versions},
                    "migrations": snapshot.migrations,
                    "missing_media": missing,
                }
            )
        except BaseException:
            writer.abandon()
            raise
    media = len(snapshot.media) - len(missing)
    with patient_writer(), transaction.atomic():
        log.record(
            acting_user,
            log.Action.EXPORT,
            object_type="backup",
            object_id="",
            note=f"backup {out.name}: the database and {media} media files",
        )
    return BackupReport(snapshot.vendor, media, missing, out.stat().st_size)


WRITER_PATIENCE_MS = 600_000


@contextmanager
def patient_writer() -> Iterator[None]:
    """On SQLite one connection writes at a time, and a long import holds the lock batch after batch:
    the backup, already written, waits up to ten minutes for its audit entry rather than failing after
    the 20 s a request waits (and reporting a finished backup as failed)."""
    if connection.vendor != "sqlite":
        yield
        return
    usual = int(float(connection.settings_dict["OPTIONS"].get("timeout", 5)) * 1000)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {WRITER_PATIENCE_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {usual}")


def _holds_data() -> bool:
    tables = set(connection.introspection.table_names())
    return any(
        model._default_manager.exists()
        for model in apps.get_models()
        if model.__module__.startswith("connecting_people.")
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table in tables
    )


def _check_migrations(applied: list[list[str]]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted({(app, name) for app, name in applied} - known)
    if unknown:
        raise BackupError(
            "This backup was made by a newer version of Connecting People (its database has "
            f"migration {unknown[0][0]}.{unknown[0][1]}, which this version lacks); upgrade first."
        )


def _restore_media(path: Path) -> int:
    count = 0
    for member, handle in archive.members(path, MEDIA):
        name = member[len(MEDIA) :]
        if default_storage.exists(name):
            default_storage.delete(name)
        if default_storage.save(name, File(handle, name=name)) != name:
            raise BackupError(f"Could not put {name} back under its own name.")
        count += 1
    return count


def _reapply(acting_user: User | None, since: dt.datetime, report: RestoreReport) -> None:
    for line in erasure_log.since(since):
        ids = line.ids
        if line.event == erasure_log.PERSON_ERASED:
            person = Person.objects.filter(
                pk=_int(ids.get("person")), reference=str(ids.get("reference"))
            ).first()
            if person is not None:
                report.erased.append(person.reference)
                do_erase_person(acting_user, person)
        else:
            participant = Participant.objects.filter(
                pk=_int(ids.get("participant")),
                site_id=_int(ids.get("site")),
                pseudonym=str(ids.get("pseudonym")),
                withdrawn_on__isnull=True,
            ).first()
            if participant is not None:
                report.withdrawn.append(f"participant {participant.pk}")
                do_withdraw_participant(acting_user, participant, dt.date.fromisoformat(str(ids.get("on"))))


def _int(value: object) -> int:
    return value if isinstance(value, int) else -1


def do_restore(acting_user: User | None, path: Path, *, force: bool = False) -> RestoreReport:
    """Check the whole backup, then replace the database and media with it and re-apply the erasures and
    withdrawals logged since it was taken. Anything wrong with the file or this installation is refused
    before anything changes."""
    manifest = archive.read_manifest(path)
    database.check_loadable(manifest.get("database") or {})
    _check_migrations(manifest.get("migrations") or [])
    if connection.in_atomic_block:
        raise BackupError("A restore must run on its own, not inside another transaction.")
    if not force and _holds_data():
        raise BackupError(
            "This database already holds data; restoring would replace all of it. "
            "Run again with --force if that is what you want."
        )
    taken = dt.datetime.fromisoformat(manifest["started_at"])
    member = database.MEMBER[manifest["database"]["vendor"]]
    with tempfile.TemporaryDirectory(prefix=".cpi-restore-") as work:
        dumped = Path(work) / member
        for _, handle in archive.members(path, member):
            with dumped.open("wb") as out:
                shutil.copyfileobj(handle, out, 1 << 20)
        database.load(dumped)
    ContentType.objects.clear_cache()
    cache.clear()  # sessions and rendered pages are copies of rows the restore has replaced
    call_command("migrate", verbosity=0, interactive=False)
    report = RestoreReport(
        taken_at=timezone.localtime(taken).strftime("%d/%m/%Y %H:%M"), media=_restore_media(path), orphans=0
    )
    report.orphans = len(do_collect_orphans(acting_user, dt.timedelta(0)))
    _reapply(acting_user, taken - REAPPLY_MARGIN, report)
    with transaction.atomic():
        log.record(
            acting_user,
            log.Action.IMPORT,
            object_type="backup",
            object_id="",
            note=f"restored the backup taken {report.taken_at}; erasures applied again: "
            f"{len(report.erased)}, withdrawals applied again: {len(report.withdrawn)}",
        )
    return report
