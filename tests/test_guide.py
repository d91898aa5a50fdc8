"""The guide: curation, attribution, the anonymisation check, withdrawal, drafts and their diff, releases,
and the three outputs agreeing with each other."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document as Word
from pypdf import PdfReader

from connecting_people.fieldwork.actions import do_withdraw_participant
from connecting_people.fieldwork.models import Participant
from connecting_people.guide import document as docmod
from connecting_people.guide.actions import (
    do_choose_example,
    do_make_draft,
    do_release,
    do_save_example,
    do_save_guide,
    do_save_section,
)
from connecting_people.guide.builds import document_of, render
from connecting_people.guide.curation import Rarity, Topic, as_passage, attribution, candidates, rank
from connecting_people.guide.models import Build, Draft, Example
from connecting_people.lib.anonymise import AnonymisationError, Checker, register_names

from .conftest import Cast, guide_with_drafts


def test_attribution_is_by_role_and_setting_never_by_name() -> None:
    assert (
        attribution("worker", "support worker", "third_sector", "adults with mental health problems")
        == "A support worker at a third-sector project for adults with mental health problems"
    )
    assert (
        attribution("individual", "", "service_user_led", "")
        == "A person using the service at a service-user-led project"
    )
    assert (
        attribution("worker", "an outreach worker", "statutory", "")
        == "An outreach worker at a statutory project"
    )


def test_shortlist_balances_sites_and_perspectives(cast: Cast, guide: dict[str, Any]) -> None:
    pool = list(candidates(cast.orgs["fernhill"].pk, guide["component"]))
    speakers = {e.participant.pseudonym for e in pool}
    assert "C-N" not in speakers  # did not agree to be quoted: never offered
    # A topic with no words: the order is balance alone (relevance is tested in test_guide_curation.py).
    passages, no_topic, rarity = [as_passage(e) for e in pool], Topic(""), Rarity(0)
    ranked = rank(passages, no_topic, rarity, limit=6)
    first_three = ranked[:3]
    assert len({c.site_id for c in first_three}) == 3  # one from each site before any site gets a second
    first_four = ranked[:4]
    assert {c.perspective for c in first_four} == {"worker", "individual"}
    # What is already chosen counts: with two Riverside excerpts chosen, Riverside comes last.
    riverside = guide["sites"]["riverside"].pk
    later = rank(
        passages, no_topic, rarity, limit=3, chosen=[(riverside, "worker"), (riverside, "individual")]
    )
    assert riverside not in {c.site_id for c in later[:2]}


def test_anonymisation_check_catches_every_kind_of_leak() -> None:
    names = register_names(
        [
            ("Gwen Ashdown", "real name", "P1"),
            ("P1", "pseudonym", "P1"),
            ("Will Pryce", "real name", "P2"),
            ("The Moorside Hub", "site", "site 2"),
            ("Moorside Trust", "host organisation", "site 2"),
        ]
    )
    checker = Checker(names)
    texts = [
        ("a", "Gwen Ashdown said it helped."),  # full real name
        ("b", "It was GWEN ASHDOWN's idea."),  # case and possessive
        ("c", "Then Gwen’s sister came too."),  # first name alone, curly possessive
        ("d", "As P1 put it, turn up."),  # pseudonym
        ("e", "We met at Moorside Hub on Fridays."),  # unnamed site, without "The"
        ("f", "Funded by the moorside trust."),  # host organisation, any case
        ("g", "They will come back, and we will wait."),  # "will" is not Will
        ("h", "Nothing identifying here at all."),
    ]
    found = {(leak.where, leak.name.kind) for leak in checker.scan(texts)}
    # A full name is one leak (not also its first name and surname).
    assert found == {
        ("a", "real name"),
        ("b", "real name"),
        ("c", "first name"),
        ("d", "pseudonym"),
        ("e", "site"),
        ("f", "host organisation"),
    }


def test_a_leak_fails_the_build_and_lists_where_it_is(cast: Cast, guide: dict[str, Any], tmp_path) -> None:  # type: ignore[no-untyped-def]
    researcher = cast.users["researcher"]
    example = do_choose_example(researcher, guide["section"], guide["excerpts"]["M-W-1"])
    example.wording = "At Moorside Hub, Dilwyn's group chose its own name."
    do_save_example(researcher, example)
    section = guide["section"]
    section.introduction = "Ffion Bellamy told us about regular times."
    do_save_section(researcher, section)
    client = cast.client("researcher")
    response = client.post(reverse("guide:draft_new", args=[guide["guide"].pk]))
    page = response.content.decode()
    assert response.status_code == 409 and not Draft.objects.exists()
    for found in ("Moorside Hub", "Dilwyn", "Ffion Bellamy"):
        assert f"<strong>{found}</strong>" in page
    assert "Section “Build a relationship”, evidence 1 (example)" in page
    with pytest.raises(CommandError, match="Dilwyn"):
        call_command("guide", "build", "--draft", "--format", "html", "--out", str(tmp_path / "out"))
    assert not Draft.objects.exists() and not (tmp_path / "out").exists()
    # Fixed wording passes.
    example.wording = "The group chose its own name, and that mattered."
    do_save_example(researcher, example)
    section.introduction = "People told us regular times matter."
    do_save_section(researcher, section)
    assert client.post(reverse("guide:draft_new", args=[guide["guide"].pk])).status_code == 302
    assert Draft.objects.count() == 1


def test_withdrawn_material_never_appears(cast: Cast, guide: dict[str, Any]) -> None:
    researcher = cast.users["researcher"]
    do_choose_example(researcher, guide["section"], guide["excerpts"]["M-I-0"])
    do_choose_example(researcher, guide["section"], guide["excerpts"]["R-W-1"])
    before = do_make_draft(researcher, guide["guide"])
    assert "Being asked what I wanted" in _all_text(document_of(before))
    Participant.objects.filter(pseudonym="M-I").update(withdrawn_on="2026-11-20")
    # Not offered again, left out of the next draft, and left out when the old draft is read or rebuilt.
    assert (
        not candidates(cast.orgs["fernhill"].pk, guide["component"])
        .filter(participant__pseudonym="M-I")
        .exists()
    )
    after = do_make_draft(researcher, guide["guide"])
    assert "Being asked what I wanted" not in _all_text(document_of(after))
    assert "Being asked what I wanted" not in _all_text(document_of(before))
    assert (
        "Being asked what I wanted"
        not in cast.client("reviewer")
        .get(reverse("guide:draft_read_page", args=[before.pk, "build-relationship.html"]))
        .content.decode()
    )
    assert "I share a little about my own weekend" in _all_text(document_of(after))
    # Someone who no longer agrees to be quoted leaves the next draft too.
    Participant.objects.filter(pseudonym="R-W").update(consent_to_quote=False)
    assert "I share a little about my own weekend" not in _all_text(
        document_of(do_make_draft(researcher, guide["guide"]))
    )


def test_a_page_cached_before_a_change_is_not_served_after_it(
    cast: Cast, guide: dict[str, Any], settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The pages are cached under keys made from everything they show, in a cache every web process
    shares (a folder here, Redis in a deployment): after a withdrawal or a release, no process finds the
    page cached before it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    researcher = cast.users["researcher"]
    do_choose_example(researcher, guide["section"], guide["excerpts"]["M-I-0"])
    draft = do_make_draft(researcher, guide["guide"])
    reviewer = cast.client("reviewer")
    page = reverse("guide:draft_read_page", args=[draft.pk, "build-relationship.html"])
    first = reviewer.get(page).content.decode()
    assert "Being asked what I wanted" in first and "Draft 0.1" in first
    cached = len(list((tmp_path / "cache").iterdir()))
    assert cached and reviewer.get(page).content.decode() == first
    assert len(list((tmp_path / "cache").iterdir())) == cached  # read again: from the cache
    assert reviewer.get(reverse("guide:draft_read_page", args=[draft.pk, "nothing.html"])).status_code == 404
    do_withdraw_participant(researcher, Participant.objects.get(pseudonym="M-I"), dt.date(2026, 11, 20))
    assert "Being asked what I wanted" not in reviewer.get(page).content.decode()
    do_release(researcher, draft)
    released = reviewer.get(page).content.decode()
    assert "Release 0.1" in released and "Draft 0.1" not in released


def _all_text(doc: docmod.Document) -> str:
    return "\n".join(text for _where, text in docmod.published_texts(doc))


def _html_text(files: dict[str, bytes], page: str) -> str:
    html = files[page].decode()
    html = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&quot;", '"')


def test_three_formats_hold_the_same_sections_and_examples(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    doc = document_of(objects["draft"])
    out = render(doc, ["html", "pdf", "docx"])
    pdf = re.sub(
        r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out["pdf"])).pages)
    )
    word = Word(io.BytesIO(out["docx"]))
    docx_text = re.sub(r"\s+", " ", " ".join(p.text for p in word.paragraphs))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    titles = [s.title for s in doc.sections]
    assert [h for h in headings if h in titles][: len(titles)] == titles  # real Word headings, in model order
    for section in doc.sections:
        html = _html_text(out["html"], f"{section.key}.html")
        assert section.title in html and section.title in pdf
        for block in section.blocks:
            assert block.text in html and block.text in docx_text and block.text in pdf
            assert block.attribution in html and block.attribution in docx_text and block.attribution in pdf
    procedure = doc.procedure("build-relationship")
    assert procedure is not None and (
        procedure.public_provenance
        == "Drawn from practice observed at a service-user-led project in the North West."
    )
    for text in (procedure.text, procedure.public_provenance):
        assert text in pdf and text in docx_text and text in _html_text(out["html"], "gold-standard.html")
    assert "Moorside" not in pdf + docx_text  # the exemplar site did not agree to be named


def test_old_drafts_rebuild_identically_after_the_records_change(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    draft = objects["draft"]
    first = render(document_of(draft), ["html", "pdf", "docx"])
    section = objects["section"]
    section.introduction = "Completely rewritten after the draft."
    do_save_section(cast.users["researcher"], section)
    Example.objects.filter(pk=objects["example"].pk).update(wording="Reworded later.")
    again = render(document_of(Draft.objects.get(pk=draft.pk)), ["html", "pdf", "docx"])
    assert again == first
    with pytest.raises(ValueError):
        draft.snapshot = {**draft.snapshot, "guide_title": "Changed"}
        draft.save()


def test_draft_diff_and_change_log(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    researcher, section = cast.users["researcher"], objects["section"]
    section.introduction = "Meet at the same time each week."
    do_save_section(researcher, section)
    example = Example.objects.get(pk=objects["example"].pk)
    example.wording = example.wording.replace("same time", "same hour")
    do_save_example(researcher, example)
    do_choose_example(researcher, section, objects["excerpts"]["C-W-0"])
    newer = do_make_draft(researcher, objects["guide"])
    assert newer.number == "0.3"
    log = document_of(newer).changes
    assert log == (
        "Build a relationship: wrote the introduction; added an example from a community connector; "
        "reworded a tip from a support worker.",
    )
    page = cast.client("researcher").get(reverse("guide:draft_compare", args=[newer.pk])).content.decode()
    assert "<ins>Meet at the same time each week.</ins>" in page
    assert "at the same <del>time</del><ins>hour</ins> each week" in page
    assert "Tea after the walk is where the real talking happens." in page


def test_releases_are_public_and_drafts_are_not(cast: Cast) -> None:
    anonymous = cast.client("anonymous")
    assert anonymous.get(reverse("guide:public")).status_code == 404  # nothing released yet
    objects = guide_with_drafts(cast)
    release, draft = objects["release"], objects["draft"]
    page = anonymous.get(reverse("guide:public")).content.decode()
    assert "Release 0.1" in page and 'href="build-relationship.html"' in page
    section = anonymous.get(reverse("guide:public_page", args=["build-relationship.html"])).content.decode()
    assert "We always meet at the same time each week" in section
    # Both sides of the stage together: the worker-wheel section shows its individual-wheel pair.
    assert (
        "The other side of this stage" in section
        and 'href="get-to-know-worker.html">Get to know the worker</a>' in section
    )
    assert (
        anonymous.get(
            reverse("guide:public_version_page", args=[release.number, "search-index.js"])
        ).status_code
        == 200
    )
    assert anonymous.get(reverse("guide:public_version", args=[draft.number])).status_code == 404
    assert anonymous.get(reverse("guide:draft_read", args=[draft.pk])).status_code == 302
    assert cast.client("worker").get(reverse("guide:draft_read", args=[draft.pk])).status_code == 404
    assert cast.client("reviewer").get(reverse("guide:draft_read", args=[draft.pk])).status_code == 200
    # Releasing the newer draft makes it the latest.
    do_release(cast.users["researcher"], Draft.objects.get(pk=draft.pk))
    assert "Release 0.2" in anonymous.get(reverse("guide:public")).content.decode()


def test_release_checks_the_register_again(cast: Cast, guide: dict[str, Any]) -> None:
    researcher = cast.users["researcher"]
    example = do_choose_example(researcher, guide["section"], guide["excerpts"]["C-W-1"])
    example.wording = "We met Juno at the library café first."
    do_save_example(researcher, example)
    draft = do_make_draft(researcher, guide["guide"])
    Participant.objects.filter(pseudonym="C-W").update(real_name="Juno Pike")
    response = cast.client("researcher").post(reverse("guide:draft_release", args=[draft.pk]))
    assert response.status_code == 409 and "<strong>Juno</strong>" in response.content.decode()
    assert not Draft.objects.get(pk=draft.pk).is_release
    with pytest.raises(AnonymisationError):
        do_release(researcher, Draft.objects.get(pk=draft.pk))


def test_web_build_gives_the_three_files(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    client = cast.client("researcher")
    client.post(
        reverse("guide:build_new", args=[objects["draft"].pk]), {"html": "1", "pdf": "1", "docx": "1"}
    )
    build = objects["draft"].builds.get()
    status = client.get(reverse("guide:build_status", args=[build.pk])).json()
    assert status["done"] and status["progress"] == 100 and sorted(status["files"]) == ["docx", "html", "pdf"]
    assert status["labels"] == {"html": "the web site", "pdf": "the PDF", "docx": "the Word file"}
    page = client.get(reverse("guide:draft", args=[objects["draft"].pk])).content.decode()
    assert all(f"Download {label}</a>" in page for label in status["labels"].values())
    site = client.get(status["files"]["html"])
    names = zipfile.ZipFile(io.BytesIO(b"".join(site.streaming_content))).namelist()
    assert "guide-draft-0.2/index.html" in names and "guide-draft-0.2/search-index.js" in names
    assert cast.client("reviewer").get(reverse("guide:build_status", args=[build.pk])).status_code == 403


def test_a_long_running_build_is_not_guessed_to_have_failed(cast: Cast) -> None:
    """A build whose worker was killed is taken up again by another worker (tests/test_jobs.py), so the
    page keeps showing its progress rather than declaring it failed after a while."""
    objects = guide_with_drafts(cast)
    build = Build.objects.create(
        draft=objects["draft"], status="running", progress=60, step="Laying out the PDF"
    )
    Build.objects.filter(pk=build.pk).update(created_at=timezone.now() - dt.timedelta(minutes=20))
    status = cast.client("researcher").get(reverse("guide:build_status", args=[build.pk])).json()
    assert not status["done"] and status["status"] == "running" and status["progress"] == 60


def test_old_build_files_are_cleaned_up(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(cast)
    cast.client("researcher").post(reverse("guide:build_new", args=[objects["draft"].pk]), {"docx": "1"})
    build = Build.objects.get()
    folder = Path(settings.MEDIA_ROOT) / "guide" / "builds" / str(build.pk)
    assert [p.name for p in folder.iterdir()] == ["guide-draft-0.2.docx"]
    call_command("guide", "clean-builds", stdout=io.StringIO())
    assert folder.exists()  # new: kept
    Build.objects.filter(pk=build.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    out = io.StringIO()
    call_command("guide", "clean-builds", "--older-than", "30", stdout=out)
    assert "Removed 1 build older than 30 days (1 file)" in out.getvalue()
    assert not folder.exists() and Draft.objects.filter(pk=objects["draft"].pk).exists()


def test_command_line_build_and_rebuild(cast: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(cast)
    out = io.StringIO()
    call_command("guide", "build", "--draft", "--format", "html,docx", "--out", str(tmp_path), stdout=out)
    assert "Draft 0.3 (new)" in out.getvalue()
    assert (tmp_path / "guide-draft-0.3" / "index.html").exists() and (
        tmp_path / "guide-draft-0.3.docx"
    ).exists()
    first = (tmp_path / "guide-draft-0.3.docx").read_bytes()
    call_command(
        "guide", "build", "--rebuild", "0.3", "--format", "docx", "--out", str(tmp_path), stdout=io.StringIO()
    )
    assert (tmp_path / "guide-draft-0.3.docx").read_bytes() == first
    with pytest.raises(CommandError, match="Formats are"):
        call_command("guide", "build", "--draft", "--format", "epub", "--out", str(tmp_path))
    listing = io.StringIO()
    call_command("guide", "list", stdout=listing)
    assert (
        f"{objects['guide'].pk}  The Connecting People guide" in listing.getvalue()
        and "released" in listing.getvalue()
    )


def test_guide_page_query_count_does_not_grow_with_sections(
    cast: Cast, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(cast)
    client = cast.client("researcher")
    url = reverse("guide:guide", args=[objects["guide"].pk])
    client.get(url)
    with django_assert_max_num_queries(10):  # 28 sections: one query for them all, not one per section
        assert client.get(url).status_code == 200


def test_a_release_made_as_one_starts_the_next_major_number(cast: Cast, tmp_path: Path) -> None:
    """Drafts 0.1, 0.2 are read and commented; `--release` makes Release 1.0, and work after it is 1.1."""
    objects = guide_with_drafts(cast)
    out = io.StringIO()
    call_command("guide", "build", "--release", "--format", "html", "--out", str(tmp_path), stdout=out)
    release = Draft.objects.get(guide=objects["guide"], number="1.0")
    assert release.released_at is not None and document_of(release).label == "Release 1.0"
    assert (tmp_path / "guide-release-1.0" / "index.html").exists(), out.getvalue()
    assert do_make_draft(cast.users["researcher"], objects["guide"]).number == "1.1"
    assert do_make_draft(cast.users["researcher"], objects["guide"], release=True).number == "2.0"


def test_the_change_log_names_furniture_tools_and_front_matter(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    researcher, section, guide = cast.users["researcher"], objects["section"], objects["guide"]
    section.pitfalls = "Promising a visit you cannot make."
    section.tools = ["goal-sheet"]
    do_save_section(researcher, section)
    guide.audience = "Workers in community mental health teams, and the people they support."
    guide.key_messages = [*guide.key_messages, "Go at the person's pace.", "Go along the first time."]
    guide.references = []
    do_save_guide(researcher, guide)
    newer = do_make_draft(researcher, guide)
    log = document_of(newer).changes
    assert log[0] == "Front matter: wrote who the guide is for; added two key messages."
    assert log[1] == "Build a relationship: wrote the pitfalls; added the goal sheet."
    page = cast.client("researcher").get(reverse("guide:draft_compare", args=[newer.pk])).content.decode()
    assert "<h2>Front matter</h2>" in page and "<li>Added the goal sheet</li>" in page
    section.tools = []
    do_save_section(researcher, section)
    assert document_of(do_make_draft(researcher, guide)).changes == (
        "Build a relationship: took out the goal sheet.",
    )
