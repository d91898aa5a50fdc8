"""The erasure log and the backup file format as plain functions: torn lines, unsafe names, forged
manifests."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from connecting_people.backup import archive, erasure_log
from connecting_people.backup.archive import BackupError


def test_parse_keeps_whole_lines_and_skips_one_cut_short_by_a_crash() -> None:
    text = (
        '{"at": "2026-11-29T10:00:00+00:00", "event": "person-erased", "person": 4, "reference": "HAR-4", '
        '"organisation": 1}\n'
        '{"at": "2026-11-29T11:00:00+00:00", "event": "participant-withdrew", "participant": 7, "site": 2, '
        '"pseudonym": "P7", "on": "2026-11-29"}\n'
        '{"at": "2026-11-29T12:00:00+00:00", "event": "something-else"}\n'
        '["not", "an", "object"]\n'
        '{"at": "2026-11-29T10:30:00", "event": "person-erased", "person": 5}\n'
        '{"at": "2026-11-29T13:00:00+00:00", "event": "person-er'
    )
    lines = list(erasure_log.parse(text))
    assert [(line.event, line.ids) for line in lines] == [
        ("person-erased", {"person": 4, "reference": "HAR-4", "organisation": 1}),
        ("participant-withdrew", {"participant": 7, "site": 2, "pseudonym": "P7", "on": "2026-11-29"}),
    ]
    assert lines[0].at == dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "name, safe",
    [
        ("fieldwork/3/ab/abcdef", True),
        ("guide/builds/4/Guide.pdf", True),
        ("../secret_key", False),
        ("fieldwork/../../cpi.sqlite3", False),
        ("/etc/passwd", False),
        ("a\\b", False),
        ("", False),
    ],
)
def test_only_relative_media_names_inside_the_media_folder_are_safe(name: str, safe: bool) -> None:
    assert archive.safe_media_name(name) is safe


def _forge(path: Path, members: dict[str, bytes], manifest: dict) -> None:
    files = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()
    }
    body = json.dumps(
        {
            "format": archive.FORMAT,
            "started_at": "2026-11-29T10:00:00+00:00",
            "migrations": [],
            "database": {"vendor": "sqlite"},
            "files": files,
            **manifest,
        }
    ).encode()
    with tarfile.open(path, "w:gz") as tar:
        for name, data in [*members.items(), (archive.MANIFEST, body)]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_forged_archive_whose_checksums_match_is_still_refused_for_an_unsafe_name(tmp_path: Path) -> None:
    forged = tmp_path / "forged.tar.gz"
    _forge(forged, {"database.sqlite3": b"x", "media/../../secret_key": b"overwritten"}, {})
    with pytest.raises(BackupError, match="unsafe name"):
        archive.read_manifest(forged)


def test_a_member_the_manifest_does_not_list_is_refused(tmp_path: Path) -> None:
    forged = tmp_path / "extra.tar.gz"
    _forge(forged, {"database.sqlite3": b"x"}, {})
    with tarfile.open(forged, "r:gz") as tar:
        kept = [(m, tar.extractfile(m).read()) for m in tar]
    with tarfile.open(forged, "w:gz") as tar:
        for member, data in [
            (kept[0][0], kept[0][1]),
            (tarfile.TarInfo("media/extra"), b"smuggled"),
            *kept[1:],
        ]:
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="does not list"):
        archive.read_manifest(forged)


def test_a_manifest_without_a_start_time_is_refused(tmp_path: Path) -> None:
    forged = tmp_path / "notime.tar.gz"
    _forge(forged, {"database.sqlite3": b"x"}, {"started_at": None})
    with pytest.raises(BackupError, match="no valid start time"):
        archive.read_manifest(forged)
