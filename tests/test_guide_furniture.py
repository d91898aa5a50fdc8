"""Section furniture, printable tools, front matter with the evidence base counted from the register, the
completeness page and its "Missing:" lines, and old snapshots still rendering."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.urls import reverse
from docx import Document as Word
from pypdf import PdfReader

from connecting_people.fieldwork.actions import do_withdraw_participant
from connecting_people.fieldwork.models import Visit
from connecting_people.guide import document as docmod
from connecting_people.guide.builds import document_of, render
from connecting_people.guide.models import Draft, NameQuestion

from .conftest import Cast, build_guide

FURNITURE = {
    "introduction": "Trust is built in the first weeks.",
    "good_practice": "The person knows when they will next meet.",
    "in_practice": "Agree a regular time the person chooses.",
    "tips": "Meet somewhere the person feels at ease.",
    "pitfalls": "Filling the first meetings with forms.",
    "questions": "Does this person feel able to disagree with me?",
}


def _texts(out: dict[str, Any]) -> tuple[str, str]:
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out["pdf"])).pages)
    word = Word(io.BytesIO(out["docx"]))
    docx = " ".join(p.text for p in word.paragraphs) + " ".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    return re.sub(r"\s+", " ", pdf), re.sub(r"\s+", " ", docx)


def _html(files: dict[str, bytes], page: str) -> str:
    html = files[page].decode()
    html = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def _draft(cast: Cast, guide_pk: int) -> Draft:
    response = cast.client("researcher").post(reverse("guide:draft_new", args=[guide_pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Draft.objects.filter(guide_id=guide_pk).order_by("-id").first()  # type: ignore[return-value]


def test_furniture_saved_on_the_section_page_reaches_every_format(cast: Cast) -> None:
    objects = build_guide(cast)
    client = cast.client("researcher")
    url = reverse("guide:section", args=[objects["section"].pk])
    response = client.post(url, {**FURNITURE, "tools": ["network-map", "review-questions"]})
    assert response.status_code == 302
    assert "Published under “For workers”" in client.get(url).content.decode()
    draft = _draft(cast, objects["guide"].pk)
    out = render(document_of(draft), ["html", "pdf", "docx"])
    pdf, docx = _texts(out)
    page = _html(out["html"], "build-relationship.html")
    assert "For workers" in page and "For workers" in pdf and "For workers" in docx
    for heading, text in [
        ("In practice", FURNITURE["in_practice"]),
        ("Tips", FURNITURE["tips"]),
        ("Pitfalls", FURNITURE["pitfalls"]),
        ("Questions to reflect on", FURNITURE["questions"]),
        ("What good looks like", FURNITURE["good_practice"]),
    ]:
        for where in (page, pdf, docx):
            assert heading in where and text in where
    # The tools: linked from the section, a page each on the site, an appendix in the PDF and Word.
    assert 'href="tool-network-map.html"' in out["html"]["build-relationship.html"].decode()
    tool_page = out["html"]["tool-network-map.html"].decode()
    assert "<svg" in tool_page and "Close" in tool_page and "Outer" in tool_page
    assert "draw it again at review" in _html(out["html"], "tool-network-map.html")
    for where in (pdf, docx):
        assert "Printable tools" in where and "Network map" in where and "Review questions" in where
    assert "Goal sheet" not in pdf  # only the tools a section links to are printed
    assert "tool-goal-sheet.html" not in out["html"]


def test_front_matter_and_part_pages_in_every_format(cast: Cast) -> None:
    objects = build_guide(cast)
    guide = objects["guide"]
    page = cast.client("researcher").get(reverse("guide:guide", args=[guide.pk])).content.decode()
    assert "Social capital: The resources a person can reach" in page  # the glossary we ship
    response = cast.client("researcher").post(
        reverse("guide:guide", args=[guide.pk]),
        {
            "title": "The Connecting People guide",
            "foreword": "A guide to connecting people.",
            "audience": "For workers and the people they support.",
            "intervention": "Two wheels that turn together.",
            "key_messages": "Relationships come first.\n\nStart from what is there.",
            "glossary": "Social capital: what you can reach through people you know.",
            "references": "A fictitious report on connecting people.",
            "acknowledgements": "Thanks to everyone who took part.",
            "part_worker_wheel": "The worker's side of the partnership.",
        },
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.key_messages == ["Relationships come first.", "Start from what is there."]
    assert guide.glossary == [["Social capital", "what you can reach through people you know."]]
    assert guide.part_intros["worker_wheel"] == "The worker's side of the partnership."
    out = render(document_of(_draft(cast, guide.pk)), ["html", "pdf", "docx"])
    pdf, docx = _texts(out)
    about = _html(out["html"], "about.html")
    for text in (
        "A guide to connecting people.",
        "For workers and the people they support.",
        "Two wheels that turn together.",
        "Relationships come first.",
        "what you can reach through people you know.",
        "A fictitious report on connecting people.",
        "Thanks to everyone who took part.",
    ):
        assert text in about and text in pdf and text in docx
    part = _html(out["html"], "part-worker-wheel.html")
    assert "For workers" in part and "The worker's side of the partnership." in part
    assert "Turns with “ Get to know the worker" in part  # the two wheels, stage by stage
    individual = _html(out["html"], "part-individual-wheel.html")
    assert "For the person, with their worker" in individual
    assert "Turns with “ Help the person move on ” on the worker wheel" in individual
    assert "The worker's side of the partnership." in pdf and "For the person, with their worker" in docx
    # The front matter comes before the parts, in the PDF as in Word.
    for text in (pdf, docx):
        assert text.index("For workers and the people they support.") < text.index("The worker's side of")


def test_a_bad_glossary_line_is_refused_with_a_message(cast: Cast) -> None:
    guide = build_guide(cast)["guide"]
    response = cast.client("researcher").post(
        reverse("guide:guide", args=[guide.pk]), {"title": "Guide", "glossary": "No colon here"}
    )
    assert (
        response.status_code == 400 and "the term, a colon, then what it means" in response.content.decode()
    )


def test_evidence_base_is_counted_from_the_register(cast: Cast) -> None:
    objects = build_guide(cast)
    sites = objects["sites"]
    Visit.objects.create(site=sites["riverside"], start_date=dt.date(2025, 3, 4))
    Visit.objects.create(site=sites["canal"], start_date=dt.date(2025, 9, 1), end_date=dt.date(2026, 2, 3))
    # C-N is the only speaker of their source and withdraws: neither they nor the source are counted.
    do_withdraw_participant(cast.users["researcher"], objects["speakers"]["C-N"], dt.date(2026, 3, 1))
    evidence = document_of(_draft(cast, objects["guide"].pk)).front.evidence
    # Riverside and Canal Street in London, Moorside in the North West; each site once in each table.
    assert evidence.sites == 3
    assert evidence.by_region == (("North West", 1), ("London", 2))
    assert evidence.by_sector == (("Third sector", 2), ("Service-user-led", 1))
    # P1, R-I and M-I are individuals; R-W, M-W and C-W workers; C-N withdrew.
    assert evidence.by_perspective == (("Worker", 3), ("Individual accessing services", 3))
    assert evidence.participants == 6 and evidence.sources == 6
    assert (evidence.first_date, evidence.last_date) == ("2025-03-04", "2026-02-03")
    about = cast.client("researcher").get(
        reverse("guide:draft_read_page", args=[Draft.objects.latest("id").pk, "about.html"])
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", about.content.decode()))
    assert (
        "fieldwork at 3 sites across 2 UK regions, with 6 people taking part and 6 sources of evidence"
        in text
    )
    assert "from March 2025 to February 2026" in text
    assert "Moorside" not in text and "Canal" not in text and "Riverside" not in text


def test_front_matter_goes_through_the_name_check(cast: Cast) -> None:
    objects = build_guide(cast)
    guide = objects["guide"]
    client = cast.client("researcher")
    guide.glossary = [["Support worker", "Someone like Tomos Harcourt."]]  # a participant's real name
    guide.save()
    response = client.post(reverse("guide:draft_new", args=[guide.pk]))
    assert response.status_code == 409 and "Glossary" in response.content.decode()
    assert not Draft.objects.filter(guide=guide).exists()
    guide.glossary = [["Buddy", "A member who meets a newcomer, as Bethan did."]]  # nobody's name we know
    guide.save()
    _draft(cast, guide.pk)
    question = NameQuestion.objects.get(guide=guide, word="bethan")
    assert question.where.startswith("Glossary")
    # Replacing it reaches the front matter's lists too.
    client.post(
        reverse("guide:answer_name", args=[question.pk]), {"answer": "replaced", "replacement": "a member"}
    )
    guide.refresh_from_db()
    assert guide.glossary == [["Buddy", "A member who meets a newcomer, as a member did."]]


def test_completeness_page_and_the_check_log(cast: Cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    objects = build_guide(cast)
    guide, section = objects["guide"], objects["section"]
    client = cast.client("researcher")
    client.post(
        reverse("guide:section", args=[section.pk]), {**FURNITURE, "tips": "", "tools": ["goal-sheet"]}
    )
    client.post(reverse("guide:choose", args=[section.pk]), {"excerpt": objects["excerpts"]["R-W-0"].pk})
    url = reverse("guide:completeness", args=[guide.pk])
    client.get(url)
    with django_assert_max_num_queries(30):  # 28 sections: not a query per section
        response = client.get(url)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert "0 of 28 sections have every part" in page
    row = page[page.index("Build a relationship") :][:400]
    assert re.search(r"Build a relationship .*? Questions to reflect on Tips Goal sheet 1 ", row)
    assert "Set goals together Introduction, what good looks like, in practice, tips, pitfalls" in page
    assert "Not written yet: about this guide, who it is for and how to use it" in page
    draft = _draft(cast, guide.pk)
    lines = draft.check_log.splitlines()
    assert "Missing: “Build a relationship”: tips." in lines
    assert (
        "Missing: “Set goals together”: introduction, what good looks like, in practice, tips, pitfalls, "
        "questions to reflect on, examples." in lines
    )
    assert any(line.startswith("Missing: front matter: about this guide, who it is for") for line in lines)
    assert draft.released_at is None
    released = client.post(reverse("guide:draft_release", args=[draft.pk]))
    assert released.status_code == 302 and Draft.objects.get(pk=draft.pk).released_at is not None


def test_an_old_snapshot_without_the_new_fields_still_renders(cast: Cast) -> None:
    objects = build_guide(cast)
    draft = _draft(cast, objects["guide"].pk)
    old = {k: v for k, v in draft.snapshot.items() if k not in ("front", "tools")}
    new_fields = ("in_practice", "tips", "pitfalls", "questions", "tools", "voice")
    old["sections"] = [{k: v for k, v in s.items() if k not in new_fields} for s in old["sections"]]
    old["format"], old["number"] = 1, "0.9"
    doc = docmod.from_json(old)
    assert doc.front == docmod.FrontMatter() and doc.sections[0].tools == ()
    Draft.objects.create(
        guide=objects["guide"], number="0.9", snapshot=old, content_hash=docmod.content_hash(old)
    )
    old_draft = Draft.objects.get(number="0.9")
    client = cast.client("researcher")
    for page in ("index.html", "about.html", "build-relationship.html", "part-worker-wheel.html"):
        response = client.get(reverse("guide:draft_read_page", args=[old_draft.pk, page]))
        assert response.status_code == 200, page
    out = render(doc, ["pdf", "docx"])
    assert out["pdf"].startswith(b"%PDF") and out["docx"].startswith(b"PK")


def test_published_texts_hold_the_new_fields(cast: Cast) -> None:
    objects = build_guide(cast)
    section = objects["section"]
    section.pitfalls, section.tools = "A pitfall to avoid.", ["goal-sheet"]
    section.save()
    doc = document_of(_draft(cast, objects["guide"].pk))
    texts = dict(docmod.published_texts(doc))
    assert texts["Section “Build a relationship”, pitfalls"] == "A pitfall to avoid."
    assert texts["Tool “Goal sheet”, title"] == "Goal sheet"
    assert texts["Glossary, “Social capital”"] == "Social capital"
    assert texts["Part worker_wheel, whom it addresses"] == "For workers"
