"""`cpi backup` and `cpi restore`: a round trip on the database in use, checksums verified, a database with
data refused without --force, and erasures and withdrawals made after the backup applied again."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import signal
import tarfile
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from connecting_people.audit.models import AuditEntry
from connecting_people.backup import database
from connecting_people.fieldwork.actions import do_withdraw_participant
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Participant, Source
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person, Session

from .conftest import TRANSCRIPT, Cast
from .installation import Installation, write_transcripts

pytestmark = pytest.mark.django_db(transaction=True)


def backup(tmp_path: Path, name: str = "cpi-backup.tar.gz") -> Path:
    out = tmp_path / name
    call_command("backup", "--out", str(out))
    return out


def manifest_of(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_backup_holds_the_database_and_the_media_it_references_with_checksums(
    cast: Cast, settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = backup(tmp_path)
    assert "2 media files" in capsys.readouterr().out
    assert out.stat().st_mode & 0o077 == 0  # it holds personal data
    manifest = manifest_of(out)
    source = Source.objects.get(pk=cast.fieldwork["source"])
    member = "media/" + source.original.name
    assert set(manifest["files"]) == {
        "database.sqlite3"
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        else "database.pgdump",
        member,
        "media/" + Source.objects.get(pk=cast.fieldwork["other_source"]).original.name,
    }
    with tarfile.open(out, "r:gz") as tar:
        assert tar.extractfile(member).read() == TRANSCRIPT.encode()
    assert ["practice", "0001_initial"] in manifest["migrations"]
    assert AuditEntry.objects.filter(object_type="backup", action="export").count() == 1
    assert not list(tmp_path.glob("*.partial"))


def test_round_trip_reapplies_erasures_and_withdrawals_made_after_the_backup(
    cast: Cast, settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    media = Path(settings.MEDIA_ROOT)
    source = Source.objects.get(pk=cast.fieldwork["source"])
    original = media / source.original.name
    out = backup(tmp_path)

    # After the backup: a person is erased, a participant withdraws, a new person is added.
    call_command("practice", "erase", "HAR-2", "--yes")
    do_withdraw_participant(cast.users["researcher"], cast.fieldwork["participant"], dt.date(2026, 12, 1))
    assert not original.exists()
    do_save_person(
        None, Person(reference="LATE-1", full_name="Late Comer", organisation=cast.orgs["harbourside"])
    )
    log = Path(settings.ERASURE_LOG).read_text(encoding="ascii")
    assert "HAR-2" in log and "Bryn" not in log and "Carew" not in log and "Gwen" not in log

    with pytest.raises(CommandError, match="already holds data.*--force"):
        call_command("restore", str(out))
    assert Person.objects.filter(reference="LATE-1").exists()  # refused: nothing changed

    capsys.readouterr()
    call_command("restore", str(out), "--force")
    said = capsys.readouterr().out
    assert "1 erasure (HAR-2) and 1 withdrawal." in said

    assert set(Person.objects.values_list("reference", flat=True)) == {"HAR-1", "NOR-1"}
    session = Session.objects.get(person__reference="HAR-1")
    assert session.private_reflections == "PRIVATE: seemed low today, check in about sleep."
    participant = Participant.objects.get(pk=cast.fieldwork["participant"].pk)
    assert participant.withdrawn_on == dt.date(2026, 12, 1)
    assert Source.objects.get(pk=source.pk).original.name == ""
    assert not original.exists()  # the restored copy went again with the re-applied withdrawal
    other = Source.objects.get(pk=cast.fieldwork["other_source"])
    assert (media / other.original.name).read_bytes() == b"Field notes from Hilltop."
    assert AuditEntry.objects.filter(object_type="backup", action="import").exists()
    # Erased after the backup, so gone from the restored audit trail's values as well.
    assert not [e for e in AuditEntry.objects.all() if "Bryn" in json.dumps(e.changes) + e.object_repr]


def test_restore_into_an_empty_database_needs_no_force(cast: Cast, settings, tmp_path: Path) -> None:
    out = backup(tmp_path)
    people = set(Person.objects.values_list("reference", "full_name"))
    call_command("flush", interactive=False, verbosity=0)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    call_command("restore", str(out))
    assert set(Person.objects.values_list("reference", "full_name")) == people
    source = Source.objects.get(pk=cast.fieldwork["source"])
    assert source.original.read() == TRANSCRIPT.encode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="extensions are PostgreSQL's")
def test_restore_creates_the_extensions_the_backup_uses(cast: Cast, tmp_path: Path) -> None:
    """A new server's database has no pg_trgm, which the directory's indexes for words use."""
    out = backup(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")  # and the indexes made with it
    call_command("restore", str(out), "--force")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'service%trgm' ORDER BY 1")
        assert [name for (name,) in cursor.fetchall()] == ["service_description_trgm", "service_name_trgm"]
    assert Person.objects.filter(reference="HAR-1").exists()


def _rewrite(path: Path, target: Path, change: dict[str, bytes | None]) -> None:
    """Copy the archive, replacing (or with None leaving out) members, keeping the manifest as it was."""
    with tarfile.open(path, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read()
            if member.name in change:
                if change[member.name] is None:
                    continue
                data = change[member.name]
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def test_restore_refuses_a_damaged_or_foreign_file_and_changes_nothing(cast: Cast, tmp_path: Path) -> None:
    out = backup(tmp_path)
    source = Source.objects.get(pk=cast.fieldwork["source"])
    member = "media/" + source.original.name
    do_save_person(
        None, Person(reference="LATE-2", full_name="Still Here", organisation=cast.orgs["harbourside"])
    )

    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(out, tampered, {member: b"Interviewer: altered"})
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(tampered), "--force")
    short = tmp_path / "short.tar.gz"
    _rewrite(out, short, {member: None})
    with pytest.raises(CommandError, match="incomplete"):
        call_command("restore", str(short), "--force")
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    with pytest.raises(CommandError, match="damaged or incomplete|no manifest"):
        call_command("restore", str(cut), "--force")
    other = tmp_path / "notes.txt"
    other.write_text("not a backup", encoding="utf-8")
    with pytest.raises(CommandError, match="not a Connecting People backup"):
        call_command("restore", str(other), "--force")
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
    assert Person.objects.filter(reference="LATE-2").exists()


def test_backup_refuses_a_folder_that_does_not_exist(cast: Cast, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No backup was written.*no such folder"):
        call_command("backup", "--out", str(tmp_path / "nowhere" / "b.tar.gz"))


def test_changes_while_the_backup_runs_leave_it_consistent_with_its_own_snapshot(
    cast: Cast, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the database snapshot and the copying of files, the server keeps working: a file is
    imported and a participant withdraws. The backup holds the files of its snapshot, no more; after a
    restore every source that names a file has it."""
    media = Path(settings.MEDIA_ROOT)
    withdrawn = Source.objects.get(pk=cast.fieldwork["source"]).original.name
    real_dump = database.dump
    made: list[int] = []

    def dump_while_serving(target: Path) -> database.Snapshot:
        snapshot = real_dump(target)
        made.append(
            import_one(
                cast.users["researcher"],
                cast.orgs["fernhill"],
                ImportItem("later.txt", lambda: b"Written after the snapshot."),
            ).source_id
        )
        do_withdraw_participant(cast.users["researcher"], cast.fieldwork["participant"], dt.date(2026, 12, 2))
        return snapshot

    monkeypatch.setattr(database, "dump", dump_while_serving)
    out = backup(tmp_path)
    manifest = manifest_of(out)
    later = Source.objects.get(pk=made[0]).original.name
    assert "media/" + later not in manifest["files"]
    assert manifest["missing_media"] == [withdrawn]

    call_command("restore", str(out), "--force")
    assert not Source.objects.filter(pk=made[0]).exists()
    assert not (media / later).exists()  # the file of a row the backup does not have is not kept
    for source in Source.objects.exclude(original=""):
        assert (media / source.original.name).is_file()
    assert Participant.objects.get(pk=cast.fieldwork["participant"].pk).withdrawn_on == dt.date(2026, 12, 2)


IMPORTED_DURING_BACKUP = 2000


def test_cpi_backup_while_an_import_runs_restores_to_rows_and_files_that_match(
    installation: Installation, tmp_path: Path
) -> None:
    """A real `cpi backup` in one process while `cpi fieldwork import` writes in another; the restored
    installation has a file for every row and a row for every file. The import is frozen (SIGSTOP) part
    of the way through, perhaps inside a batch's transaction with originals stored for rows not yet
    committed, until the backup has taken its snapshot, so the two overlap whatever their speeds."""
    folder = tmp_path / "transcripts"
    write_transcripts(folder, IMPORTED_DURING_BACKUP)
    importer = installation.start("fieldwork", "import", str(folder))
    deadline = time.monotonic() + 300
    while installation.value("SELECT COUNT(*) FROM fieldwork_source") < 40:
        assert importer.poll() is None and time.monotonic() < deadline, "the import ended before the backup"
        time.sleep(0.02)
    importer.send_signal(signal.SIGSTOP)
    out = tmp_path / "during.tar.gz"
    try:
        backup = installation.start("backup", "--out", str(out))
        # The archive is begun once the database's snapshot is taken; the backup's own audit entry, at
        # its end, may then wait for the import's transaction on SQLite.
        while not out.with_name(out.name + ".partial").exists() and backup.poll() is None:
            assert time.monotonic() < deadline, "the backup took no snapshot"
            time.sleep(0.02)
    finally:
        importer.send_signal(signal.SIGCONT)
    assert backup.wait(timeout=600) == 0
    assert importer.wait(timeout=600) == 0
    assert installation.value("SELECT COUNT(*) FROM fieldwork_source") == IMPORTED_DURING_BACKUP
    manifest = manifest_of(out)
    in_backup = {name[len("media/") :] for name in manifest["files"] if name.startswith("media/")}
    # Fewer files than the import ended with: the backup's snapshot was taken while it was writing.
    assert 40 <= len(in_backup) < IMPORTED_DURING_BACKUP and manifest["missing_media"] == []

    refused = installation.cpi("restore", str(out))
    assert refused.returncode != 0 and "--force" in refused.stderr
    restored = installation.cpi("restore", str(out), "--force")
    assert restored.returncode == 0, restored.stderr
    names = installation.column("SELECT original FROM fieldwork_source")
    assert names == in_backup == installation.stored()
    for name in names:
        assert (
            hashlib.sha256((installation.var / "media" / name).read_bytes()).hexdigest()
            == name.rsplit("/", 1)[-1]
        )


def test_a_backup_of_the_other_kind_of_database_is_refused(cast: Cast, tmp_path: Path) -> None:
    out = backup(tmp_path)
    manifest = manifest_of(out)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["database"]["vendor"] = other
    forged = tmp_path / "other.tar.gz"
    _rewrite(out, forged, {"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(CommandError, match=f"is of a {other} database.*restore it into {other}"):
        call_command("restore", str(forged), "--force")
    assert Person.objects.filter(reference="HAR-1").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore serve PostgreSQL only")
def test_postgresql_tools_older_than_the_server_are_refused(
    cast: Cast, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = backup(tmp_path)
    tools = tmp_path / "old-tools"
    tools.mkdir()
    for tool in ("pg_dump", "pg_restore"):
        (tools / tool).write_text(f"#!/bin/sh\necho '{tool} (PostgreSQL) 9.6.24'\n", encoding="utf-8")
        (tools / tool).chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    with pytest.raises(CommandError, match=r"pg_dump is version 9 but the server runs PostgreSQL \d+"):
        call_command("backup", "--out", str(tmp_path / "refused.tar.gz"))
    assert not (tmp_path / "refused.tar.gz").exists()
    with pytest.raises(
        CommandError, match=r"pg_restore is version 9 but the backup was written by pg_dump \d+"
    ):
        call_command("restore", str(out), "--force")
    assert Person.objects.filter(reference="HAR-1").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one writer; PostgreSQL's rows lock alone")
def test_a_backup_waits_for_the_writer_to_record_itself_rather_than_fail(
    installation: Installation, tmp_path: Path
) -> None:
    """On SQLite a long import holds the one write lock batch after batch. The backup reads its snapshot
    without the lock, but its audit entry needs it: it waits longer than the 20 s a request waits, rather
    than report a finished backup as failed."""
    out = tmp_path / "nightly.tar.gz"
    with installation.open_db() as db:
        db.execute("BEGIN IMMEDIATE")  # what an import's batch holds
        backup = installation.start("backup", "--out", str(out))
        deadline = time.monotonic() + 120
        while not out.with_name(out.name + ".partial").exists() and not out.exists():
            assert backup.poll() is None and time.monotonic() < deadline, "the backup took no snapshot"
            time.sleep(0.05)
        time.sleep(22)  # past the usual 20 s
        assert backup.poll() is None, "the backup gave up waiting for the lock"
        db.execute("COMMIT")
    assert backup.wait(timeout=120) == 0 and out.exists()
    assert installation.value("SELECT COUNT(*) FROM audit_auditentry WHERE object_type = 'backup'") == 1
