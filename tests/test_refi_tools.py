"""Projects as NVivo, MAXQDA, ATLAS.ti, QualCoder and Taguette write them: every selection arrives on the
words the tool showed, under the same code and coder; merging, re-importing and damage are safe; nothing
is lost without a line in the report."""

from __future__ import annotations

import io
import re
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork import refi
from connecting_people.fieldwork.models import (
    CodeSet,
    Excerpt,
    ExternalCoder,
    ItemLink,
    Note,
    Participant,
    Source,
    Tag,
)
from connecting_people.fieldwork.refi.positions import BY_KEY, TextPositions, decide

from .conftest import Cast
from .qda.generate import TOOLS, Proj, Sel, Src, build, gid, units

TEXT = (
    "Interviewer: How did you find the group? 😀\n"
    "Zoë: The bus was late, but the choir welcomed me. 👍🏽\n"
    "Interviewer: And now?\n"
    "Zoë: I go every Thursday – café after. It feels like home.\n"
    "Interviewer: Who helped?\n"
    "Zoë: Wren came with me the first time to pottery.\n"
)
SELECTIONS = [
    Sel("The bus was late", ["Barriers"], user="Ann"),
    Sel("the choir welcomed me", ["Find opportunities"], user="Ann", memo="warm welcome", note="asked twice"),
    Sel("I go every Thursday", ["Find opportunities", "Routine"], user="Bob"),
    Sel("café after", ["Routine"], user="Ann"),
    Sel("It feels like home", ["Belonging"], user="Bob"),
    Sel("Wren came with me the first time to pottery", ["Link and introduce"], user="Ann"),
]
CODES = [
    ("Barriers", None),
    ("Find opportunities", None),
    ("Routine", "Barriers"),
    ("Belonging", None),
    ("Link and introduce", None),
]


def project(tool: str, **extra: object) -> Proj:
    codes = [(name, None) for name, _ in CODES] if tool == "taguette" else CODES
    return Proj(
        tool,
        [
            Src(
                "Zoë interview",
                TEXT,
                list(SELECTIONS),
                note="Recorded at the café",
                values={"Age band": "25-34"},
            )
        ],
        codes,
        users=["Ann", "Bob"],
        **extra,
    )  # type: ignore[arg-type]


def counts() -> tuple[int, ...]:
    return (
        Source.objects.count(),
        Excerpt.objects.count(),
        Tag.objects.count(),
        Note.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_each_tool_selections_arrive_on_the_words_it_showed(cast: Cast, tool: str) -> None:
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(project(tool)))
    assert [r.status for r in report.sources] == ["imported"], report.sources
    source = Source.objects.get(title="Zoë interview")
    assert source.text == TEXT  # stored with "\n" line breaks and no byte-order mark, whatever the tool wrote
    got = {
        (e.text, e.coder.get_full_name())
        for e in Excerpt.objects.filter(source=source).select_related("coder")
    }
    expected = {(sel.words, sel.user) for sel in SELECTIONS}
    assert got == expected
    routine = Excerpt.objects.get(source=source, text="café after")
    assert [t.name for t in routine.tags.all()] == ["Routine"]
    assert (
        Excerpt.objects.get(source=source, text="the choir welcomed me").components.get().key
        == "find-opportunities"
    )
    if TOOLS[tool][5] == "utf16":
        assert "UTF-16 code units" in report.sources[0].message and "NVivo" in report.sources[0].message


def test_two_users_become_two_coders_that_agreement_can_compare(cast: Cast) -> None:
    refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(project("nvivo")))
    coders = {c.name: c.user for c in ExternalCoder.objects.filter(team=cast.orgs["fernhill"])}
    assert set(coders) == {"Ann", "Bob"} and coders["Ann"] != coders["Bob"]
    assert not coders["Ann"].is_active and not coders["Ann"].has_usable_password()  # a name, not a sign-in
    assert Excerpt.objects.filter(coder=coders["Bob"]).count() == 2


@given(
    st.lists(
        st.sampled_from(
            ["word", "Zoë", "e\u0301t\u00e9", "😀", "👍🏽", " ", "\r\n", "\n", "\t", "ĳ", "日本"]
        ),
        min_size=3,
        max_size=40,
    ),
    st.data(),
)
@settings(max_examples=150, deadline=None)
def test_positions_in_each_convention_come_back_to_the_same_words(
    pieces: list[str], data: st.DataObject
) -> None:
    raw = "".join(pieces)
    positions = TextPositions(raw)
    start = data.draw(st.integers(0, len(raw) - 1))
    end = data.draw(st.integers(start + 1, len(raw)))
    if raw[start - 1 : start + 1] == "\r\n" or raw[end - 1 : end + 1] == "\r\n":
        return  # a position between CR and LF has no place in the stored text
    words = raw[start:end].replace("\r\n", "\n")
    text_start = len(raw[:start].replace("\r\n", "\n"))
    for key, unit, over_stored in (
        ("utf16", "utf16", True),
        ("codepoints", "codepoint", True),
        ("utf8", "utf8", True),
        ("codepoints-lf", "codepoint", False),
        ("utf16-lf", "utf16", False),
    ):
        base = raw if over_stored else positions.text
        s = units(base, start if over_stored else text_start, unit)
        e = units(base, end if over_stored else text_start + len(words), unit)
        got_start, got_end = positions.to_text(s, BY_KEY[key]), positions.to_text(e, BY_KEY[key])
        assert got_start is not None and got_end is not None
        assert positions.text[got_start:got_end] == words, key


def test_an_unknown_tool_is_read_by_the_evidence_and_the_report_says_so() -> None:
    raw = stored_text = TEXT.replace("\n", "\r\n")
    spans = []
    for sel in SELECTIONS:
        start = stored_text.index(sel.words)
        spans.append((units(raw, start, "utf16"), units(raw, start + len(sel.words), "utf16")))
    decision = decide(TextPositions(raw), spans, "SomeTool 2")
    assert decision.reading.key == "utf16" and decision.on_boundaries == 12
    assert "12 of 12 selection ends on word boundaries" in decision.explanation
    # A file that says NVivo but counts code points is read by what it contains.
    spans = [(stored_text.index(s.words), stored_text.index(s.words) + len(s.words)) for s in SELECTIONS]
    decision = decide(TextPositions(raw), spans, "NVivo 14")
    assert decision.reading.key == "codepoints" and "NVivo 14's usual convention puts" in decision.explanation


def test_second_coders_project_on_the_same_text_adds_their_codings(cast: Cast) -> None:
    first = project("nvivo", seed="first")
    first.sources[0].selections = SELECTIONS[:3]
    refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(first))
    before = Excerpt.objects.count()
    second = project("maxqda", seed="second")
    second.users = ["Cat"]
    second.sources[0].selections = [Sel(s.words, s.codes, user="Cat") for s in SELECTIONS]
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(second))
    assert [r.status for r in report.sources] == ["added"], report.sources
    assert Source.objects.filter(title="Zoë interview").count() == 1
    assert Excerpt.objects.count() == before + len(SELECTIONS)
    cat = ExternalCoder.objects.get(name="Cat").user
    assert sorted(Excerpt.objects.filter(coder=cat).values_list("text", flat=True)) == sorted(
        s.words for s in SELECTIONS
    )


def test_reimporting_the_same_project_changes_nothing(cast: Cast) -> None:
    data = build(project("nvivo"))
    refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], data)
    before = counts()
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], data)
    assert [r.status for r in report.sources] == ["unchanged"]
    assert counts()[:4] == before[:4]  # only the import itself is audited


def test_a_project_edited_after_import_updates_by_guid(cast: Cast) -> None:
    refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(project("nvivo")))
    edited = project("nvivo")
    edited.sources[0].selections = [
        *SELECTIONS[:4],
        Sel("It feels like home.", ["Belonging"], user="Bob"),
        SELECTIONS[5],
        Sel("Who helped?", ["Routine"], user="Ann"),
    ]
    edited.descriptions = {"Belonging": "Feeling part of something"}
    before = Excerpt.objects.count()
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(edited))
    assert [r.status for r in report.sources] == ["updated"]
    assert "1 codings added, 1 updated, 5 unchanged" in report.sources[0].message
    assert Excerpt.objects.count() == before + 1
    assert (
        Excerpt.objects.filter(text="It feels like home.").count() == 1
        and not Excerpt.objects.filter(text="It feels like home").exists()
    )
    assert Tag.objects.get(name="Belonging").description == "Feeling part of something"


def _damaged(data: bytes, member: str) -> bytes:
    """Flip a byte inside one member's compressed data, leaving the zip's directory intact."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 5
    broken = bytearray(data)
    broken[offset] ^= 0xFF
    return bytes(broken)


def test_a_damaged_member_writes_nothing_and_is_named(cast: Cast, settings: object) -> None:
    data = build(project("nvivo"))
    member = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("Sources/"))
    before = counts()
    media = Path(settings.MEDIA_ROOT)  # type: ignore[attr-defined]
    files_before = sorted(media.rglob("*")) if media.exists() else []
    with pytest.raises(refi.RefiError, match=f"{member} cannot be read"):
        refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], _damaged(data, member))
    assert counts() == before
    assert (sorted(media.rglob("*")) if media.exists() else []) == files_before


def test_a_code_tree_thousands_deep_is_refused_with_a_message_not_a_crash(cast: Cast) -> None:
    deep = (
        "".join(f'<Code guid="{gid("deep", n)}" name="c{n}" isCodable="true">' for n in range(3000))
        + "</Code>" * 3000
    )
    qde = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="x"><CodeBook><Codes>{deep}</Codes>'
        "</CodeBook></Project>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde)
    before = counts()
    response = cast.client("researcher").post(
        reverse("fieldwork:exchange"), {"file": SimpleUploadedFile("deep.qdpx", out.getvalue())}
    )
    assert response.status_code == 200
    assert "more than 200 levels deep" in response.content.decode()
    assert counts() == before


def test_long_code_names_are_kept_or_reported(cast: Cast) -> None:
    long_name = ("Support " + "that goes on " * 30).strip()  # 397 characters: kept whole
    too_long = "x" * 600
    proj = project("qualcoder")
    proj.codes = [*CODES, (long_name, None), (too_long, None)]
    proj.sources[0].selections = [*SELECTIONS, Sel("Who helped?", [long_name, too_long])]
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    assert Tag.objects.filter(name=long_name).exists()
    assert any("has 600 characters; it was cut to the first 500" in loss for loss in report.losses)


def test_notes_sets_cases_and_colours_arrive_and_losses_are_listed(cast: Cast) -> None:
    proj = project(
        "nvivo",
        code_notes={"Belonging": "Ask about this in round two"},
        sets={"Practical": ["Barriers", "Routine", "Zoë interview"]},
        cases={"Zoë": (["Zoë interview"], {"Role": "member"})},
        links=2,
        audio=1,
        colours={"Barriers": "#CC3300"},
    )
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    source = Source.objects.get(title="Zoë interview")
    assert source.attributes == {"Age band": "25-34", "Case": "Zoë", "Role": "member"}
    assert source.notes.get().text == "Recorded at the café"
    assert Note.objects.get(excerpt__text="the choir welcomed me").text == "asked twice"
    assert Note.objects.get(tag__name="Belonging").text == "Ask about this in round two"
    assert Tag.objects.get(name="Barriers").color == "#CC3300"
    practical = CodeSet.objects.get(name="Practical")
    assert list(practical.sources.all()) == [source] and len(practical.code_guids) == 2
    assert "1 audio source (only text can be coded here)" in report.losses
    assert ItemLink.objects.filter(team=cast.orgs["fernhill"]).count() == 2 and report.links == 2


def test_notes_kept_as_files_arrive_and_a_damaged_byte_in_one_is_dropped(cast: Cast) -> None:
    """NVivo can keep notes as text files beside the sources (plainTextPath), written with its BOM and
    CRLF; a NUL in one (a damaged byte) is not text, and PostgreSQL cannot store it."""
    proj = project("nvivo", code_notes={"Belonging": "Ask about this\x00 in round two"}, note_files=True)
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    assert [r.status for r in report.sources] == ["imported"], report.sources
    assert Source.objects.get(title="Zoë interview").notes.get().text == "Recorded at the café"
    assert Note.objects.get(tag__name="Belonging").text == "Ask about this in round two"


def test_a_passage_marked_without_a_code_is_reported_and_its_note_kept(cast: Cast) -> None:
    """ATLAS.ti's free quotations are passages marked with no code; a project may hold them beside coded
    ones. With no coding to hold it the passage is not kept, and the report says so; its note stays,
    with the source."""
    proj = project("atlas")
    proj.sources[0].selections.append(
        Sel("I go every Thursday", [], memo="routine?", note="ask in round two")
    )
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    assert [r.status for r in report.sources] == ["imported"], report.sources
    assert (
        "Zoë interview: a passage marked without a code (“I go every Thursday…”) was not imported as a "
        "coding, nor its memo; its notes were kept with the source." in report.losses
    )
    source = Source.objects.get(title="Zoë interview")
    assert sorted(n.text for n in source.notes.all()) == ["Recorded at the café", "ask in round two"]
    assert Excerpt.objects.filter(source=source).count() == len(SELECTIONS)  # the coded ones only


def test_passages_coded_to_a_part_of_the_model_or_to_no_known_code_are_reported_with_why(cast: Cast) -> None:
    """In NVivo a researcher can code at a parent node, such as the model's part "Worker wheel" that groups
    its components; a project can also point at a code its codebook lacks. We code passages to components
    and tags only, so the report says which passages were not kept and why, and which kept their other
    codes; nothing is put down as "marked without a code"."""
    proj = project("nvivo")
    proj.codes.append(("Worker wheel", None))
    proj.codes.append(("Find opportunities", "Worker wheel"))
    proj.codes.remove(("Find opportunities", None))
    selections = proj.sources[0].selections
    selections.append(Sel("Interviewer: And now?", ["Worker wheel"], memo="the wheel as a whole"))
    selections.append(Sel("It feels like home", ["Worker wheel"], occurrence=0, user="Ann"))
    selections.append(Sel("Who helped?", ["A code deleted in NVivo"]))
    # The preview says so before anything is imported, so the researcher can recode them in NVivo first.
    preview = cast.client("researcher").post(
        reverse("fieldwork:exchange"), {"file": SimpleUploadedFile("wheel.qdpx", build(proj))}
    )
    assert (
        "2 codings to the model&#x27;s part “Worker wheel” itself (passages are coded to its components"
        in (preview.content.decode())
    )
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    assert [r.status for r in report.sources] == ["imported"], report.sources
    missing = gid("p", "code", "A code deleted in NVivo")
    assert (
        "Zoë interview: a passage coded only to the model's part “Worker wheel” itself (“Interviewer: And "
        "now?…”) was not imported as a coding, nor its memo." in report.losses
    )
    assert (
        f"Zoë interview: a passage coded only to a code that is not in the codebook ({missing}) (“Who "
        "helped?…”) was not imported as a coding." in report.losses
    )
    assert not [line for line in report.losses if "marked without a code" in line]
    source = Source.objects.get(title="Zoë interview")
    home = Excerpt.objects.get(source=source, text="It feels like home")  # Bob's "Belonging" coding
    assert [t.name for t in home.tags.all()] == ["Belonging"]
    assert Excerpt.objects.filter(source=source).count() == len(SELECTIONS)
    # A passage coded to a component and to the part: kept, with its component, and the part named.
    proj.sources[0].selections = [
        *SELECTIONS,
        Sel("Wren came with me", ["Find opportunities", "Worker wheel"], user="Bob"),
    ]
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    wren = Excerpt.objects.get(source=source, text="Wren came with me")
    assert [c.key for c in wren.components.all()] == ["find-opportunities"]
    assert (
        "Zoë interview: 1 passage was imported with its other codes, without its coding to the model's part "
        "“Worker wheel” itself." in report.losses
    )


@pytest.mark.parametrize("tool", ["nvivo", "maxqda"])
def test_a_source_whose_text_holds_a_nul_fails_alone_and_says_where(cast: Cast, tool: str) -> None:
    """A zero byte in a source's text file (NVivo's with a BOM and CRLF, MAXQDA's without) decodes to a
    NUL: that source is reported with its line, and the project's other sources import."""
    proj = project(tool)
    proj.sources.append(Src("Damaged interview", "Interviewer: Hello?\nP1: Fine\x00 thanks.\n"))
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    assert [(r.name, r.status) for r in report.sources] == [
        ("Zoë interview", "imported"),
        ("Damaged interview", "failed"),
    ]
    assert report.sources[1].message.startswith("Line 2 holds a NUL character")
    assert not Source.objects.filter(title="Damaged interview").exists()


def test_code_colours_in_every_form_tools_write_arrive_as_rrggbb(cast: Cast) -> None:
    """The standard writes #RRGGBB; tools also write #RGB and an alpha channel after the colour, and a
    damaged file anything at all. The column holds seven characters: PostgreSQL refused longer values."""
    colours = {
        "Barriers": "#cc3300ff",
        "Routine": "#C30",
        "Belonging": "red",
        "Link and introduce": "#0A0B0C",
    }
    report = refi.do_import_project(
        cast.users["researcher"], cast.orgs["fernhill"], build(project("maxqda", colours=colours))
    )
    assert [r.status for r in report.sources] == ["imported"], report.sources
    assert {t.name: t.color for t in Tag.objects.filter(name__in=colours)} == {
        "Barriers": "#cc3300",
        "Routine": "#CC3300",
        "Belonging": "",
    }


def _with_own_ids(data: bytes) -> bytes:
    """The project with every GUID of its XML replaced by an identifier of the tool's own making (longer
    than a GUID and in no GUID's form), the same one wherever that GUID was used."""
    original = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in original.namelist():
            member = original.read(name)
            if name.endswith(".qde"):
                text = member.decode("utf-8")
                ids = re.findall(r'"([0-9A-F]{8}(?:-[0-9A-F]{4}){3}-[0-9A-F]{12})"', text)  # not file names
                for n, guid in enumerate(dict.fromkeys(ids)):
                    text = text.replace(f'"{guid}"', f'"item:{n}:written-by-a-tool-with-its-own-identifiers"')
                member = text.encode("utf-8")
            archive.writestr(name, member)
    return out.getvalue()


def test_a_tool_that_writes_its_own_identifiers_instead_of_guids_imports_and_reimports(cast: Cast) -> None:
    """The identifiers fit no GUID column (PostgreSQL refused them); each becomes a GUID made from it, the
    same on every import, so importing the project again changes nothing."""
    data = _with_own_ids(build(project("qualcoder")))
    team, researcher = cast.orgs["fernhill"], cast.users["researcher"]
    report = refi.do_import_project(researcher, team, data)
    assert [r.status for r in report.sources] == ["imported"], report.sources
    source = Source.objects.get(title="Zoë interview")
    assert {e.text for e in Excerpt.objects.filter(source=source)} == {sel.words for sel in SELECTIONS}
    assert all(len(e.guid) == 36 for e in Excerpt.objects.filter(source=source))
    before = counts()
    again = refi.do_import_project(researcher, team, data)
    assert [r.status for r in again.sources] == ["unchanged"], again.sources
    assert counts()[:4] == before[:4]


def test_a_pdf_is_imported_by_its_text_representation(cast: Cast) -> None:
    proj = project("atlas")
    proj.sources[0].pdf = True
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    assert report.sources[0].status == "imported"
    assert Excerpt.objects.filter(source__title="Zoë interview").count() == len(SELECTIONS)
    assert any("1 coded areas of PDF pages" in loss for loss in report.losses)


def _snapshot(team: object) -> set[tuple[object, ...]]:
    rows = set()
    for e in (
        Excerpt.objects.filter(source__team=team)
        .select_related("coder", "source")
        .prefetch_related("components", "tags")
    ):
        rows.add(
            (
                e.source.guid,
                e.source.text,
                e.guid,
                e.start,
                e.end,
                e.coder.get_full_name() if e.coder else "",
                tuple(sorted(c.key for c in e.components.all())),
                tuple(sorted((t.guid, t.name) for t in e.tags.all())),
                e.memo,
            )
        )
    return rows


def test_import_export_import_is_identical(cast: Cast) -> None:
    proj = project(
        "nvivo", sets={"Practical": ["Barriers", "Zoë interview"]}, code_notes={"Routine": "weekly"}, links=1
    )
    refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(proj))
    exported = refi.export_project(cast.orgs["fernhill"].pk, "Fernhill")
    refi.do_import_project(cast.users["researcher"], cast.orgs["northbridge"], exported)
    ours = {r for r in _snapshot(cast.orgs["fernhill"]) if r[0]}
    assert ours and {r for r in _snapshot(cast.orgs["northbridge"]) if r[0]} == ours
    for model, fields in (
        (Note, ("guid", "text")),
        (CodeSet, ("guid", "name", "code_guids")),
        (ItemLink, ("guid", "origin_guid", "target_guid")),
    ):
        mine = {
            tuple(map(str, r)) for r in model.objects.filter(team=cast.orgs["fernhill"]).values_list(*fields)
        }
        theirs = {
            tuple(map(str, r))
            for r in model.objects.filter(team=cast.orgs["northbridge"]).values_list(*fields)
        }
        assert mine and mine == theirs
    again = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], exported)
    assert {r.status for r in again.sources} == {"unchanged"}, (
        again.sources
    )  # the tool that made it merges without duplicates


def test_export_keeps_the_guids_the_tool_gave(cast: Cast) -> None:
    refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], build(project("nvivo")))
    exported = (
        zipfile.ZipFile(io.BytesIO(refi.export_project(cast.orgs["fernhill"].pk, "x")))
        .read("project.qde")
        .decode()
    )
    for guid in (
        gid("p", "src", "Zoë interview"),
        gid("p", "sel", "Zoë interview", 0),
        gid("p", "code", "Barriers"),
        gid("p", "code", "Find opportunities"),
        gid("p", "user", "Ann"),
        gid("p", "user", "Bob"),
    ):
        assert guid in exported


def test_export_validates_against_the_schema(cast: Cast, corpus: dict) -> None:
    """Against tests/qda/project-1.0.xsd, our own rendering of the published QDA-XML 1.0 Project schema
    (no copy of the consortium's file can be fetched here)."""
    refi.do_import_project(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        build(
            project(
                "nvivo",
                sets={"Practical": ["Barriers", "Zoë interview"]},
                code_notes={"Routine": "weekly"},
                colours={"Barriers": "#CC3300"},
            )
        ),
    )
    schema = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "qda" / "project-1.0.xsd")))
    document = etree.fromstring(
        zipfile.ZipFile(io.BytesIO(refi.export_project(cast.orgs["fernhill"].pk, "x"))).read("project.qde")
    )
    assert schema.validate(document), schema.error_log
    codebook = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "qda" / "codebook-1.0.xsd")))
    assert codebook.validate(etree.fromstring(refi.export_codebook(cast.orgs["fernhill"].pk))), (
        codebook.error_log
    )


def test_web_shows_the_project_before_importing_and_maps_a_coder(cast: Cast) -> None:
    client = cast.client("researcher")
    researcher = cast.users["researcher"]
    researcher.first_name, researcher.last_name = "Ann", ""
    researcher.save()
    page = client.post(
        reverse("fieldwork:exchange"),
        {
            "file": SimpleUploadedFile(
                "zoe.qdpx", build(project("nvivo", links=1, cases={"Zoë": (["Zoë interview"], {})}))
            )
        },
    )
    html = page.content.decode()
    assert page.status_code == 200 and "Check the project before importing" in html
    assert (
        "1 text source" in html and "2 coders" in html and "1 link between items" in html and "1 case" in html
    )
    assert Source.objects.filter(title="Zoë interview").count() == 0  # nothing written yet
    pending = html.split('name="pending" value="')[1].split('"')[0]
    bob = gid("p", "user", "Bob")
    page = client.post(
        reverse("fieldwork:exchange"),
        {
            "pending": pending,
            "confirm": "",
            f"coder_{gid('p', 'user', 'Ann')}": str(researcher.pk),
            f"coder_{bob}": "keep",
            f"case_{gid('p', 'case', 'Zoë')}": str(cast.fieldwork["site"].pk),
            f"case_{gid('p', 'case', 'Zoë')}_perspective": "individual",
        },
    )
    html = page.content.decode()
    assert "1 source imported" in html and "6 codings by 2 coders" in html and "1 link" in html
    assert Excerpt.objects.filter(coder=researcher, source__title="Zoë interview").count() == 4
    assert ExternalCoder.objects.get(guid=bob).user.is_active is False
    zoe = Participant.objects.get(pseudonym="Zoë", site=cast.fieldwork["site"])
    assert list(zoe.sources.values_list("title", flat=True)) == ["Zoë interview"]
    assert (
        Excerpt.objects.filter(participant=zoe).count() == 6
    )  # her codings are attributed to her (speaker "Zoë")


def test_web_cancel_forgets_the_upload(cast: Cast) -> None:
    client = cast.client("researcher")
    html = client.post(
        reverse("fieldwork:exchange"), {"file": SimpleUploadedFile("zoe.qdpx", build(project("maxqda")))}
    ).content.decode()
    pending = html.split('name="pending" value="')[1].split('"')[0]
    html = client.post(reverse("fieldwork:exchange"), {"pending": pending, "cancel": ""}).content.decode()
    assert "Nothing was imported." in html
    html = client.post(reverse("fieldwork:exchange"), {"pending": pending, "confirm": ""}).content.decode()
    assert "Nothing was imported." in html and not Source.objects.filter(title="Zoë interview").exists()


def test_command_imports_with_a_chosen_coder(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "atlas.qdpx"
    path.write_bytes(build(project("atlas")))
    out = StringIO()
    call_command(
        "fieldwork",
        "import-qdpx",
        str(path),
        "--team",
        "Fernhill Research Unit",
        "--as",
        "researcher",
        "--coder",
        "Bob=researcher",
        stdout=out,
    )
    printed = out.getvalue()
    assert "imported  Zoë interview: 6 codings added" in printed and "2 links" not in printed
    assert Excerpt.objects.filter(coder=cast.users["researcher"]).count() == 2


def test_inline_text_relative_paths_and_backslashes_are_read(cast: Cast) -> None:
    qde = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="QualCoder 3.5"><CodeBook><Codes>'
        f'<Code guid="{gid("c")}" name="Routine" isCodable="true"/></Codes></CodeBook><Sources>'
        f'<TextSource guid="{gid("a")}" name="Inline">'
        "<PlainTextContent>We meet on Mondays.</PlainTextContent>"
        f'<PlainTextSelection guid="{gid("s1")}" startPosition="3" endPosition="7">'
        f'<Coding guid="{gid("k1")}">'
        f'<CodeRef targetGUID="{gid("c")}"/></Coding></PlainTextSelection></TextSource>'
        f'<TextSource guid="{gid("b")}" name="Relative" plainTextPath="texts/b.txt"/>'
        f'<TextSource guid="{gid("d")}" name="Outside" plainTextPath="absolute://C:/Users/ann/d.txt"/>'
        "</Sources></Project>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Project.QDE", qde)
        archive.writestr("texts\\b.txt", "Walking group on Fridays.")
    report = refi.do_import_project(cast.users["researcher"], cast.orgs["fernhill"], out.getvalue())
    statuses = {r.name: (r.status, r.message) for r in report.sources}
    assert statuses["Inline"][0] == "imported" and statuses["Relative"][0] == "imported"
    assert statuses["Outside"] == (
        "failed",
        "its text is kept outside the project (absolute://C:/Users/ann/d.txt); "
        "export it with its sources embedded",
    )
    assert Excerpt.objects.get(source__title="Inline").text == "meet"


def test_our_own_codings_come_back_from_another_tool_without_duplicates(cast: Cast, corpus: dict) -> None:
    """Exported from here, opened in NVivo, one coding moved there and the project sent back."""
    team = cast.orgs["fernhill"]
    before = counts()[:3]
    exported = refi.export_project(team.pk, "Fernhill")
    again = refi.do_import_project(cast.users["researcher"], team, exported)
    assert {r.status for r in again.sources} == {"unchanged"}, again.sources
    assert counts()[:3] == before
    choir = corpus["excerpts"]["choir"]
    qde = zipfile.ZipFile(io.BytesIO(exported)).read("project.qde").decode()
    moved = qde.replace(
        f'startPosition="{choir.start}" endPosition="{choir.end}"',
        f'startPosition="{choir.start}" endPosition="{choir.end - 1}"',
        1,
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported)) as original, zipfile.ZipFile(out, "w") as edited:
        for name in original.namelist():
            edited.writestr(name, moved if name == "project.qde" else original.read(name))
    report = refi.do_import_project(cast.users["researcher"], team, out.getvalue())
    assert sorted(r.status for r in report.sources).count("updated") == 1
    assert counts()[:3] == before
    choir.refresh_from_db()
    assert choir.coder == cast.users["researcher"] and choir.end == choir.start + len(choir.text)
