"""The fieldwork register and import: per-file atomic imports with a report, duplicates, the inbox,
manifests, the original kept beside the text, and withdrawal of consent recorded."""

from __future__ import annotations

import io
import re
import zipfile
from io import StringIO
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.models import Participant, Source, Visit

from .conftest import TRANSCRIPT, Cast


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_web_upload_reports_each_file_and_keeps_going(cast: Cast) -> None:
    client = cast.client("researcher")
    before_sources, before_audit = Source.objects.count(), AuditEntry.objects.count()
    response = client.post(
        reverse("fieldwork:import"),
        {
            "files": [
                upload("notes.txt", "Field notes: the café was busy; £2 a cup.".encode("cp1252")),
                upload("again.txt", TRANSCRIPT.encode()),  # same content as the cast's source
                upload("broken.docx", b"this is not a zip archive"),
                upload("empty.md", b""),
                upload(
                    "worker.docx",
                    docx_bytes(
                        "Interviewer: What helps?",
                        "Worker: Regular times.",
                        "Interviewer: Anything else?",
                        "Worker: Remembering names.",
                    ),
                ),
            ],
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain[0][0].startswith("/fieldwork/imports/")
    assert "2 imported, 1 skipped as duplicates, 2 failed" in page
    assert "The file is empty." in page and "is not a Word document: it is not a zip archive" in page
    assert Source.objects.count() == before_sources + 2
    notes = Source.objects.get(original_name="notes.txt")
    assert "café" in notes.text and "£2" in notes.text and notes.in_inbox
    worker = Source.objects.get(original_name="worker.docx")
    assert (
        worker.kind == "interview" and [t["speaker"] for t in worker.turns] == ["Interviewer", "Worker"] * 2
    )
    assert worker.original.read()[:2] == b"PK"  # the original file is kept as it came
    # The queued import and the imported files were audited; the failures left nothing behind.
    assert AuditEntry.objects.count() == before_audit + 3
    assert AuditEntry.objects.filter(object_type="fieldwork.importjob", action="create").count() == 1
    assert not Source.objects.filter(original_name__in=["broken.docx", "empty.md"]).exists()


def test_upload_to_a_site_with_a_manifest(cast: Cast) -> None:
    site = cast.fieldwork["site"]
    manifest = (
        "file,site,visit_date,source_type,participants,title\n"
        "visit.txt,Riverside Project,02/03/2026,field_notes,P1,First visit notes\n"
        "nobody.txt,Nowhere House,,,,\n"
    )
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {
            "files": [upload("visit.txt", b"We arrived at ten."), upload("nobody.txt", b"Some other notes.")],
            "manifest": upload("manifest.csv", manifest.encode()),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "1 imported, 0 skipped as duplicates, 1 failed" in page
    assert "site &#x27;Nowhere House&#x27; is not in the register" in page
    source = Source.objects.get(original_name="visit.txt")
    assert source.site == site and source.kind == "field_notes" and source.title == "First visit notes"
    assert list(source.participants.all()) == [cast.fieldwork["participant"]]
    assert source.visit == Visit.objects.get(site=site, start_date="2026-03-02")


def test_manifest_rows_with_folders_name_uploads_and_rows_naming_nothing_are_reported(
    cast: Cast, tmp_path: Path
) -> None:
    """The template's rows give folders ("interviews/visit.txt"), which a browser never sends; Windows and
    macOS folders ignore case. A row is matched by its path, else by its file name when no other row
    ends the same way, and a row that names none of the files says so rather than vanish."""
    site = cast.fieldwork["site"]
    manifest = (
        b"file,site,visit_date,source_type,participants,title\n"
        b"interviews/visit.txt,Riverside Project,02/03/2026,field_notes,P1,First visit notes\n"
        b"interviews/missing.docx,Riverside Project,,interview,,\n"
    )
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {"files": [upload("visit.txt", b"We arrived at ten.")], "manifest": upload("manifest.csv", manifest)},
        follow=True,
    )
    page = response.content.decode()
    assert "1 imported, 0 skipped as duplicates, 0 failed" in page
    assert (
        "Manifest line 3: interviews/missing.docx is not among the files, so the line was not used." in page
    )
    source = Source.objects.get(original_name="visit.txt")
    assert (source.site, source.kind, source.title) == (site, "field_notes", "First visit notes")
    assert list(source.participants.all()) == [cast.fieldwork["participant"]]

    (tmp_path / "Interviews").mkdir()
    (tmp_path / "Interviews" / "walk.txt").write_text("We walked to the allotment.")
    (tmp_path / "manifest.csv").write_text(
        "file,site,visit_date,source_type,participants,title\n"
        "interviews/walk.txt,Riverside Project,03/03/2026,field_notes,P1,Walk notes\n"
        "interviews/missing.docx,Riverside Project,,interview,,\n"
    )
    out = StringIO()
    call_command(
        "fieldwork",
        "import",
        str(tmp_path / "Interviews"),
        "--manifest",
        str(tmp_path / "manifest.csv"),
        "--as",
        "researcher",
        stdout=out,
    )
    assert "not used  manifest line 3: interviews/missing.docx is not among the files" in out.getvalue()
    walk = Source.objects.get(original_name="walk.txt")
    assert (walk.site, walk.title) == (site, "Walk notes")


def _import_two(cast: Cast, manifest: bytes) -> str:
    """The import page after the researcher sends one.txt and two.txt with `manifest`."""
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {
            "files": [upload("one.txt", b"Morning notes."), upload("two.txt", b"Afternoon notes.")],
            "manifest": upload("manifest.csv", manifest),
        },
        follow=True,
    )
    return response.content.decode()


def test_a_manifest_row_with_an_unquoted_comma_fails_its_file_with_the_line(cast: Cast) -> None:
    """A title typed by hand as "Visit one, morning" without quotes spills into a seventh cell: read as
    the columns say, the file would lose half its title without a word."""
    manifest = (
        b"file,site,visit_date,source_type,participants,title\n"
        b"one.txt,Riverside Project,02/03/2026,field_notes,,Visit one, morning\n"
        b'two.txt,Riverside Project,02/03/2026,field_notes,,"Visit two, afternoon"\n'
    )
    page = _import_two(cast, manifest)
    assert "1 imported, 0 skipped as duplicates, 1 failed" in page
    assert "manifest line 2 has 1 more cell than the first line names" in page
    assert Source.objects.get(original_name="two.txt").title == "Visit two, afternoon"
    assert not Source.objects.filter(original_name="one.txt").exists()


def test_a_manifest_title_too_long_to_keep_fails_its_file_alone(cast: Cast, tmp_path: Path) -> None:
    """A researcher pastes a summary into the title column, longer than a title holds. That file fails
    with the line and the length, by the web and by the command alike, and the other files of the same
    batch are imported. (The web used to cut the title without a word; on PostgreSQL the command's batch
    insert was refused whole.)"""
    summary = "Second visit: " + "the group met in the library and talked about the walk. " * 6
    problem = f"manifest line 2: the title has {len(summary.strip())} characters; a title holds at most 300"
    manifest = (
        "file,site,visit_date,source_type,participants,title\r\n"
        f'one.txt,Riverside Project,02/03/2026,field_notes,,"{summary}"\r\n'
        "two.txt,Riverside Project,02/03/2026,field_notes,,Visit two\r\n"
    ).encode()
    page = _import_two(cast, manifest)
    assert "1 imported, 0 skipped as duplicates, 1 failed" in page and problem in page
    assert Source.objects.get(original_name="two.txt").title == "Visit two"
    assert not Source.objects.filter(original_name="one.txt").exists()

    folder = tmp_path / "visit"
    folder.mkdir()
    (folder / "one.txt").write_bytes(b"Evening notes.")
    (folder / "two.txt").write_bytes(b"Night notes.")
    (tmp_path / "manifest.csv").write_bytes(manifest)
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 file\(s\) failed; the others were imported"):
        call_command(
            "fieldwork",
            "import",
            str(folder),
            "--manifest",
            str(tmp_path / "manifest.csv"),
            "--as",
            "researcher",
            stdout=out,
        )
    assert f"failed    one.txt: {problem}" in out.getvalue()
    assert Source.objects.filter(original_name="two.txt").count() == 2
    assert not Source.objects.filter(original_name="one.txt").exists()


def test_a_manifest_saved_by_excel_as_plain_csv_keeps_its_accents(cast: Cast, tmp_path: Path) -> None:
    """Excel on a UK computer saves "CSV (Comma delimited)" in Windows-1252 with CRLF: "é", "—" and "£"
    are single bytes that are not UTF-8. The web and the command read it the same way."""
    site = cast.fieldwork["site"]
    manifest = (
        "file,site,visit_date,source_type,participants,title\r\n"
        "café.txt,Riverside Project,02/03/2026,field_notes,P1,Visit to the café — £2 teas\r\n"
    ).encode("cp1252")
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {"files": [upload("café.txt", b"We arrived at ten.")], "manifest": upload("manifest.csv", manifest)},
        follow=True,
    )
    assert "1 imported, 0 skipped as duplicates, 0 failed" in response.content.decode()
    source = Source.objects.get(original_name="café.txt")
    assert source.title == "Visit to the café — £2 teas" and source.site == site
    (tmp_path / "café.txt").write_bytes(b"We left at four.")
    (tmp_path / "manifest.csv").write_bytes(manifest)
    out = StringIO()
    call_command(
        "fieldwork",
        "import",
        str(tmp_path / "café.txt"),
        "--manifest",
        str(tmp_path / "manifest.csv"),
        "--as",
        "researcher",
        stdout=out,
    )
    assert "1 imported" in out.getvalue()
    assert Source.objects.filter(title="Visit to the café — £2 teas").count() == 2


def test_a_manifest_exported_by_powershell_in_utf32_is_read(cast: Cast) -> None:
    """PowerShell's `Export-Csv -Encoding UTF32` writes UTF-32 (little-endian, with its mark), every field
    in double quotes, CRLF. The mark begins with UTF-16's, so read as UTF-16 every character would be
    followed by a NUL."""
    rows = [
        ["file", "site", "visit_date", "source_type", "participants", "title"],
        ["siân.txt", "Riverside Project", "02/03/2026", "interview", "P1", "Siân’s first interview"],
    ]
    manifest = "".join(",".join(f'"{value}"' for value in row) + "\r\n" for row in rows).encode("utf-32")
    assert manifest.startswith(b"\xff\xfe\x00\x00")
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {"files": [upload("siân.txt", b"We talked.")], "manifest": upload("manifest.csv", manifest)},
        follow=True,
    )
    assert "1 imported, 0 skipped as duplicates, 0 failed" in response.content.decode()
    source = Source.objects.get(original_name="siân.txt")
    assert source.title == "Siân’s first interview" and source.kind == "interview"
    assert list(source.participants.all()) == [cast.fieldwork["participant"]]


def test_a_manifest_with_carriage_returns_alone_and_a_line_break_in_a_title(cast: Cast) -> None:
    """Excel for Mac ended lines with a carriage return alone; a title typed with Alt+Enter holds a
    line break inside its quotes. The row after it is read as the line it starts on."""
    manifest = (
        "file,site,visit_date,source_type,participants,title\r"
        'mac.txt,Riverside Project,02/03/2026,field_notes,P1,"Visit notes\rsecond page"\r'
        "odd.txt,Riverside Project,02/03/2026,hearsay,,\r"
    ).encode("utf-8-sig")
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {
            "files": [upload("mac.txt", b"We arrived at ten."), upload("odd.txt", b"Other notes.")],
            "manifest": upload("manifest.csv", manifest),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "1 imported, 0 skipped as duplicates, 1 failed" in page
    assert "manifest line 4: unknown source_type &#x27;hearsay&#x27;" in page
    assert Source.objects.get(original_name="mac.txt").title == "Visit notes\rsecond page"


def test_a_manifest_with_a_cell_too_long_for_csv_is_refused_before_any_file(cast: Cast) -> None:
    before = Source.objects.count()
    manifest = b"file,site,title\nvisit.txt,Riverside Project," + b"x" * 140_000 + b"\n"
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {"files": [upload("visit.txt", b"We arrived.")], "manifest": upload("manifest.csv", manifest)},
    )
    assert (
        "The manifest could not be read: line 2 has a cell longer than 131,072 characters"
        in response.content.decode()
    )
    assert Source.objects.count() == before


def test_more_files_than_one_upload_takes_are_refused_with_the_number(cast: Cast, settings: object) -> None:
    """Without the page's own check (no JavaScript), Django refuses the request; the page says why."""
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3  # type: ignore[attr-defined]
    before = Source.objects.count()
    response = cast.client("researcher").post(
        reverse("fieldwork:import"), {"files": [upload(f"n{n}.txt", b"Notes.") for n in range(4)]}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Too many files at once" in page
    assert "One upload takes at most 3 files, and more were chosen. Nothing was imported" in page
    assert Source.objects.count() == before
    form = cast.client("researcher").get(reverse("fieldwork:import")).content.decode()
    assert 'data-max-files="3"' in form and "You can choose up to 3 at once, the manifest included." in form


def test_a_manifest_in_utf8_with_one_damaged_character_is_refused_with_its_line(cast: Cast) -> None:
    """Read as Windows-1252, every correct accent in it would become two wrong characters."""
    manifest = (
        b"file,site,visit_date,source_type,participants,title\n"
        + "sian.txt,Riverside Project,,,,Siân’s visit\n".encode()
        + b"cafe.txt,Riverside Project,,,,Caf\xe9 notes\n"
    )
    before = Source.objects.count()
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {"files": [upload("sian.txt", b"Notes.")], "manifest": upload("manifest.csv", manifest)},
    )
    assert (
        "The manifest could not be read: line 3 is not valid UTF-8, though the rest of the file is"
        in response.content.decode()
    )
    assert Source.objects.count() == before


def test_bad_manifest_is_refused_before_any_file(cast: Cast) -> None:
    before = Source.objects.count()
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {
            "files": [upload("x.txt", b"text")],
            "manifest": upload("m.csv", b"name,place\nx.txt,here\n"),
        },
    )
    assert "the manifest needs the columns" in response.content.decode()
    assert Source.objects.count() == before


def test_an_otter_transcript_arrives_with_its_speakers(cast: Cast) -> None:
    """Otter's text export (a "Name  M:SS" line before each turn's words, CRLF) is read as a conversation:
    its speakers are named, and it asks for a participant to be linked, as a labelled transcript does."""
    otter = "\r\n\r\n".join(
        f"{who}  {at}\r\n{words}"
        for who, at, words in [
            ("Jane Doe", "0:02", "How did you first hear about the group?"),
            ("P4", "0:09", "My neighbour took me along."),
            ("Jane Doe", "0:15", "And now?"),
            ("P4", "0:18", "I go every week."),
        ]
    )
    client = cast.client("researcher")
    response = client.post(
        reverse("fieldwork:import"), {"files": [upload("otter_export.txt", otter.encode())]}, follow=True
    )
    assert "1 imported" in response.content.decode()
    source = Source.objects.get(original_name="otter_export.txt")
    assert source.kind == "interview"
    assert [(t["speaker"], source.text[t["start"] : t["end"]]) for t in source.turns] == [
        ("Jane Doe", "How did you first hear about the group?"),
        ("P4", "My neighbour took me along."),
        ("Jane Doe", "And now?"),
        ("P4", "I go every week."),
    ]
    page = client.get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    assert "4 speaker turns (Jane Doe, P4)" in page and "Nobody is linked to this transcript." in page


def test_command_line_import_of_a_folder_with_a_manifest(cast: Cast, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "interviews").mkdir(parents=True)
    (folder / "interviews" / "p1.txt").write_text(
        "Interviewer: Hello?\n\nP1: Hello.\n\nInterviewer: Go on.\n\nP1: Fine.\n", encoding="utf-16"
    )
    (folder / "loose.md").write_text("# Notes\n\nLeft for later.\n")
    (folder / "bomb.docx").write_bytes(_zip_bomb())
    (folder / "ignored.xyz").write_text("not picked up from a folder")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,site,visit_date,source_type,participants,title\n"
        "batch/interviews/p1.txt,Riverside Project,2026-04-01,interview,P1,\n"
    )
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 file\(s\) failed; the others were imported"):
        call_command(
            "fieldwork", "import", str(folder), "--manifest", str(manifest), "--as", "researcher", stdout=out
        )
    assert (
        "2 imported, 0 skipped as duplicates, 1 failed; 1 waiting in the inbox for a site." in out.getvalue()
    )
    assert "failed    bomb.docx:" in out.getvalue()
    p1 = Source.objects.get(original_name="p1.txt")
    assert (
        p1.encoding.startswith("utf-16")
        and p1.site == cast.fieldwork["site"]
        and p1.imported_by == cast.users["researcher"]
    )
    assert Source.objects.get(original_name="loose.md").in_inbox
    again = StringIO()
    call_command(
        "fieldwork", "import", str(folder / "loose.md"), "--team", "Fernhill Research Unit", stdout=again
    )
    assert "0 imported, 1 skipped as duplicates" in again.getvalue()


def test_a_file_with_a_nul_fails_alone_and_the_rest_of_its_batch_imports(cast: Cast, tmp_path: Path) -> None:
    """Enough files for the import's pool; the one whose text holds a NUL is reported, not stored (on
    PostgreSQL it would have failed the whole batch's insert)."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(9):
        (folder / f"p{n}.txt").write_text(f"Interviewer: Hello {n}?\n\nP1: Hello.\n")
    (folder / "damaged.txt").write_bytes("\ufeffInterviewer: Hello?\n\nP1: \x00\n".encode())
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 file\(s\) failed; the others were imported"):
        call_command("fieldwork", "import", str(folder), "--as", "researcher", stdout=out)
    assert "9 imported, 0 skipped as duplicates, 1 failed" in out.getvalue()
    assert "failed    damaged.txt: Line 3 holds a NUL character" in out.getvalue()
    assert not Source.objects.filter(original_name="damaged.txt").exists()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    return out.getvalue()


def test_inbox_source_is_assigned_in_the_web(cast: Cast) -> None:
    client = cast.client("researcher")
    client.post(reverse("fieldwork:import"), {"files": [upload("later.txt", b"Notes to file later.")]})
    source = Source.objects.get(original_name="later.txt")
    inbox = client.get(reverse("fieldwork:sources"), {"inbox": "1"}).content.decode()
    assert "Later" in inbox and "Riverside" not in inbox.split("<tbody>")[1]
    response = client.post(
        reverse("fieldwork:source", args=[source.pk]),
        {
            "title": "Notes after the visit",
            "kind": "field_notes",
            "site": cast.fieldwork["site"].pk,
            "participants": [cast.fieldwork["participant"].pk],
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.site == cast.fieldwork["site"] and not source.in_inbox
    entry = AuditEntry.objects.filter(
        object_type="fieldwork.source", object_id=str(source.pk), action="update"
    ).get()
    assert entry.changes["site"] == [None, cast.fieldwork["site"].pk]
    wrong = client.post(
        reverse("fieldwork:source", args=[source.pk]),
        {
            "title": "x",
            "kind": "field_notes",
            "site": "",
            "participants": [cast.fieldwork["participant"].pk],
        },
    )
    assert "Not registered at this site: P1" in wrong.content.decode()


def test_reading_a_source_is_audited_and_shows_turns(cast: Cast) -> None:
    page = (
        cast.client("researcher")
        .get(reverse("fieldwork:source", args=[cast.fieldwork["source"]]))
        .content.decode()
    )
    assert 'id="source-text"' in page
    # Numbered lines, the speaker's label set apart from their words (the text itself unchanged).
    assert re.search(
        r'<span class="line" data-line="\d+"><span class="turn-speaker">P1: </span>At the allotment, on a '
        r"wet Tuesday\.",
        page,
    )
    assert AuditEntry.objects.filter(
        object_type="fieldwork.source", object_id=str(cast.fieldwork["source"]), action="view"
    ).exists()
    original = cast.client("researcher").get(
        reverse("fieldwork:source_original", args=[cast.fieldwork["source"]])
    )
    assert b"".join(original.streaming_content) == TRANSCRIPT.encode()


def test_register_sites_visits_participants_and_withdrawal(cast: Cast) -> None:
    client = cast.client("researcher")
    response = client.post(
        reverse("fieldwork:site_new"), {"name": "Moorside Friends", "region": "north_east", "sector": "other"}
    )
    site = cast.fieldwork["site"].__class__.objects.get(name="Moorside Friends")
    assert (
        response["Location"] == reverse("fieldwork:site", args=[site.pk])
        and site.team == cast.orgs["fernhill"]
    )
    duplicate = client.post(
        reverse("fieldwork:site_new"), {"name": "moorside friends", "region": "north_east", "sector": "other"}
    )
    assert "already has a site with this name" in duplicate.content.decode()
    client.post(
        reverse("fieldwork:visit_new", args=[site.pk]), {"start_date": "05/05/2026", "end_date": "04/05/2026"}
    )
    assert not Visit.objects.filter(site=site).exists()
    # The browser's date picker sends an ISO date; a browser without one, showing a text box, dd/mm/yyyy.
    form = client.get(reverse("fieldwork:visit_new", args=[site.pk])).content.decode()
    assert '<input type="date" name="start_date"' in form and '<input type="date" name="end_date"' in form
    client.post(
        reverse("fieldwork:visit_new", args=[site.pk]), {"start_date": "2026-05-05", "purpose": "First visit"}
    )
    assert Visit.objects.get(site=site).researchers.get() == cast.users["researcher"]
    assert Visit.objects.get(site=site).start_date.isoformat() == "2026-05-05"
    client.post(
        reverse("fieldwork:participant_new", args=[site.pk]), {"pseudonym": "M1", "perspective": "funder"}
    )
    participant = Participant.objects.get(site=site, pseudonym="M1")
    refused = client.post(
        reverse("fieldwork:participant_withdraw", args=[participant.pk]), {"withdrawn_on": "06/05/2026"}
    )
    assert refused.status_code == 302 and not Participant.objects.get(pk=participant.pk).is_withdrawn
    client.post(
        reverse("fieldwork:participant_withdraw", args=[participant.pk]),
        {"withdrawn_on": "06/05/2026", "confirm": "on"},
    )
    assert Participant.objects.get(pk=participant.pk).is_withdrawn
    entry = AuditEntry.objects.filter(
        object_type="fieldwork.participant", object_id=str(participant.pk)
    ).latest("id")
    assert entry.note == "consent withdrawn" and entry.changes == {"withdrawn_on": [None, "2026-05-06"]}


def test_source_list_query_count_does_not_grow(cast: Cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    client.get(reverse("fieldwork:sources"))
    with django_assert_max_num_queries(7):
        client.get(reverse("fieldwork:sources"))
    client.post(
        reverse("fieldwork:import"),
        {
            "files": [upload(f"n{i}.txt", f"Notes number {i}.".encode()) for i in range(30)],
            "site": cast.fieldwork["site"].pk,
        },
    )
    with django_assert_max_num_queries(7):
        client.get(reverse("fieldwork:sources"))
    with django_assert_max_num_queries(7):
        client.get(reverse("fieldwork:sites"))
