"""PDF text as people read it: tabs between words made spaces, running headers, footers and page numbers
removed (conservatively), sentences cut by a page break kept in one paragraph; and PDFs refused when they
have too many pages or cost too much processor time, with nothing written.

Every PDF is made here: WeasyPrint for pages with running headers and footers in CSS margin boxes, and a
few lines of PDF content stream (through pypdf) for the tab characters MAXQDA's exports put between words.
"""

from __future__ import annotations

import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject
from weasyprint import HTML

from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.extract import extract
from connecting_people.fieldwork.extract.pages import readable_text
from connecting_people.fieldwork.models import Source

from .conftest import Cast

# --- The plain function -------------------------------------------------------------------------------------


def test_tabs_between_words_become_single_spaces() -> None:
    assert (
        readable_text(["Interviewer:\tHow\tlong?\nP1: \t Three\t\tyears.\t"])
        == "Interviewer: How long?\nP1: Three years."
    )


def test_running_header_and_page_numbers_are_removed() -> None:
    pages = [
        f"Riverside interview, 12/03/2026\nLine {word} of the talk.\nMore of page {word}.\nPage {n} of 3"
        for n, word in enumerate(["one", "two", "three"], start=1)
    ]
    assert readable_text(pages) == (
        "Line one of the talk.\nMore of page one.\n\nLine two of the talk.\nMore of page two.\n\n"
        "Line three of the talk.\nMore of page three."
    )


def test_a_running_line_that_carries_the_page_number_is_removed() -> None:
    pages = [
        f"Interview R1 (12/03/2026), page {n}\nWords of page {word}."
        for n, word in enumerate(["one", "two", "three"], start=1)
    ]
    assert readable_text(pages) == "Words of page one.\n\nWords of page two.\n\nWords of page three."


def test_lines_that_differ_only_in_numbers_not_counting_the_pages_are_text() -> None:
    pages = [
        f"Score {score} of 40 on the scale.\nItem {item} again." for score, item in ((12, 3), (30, 9), (7, 1))
    ]
    assert readable_text(pages) == "\n\n".join(page for page in pages)


@pytest.mark.parametrize(
    "form",
    [
        "{n}",
        "{n}/4",
        "{n} / 4",
        "{n} of 4",
        "Page {n}",
        "PAGE {n} OF 4",
        "p. {n}",
        "- {n} -",
        "\u2013 {n} \u2013",
        "[{n}]",
    ],
)
def test_page_number_forms(form: str) -> None:
    pages = [
        f"{word.title()} said something.\n{form.format(n=n)}"
        for n, word in enumerate(["ann", "bea", "cai", "dai"], start=1)
    ]
    assert (
        readable_text(pages)
        == "Ann said something.\n\nBea said something.\n\nCai said something.\n\nDai said something."
    )


def test_page_numbers_may_start_anywhere_but_must_count_the_pages() -> None:
    counted = [f"Words on page {word}.\n{n}" for word, n in (("one", 7), ("two", 8), ("three", 9))]
    assert readable_text(counted) == "Words on page one.\n\nWords on page two.\n\nWords on page three."
    # The same number at the foot of every page counts nothing: it is text, and stays.
    assert readable_text([f"Answer {word}.\n3" for word in ("one", "two", "three")]).count("\n3") == 3


def test_a_line_that_appears_once_is_never_removed() -> None:
    one_page = "Riverside interview, 12/03/2026\nInterviewer: Hello.\nPage 1 of 1"
    assert readable_text([one_page]) == one_page
    # Top of one page, foot of another: not the same place, so not a running line.
    body = "\n".join(f"Line {word}." for word in ("a", "b", "c", "d", "e", "f"))
    assert readable_text([f"Summary so far\n{body}", f"{body}\nSummary so far"]).count("Summary so far") == 2


@given(
    st.lists(
        st.lists(
            st.from_regex(r"[A-Za-z]{1,8}( [A-Za-z]{1,8}){0,5}", fullmatch=True), min_size=1, max_size=6
        ),
        min_size=1,
        max_size=6,
    )
)
def test_lines_without_repeats_or_numbers_all_stay(pages: list[list[str]]) -> None:
    seen: set[str] = set()
    unique: list[list[str]] = []
    for page in pages:
        unique.append([line for line in page if line.casefold() not in seen])
        seen.update(line.casefold() for line in page)
    kept = readable_text(["\n".join(page) for page in unique]).split("\n")
    assert [line for line in kept if line] == [line for page in unique for line in page]


def test_speakers_repeated_at_the_page_edge_are_speaking_not_furniture() -> None:
    pages = [f"Interviewer: Question {n}?\nP1: Answer {n}.\nInterviewer: Yes." for n in range(4)]
    assert readable_text(pages).count("Interviewer: Yes.") == 4


def test_a_line_on_fewer_than_half_the_pages_stays() -> None:
    pages = [f"Draft\nPage text {word}." for word in ("one", "two")] + [
        f"Page text {w}." for w in ("three", "four", "five")
    ]
    assert readable_text(pages).count("Draft") == 2


def test_only_the_edges_of_a_page_are_peeled() -> None:
    # "Confidential" recurs on every page, but with words between it and the top of the page it is text.
    pages = [
        f"Top {w}.\nSecond {w}.\nConfidential\nMiddle {w}.\nLow {w}.\nFoot {w}.\nEnd {w}."
        for w in ("a", "b", "c")
    ]
    assert readable_text(pages).count("Confidential") == 3


def test_a_sentence_cut_by_the_page_break_stays_one_paragraph() -> None:
    pages = [
        "Header of the study\nP1: I went to the\nPage 1 of 3",
        "Header of the study\nallotment every week.\nPage 2 of 3",
        "Header of the study\nnext page starts a paragraph.\nPage 3 of 3",
    ]
    assert readable_text(pages) == "P1: I went to the\nallotment every week.\n\nnext page starts a paragraph."


def test_a_new_turn_after_the_page_break_is_a_new_paragraph() -> None:
    assert (
        readable_text(["P1: and then we", "Interviewer: Sorry, go on?"])
        == "P1: and then we\n\nInterviewer: Sorry, go on?"
    )
    assert (
        readable_text(["P1: It rained.\u201d", "So we stayed in."])
        == "P1: It rained.\u201d\n\nSo we stayed in."
    )


# --- Real PDFs through the importer -------------------------------------------------------------------------

RUNNING = """
@page { size: A6; margin: 2cm 1.5cm;
  @top-center { content: "Interview R1, Riverside, 12 March 2026"; font-size: 7pt; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 7pt; } }
body { font-family: "DejaVu Sans"; font-size: 9pt; }
p { margin: 0 0 1em 0; orphans: 1; widows: 1; }
"""
LONG_ANSWER = " ".join(f"allotment{i}" for i in range(300))


def weasy_pdf(body: str) -> bytes:
    return HTML(string=f"<html><head><style>{RUNNING}</style></head><body>{body}</body></html>").write_pdf()


def stream_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold exactly these lines of text (in Helvetica), tabs and all."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for lines in pages:
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        escaped = (line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines)
        content = DecodedStreamObject()
        content.set_data(
            (
                "BT /F1 11 Tf 14 TL 56 800 Td\n" + "\n".join(f"({line}) Tj T*" for line in escaped) + "\nET"
            ).encode("latin-1")
        )
        page.replace_contents(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_web_import_of_a_pdf_with_running_header_footer_and_a_turn_over_pages(cast: Cast) -> None:
    pdf = weasy_pdf(
        f"<p>Interviewer: How did it start?</p><p>R1: {LONG_ANSWER} and that is all.</p>"
        "<p>Interviewer: Thank you.</p>"
    )
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    assert (
        "Page 2 of" in PdfReader(io.BytesIO(pdf)).pages[1].extract_text()
    )  # the furniture is in the text layer
    response = cast.client("researcher").post(
        reverse("fieldwork:import"), {"files": [SimpleUploadedFile("r1.pdf", pdf)]}, follow=True
    )
    assert "1 imported" in response.content.decode()
    source = Source.objects.get(original_name="r1.pdf")
    assert "Page" not in source.text and "Riverside" not in source.text and "\t" not in source.text
    assert [(t["speaker"], t["key"]) for t in source.turns] == [
        ("Interviewer", "interviewer"),
        ("R1", "r 1"),
        ("Interviewer", "interviewer"),
    ]
    answer = source.turns[1]
    said = source.text[answer["start"] : answer["end"]]
    assert "\n\n" not in said and said.split() == [*LONG_ANSWER.split(), "and", "that", "is", "all."]


def test_maxqda_style_tabs_become_spaces_and_turns_are_found(cast: Cast) -> None:
    pdf = stream_pdf(
        [
            ["Interviewer:\tHow\tdid\tyou\tstart?", "Resp\t1:\tAt\tthe\tallotment,\ton\ta", "1"],
            ["wet\tTuesday.", "INTERVIEWER:\tAnd\tthen?", "2"],
        ]
    )
    assert "\t" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    result = extract(pdf, "maxqda.pdf")
    assert result.text == (
        "Interviewer: How did you start?\nResp 1: At the allotment, on a\nwet Tuesday.\n"
        "INTERVIEWER: And then?"
    )
    assert [turn.key for turn in result.turns] == ["interviewer", "resp 1", "interviewer"]


def test_a_pdf_whose_fonts_leave_glyphs_unmapped_imports_beside_a_transcript(
    cast: Cast, tmp_path: Path
) -> None:
    """pypdf gives NUL (and other control characters) for glyphs a font does not map to text; PostgreSQL
    cannot store a NUL, and a batch holding one used to fail whole. They are dropped as the page is read."""
    pdf = stream_pdf([["Interviewer: How was the\x00 choir?", "P1: Lovely\x01, thank you."]])
    assert "\x00" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    folder = tmp_path / "visit"
    folder.mkdir()
    write(folder, "scan.pdf", pdf)
    write(folder, "notes.txt", b"Interviewer: And the walk?\nP1: Muddy.")
    out = StringIO()
    call_command("fieldwork", "import", str(folder), "--as", "researcher", stdout=out)
    assert "2 imported, 0 skipped as duplicates, 0 failed" in out.getvalue()
    text = Source.objects.get(original_name="scan.pdf").text
    assert text == "Interviewer: How was the choir?\nP1: Lovely, thank you."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def media_files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_a_pdf_over_the_page_limit_is_refused_and_nothing_is_written(
    cast: Cast, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings.FIELDWORK_PDF_MAX_PAGES = 2
    stored, sources, audit = media_files(settings), Source.objects.count(), AuditEntry.objects.count()
    path = write(
        tmp_path, "long.pdf", stream_pdf([["Page one words."], ["Page two words."], ["Page three words."]])
    )
    out = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("fieldwork", "import", str(path), "--as", "researcher", stdout=out)
    assert "long.pdf: The PDF has 3 pages; the limit is 2. Split it into smaller PDFs" in out.getvalue()
    assert (Source.objects.count(), AuditEntry.objects.count(), media_files(settings)) == (
        sources,
        audit,
        stored,
    )


def test_the_stated_page_count_is_checked_before_the_pages_are_walked(cast: Cast) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(stream_pdf([["Only one page."]]))))
    writer.root_object["/Pages"][NameObject("/Count")] = NumberObject(60_000)
    buffer = io.BytesIO()
    writer.write(buffer)
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {"files": [SimpleUploadedFile("huge.pdf", buffer.getvalue())]},
        follow=True,
    )
    page = response.content.decode()
    assert "The PDF has 60,000 pages; the limit is 2,000." in page and "0 imported" in page
    assert not Source.objects.filter(original_name="huge.pdf").exists()


def test_a_pdf_over_the_time_budget_is_refused_and_nothing_is_written(
    cast: Cast, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings.FIELDWORK_PDF_SECONDS = 0
    stored, sources = media_files(settings), Source.objects.count()
    path = write(tmp_path, "slow.pdf", stream_pdf([["Words."], ["More words."]]))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("fieldwork", "import", str(path), "--as", "researcher", stdout=out)
    assert (
        "slow.pdf: Reading the PDF's text took more than the limit of 0 seconds of processor time"
        in out.getvalue()
    )
    assert (Source.objects.count(), media_files(settings)) == (sources, stored)
