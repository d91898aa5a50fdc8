"""REFI-QDA exchange: a .qdpx export whose structure follows QDA-XML 1.0 and re-imports without
loss, imports from other tools (nested codes kept as free tags), a real Taguette .qdc, and damaged
archives refused with nothing written."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from io import StringIO
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from taguette.export import codebook_xml

from connecting_people.accounts.actions import do_create_user
from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork import refi
from connecting_people.fieldwork.actions import do_withdraw_participant
from connecting_people.fieldwork.coding import tags_from_paths
from connecting_people.fieldwork.models import Excerpt, Source, Tag

from .conftest import Cast

NS = "{urn:QDA-XML:project:1.0}"
GUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
# The order QDA-XML 1.0 requires for a Project's children and a TextSource's children.
PROJECT_ORDER = [
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
]
TEXT_SOURCE_ORDER = [
    "Description",
    "PlainTextContent",
    "PlainTextSelection",
    "Coding",
    "NoteRef",
    "VariableValue",
]


def _in_order(children: list[str], order: list[str]) -> bool:
    positions = [order.index(c) for c in children]
    return positions == sorted(positions)


@pytest.fixture
def exported(cast: Cast, corpus: dict) -> bytes:
    excerpt = corpus["excerpts"]["choir"]
    excerpt.tags.set(tags_from_paths(cast.orgs["fernhill"].pk, "Places/Cafés, Music"))
    excerpt.memo = "singing on Thursdays"
    excerpt.save()
    return refi.export_project(cast.orgs["fernhill"].pk, "Fernhill fieldwork")


def test_export_follows_the_standard_structure(cast: Cast, exported: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(exported))
    root = ET.fromstring(archive.read("project.qde"))
    assert root.tag == f"{NS}Project" and root.get("name") == "Fernhill fieldwork" and root.get("origin")
    assert _in_order([c.tag.removeprefix(NS) for c in root], PROJECT_ORDER)
    guids = [e.get("guid") for e in root.iter() if e.get("guid")]
    assert guids and all(GUID.match(g) for g in guids) and len(guids) == len(set(guids))
    codes = {c.get("guid"): c for c in root.iter(f"{NS}Code")}
    assert all(c.get("isCodable") in ("true", "false") and c.get("name") for c in codes.values())
    parts = [c.get("name") for c in root.find(f"{NS}CodeBook/{NS}Codes")]
    assert parts[:5] == ["Pre-requisites", "Worker wheel", "Individual wheel", "Agency", "Outcomes"]
    assert "Places" in parts and "Music" in parts
    sources = root.findall(f"{NS}Sources/{NS}TextSource")
    assert len(sources) == 4  # the cast's source and the corpus's three
    for source in sources:
        assert _in_order([c.tag.removeprefix(NS) for c in source], TEXT_SOURCE_ORDER)
        text = archive.read("Sources/" + source.get("plainTextPath").removeprefix("internal://")).decode()
        for selection in source.findall(f"{NS}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert 0 <= start < end <= len(text)
            for ref in selection.iter(f"{NS}CodeRef"):
                assert (
                    ref.get("targetGUID") in codes and codes[ref.get("targetGUID")].get("isCodable") == "true"
                )
    assert "Gwen" not in archive.read("project.qde").decode()  # a participant's real name never leaves


def test_export_then_import_is_lossless(cast: Cast, exported: bytes, corpus: dict) -> None:
    other = do_create_user(
        None,
        password=None,
        username="nb-researcher",
        organisation=cast.orgs["northbridge"],
        role="researcher",
    )
    report = refi.do_import_project(other, cast.orgs["northbridge"], exported)
    assert report.count("imported") == 4 and report.count("failed") == 0, report.sources

    def snapshot(team) -> set:  # type: ignore[no-untyped-def]
        rows = set()
        for e in Excerpt.objects.filter(source__team=team).prefetch_related("components", "tags"):
            rows.add(
                (
                    e.source.text,
                    e.start,
                    e.end,
                    e.text,
                    tuple(sorted(c.key for c in e.components.all())),
                    tuple(sorted(t.path for t in e.tags.all())),
                )
            )
        return rows

    mine = snapshot(cast.orgs["fernhill"])
    theirs = snapshot(cast.orgs["northbridge"]) - {
        r for r in snapshot(cast.orgs["northbridge"]) if "Hilltop" in r[0]
    }
    assert theirs == mine
    copied = Excerpt.objects.get(source__team=cast.orgs["northbridge"], text__contains="choir")
    assert copied.memo == "singing on Thursdays"
    assert (
        copied.coder.username != other.username and not copied.coder.is_active
    )  # the other team's coder, named
    before = (Excerpt.objects.count(), Source.objects.count(), Tag.objects.count())
    again = refi.do_import_project(other, cast.orgs["northbridge"], exported)
    assert again.count("unchanged") == 4 and again.count("imported") == 0
    assert (Excerpt.objects.count(), Source.objects.count(), Tag.objects.count()) == before


TEXT = "Interviewer: How was it?\nR1: The bus was late but the choir welcomed me.\n"


def span(words: str) -> str:
    start = TEXT.index(words)
    return f'startPosition="{start}" endPosition="{start + len(words)}"'


def _foreign_project(selections: str, sources_xml: str | None = None) -> bytes:
    text = TEXT
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="From ATLAS" origin="ATLAS.ti 23">
  <Users><User guid="088B08AC-D5CD-4ADB-8B71-B4F3459C177F" name="Sam Coder"/></Users>
  <CodeBook><Codes>
    <Code guid="A182CD3A-D83C-4D8C-BC80-26D9103EC6D6" name="Barriers" isCodable="true">
      <Code guid="2D2466F0-D77F-4F8C-BDF9-628966B6B74D" name="Transport" isCodable="true"/>
    </Code>
    <Code guid="086AC733-7B1C-4749-A138-D7182F63A5C9" name="Find opportunities" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>{
        sources_xml
        if sources_xml is not None
        else f'''
    <TextSource guid="C32A2BD5-537F-4838-8B17-DF9EFBAFDF4B" name="Member interview" plainTextPath="internal://member.txt">
      {selections}
    </TextSource>
    <PDFSource guid="D32A2BD5-537F-4838-8B17-DF9EFBAFDF4B" name="A scanned leaflet" path="internal://leaflet.pdf"/>'''
    }
  </Sources>
</Project>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("Sources/member.txt", text)
    return out.getvalue()


def test_import_from_another_tool_keeps_unknown_codes_as_free_tags(cast: Cast) -> None:
    selections = f"""
      <PlainTextSelection guid="11111111-2222-3333-4444-555555555555" {span("The bus was late")} \
creatingUser="088B08AC-D5CD-4ADB-8B71-B4F3459C177F">
        <Coding guid="11111111-2222-3333-4444-555555555556"><CodeRef \
targetGUID="2D2466F0-D77F-4F8C-BDF9-628966B6B74D"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="11111111-2222-3333-4444-555555555557" {span("the choir welcomed me")}>
        <Description>warm welcome</Description>
        <Coding guid="11111111-2222-3333-4444-555555555558"><CodeRef \
targetGUID="086AC733-7B1C-4749-A138-D7182F63A5C9"/></Coding>
      </PlainTextSelection>"""
    report = refi.do_import_project(
        cast.users["researcher"], cast.orgs["fernhill"], _foreign_project(selections)
    )
    assert report.count("imported") == 1 and report.count("failed") == 0
    assert "1 PDF source without a text representation (only text can be coded here)" in report.losses
    assert "Find opportunities" in report.components_matched and "Barriers › Transport" in report.tags_created
    source = Source.objects.get(title="Member interview")
    bus = Excerpt.objects.get(source=source, text="The bus was late")
    assert [t.path for t in bus.tags.all()] == ["Barriers › Transport"] and not bus.components.exists()
    assert bus.coder.get_full_name() == "Sam Coder" and not bus.coder.is_active
    choir = Excerpt.objects.get(source=source, text="the choir welcomed me")
    assert [c.key for c in choir.components.all()] == ["find-opportunities"]
    out = StringIO()
    call_command(
        "fieldwork",
        "map-tag",
        "Barriers/Transport",
        "support-and-tackle-barriers",
        "--team",
        "Fernhill Research Unit",
        stdout=out,
    )
    assert "to 1 excerpts" in out.getvalue()
    assert [c.key for c in Excerpt.objects.get(pk=bus.pk).components.all()] == ["support-and-tackle-barriers"]


def test_a_bad_selection_fails_its_source_alone(cast: Cast) -> None:
    selections = (
        '<PlainTextSelection guid="11111111-2222-3333-4444-555555555555" startPosition="20" '
        'endPosition="9999"><Coding guid="11111111-2222-3333-4444-555555555556">'
        '<CodeRef targetGUID="086AC733-7B1C-4749-A138-D7182F63A5C9"/></Coding></PlainTextSelection>'
    )
    before = Source.objects.count()
    report = refi.do_import_project(
        cast.users["researcher"], cast.orgs["fernhill"], _foreign_project(selections)
    )
    assert [(r.name, r.status) for r in report.sources] == [("Member interview", "failed")]
    assert "lie outside its text" in report.sources[0].message
    assert (
        Source.objects.count() == before
        and not Excerpt.objects.filter(text__contains="choir welcomed").exists()
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not a zip at all", "not a zip archive"),
        (b"PK\x05\x06" + b"\x00" * 18, "no project.qde"),
    ],
    ids=["not-zip", "empty-zip"],
)
def test_damaged_archives_write_nothing(cast: Cast, data: bytes, message: str) -> None:
    before = (Source.objects.count(), Tag.objects.count())
    with pytest.raises(refi.RefiError, match=message):
        refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], data)
    assert (Source.objects.count(), Tag.objects.count()) == before


def test_malicious_or_wrong_xml_is_refused(cast: Cast, tmp_path: Path) -> None:
    def archive(qde: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            zf.writestr("project.qde", qde)
        return out.getvalue()

    laughs = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x">&b;</Project>'
    )
    with pytest.raises(refi.RefiError, match="refused"):
        refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], archive(laughs))
    with pytest.raises(refi.RefiError, match="not well-formed"):
        refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], archive("<Project"))
    with pytest.raises(refi.RefiError, match="expected a Project element"):
        refi.do_import_project(
            cast.users["researcher"], cast.orgs["fernhill"], archive('<Project name="x"/>')
        )
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"nonsense")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("fieldwork", "import-qdpx", str(bad), "--team", "Fernhill Research Unit")


def test_taguette_codebook_is_read(cast: Cast, tmp_path: Path) -> None:
    class TaguetteTag:
        def __init__(self, path: str) -> None:
            self.path = path

    out = io.BytesIO()
    codebook_xml(
        [TaguetteTag("Set goals together"), TaguetteTag("barriers.money"), TaguetteTag("peer support")], out
    )
    path = tmp_path / "taguette.qdc"
    path.write_bytes(out.getvalue())
    printed = StringIO()
    call_command("fieldwork", "import-qdc", str(path), "--team", "Fernhill Research Unit", stdout=printed)
    assert "1 codes matched model components" in printed.getvalue()
    assert {t.path for t in Tag.objects.filter(team=cast.orgs["fernhill"])} >= {
        "barriers.money",
        "peer support",
    }


def test_codebook_export_round_trips(cast: Cast) -> None:
    tags_from_paths(cast.orgs["fernhill"].pk, "Barriers/Money")
    data = refi.export_codebook(cast.orgs["fernhill"].pk)
    codes = refi.read_codebook(data)
    assert {c.name for c in codes} >= {"Worker wheel", "Build a relationship", "Barriers", "Money"}
    report = refi.do_import_codebook(None, cast.orgs["northbridge"], data)
    assert len(report.components_matched) == 28 and report.tags_created == ["Barriers", "Barriers › Money"]


def test_web_exchange(cast: Cast, corpus: dict) -> None:
    client = cast.client("researcher")
    response = client.get(reverse("fieldwork:export_qdpx"))
    assert (
        response["Content-Type"] == "application/zip"
        and zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None
    )
    assert client.get(reverse("fieldwork:export_qdc"))["Content-Type"] == "application/xml"
    exports = AuditEntry.objects.filter(action="export", actor=cast.users["researcher"]).order_by("id")
    assert [e.note for e in exports] == ["REFI-QDA project", "REFI-QDA codebook"]

    page = client.post(
        reverse("fieldwork:exchange"), {"file": SimpleUploadedFile("x.qdpx", b"junk")}
    ).content.decode()
    assert "Nothing was imported: This is not a .qdpx project" in page
    page = client.post(
        reverse("fieldwork:exchange"), {"file": SimpleUploadedFile("x.docx", b"junk")}
    ).content.decode()
    assert "Choose a file ending .qdpx" in page


def test_withdrawn_participants_sources_are_not_exported(cast: Cast, corpus: dict) -> None:
    do_withdraw_participant(cast.users["researcher"], corpus["i1"], dt.date(2026, 6, 1))
    archive = zipfile.ZipFile(io.BytesIO(refi.export_project(cast.orgs["fernhill"].pk, "x")))
    texts = [archive.read(name).decode() for name in archive.namelist() if name.startswith("Sources/")]
    assert len(texts) == 3 and not any("anxious" in t for t in texts)
