"""The backup file: a gzipped tar holding the database dump, the media files it references under `media/`,
and `manifest.json` last, with the SHA-256 and size of every other member. No ORM here.

The archive is written to a `.partial` file beside the target and renamed when complete, so a crash
never leaves something that looks like a backup. Reading checks the whole archive (members, names,
sizes, checksums) before anything is restored."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "cpi-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media/"


class BackupError(Exception):
    """A backup that cannot be made or a file that cannot be restored; the message is for the user."""


@dataclass(frozen=True)
class Checked:
    sha256: str
    size: int


class _Hashing(io.RawIOBase):
    """Reads through to `inner`, hashing what passes."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner, self.sha, self.size = inner, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.inner.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def safe_media_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and "\x00" not in name
    )


class Writer:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.partial = out.with_name(out.name + ".partial")
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.raw = os.fdopen(fd, "wb")
        self.tar = tarfile.open(fileobj=self.raw, mode="w:gz", compresslevel=6)  # noqa: SIM115 (closed in finish/abandon)
        self.files: dict[str, dict[str, Any]] = {}

    def add(self, member: str, handle: IO[bytes], size: int) -> None:
        info = tarfile.TarInfo(member)
        info.size, info.mode = size, 0o600
        hashing = _Hashing(handle)
        self.tar.addfile(info, hashing)
        self.files[member] = {"sha256": hashing.sha.hexdigest(), "size": hashing.size}

    def finish(self, manifest: dict[str, Any]) -> None:
        body = json.dumps(
            {**manifest, "format": FORMAT, "files": self.files}, indent=2, sort_keys=True
        ).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(body), 0o600
        self.tar.addfile(info, io.BytesIO(body))
        self.tar.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.replace(self.partial, self.out)

    def abandon(self) -> None:
        self.tar.close()
        self.raw.close()
        self.partial.unlink(missing_ok=True)


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:gz")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(
            f"{path.name} is not a Connecting People backup (not a gzipped tar: {exc})."
        ) from None


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest, after checking every member against it."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    seen: dict[str, Checked] = {}
    manifest: dict[str, Any] | None = None
    try:
        with _open(path) as tar:
            for member in tar:
                if not member.isfile():
                    raise BackupError(
                        f"{path.name} holds {member.name!r}, which is not a plain file; refusing it."
                    )
                if member.name in seen or (member.name == MANIFEST and manifest is not None):
                    raise BackupError(f"{path.name} holds {member.name!r} twice; refusing it.")
                handle = tar.extractfile(member)
                if handle is None:
                    raise BackupError(f"{path.name}: {member.name!r} cannot be read.")
                if member.name == MANIFEST:
                    manifest = _parse_manifest(handle.read(), path.name)
                    continue
                hashing = _Hashing(handle)
                while hashing.read(1 << 20):
                    pass
                seen[member.name] = Checked(hashing.sha.hexdigest(), hashing.size)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{path.name} is damaged or incomplete ({exc}); nothing was restored.") from None
    if manifest is None:
        raise BackupError(f"{path.name} has no manifest; it is not a complete Connecting People backup.")
    listed = manifest["files"]
    for name, check in seen.items():
        expected = listed.get(name)
        if expected is None:
            raise BackupError(f"{path.name} holds {name!r}, which its manifest does not list; refusing it.")
        if expected.get("sha256") != check.sha256 or expected.get("size") != check.size:
            raise BackupError(
                f"{name} in {path.name} does not match its checksum; the backup is damaged. Nothing was "
                "restored."
            )
    missing = sorted(set(listed) - set(seen))
    if missing:
        raise BackupError(
            f"{path.name} lacks {missing[0]}"
            + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
            + " listed in its manifest; the backup is incomplete. Nothing was restored."
        )
    for name in listed:
        if name.startswith(MEDIA) and not safe_media_name(name[len(MEDIA) :]):
            raise BackupError(f"{path.name} holds a media file with an unsafe name ({name!r}); refusing it.")
    return manifest


def _parse_manifest(body: bytes, label: str) -> dict[str, Any]:
    try:
        manifest = json.loads(body)
    except ValueError:
        raise BackupError(f"The manifest of {label} is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{label} is not a backup this version can read (expected format {FORMAT}).")
    files, db = manifest.get("files"), manifest.get("database")
    try:
        dt.datetime.fromisoformat(str(manifest.get("started_at")))
    except ValueError:
        raise BackupError(f"The manifest of {label} has no valid start time.") from None
    if not (
        isinstance(files, dict)
        and all(isinstance(v, dict) for v in files.values())
        and isinstance(db, dict)
        and isinstance(db.get("vendor"), str)
        and isinstance(manifest.get("migrations"), list)
    ):
        raise BackupError(f"The manifest of {label} is incomplete.")
    return manifest


def members(path: Path, prefix: str) -> Iterator[tuple[str, IO[bytes]]]:
    """(name, readable) for each member whose name starts with `prefix`, in archive order."""
    with _open(path) as tar:
        for member in tar:
            if member.isfile() and member.name.startswith(prefix) and member.name != MANIFEST:
                handle = tar.extractfile(member)
                if handle is not None:
                    yield member.name, handle
