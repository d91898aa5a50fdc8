"""A .qdpx archive read whole and checked before anything is written: every member is read (so a bad
CRC or a truncated member is found now, not half-way through an import), sizes and counts are capped,
and members are found the way the tools write them (``Project.qde`` or ``project.qde``, ``Sources/``
or ``sources/``, Windows back-slashes)."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath
from urllib.parse import unquote

from .errors import RefiError

MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 20_000


def _key(name: str) -> str:
    return name.replace("\\", "/").lstrip("./").casefold()


class Archive:
    def __init__(self, data: bytes) -> None:
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError):
            raise RefiError("This is not a .qdpx project: it is not a zip archive.") from None
        members = [m for m in zf.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise RefiError(f"The archive holds {len(members):,} files, too many for a project.")
        if sum(m.file_size for m in members) > MAX_ARCHIVE_BYTES:
            raise RefiError("The archive would unpack to more than 200 MB (it may be a zip bomb).")
        if any(m.flag_bits & 0x1 for m in members):
            raise RefiError("The archive is password-protected.")
        self._members: dict[str, bytes] = {}
        for member in members:
            self._members[_key(member.filename)] = self._read(zf, member)
        candidates = sorted((k for k in self._members if k.endswith(".qde")), key=lambda k: (k.count("/"), k))
        if not candidates:
            raise RefiError("The archive has no project.qde inside it, so it is not a REFI-QDA project.")
        self.project_member = candidates[0]
        # Some tools put the whole project in one folder; sources are then found beside project.qde.
        self._root = str(PurePosixPath(self.project_member).parent).removeprefix(".")

    @staticmethod
    def _read(zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
        try:
            with zf.open(member) as handle:
                data = handle.read(member.file_size + 1)
        except zipfile.BadZipFile as exc:
            reason = "its checksum does not match" if "CRC" in str(exc) else str(exc)
            raise RefiError(
                f"The archive is damaged: {member.filename} cannot be read ({reason}). "
                "Nothing was imported; export the project again."
            ) from None
        except (zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise RefiError(
                f"The archive is damaged: {member.filename} cannot be read ({exc.__class__.__name__}). "
                "Nothing was imported; export the project again."
            ) from None
        if len(data) != member.file_size:
            raise RefiError(f"The archive is damaged: {member.filename} is not the size the archive says.")
        return data

    def project_xml(self) -> bytes:
        return self._members[self.project_member]

    def names(self) -> list[str]:
        return list(self._members)

    def find(self, path: str) -> bytes | None:
        """A member named by a source or note: ``internal://x.txt`` (in Sources/), or a path relative to
        the project. Outside paths (``absolute://``, ``file:``, drive letters) are never read."""
        if not path:
            return None
        lowered = path.casefold()
        if lowered.startswith("internal://"):
            names = [f"sources/{path[len('internal://') :]}"]
        elif lowered.startswith("relative://"):
            names = [path[len("relative://") :]]
        elif "://" in path or lowered.startswith("file:") or (len(path) > 1 and path[1] == ":"):
            return None
        else:
            names = [path, f"sources/{path}"]
        for name in names:
            for candidate in (unquote(name), name):
                key = _key(candidate)
                for full in (f"{self._root}/{key}" if self._root else key, key):
                    if full in self._members:
                        return self._members[full]
        return None

    @staticmethod
    def is_outside(path: str) -> bool:
        lowered = path.casefold()
        return (
            bool(path)
            and not lowered.startswith(("internal://", "relative://"))
            and ("://" in path or lowered.startswith("file:") or (len(path) > 1 and path[1] == ":"))
        )
