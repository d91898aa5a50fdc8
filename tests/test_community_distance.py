"""Finding by distance, once an organisation loads a postcode file as the ONS publishes it (we never ship
one). The files here are written by a generator in the style of the ONS Postcode Directory: its column
names, CRLF line ends, terminated postcodes with a `doterm`, 99.999999 for a postcode with no centre, and
the zip with the CSV in `Data/` beside the user guide's smaller CSVs in `Documents/`."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.community.models import Location, Postcode
from connecting_people.community.postcodes import miles_between

from .conftest import Cast
from .test_community_find import load, names

pytestmark = pytest.mark.django_db

HALL = (53.4808, -2.2426)  # Mill Lane Hall gives its own latitude and longitude (BW1 2AB)
QUAY = (53.5240, -2.2426)  # the Quay Rooms give none: they are placed by ZC4 1AA's centre
NEAR_HALL = (53.4830, -2.2400)  # BW1 9ZZ, where the person lives
COLUMNS = ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "ced", "oslaua", "lat", "long", "imd"]


def onspd_row(code: str, point: tuple[float, float], terminated: str = "") -> list[str]:
    compact = code.replace(" ", "")
    seven = compact[:-3].ljust(4) + compact[-3:]  # pcd: the outward code padded to four
    return [
        seven,
        code.ljust(8),
        code,
        "198001",
        terminated,
        "E99999999",
        "",
        "E08000003",
        *map(str, point),
        "1",
    ]


def onspd_csv() -> bytes:
    rows = [
        COLUMNS,
        onspd_row("BW1 2AB", (53.4801, -2.2430)),
        onspd_row("ZC4 1AA", QUAY),
        onspd_row("BW1 9ZZ", NEAR_HALL),
        onspd_row("BW1 7QQ", (53.49, -2.25), terminated="200312"),  # no longer in use
        onspd_row("ZC9 9ZZ", (99.999999, 0.0)),  # no grid reference: no centre
        ["BROKEN", "BROKEN", "BROKEN", "", "", "", "", "", "north", "west", ""],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def onspd_zip(tmp_path: Path) -> Path:
    path = tmp_path / "ONSPD_NOV_2026.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "Documents/Country names and codes UK as at 08_12.csv",
            "CTRY12CD,CTRY12NM\r\nE92000001,England\r\n",
        )
        archive.writestr("Data/ONSPD_NOV_2026_UK.csv", onspd_csv())
        archive.writestr("User Guide/ONSPD User Guide Nov 2026.pdf", b"%PDF-1.4 not really")
    return path


def _load_postcodes(path: Path) -> str:
    out = io.StringIO()
    call_command("community", "postcodes", str(path), stdout=out)
    return re.sub(r"\s+", " ", out.getvalue())


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_onspd_zip_loads_and_places_the_directory(cast: Cast, tmp_path: Path) -> None:
    load(cast.orgs["harbourside"], tmp_path)
    quay = Location.objects.get(name="Quay Rooms")
    assert quay.point_latitude is None  # no postcode file yet, and no latitude of its own
    output = _load_postcodes(onspd_zip(tmp_path))
    assert "Loaded 3 postcodes; left out 1 no longer in use and 2 that could not be read." in output
    assert "Left out, line 6: ZC9 9ZZ has no centre in the file" in output
    assert "Left out, line 7: 'BROKEN' is not a UK postcode" in output
    assert set(Postcode.objects.values_list("code", flat=True)) == {"BW12AB", "ZC41AA", "BW19ZZ"}
    quay.refresh_from_db()
    hall = Location.objects.get(name="Mill Lane Hall")
    assert (quay.point_latitude, quay.point_longitude) == QUAY  # by its address's postcode
    assert (hall.point_latitude, hall.point_longitude) == HALL  # by its own latitude and longitude
    entry = AuditEntry.objects.get(object_type="community.postcode")
    assert entry.object_repr == "ONSPD_NOV_2026.zip" and "3 postcodes loaded" in entry.note
    # Loading again updates in place, and a directory imported later is placed as it is written.
    _load_postcodes(onspd_zip(tmp_path))
    assert Postcode.objects.count() == 3
    load(cast.orgs["northbridge"], tmp_path)
    assert Location.objects.filter(owner=cast.orgs["northbridge"], point_latitude=QUAY[0]).exists()


def test_a_file_that_is_not_postcodes_loads_nothing(tmp_path: Path) -> None:
    wrong = tmp_path / "people.csv"
    wrong.write_text("name,town\r\nA,B\r\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No postcodes were loaded: The file has no postcode column"):
        _load_postcodes(wrong)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    with pytest.raises(CommandError, match="The zip holds no .csv file"):
        _load_postcodes(empty)
    assert not Postcode.objects.exists() and not AuditEntry.objects.filter(object_type="community.postcode")


def test_a_postcode_file_in_no_encoding_it_could_be_in_loads_nothing(tmp_path: Path) -> None:
    """0x81 is neither UTF-8 nor a Windows-1252 character: the file is damaged or in another encoding."""
    path = tmp_path / "postcodes.csv"
    path.write_bytes(b"postcode,lat,long\r\nBW1 2AB,53.40,-2.20\r\nZC4 1AA,53.5\x81,-2.2\r\n")
    with pytest.raises(CommandError, match="line 3 is neither UTF-8 nor Windows-1252 text"):
        _load_postcodes(path)
    assert not Postcode.objects.exists()


def test_a_postcode_file_with_a_cell_too_long_for_csv_loads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "postcodes.csv"
    path.write_text("postcode,lat,long\r\nBW1 2AB,53.40,-2.20\r\nZC4 1AA," + "9" * 140_000 + ",-2.2\r\n")
    with pytest.raises(CommandError, match="line 3 has a cell longer than 131,072 characters"):
        _load_postcodes(path)
    assert not Postcode.objects.exists()


def test_a_windows_1252_csv_from_excel_loads(tmp_path: Path) -> None:
    path = tmp_path / "postcodes.csv"
    path.write_bytes(
        "Postcode;Latitude;Longitude\r\n".replace(";", ",").encode("cp1252")
        + "BW1 2AB,53.48,-2.24\r\nZC4 1AA,53.52,-2.24\r\n".encode("cp1252")
        + "Café £,53.5,-2.2\r\n".encode("cp1252")
    )
    output = _load_postcodes(path)
    assert "Loaded 2 postcodes" in output and "'Café £' is not a UK postcode" in output
    # A postcode given twice in one file is read as its last line says, on either database.
    again = tmp_path / "twice.csv"
    again.write_text("postcode,lat,long\r\nBW1 2AB,53.40,-2.20\r\nbw12ab,53.41,-2.21\r\n", encoding="utf-8")
    assert "Loaded 1 postcode;" in _load_postcodes(again)
    assert Postcode.objects.filter(code="BW12AB").values_list("latitude", flat=True).get() == 53.41


def test_workers_find_what_is_near_a_person_nearest_first(cast: Cast, tmp_path: Path) -> None:
    client = cast.client("worker")
    url = reverse("directory:find")
    load(cast.orgs["harbourside"], tmp_path)
    assert "Near a postcode" not in client.get(url).content.decode()  # no postcode file: no distance
    _load_postcodes(onspd_zip(tmp_path))
    page = client.get(url).content.decode()
    assert "Near a postcode" in page and "Within" in page

    def find(**query: str) -> str:
        response = client.get(url, query)
        assert response.status_code == 200
        return response.content.decode()

    # The hall is 0.2 miles from BW1 9ZZ, the Quay Rooms about 2.8 (worked out by hand below).
    assert round(miles_between(NEAR_HALL, HALL), 1) == 0.2
    assert round(miles_between(NEAR_HALL, QUAY), 1) == 2.8
    assert names(find(near="bw19zz", within="1")) == ["Allotment group 0", "Allotment group 2"]
    both = find(near="BW1 9ZZ", within="5")
    assert names(both) == ["Allotment group 0", "Allotment group 2", "Community choir 1"]  # nearest first
    text = _text(both)
    assert "About 0.2 miles away" in text and "About 2.8 miles away" in text
    # With other filters too; and a postcode not in the file is refused with a message, not ignored.
    assert names(find(near="BW1 9ZZ", within="5", words="choir")) == ["Community choir 1"]
    unknown = _text(find(near="ZZ9 9ZZ", within="5"))
    assert "“ZZ9 9ZZ” is not in the loaded postcode file. Check it, or search by area instead." in unknown
    assert "“BW1 7QQ” is not in the loaded postcode file." in _text(find(near="BW1 7QQ"))  # terminated
