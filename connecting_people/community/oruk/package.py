"""Reading an HSDS / Open Referral UK data package: a folder or a .zip holding `datapackage.json` and one
CSV file per table, as council directory tools write them (UTF-8 with or without a byte-order mark,
Windows-1252 from Excel, CRLF line ends, extra columns, the whole package inside a folder in the zip)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

from connecting_people.lib.csvtext import CsvTextError, csv_rows, decode_csv

from .records import Bundle, OtherRow, has_nul, id_too_long, record_from
from .spec import BY_FILE, BY_NAME

MAX_FILE_BYTES = 200 * 1024 * 1024  # one CSV, unpacked
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # the whole package, unpacked
MAX_MEMBERS = 1_000
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
DESCRIPTOR = "datapackage.json"


class PackageError(Exception):
    """The package cannot be read at all (not a package, damaged, too big)."""


class _Source:
    """The files of a package, by their path relative to the folder that holds datapackage.json."""

    def __init__(self, path: Path) -> None:
        self.files: dict[str, Path | zipfile.ZipInfo] = {}
        self.archive: zipfile.ZipFile | None = None
        if path.is_dir():
            descriptors = sorted(path.rglob(DESCRIPTOR), key=lambda p: len(p.parts))
            root = descriptors[0].parent if descriptors else path
            found = [file for file in root.rglob("*") if file.is_file()]
            if len(found) > MAX_MEMBERS:
                raise PackageError(f"{path.name} holds {len(found):,} files, too many for a data package.")
            self.files = {file.relative_to(root).as_posix(): file for file in found}
        elif zipfile.is_zipfile(path):
            self._open_zip(path)
        else:
            raise PackageError(f"{path.name} is neither a folder nor a zip archive.")
        if DESCRIPTOR not in self.files:
            self.close()
            raise PackageError(f"{path.name} has no {DESCRIPTOR}, so it is not a data package.")

    def _open_zip(self, path: Path) -> None:
        size = path.stat().st_size
        try:
            archive = zipfile.ZipFile(path)
            members = [m for m in archive.infolist() if not m.is_dir()]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
            raise PackageError(f"{path.name} is damaged: its zip structure could not be read.") from None
        problem = ""
        inflated = sum(m.file_size for m in members)
        if len(members) > MAX_MEMBERS:
            problem = f"{path.name} holds {len(members):,} files, too many for a data package."
        elif any(m.flag_bits & 0x1 for m in members):
            problem = f"{path.name} is password-protected; remove the password and try again."
        elif inflated > MAX_TOTAL_BYTES or any(m.file_size > MAX_FILE_BYTES for m in members):
            problem = f"{path.name} would unpack to more than the limit, so it was not opened."
        elif inflated > RATIO_FLOOR and inflated > MAX_RATIO * size:
            problem = (
                f"{path.name} would unpack to more than {MAX_RATIO} times its size, so it was not opened "
                "(it may be a zip bomb)."
            )
        if problem:
            archive.close()
            raise PackageError(problem)
        self.archive = archive
        descriptors = sorted(
            (PurePosixPath(m.filename) for m in members if PurePosixPath(m.filename).name == DESCRIPTOR),
            key=lambda p: len(p.parts),
        )
        root = descriptors[0].parent if descriptors else PurePosixPath(".")
        for member in members:
            member_path = PurePosixPath(member.filename)
            if member_path.is_relative_to(root) and ".." not in member_path.parts:
                self.files[member_path.relative_to(root).as_posix()] = member

    def read(self, name: str) -> bytes:
        held = self.files[name]
        if isinstance(held, Path):
            if held.stat().st_size > MAX_FILE_BYTES:
                raise PackageError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
            return held.read_bytes()
        if self.archive is None:  # not reached: a ZipInfo comes only from an open archive
            raise PackageError(f"{name} could not be read.")
        # zipfile stops reading at the declared size, so a member cannot inflate past what was checked.
        return self.archive.read(held)

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()


def decode(data: bytes, name: str, declared: str = "") -> str:
    """Text of a CSV file: in the encoding the package declares for it, else as spreadsheets save it."""
    if declared:
        try:
            return data.decode("utf-8-sig" if declared.lower().replace("_", "-") == "utf-8" else declared)
        except (UnicodeDecodeError, LookupError):
            raise PackageError(
                f"{name} is not in {declared} text; save it as CSV UTF-8 and try again."
            ) from None
    try:
        return decode_csv(data)
    except CsvTextError as exc:
        raise PackageError(f"{name} could not be read: {exc}.") from None


def read_package(path: Path) -> Bundle:
    """Every table of the package as plain records, with a problem for each row that cannot be used."""
    source = _Source(path)
    try:
        return _read(source)
    finally:
        source.close()


def _read(source: _Source) -> Bundle:
    bundle = Bundle(kind="datapackage")
    try:
        descriptor = json.loads(decode(source.read(DESCRIPTOR), DESCRIPTOR))
        resources = descriptor.get("resources", [])
        if not isinstance(resources, list):
            raise TypeError
    except (ValueError, TypeError, AttributeError, RecursionError):
        raise PackageError(
            f"{DESCRIPTOR} is not a data package descriptor (JSON with a resources list)."
        ) from None
    for known in BY_NAME.values():
        bundle.reference_home[known.name] = known.file
    for resource in resources:
        if not isinstance(resource, dict):
            continue
        file = str(PurePosixPath(str(resource.get("path", ""))))
        table = BY_NAME.get(str(resource.get("name", ""))) or BY_FILE.get(PurePosixPath(file).name)
        if file in ("", "."):
            continue
        if PurePosixPath(file).is_absolute() or ".." in PurePosixPath(file).parts or len(file) > 100:
            bundle.problem(f"{file[:100]}: a table's path must lie inside the package (and be short)")
            continue
        if file not in source.files:
            bundle.problem(f"{file} is listed in {DESCRIPTOR} but is not in the package")
            continue
        try:
            text = decode(source.read(file), file, str(resource.get("encoding", "")))
        except PackageError as error:
            bundle.problem(str(error))
            continue
        try:
            rows = csv_rows(text)
        except CsvTextError as error:
            bundle.problem(f"{file} could not be read: {error}")
            continue
        if not rows:
            continue
        header = [h.strip() for h in rows[0][1]]
        if table is not None:
            bundle.reference_home[table.name] = file
        for number, cells in rows[1:]:
            if not any(c.strip() for c in cells):
                continue
            where = f"{file} row {number}"
            if len(cells) != len(header):
                bundle.problem(f"{where}: has {len(cells)} cells but the header has {len(header)} columns")
                continue
            raw = dict(zip(header, cells, strict=True))
            if table is None:
                if not raw.get("id", "").strip():
                    bundle.problem(f"{where}: id is empty; every row needs its identifier")
                elif not id_too_long(raw["id"], where, bundle) and not has_nul(raw, where, bundle):
                    bundle.other_rows.append(OtherRow(file, raw["id"].strip(), raw, where))
                continue
            record = record_from(table, raw, where, bundle)
            if record is not None:
                bundle.records[table.name].append(record)
    return bundle
