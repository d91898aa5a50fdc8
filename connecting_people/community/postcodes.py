"""Postcodes and distance. We never ship postcode data: an organisation loads a file it chose, such as the
ONS Postcode Directory (ONSPD) or the National Statistics Postcode Lookup, which give each postcode's
centre as latitude and longitude. Either the CSV itself or the zip it comes in (the CSV in its `Data/`
folder) is read; any CSV with a postcode column and latitude and longitude columns will do.

Once postcodes are loaded, each directory location gets a point (`Location.point_latitude`,
`point_longitude`): its own latitude and longitude when the directory gives them, else the centre of its
address's postcode. Finding by distance reads those points."""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from connecting_people.lib.csvtext import csv_problem

from .models import Address, Location, Postcode

# Column names as the files write them (compared without case).
CODE_COLUMNS = ("pcds", "pcd", "pcd2", "postcode", "postcode_trimmed")
LATITUDE_COLUMNS = ("lat", "latitude")
LONGITUDE_COLUMNS = ("long", "longitude", "lon", "lng")
TERMINATED_COLUMN = "doterm"  # ONSPD: the month a postcode stopped being used, blank while it is live
NO_POINT_LATITUDE = 99.999999  # ONSPD's latitude for a postcode with no grid reference
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
EARTH_MILES = 3958.8
BATCH = 5000
LARGEST_CSV = 2_000_000_000  # the whole ONSPD is about 1.3 GB unzipped


class PostcodeFileRefused(ValueError):
    """A file that cannot be read as postcodes at all, with the reason."""


def normalise(code: str) -> str:
    """'nb4 2ab' and 'NB42AB' are both 'NB42AB'."""
    return re.sub(r"\s+", "", code).upper()


def looks_like_postcode(code: str) -> bool:
    return bool(UK_POSTCODE.match(normalise(code)))


@dataclass
class Reading:
    """What a file held: how many postcodes were loaded with a centre, how many were terminated, and the
    rows left out with the reason, by line."""

    loaded: int = 0
    terminated: int = 0
    problems: list[str] = field(default_factory=list)


def _column(header: list[str], names: tuple[str, ...], what: str) -> int:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    raise PostcodeFileRefused(
        f"The file has no {what} column: the first line should name one of {', '.join(names)}."
    )


def _opener(path: Path) -> Callable[[], AbstractContextManager[IO[bytes]]]:
    """A way to open the CSV afresh: the file itself, or the largest CSV in a zip (ONSPD's is in Data/)."""
    if not zipfile.is_zipfile(path):
        return lambda: path.open("rb")
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
    if not members:
        raise PostcodeFileRefused("The zip holds no .csv file.")
    chosen = max(members, key=lambda m: m.file_size)
    if chosen.file_size > LARGEST_CSV:
        raise PostcodeFileRefused(f"{chosen.filename} is larger than any postcode file.")

    @contextmanager
    def member() -> Iterator[IO[bytes]]:
        with zipfile.ZipFile(path) as archive, archive.open(chosen) as raw:
            yield raw

    return member


def _encoding(opener: Callable[[], AbstractContextManager[IO[bytes]]]) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel saves on Windows. The whole
    file is read once to tell, a block at a time (and once more, should it not be UTF-8, to find a byte
    Windows-1252 has no character for: the file is then refused with its line)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with opener() as raw:
        try:
            while block := raw.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8-sig"
    lines = 1
    with opener() as raw:
        while block := raw.read(1 << 20):
            try:
                block.decode("cp1252")
            except UnicodeDecodeError as exc:
                at = lines + block.count(b"\n", 0, exc.start)
                raise PostcodeFileRefused(
                    f"The file could not be read: line {at} is "
                    "neither UTF-8 nor Windows-1252 text; save the file again as “CSV UTF-8”."
                ) from None
            lines += block.count(b"\n")
    return "cp1252"


def load(path: Path) -> Reading:
    """Add or update every postcode in the file with its centre, a batch at a time as the file is read
    (the whole ONSPD is about 2.7 million rows). Terminated postcodes, postcodes with no centre and rows
    that cannot be read are left out, the last two named by line. Inside the caller's transaction: a file
    that stops being readable part of the way (a cell too long) is refused whole."""
    opener = _opener(path)
    encoding = _encoding(opener)
    out = Reading()
    with opener() as raw:
        rows = csv.reader(io.TextIOWrapper(raw, encoding=encoding, newline=""))
        try:
            _read(rows, out)
        except csv.Error as exc:
            raise PostcodeFileRefused(
                f"The file could not be read: {csv_problem(rows.line_num, exc)}."
            ) from None
    return out


def _read(rows: Iterator[list[str]], out: Reading) -> None:
    header = next(rows, None)
    if not header:
        raise PostcodeFileRefused("The file is empty.")
    code_at = _column(header, CODE_COLUMNS, "postcode")
    lat_at = _column(header, LATITUDE_COLUMNS, "latitude")
    lon_at = _column(header, LONGITUDE_COLUMNS, "longitude")
    lowered = [h.strip().lower() for h in header]
    term_at = lowered.index(TERMINATED_COLUMN) if TERMINATED_COLUMN in lowered else None
    # By postcode: a file that gives a postcode twice is read as its last line says (one statement may
    # not update the same row twice).
    batch: dict[str, Postcode] = {}
    for line, row in enumerate(rows, start=2):
        point = _point(row, line, code_at, lat_at, lon_at, term_at, out)
        if point is not None:
            batch[point.code] = point
        if len(batch) == BATCH:
            out.loaded += _write(list(batch.values()))
            batch = {}
    out.loaded += _write(list(batch.values()))


def _point(
    row: list[str], line: int, code_at: int, lat_at: int, lon_at: int, term_at: int | None, out: Reading
) -> Postcode | None:
    if not any(cell.strip() for cell in row):
        return None
    if len(row) <= max(code_at, lat_at, lon_at):
        out.problems.append(f"line {line}: {len(row)} columns, fewer than the first line names")
        return None
    if term_at is not None and term_at < len(row) and row[term_at].strip():
        out.terminated += 1
        return None
    written = row[code_at].strip()
    code = normalise(written)
    if not UK_POSTCODE.match(code):
        out.problems.append(f"line {line}: {written!r} is not a UK postcode")
        return None
    try:
        lat, lon = float(row[lat_at]), float(row[lon_at])
    except ValueError:
        out.problems.append(f"line {line}: {written} has no readable latitude and longitude")
        return None
    if lat == NO_POINT_LATITUDE or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        out.problems.append(f"line {line}: {written} has no centre in the file")
        return None
    return Postcode(code=code, latitude=lat, longitude=lon)


def _write(batch: list[Postcode]) -> int:
    Postcode.objects.bulk_create(
        batch, update_conflicts=True, unique_fields=["code"], update_fields=["latitude", "longitude"]
    )
    return len(batch)


def place(locations: Iterable[Location]) -> int:
    """Give each location its point: its own latitude and longitude, else its address's postcode centre
    (None when neither is known). Returns how many have a point."""
    rows = list(locations)
    codes: dict[int, str] = {}
    for location_id, postal_code in Address.objects.filter(
        location__in=[r.pk for r in rows], postal_code__gt=""
    ).values_list("location_id", "postal_code"):
        if location_id is not None:
            codes.setdefault(location_id, normalise(postal_code))
    centres: dict[str, tuple[float, float]] = {}
    wanted = sorted(set(codes.values()))
    for start in range(0, len(wanted), BATCH):
        centres.update(
            (code, (lat, lon))
            for code, lat, lon in Postcode.objects.filter(code__in=wanted[start : start + BATCH]).values_list(
                "code", "latitude", "longitude"
            )
        )
    placed = 0
    for location in rows:
        if location.latitude is not None and location.longitude is not None:
            point: tuple[float, float] | None = (
                float(str(location.latitude)),
                float(str(location.longitude)),
            )
        else:
            point = centres.get(codes.get(location.pk, ""))
        location.point_latitude, location.point_longitude = point if point else (None, None)
        placed += point is not None
    Location.objects.bulk_update(rows, ["point_latitude", "point_longitude"], batch_size=BATCH)
    return placed


def centre_of(code: str) -> tuple[float, float] | None:
    found = Postcode.objects.filter(code=normalise(code)).values_list("latitude", "longitude").first()
    return (found[0], found[1]) if found else None


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_MILES * math.asin(math.sqrt(h))


def box(centre: tuple[float, float], miles: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The latitude and longitude ranges of a square around the centre holding the circle of `miles`."""
    lat, lon = centre
    dlat = math.degrees(miles / EARTH_MILES)
    dlon = math.degrees(miles / (EARTH_MILES * max(math.cos(math.radians(lat)), 0.01)))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)
