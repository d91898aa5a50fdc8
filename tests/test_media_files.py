"""Files with their rows: a crash leaves no second copy, `cpi fieldwork gc` removes orphans, a withdrawal
deletes the originals, and a `cpi fieldwork import` killed with SIGKILL leaves nothing behind once re-run."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from connecting_people.fieldwork import importing, search
from connecting_people.fieldwork.importing import (
    DUPLICATE,
    IMPORTED,
    ImportItem,
    ItemResult,
    import_items,
    import_one,
)
from connecting_people.fieldwork.models import Source
from connecting_people.fieldwork.search import parse_query

from .conftest import TRANSCRIPT, Cast
from .installation import Installation, write_transcripts


class Killed(BaseException):
    """Stands for the process dying: no `except Exception` in the import catches it."""


def stored(media: Path) -> list[Path]:
    return sorted(p for p in (media / "fieldwork").rglob("*") if p.is_file())


def die_after_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(*args: object, **kwargs: object) -> None:
        raise Killed

    monkeypatch.setattr(importing.log, "record_many", killed)


def test_a_crash_after_the_file_is_written_leaves_one_copy_that_the_next_import_replaces(
    cast: Cast, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    media, team = Path(settings.MEDIA_ROOT), cast.orgs["fernhill"]
    before = stored(media)
    data = b"Interviewer: Anything else?\n\nP1: Only the rain.\n"
    with monkeypatch.context() as patch:
        die_after_writing(patch)
        with pytest.raises(Killed):
            import_one(cast.users["researcher"], team, ImportItem("late.txt", lambda: data))
    assert not Source.objects.filter(content_hash=hashlib.sha256(data).hexdigest()).exists()
    assert len(stored(media)) == len(before) + 1  # the file without a row

    result = import_one(cast.users["researcher"], team, ImportItem("late.txt", lambda: data))
    assert result.status == IMPORTED
    source = Source.objects.get(pk=result.source_id)
    files = stored(media)
    assert len(files) == len(before) + 1, "the re-run stored a second copy"
    assert (media / source.original.name).read_bytes() == data
    assert (
        import_one(cast.users["researcher"], team, ImportItem("again.txt", lambda: data)).status == DUPLICATE
    )
    assert len(stored(media)) == len(files)


def test_a_file_another_import_committed_after_its_batch_was_checked_is_the_only_one_left_out(
    cast: Cast, settings
) -> None:
    """Each batch is checked for duplicates while the one before it is written. A file whose content
    another import commits in between makes the batch's single insert fail: each file of that batch is
    then written on its own, and only that one is reported, as a duplicate."""
    media, team, researcher = Path(settings.MEDIA_ROOT), cast.orgs["fernhill"], cast.users["researcher"]
    words = ["heron", "kingfisher", "otter", "wagtail"]
    texts = [f"Interviewer: What did you see?\n\nP1: A {word} by the lock.\n".encode() for word in words]
    elsewhere: list[ItemResult] = []

    def another_import_commits_the_last_file(done: list[tuple[int, ItemResult]]) -> None:
        if done[0][0] == 0:  # the first batch, written after the second was checked
            elsewhere.append(import_one(researcher, team, ImportItem("copy.txt", lambda: texts[3])))

    report = import_items(
        researcher,
        team,
        [
            ImportItem(f"{word}.txt", (lambda data=data: data))
            for word, data in zip(words, texts, strict=True)
        ],
        another_import_commits_the_last_file,
        batch=2,
    )
    assert [item.status for item in report.items] == [IMPORTED, IMPORTED, IMPORTED, DUPLICATE]
    assert report.items[3].message == "the same content was imported at the same moment"
    assert elsewhere[0].status == IMPORTED
    wagtail = Source.objects.get(team=team, content_hash=hashlib.sha256(texts[3]).hexdigest())
    assert wagtail.pk == elsewhere[0].source_id and wagtail.original_name == "copy.txt"
    otter = Source.objects.get(pk=report.items[2].source_id)
    assert otter.turns and (media / otter.original.name).read_bytes() == texts[2]
    assert search.raw_ids("source", team.pk, parse_query("otter")) == [otter.pk]
    assert search.raw_ids("source", team.pk, parse_query("wagtail")) == [wagtail.pk]


def test_a_file_cut_short_by_a_kill_is_written_again_in_full(cast: Cast, settings) -> None:
    media, team = Path(settings.MEDIA_ROOT), cast.orgs["fernhill"]
    data = ("Field notes. " * 500).encode()
    digest = hashlib.sha256(data).hexdigest()
    partial = media / "fieldwork" / str(team.pk) / digest[:2] / digest
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(data[:100])
    result = import_one(cast.users["researcher"], team, ImportItem("notes.txt", lambda: data))
    assert result.status == IMPORTED
    assert (
        Source.objects.get(pk=result.source_id).original.name == f"fieldwork/{team.pk}/{digest[:2]}/{digest}"
    )
    assert partial.read_bytes() == data


def test_gc_removes_orphans_but_not_files_with_rows_or_files_an_import_may_still_commit(
    cast: Cast, settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    media = Path(settings.MEDIA_ROOT)
    with monkeypatch.context() as patch:
        die_after_writing(patch)
        with pytest.raises(Killed):
            import_one(
                cast.users["researcher"],
                cast.orgs["fernhill"],
                ImportItem("lost.txt", lambda: b"Never committed."),
            )
    kept = {media / s.original.name for s in Source.objects.all()}
    orphan = next(p for p in stored(media) if p not in kept)

    call_command("fieldwork", "gc")  # the default grace keeps a file this young
    assert orphan.exists()
    call_command("fieldwork", "gc", "--grace", "0", "--dry-run")
    assert orphan.exists()
    assert orphan.relative_to(media).as_posix() in capsys.readouterr().out
    call_command("fieldwork", "gc", "--grace", "0")
    assert not orphan.exists()
    assert set(stored(media)) == kept
    assert "1 orphan file deleted" in capsys.readouterr().out


def test_withdrawal_deletes_the_originals_of_their_sources_and_logs_no_name(
    cast: Cast, settings, django_capture_on_commit_callbacks
) -> None:
    media = Path(settings.MEDIA_ROOT)
    source = Source.objects.get(pk=cast.fieldwork["source"])
    other = Source.objects.get(pk=cast.fieldwork["other_source"])
    theirs, others = media / source.original.name, media / other.original.name
    assert theirs.read_bytes() == TRANSCRIPT.encode()
    participant = cast.fieldwork["participant"]
    client = cast.client("researcher")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("fieldwork:participant_withdraw", args=[participant.pk]),
            {"withdrawn_on": "01/07/2026", "confirm": "on"},
        )
    assert response.status_code == 302
    assert not theirs.exists()
    assert others.exists()
    source.refresh_from_db()
    assert source.original.name == "" and source.text  # the text stays; the file is gone
    assert client.get(reverse("fieldwork:source_original", args=[source.pk])).status_code == 404
    page = client.get(reverse("fieldwork:source", args=[source.pk]))
    assert "deleted when a participant withdrew" in page.content.decode()
    log = Path(settings.ERASURE_LOG).read_text(encoding="ascii")
    line = json.loads(log.splitlines()[-1])
    assert line["event"] == "participant-withdrew" and line["participant"] == participant.pk
    assert "Gwen" not in log and "Ashdown" not in log
    # The same content imported again is recognised, not stored again.
    again = import_one(
        cast.users["researcher"], cast.orgs["fernhill"], ImportItem("again.txt", TRANSCRIPT.encode)
    )
    assert again.status == DUPLICATE and not theirs.exists()


# --- kill -9 during a real `cpi fieldwork import` of 500 files -----------------------------------------

FILES = 500


def test_kill_9_during_a_500_file_import_leaves_no_orphan_and_no_duplicate_after_the_rerun(
    installation: Installation, tmp_path: Path
) -> None:
    folder = tmp_path / "transcripts"
    write_transcripts(folder, FILES)
    for stop_at in (60, 180, 300):
        importer = installation.start("fieldwork", "import", str(folder))
        deadline = time.monotonic() + 300
        while (
            installation.value("SELECT COUNT(*) FROM fieldwork_source") < stop_at and importer.poll() is None
        ):
            assert time.monotonic() < deadline, "the import made no progress"
            time.sleep(0.02)
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait()
    rerun = installation.cpi("fieldwork", "import", str(folder))
    assert rerun.returncode == 0, rerun.stderr
    assert "0 failed" in rerun.stdout

    assert installation.value("SELECT COUNT(*) FROM fieldwork_source") == FILES
    assert installation.value("SELECT COUNT(DISTINCT content_hash) FROM fieldwork_source") == FILES
    names = installation.column("SELECT original FROM fieldwork_source")
    on_disk = installation.stored()
    assert on_disk == names, (
        f"{len(on_disk - names)} orphan files, {len(names - on_disk)} rows without a file"
    )
    for name in names:
        assert (
            hashlib.sha256((installation.var / "media" / name).read_bytes()).hexdigest()
            == name.rsplit("/", 1)[-1]
        )
