"""The guide's documents as a reader gets them, checked from the files themselves: the Word file (real
paragraphs, contents, running header, page numbers, the diagram with its description) and every PDF the
app writes (tagged, in British English, with a title; headings never last on a page; pages kept as images
in `test-artifacts/` to look at)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document as Word
from docx.oxml.ns import qn

from connecting_people.consult.models import Comment, Round
from connecting_people.guide.actions import (
    do_choose_example,
    do_make_draft,
    do_save_procedure,
    do_save_section,
)
from connecting_people.guide.builds import document_of
from connecting_people.guide.changes import diff_drafts
from connecting_people.guide.document import Document, ProcedureDoc
from connecting_people.guide.models import Procedure

from .conftest import ARTIFACTS, Cast, guide_with_drafts
from .pdfcheck import assert_tagged, page_images, page_texts
from .test_consult import _invite, _round

WRAPPED = (
    "Agree a time that suits you both\nand keep to it, week after week;\nif you cannot come, ring first.  \n"
    "A line of its own after a hard break."
)


def _build(cast: Cast, folder: Path, formats: str) -> None:
    objects = guide_with_drafts(cast)
    section = objects["section"]
    section.introduction = WRAPPED
    section.in_practice = "Arrive a little early and keep the same room where you can."
    do_save_section(cast.users["researcher"], section)
    call_command("guide", "build", "--draft", "--format", formats, "--out", str(folder), stdout=io.StringIO())


def test_word_has_real_paragraphs_contents_furniture_and_the_diagram(cast: Cast, tmp_path: Path) -> None:
    _build(cast, tmp_path, "docx")
    word = Word(str(tmp_path / "guide-draft-0.3.docx"))
    body = word.element.body
    # Source wrapping is spaces; the one hard break is the only line break in the text.
    wrapped = next(p for p in word.paragraphs if p.text.startswith("Agree a time"))
    assert wrapped.text == (
        "Agree a time that suits you both and keep to it, week after week; if you cannot come, ring first.\n"
        "A line of its own after a hard break."
    )
    assert len(list(body.iter(qn("w:br")))) == 1  # pages break before part headings, not by breaks
    # Quotes are whole paragraphs too, upright, with their attribution after them.
    quote = next(p for p in word.paragraphs if p.style.name == "Quote")
    assert "\n" not in quote.text and word.styles["Quote"].font.italic is False
    # Headings are Word's own (the navigation pane and the contents use them) and keep with what follows.
    assert "Build a relationship" in [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert all(word.styles[f"Heading {n}"].paragraph_format.keep_with_next for n in (1, 2, 3))
    codes = [t.text.strip() for t in word.element.iter(qn("w:instrText"))]
    assert any(code.startswith("TOC ") for code in codes)
    footer_codes = [t.text.strip() for t in word.sections[0].footer._element.iter(qn("w:instrText"))]
    assert footer_codes == ["PAGE", "NUMPAGES"]
    assert word.sections[0].header.paragraphs[0].text.endswith("(Draft 0.3)")
    assert word.settings.element.find(qn("w:updateFields")) is not None
    # The diagram is a picture described for someone who cannot see it.
    (picture,) = list(body.iter(qn("wp:docPr")))
    described = picture.get("descr")
    assert described.startswith("Connecting People") and len(described) > 60, described
    assert len(word.inline_shapes) == 1
    # Built again, the same bytes.
    first = (tmp_path / "guide-draft-0.3.docx").read_bytes()
    call_command(
        "guide", "build", "--rebuild", "0.3", "--format", "docx", "--out", str(tmp_path), stdout=io.StringIO()
    )
    assert (tmp_path / "guide-draft-0.3.docx").read_bytes() == first


HEADINGS = {"In practice", "What good looks like", "Real-life examples", "Hints and tips from workers"}


def test_guide_and_gold_standard_pdfs_are_tagged_and_set_for_reading(cast: Cast, tmp_path: Path) -> None:
    _build(cast, tmp_path, "pdf,gold")
    guide_pdf = tmp_path / "guide-draft-0.3.pdf"
    assert_tagged(guide_pdf.read_bytes(), "Draft 0.3")
    gold = next(tmp_path.glob("*gold*.pdf"))
    assert_tagged(gold.read_bytes(), "the gold-standard organisation")
    pages = page_texts(guide_pdf)
    titles = {line.strip() for page in pages for line in page.splitlines() if line.strip()}
    sections = {t for t in titles if t in HEADINGS or t == "Build a relationship"}
    assert "Build a relationship" in sections and "In practice" in sections
    for n, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        text = [line for line in lines if not re.search(r"Page \d+ of \d+$", line)]
        assert text and text[-1] not in sections, f"page {n} ends with the heading {text[-1]!r}"
    # Wrapped source reads as one paragraph; the quote is upright text, not a line per source line.
    joined = re.sub(r"\s+", " ", " ".join(pages))
    assert "Agree a time that suits you both and keep to it, week after week;" in joined
    images = page_images(guide_pdf, ARTIFACTS / "guide-pdf", "page")
    assert len(images) == len(pages)
    page_images(gold, ARTIFACTS / "gold-pdf", "page")


def test_change_log_says_what_changed_in_words_and_which_comments_prompted_it(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    researcher = cast.users["researcher"]
    round_ = _round(cast)
    _reviewer, token = _invite(cast, round_, "rhian@example.org", perspective="lived_experience")
    reviewer = cast.client("anonymous")
    for text in ("Say how to agree the time.", "Give an example from a worker."):
        reviewer.post(
            reverse("consult:comment", args=[token]),
            {"section": "build-relationship", "quote": "same time each week", "text": text},
        )
    reviewer.post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    team = cast.client("researcher")
    for comment in Comment.objects.all():
        team.post(
            reverse("consult:comment_update", args=[comment.pk]), {"status": "changed", "changed_in": "0.3"}
        )
    team.post(reverse("consult:round", args=[round_.pk]), {"publish": "on"})
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    section = objects["section"]
    section.introduction = "Agree a time together and keep to it."
    do_save_section(researcher, section)
    do_choose_example(researcher, section, objects["excerpts"]["C-W-0"])
    procedure = Procedure.objects.get(guide=objects["guide"])
    procedure.text = "A member meets every newcomer at the door and stays with them for the first hour."
    do_save_procedure(researcher, procedure)
    draft = do_make_draft(researcher, objects["guide"])
    doc = document_of(draft)
    assert doc.changes == (
        "Build a relationship: wrote the introduction; added an example from a community connector "
        "(in response to two comments from reviewers in “Round one”).",
        "Gold standard: rewrote the procedure for Build a relationship.",
    )
    assert doc.changes_prompted == (0,)
    page = team.get(reverse("guide:draft_read_page", args=[draft.pk, "changes.html"])).content.decode()
    line = page[page.index("Build a relationship: wrote") :].split("</li>")[0]
    assert '<a href="consultation.html">What reviewers said and what we did</a>' in line
    assert "Gold standard: rewrote" in page and "Rhian" not in page


def test_procedures_compare_by_what_is_written() -> None:
    """A draft made before every component was listed carries only the written procedures: against a newer
    draft that lists the rest unwritten, only real writing counts as a change."""

    def doc(number: str, *procedures: ProcedureDoc) -> Document:
        return Document("Guide", number, "2026-11-01", False, "Model", "1.0", "", (), (), procedures)

    build = ProcedureDoc(
        "build", "Build a relationship", "Meet every newcomer at the door and stay an hour.", ""
    )
    older = doc("0.1", build)
    newer = doc(
        "0.2",
        ProcedureDoc(
            "build", "Build a relationship", "Meet every newcomer at the door and stay an hour or so.", ""
        ),
        ProcedureDoc("goals", "Set goals together", "", "", short_of="Routinely"),
        ProcedureDoc("review", "Review together", "Look back at the first map.", ""),
    )
    assert diff_drafts(older, newer).procedures == [
        ("Build a relationship", "edited"),
        ("Review together", "added"),
    ]
    assert diff_drafts(
        newer, doc("0.3", ProcedureDoc("build", "Build a relationship", "", ""))
    ).procedures == [
        ("Build a relationship", "removed"),
        ("Review together", "removed"),
    ]
