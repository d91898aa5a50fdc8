"""A person's data rights: a copy of everything held (JSON and PDF), and erasure that leaves their
details nowhere in the database, not even in the SQLite file, with a tombstone that names no one."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import zipfile

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.formats import date_format
from pypdf import PdfReader

from connecting_people.audit.models import AuditEntry
from connecting_people.practice.maps import do_new_map, do_save_member
from connecting_people.practice.models import MapMember, Person

from .checkout import CPI, ROOT
from .conftest import Cast
from .installation import DemoInstallation
from .pdfcheck import assert_tagged

SECRETS = [
    "Alys Penrose",
    "We looked at the choir timetable together.",
    "PRIVATE: seemed low today",
    "I want to sing with other people again",
    "Aunt Bea",
    "Ask how the choir taster went",
]


def everything_in_the_database() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the database itself
            chunks.extend(str(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_copy_of_everything_held(cast: Cast) -> None:
    client = cast.client("manager")
    person = cast.people["HAR-1"]
    response = client.get(reverse("practice:person_export", args=[person.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("person.json"))
    assert (
        data["details"]["full_name"] == "Alys Penrose"
        and data["goals"][0]["own_words"] == "I want to sing with other people again"
    )
    assert data["sessions"][0]["shared_notes"] == "We looked at the choir timetable together."
    assert (
        "private_reflections" not in data["sessions"][0]
        and "PRIVATE" not in archive.read("person.json").decode()
    )
    assert_tagged(archive.read("person.pdf"), "Your record")
    assert archive.read("person.pdf")[:5] == b"%PDF-" and data["map_members"][0]["label"] == "Aunt Bea"
    # The map is drawn in the PDF as well as listed: its members' labels are in the picture's text.
    pdf_text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(archive.read("person.pdf"))).pages
    )
    start = pdf_text.index("Network maps as drawn")
    drawn = pdf_text[start : pdf_text.index("History", start)]
    assert "Map drawn 1 November 2026" in drawn and "Aunt Bea" in drawn and "Me" in drawn
    assert [entry["what"] for entry in data["history"]][:1] == ["Created"]
    assert AuditEntry.objects.filter(
        action="export", object_type="practice.person", object_id=str(person.pk)
    ).exists()
    private = client.get(reverse("practice:person_export", args=[person.pk]), {"private": "1"})
    assert b"PRIVATE" in zipfile.ZipFile(io.BytesIO(private.content)).read("person.json")
    assert cast.client("worker").get(reverse("practice:person_export", args=[person.pk])).status_code == 403


def test_erasure_leaves_nothing_behind(cast: Cast) -> None:
    client = cast.client("manager")
    person = cast.people["HAR-1"]
    client.get(reverse("practice:person", args=[person.pk]))  # a view entry to be redacted later
    before = everything_in_the_database()
    assert all(secret in before for secret in SECRETS)
    wrong = client.post(reverse("practice:person_erase", args=[person.pk]), {"confirm": "HAR-2"})
    assert (
        "Type the reference exactly" in wrong.content.decode()
        and Person.objects.filter(pk=person.pk).exists()
    )
    response = client.post(reverse("practice:person_erase", args=[person.pk]), {"confirm": "HAR-1"})
    assert response.status_code == 302 and not Person.objects.filter(pk=person.pk).exists()
    after = everything_in_the_database()
    leaks = [secret for secret in SECRETS if secret in after]
    assert leaks == []
    tombstone = AuditEntry.objects.filter(object_type="practice.person", object_id=str(person.pk)).latest(
        "id"
    )
    assert tombstone.action == "delete" and tombstone.object_repr == "(erased)" and "erased" in tombstone.note
    assert (
        cast.client("individual").get(reverse("practice:people")).status_code == 302
    )  # their sign-in is closed
    assert (
        cast.client("worker")
        .post(reverse("practice:person_erase", args=[cast.people["HAR-2"].pk]), {"confirm": "HAR-2"})
        .status_code
        == 403
    )


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs on its own SQLite file: the run on SQLite covers it"
)
def test_erasure_clears_the_sqlite_file_itself(demo_installation: DemoInstallation) -> None:
    env = demo_installation.env
    secrets = [b"Indy Fairlie", b"Indy's cat is called Pickle", b"two close friends, a cousin"]
    files = demo_installation.db.parent.glob
    raw = lambda: b"".join(p.read_bytes() for p in files("scratch.sqlite3*"))  # noqa: E731
    assert all(secret in raw() for secret in secrets)
    result = subprocess.run(
        [CPI, "practice", "erase", "HAR-0001", "--yes"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Erased HAR-0001" in result.stdout
    assert [s for s in secrets if s in raw()] == []


def test_the_copy_draws_how_the_circles_changed_across_the_maps(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    first = person.maps.order_by("drawn_on", "id").first()
    assert first is not None
    do_new_map(cast.users["manager"], person, first.drawn_on + dt.timedelta(days=30))
    newest = person.maps.order_by("-drawn_on", "-id").first()
    assert newest is not None and newest.based_on is not None
    do_save_member(cast.users["manager"], MapMember(map=newest, label="Quiz team", kind="group", circle=3))
    response = cast.client("manager").get(reverse("practice:person_export", args=[person.pk]))
    pdf = zipfile.ZipFile(io.BytesIO(response.content)).read("person.pdf")
    assert_tagged(pdf, "Your record")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    start = text.index("How the circles changed")
    later = date_format(first.drawn_on + dt.timedelta(days=30), "j F Y")
    shown = text[start : text.index("History", start)]
    assert date_format(first.drawn_on, "j F Y") in shown and later in shown and "Circle 1 (closest)" in shown
    # The chart is a figure with its title as the alternative text, beside the drawn maps.
    figures, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop(0)
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            todo.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    assert "How the circles changed" in figures
    # The newest map beside the one before it, what changed marked and said in words.
    assert f"The map before, {date_format(newest.based_on.drawn_on, 'j F Y')}" in figures
    assert f"The map now, {date_format(newest.drawn_on, 'j F Y')}" in figures
    pair = " ".join(text[text.index("The newest map beside the one before it") :].split())
    assert "Marked: new since the map before; no longer on the map; closer now" in pair
    assert "Quiz team" in pair[: pair.index("History")]
