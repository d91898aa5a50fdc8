"""Reading an HSDS / Open Referral UK data package: a folder or a .zip holding `datapackage.json` and one
CSV file per table, as council directory tools write them (UTF-8 with or without a byte-order mark,
Windows-1252 from Excel, CRLF line ends, extra columns, the whole package inside a folder in the zip)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path, PurePosixPath

from .records import Bundle, OtherRow, record_from
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
    """The files of a package, by their path relative to datapackage.json."""

    def __init__(self, path: Path) -> None:
        self.files: dict[str, bytes | Path] = {}
        if path.is_dir():
            for found in sorted(path.rglob(DESCRIPTOR), key=lambda p: len(p.parts))[:1]:
                root = found.parent
                for file in root.iterdir():
                    if file.is_file():
                        self.files[file.name] = file
        elif zipfile.is_zipfile(path):
            self._read_zip(path)
        else:
            raise PackageError(f"{path.name} is neither a folder nor a zip archive.")
        if DESCRIPTOR not in self.files:
            raise PackageError(f"{path.name} has no {DESCRIPTOR}, so it is not a data package.")

    def _read_zip(self, path: Path) -> None:
        size = path.stat().st_size
        try:
            archive = zipfile.ZipFile(path)
            members = [m for m in archive.infolist() if not m.is_dir()]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
            raise PackageError(f"{path.name} is damaged: its zip structure could not be read.") from None
        if len(members) > MAX_MEMBERS:
            raise PackageError(f"{path.name} holds {len(members):,} files, too many for a data package.")
        inflated = sum(m.file_size for m in members)
        if inflated > MAX_TOTAL_BYTES or any(m.file_size > MAX_FILE_BYTES for m in members):
            raise PackageError(f"{path.name} would unpack to more than the limit, so it was not opened.")
        if inflated > RATIO_FLOOR and inflated > MAX_RATIO * size:
            raise PackageError(
                f"{path.name} would unpack to more than {MAX_RATIO} times its size, so it was not opened "
                "(it may be a zip bomb)."
            )
        descriptors = sorted(
            (m for m in members if PurePosixPath(m.filename).name == DESCRIPTOR),
            key=lambda m: len(PurePosixPath(m.filename).parts),
        )
        if not descriptors:
            return
        root = PurePosixPath(descriptors[0].filename).parent
        with archive:
            for member in members:
                member_path = PurePosixPath(member.filename)
                if member_path.parent == root:
                    # zipfile stops reading at the declared size, so a member cannot inflate past it.
                    self.files[member_path.name] = archive.read(member)

    def read(self, name: str) -> bytes:
        held = self.files[name]
        if isinstance(held, Path):
            if held.stat().st_size > MAX_FILE_BYTES:
                raise PackageError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
            return held.read_bytes()
        return held


def decode(data: bytes, name: str, declared: str = "") -> str:
    """Text of a CSV file: the declared encoding if any, else UTF-8 (a byte-order mark dropped), else
    Windows-1252 (what Excel writes when saving "CSV" on a UK computer)."""
    for encoding in [declared] if declared else ["utf-8-sig", "cp1252"]:
        try:
            return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    wanted = declared or "UTF-8 or Windows-1252"
    raise PackageError(f"{name} is not in {wanted} text; save it as CSV UTF-8 and try again.")


def read_package(path: Path) -> Bundle:
    """Every table of the package as plain records, with a problem for each row that cannot be used."""
    source = _Source(path)
    bundle = Bundle(kind="datapackage")
    try:
        descriptor = json.loads(decode(source.read(DESCRIPTOR), DESCRIPTOR))
        resources = descriptor.get("resources", [])
        if not isinstance(resources, list):
            raise TypeError
    except (ValueError, TypeError, AttributeError):
        raise PackageError(
            f"{DESCRIPTOR} is not a data package descriptor (JSON with a resources list)."
        ) from None
    for known in BY_NAME.values():
        bundle.reference_home[known.name] = known.file
    for resource in resources:
        if not isinstance(resource, dict):
            continue
        file = PurePosixPath(str(resource.get("path", ""))).name
        table = BY_NAME.get(str(resource.get("name", ""))) or BY_FILE.get(file)
        if not file:
            continue
        if file not in source.files:
            bundle.problem(f"{file} is listed in {DESCRIPTOR} but is not in the package")
            continue
        try:
            text = decode(source.read(file), file, str(resource.get("encoding", "")))
        except PackageError as error:
            bundle.problem(str(error))
            continue
        rows = csv.reader(io.StringIO(text, newline=""))
        header = next(rows, None)
        if header is None:
            continue
        header = [h.strip() for h in header]
        if table is not None:
            bundle.reference_home[table.name] = file
        for number, cells in enumerate(rows, start=2):
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
                else:
                    bundle.other_rows.append(OtherRow(file, raw["id"].strip(), raw, where))
                continue
            record = record_from(table, raw, where, bundle)
            if record is not None:
                bundle.records[table.name].append(record)
    return bundle
