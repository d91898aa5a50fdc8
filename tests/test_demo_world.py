"""The demo world, built once for these tests: its guide's story ends in Release 1.0, and the release passes
its own checks (issue 17's "Done when"), its files built as `cpi guide build --rebuild 1.0` builds them and
read back from the files themselves, with page images kept in `test-artifacts/` to look at; its examples
fit their stages with no raw fieldwork; its names are answered honestly."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from docx import Document as Word
from docx.oxml.ns import qn

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit.models import AuditEntry
from connecting_people.community.models import Accessibility, DirectoryImport, Service, WorkerContact
from connecting_people.consult.models import Round
from connecting_people.fieldwork.models import Excerpt, Participant, Source
from connecting_people.guide.assemble import check_publishable
from connecting_people.guide.builds import document_of
from connecting_people.guide.curation import text_findings
from connecting_people.guide.models import Draft, NameAnswer, NameQuestion
from connecting_people.interventions.models import Component
from connecting_people.measures.analysis import organisation_analysis
from connecting_people.measures.change import SMALLEST_GROUP
from connecting_people.measures.dataset import organisation_dataset
from connecting_people.measures.models import FidelityRating
from connecting_people.partnerships.models import CoProduction, Partner
from connecting_people.practice.models import CommunityLink, PracticeStory

from .conftest import ARTIFACTS
from .pdfcheck import assert_tagged, page_images, page_texts

FRONT = (
    "About this guide",
    "Who it is for and how to use it",
    "The intervention and the two wheels",
    "The evidence behind the guide",
    "Key messages",
    "Glossary",
    "References",
)
TIME_STAMP = re.compile(r"\b\d{1,2}[.:]\d{2}\.(?!\d)")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("&#x27;", "'").replace("&amp;", "&")


def _html_text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return _plain(re.sub(r"<[^>]+>", " ", html[html.index("<main") : html.index("</main>")]))


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """One demo build for the module's tests, committed as `cpi demo` commits (each test runs in a
    transaction rolled back after it), and the database emptied again when the module is done."""
    folder = tmp_path_factory.mktemp("demo")
    with override_settings(MEDIA_ROOT=folder / "media", VAR_DIR=folder), django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())
        yield folder
        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def test_the_demo_release_is_1_0_and_passes_its_own_checks(demo: Path, tmp_path: Path) -> None:
    # The story in order: draft 0.1, a first round on it, draft 0.2, a Delphi round on that, Release 1.0.
    drafts = list(Draft.objects.order_by("created_at", "id"))
    assert [d.number for d in drafts] == ["0.1", "0.2", "1.0"]
    assert [d.released_at is not None for d in drafts] == [False, False, True]
    release = drafts[-1]
    first, delphi = Round.objects.filter(closes_at__lt=release.created_at).order_by("opens_at")
    assert first.draft.number == "0.1" and delphi.draft.number == "0.2" and delphi.follows == first
    assert first.closes_at < drafts[1].created_at and first.publish_response and delphi.publish_response
    # Nothing the release checks for is left open.
    guide = release.guide
    assert not guide.name_questions.filter(answer=NameAnswer.OPEN).exists()
    doc = document_of(release)
    assert doc.release and doc.label == "Release 1.0"
    # Every section has an introduction; the gold standard a procedure for every component.
    assert [s.title for s in doc.sections if not s.introduction.strip()] == []
    assert {p.key for p in doc.procedures} == {s.key for s in doc.sections}
    # ... held up as gold practice for all but well-being, which the demo leaves short of evidence on purpose.
    assert [p.key for p in doc.procedures if not p.is_gold] == ["well-being"]
    # No placeholder, time stamp or quote used twice in the examples.
    texts = [b.text for s in doc.sections for b in s.blocks]
    assert not [f for t in texts for f in text_findings(t) if f.hard]
    assert [t for t, n in Counter(texts).items() if n > 1] == []
    # The change log says what changed in words, and which comments prompted it.
    earlier = document_of(drafts[1])
    prompted = [doc.changes[n] for n in doc.changes_prompted] + [
        earlier.changes[n] for n in earlier.changes_prompted
    ]
    assert any("in response to" in line for line in prompted)
    assert "Build a relationship: edited the introduction (in response to a comment" in " ".join(
        earlier.changes
    )
    # The responses to both rounds are published with the release.
    assert [title for title, _lines in doc.responses] == [
        f"{first.title} (11 reviewers)",
        f"{delphi.title} (7 reviewers)",
    ]

    out = tmp_path / "built"
    call_command(
        "guide",
        "build",
        "--rebuild",
        "1.0",
        "--format",
        "html,pdf,docx,gold",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    site = out / "guide-release-1.0"
    about = _html_text(site / "about.html")
    pdf_path = out / "guide-release-1.0.pdf"
    assert_tagged(pdf_path.read_bytes(), "Release 1.0")
    assert_tagged(
        (out / "guide-release-1.0-gold-standard.pdf").read_bytes(), "the gold-standard organisation"
    )
    pages = page_texts(pdf_path)
    pdf = _plain(" ".join(pages))
    word = Word(str(out / "guide-release-1.0.docx"))
    docx = _plain(" ".join(p.text for p in word.paragraphs))
    evidence = doc.front.evidence.summary()
    assert evidence.startswith("The guide draws on fieldwork at")
    for where, text in (("site", about), ("PDF", pdf), ("Word", docx)):
        missing = [heading for heading in (*FRONT, evidence, "Social capital") if heading not in text]
        assert missing == [], f"{where} lacks {missing}"
        assert "[name]" not in text and not TIME_STAMP.search(text), where
    # Word: real paragraphs, the only breaks those that start a page.
    breaks = list(word.element.body.iter(qn("w:br")))
    assert all(b.get(qn("w:type")) == "page" for b in breaks)
    assert not [p.text for p in word.paragraphs if "\n" in p.text]
    # The site's change log and the release's response to consultation.
    changes = _html_text(site / "changes.html")
    assert "in response to a comment from reviewers in “Second round (Delphi)" in changes
    consultation = _html_text(site / "consultation.html")
    assert first.title in consultation and delphi.title in consultation

    researcher = Client()
    researcher.force_login(User.objects.get(username="researcher"))
    completeness = _plain(
        re.sub(
            r"<[^>]+>", " ", researcher.get(reverse("guide:completeness", args=[guide.pk])).content.decode()
        )
    )
    assert "Every part of the front matter is written." in completeness
    assert [s.title for s in doc.sections if s.title not in completeness] == []
    report = _plain(
        re.sub(r"<[^>]+>", " ", researcher.get(reverse("consult:report", args=[first.pk])).content.decode())
    )
    assert "About this consultation" in report and "Who was invited and who responded" in report
    assert "What changed in response" in report

    # Pages to look at: the front matter, a section, the change log.
    images = page_images(pdf_path, ARTIFACTS / "demo-release-pdf", "page")
    assert len(images) == len(pages)
    page_images(out / "guide-release-1.0-gold-standard.pdf", ARTIFACTS / "demo-release-gold", "page")


def test_the_demo_guide_has_fitting_examples_and_no_raw_fieldwork(demo: Path) -> None:
    release = Draft.objects.get(released_at__isnull=False)
    sections = release.snapshot["sections"]
    blocks = [b for s in sections for b in s["blocks"]]
    texts = [b["text"] for b in blocks]
    assert not [f for t in texts for f in text_findings(t) if f.hard]  # no placeholder, no time stamp
    assert len(set(texts)) == len(texts)  # no quote twice
    assert len({b["provenance"]["excerpt"] for b in blocks}) == len(blocks)
    assert not [b for b in blocks if b["attribution"].startswith("Someone")]
    # Every stage of the model has at least one example; each notes passage is attributed as notes.
    stages = set(Component.objects.filter(version=release.guide.version).values_list("key", flat=True))
    assert {s["key"] for s in sections if s["blocks"]} == stages
    kinds = dict(Excerpt.objects.values_list("pk", "source__kind"))
    for block in blocks:
        if kinds[block["provenance"]["excerpt"]] == "field_notes":
            assert block["attribution"].startswith("From a researcher's field notes at")
    # Build a relationship shows the seed's own example: saying something about yourself.
    relationship = next(s for s in sections if s["key"] == "build-relationship")
    assert any("share a bit about myself" in b["text"] for b in relationship["blocks"])
    # ... and passages about the relationship itself, not the library's partnership with a group.
    assert not any("the library" in b["text"] for b in relationship["blocks"])
    # The stages the first round of fieldwork said least about are heard in interviews at two sites or more.
    for key in (
        "agency-values-connection",
        "individual-wants-to-connect",
        "worker-knowledge-networks",
        "build-connections-confidence",
        "reflect-on-progress",
        "agency-links-and-costs",
    ):
        excerpts = [
            b["provenance"]["excerpt"] for b in next(s for s in sections if s["key"] == key)["blocks"]
        ]
        voices = Excerpt.objects.filter(pk__in=excerpts, source__kind="interview", participant__isnull=False)
        assert voices.values("source__site").distinct().count() >= 2, key


def test_the_demo_release_passes_the_check_honestly(demo: Path) -> None:
    release = Draft.objects.get(released_at__isnull=False)
    text = str(release.snapshot)
    for name in ("Wren", "Dilys", "Kieran", "Des had", "Noor", "Priya", "Castleby"):
        assert name not in text
    cleared = set(NameQuestion.objects.filter(answer="not_a_person").values_list("word", flat=True))
    assert {c.word for c in check_publishable(document_of(release), release.guide.team_id)} <= cleared
    assert Participant.objects.filter(pseudonym="P1", real_name="Wren Ashby").exists()


def test_the_demo_has_two_directories_and_links_in_every_state(demo: Path) -> None:
    """About sixty fictitious opportunities in Carrowmouth and Northbridge, loaded by the checked import
    (with its audit entry), and links in every state, stopped ones with each reason."""
    harbourside = Organisation.objects.get(name__startswith="Harbourside")
    northbridge = Organisation.objects.get(name__startswith="Northbridge")
    assert Service.objects.filter(owner=harbourside).count() == 30
    assert Service.objects.filter(owner=northbridge).count() == 30
    assert DirectoryImport.objects.count() == 2
    assert AuditEntry.objects.filter(object_type="community.directoryimport").count() == 2
    states = set(CommunityLink.objects.values_list("state", flat=True))
    assert states == {"suggested", "introduced", "accompanied", "attended", "continuing", "stopped"}
    reasons = set(CommunityLink.objects.filter(state="stopped").values_list("stop_reason", flat=True))
    assert reasons == {"cost", "transport", "anxiety", "not_welcoming", "moved_on"}
    assert CommunityLink.objects.filter(follow_up_on__lt=timezone.localdate()).exists()  # something overdue
    client = Client()
    client.force_login(User.objects.get(username="worker"))
    page = client.get(reverse("directory:find"), {"area": "Penmarrow"}).content.decode()
    assert "Beach Clean Volunteers" in page and "The first Sunday of the month, 10:00 to 12:00" in page
    # Written in HSDS 3.0's names (an accessibility row's `description`), kept in the UK profile's too.
    assert Accessibility.objects.filter(
        owner=harbourside, description="Changing places toilet", accessibility="Changing places toilet"
    ).exists()
    page = client.get(reverse("directory:find"), {"access": "Changing places toilet"}).content.decode()
    assert "Bayside Leisure Centre" in page and "Nothing in the directory matches" not in page
    assert "Community links to follow up" in client.get("/").content.decode()


def test_the_demo_has_two_practice_stories_one_coded(demo: Path) -> None:
    """Two fictitious stories sent to the research team without a name; one filed at its site and coded."""
    sources = list(Source.objects.filter(kind="practice_story").order_by("pk"))
    assert [s.in_inbox for s in sources] == [False, True]
    assert [s.excerpts.count() for s in sources] == [1, 0]
    for source in sources:
        assert source.title.startswith("Practice story ") and source.title.endswith(
            ", Harbourside Connections"
        )
        for name in ("Indy", "Fairlie", "Jules", "Penhallow", "HAR-", "Wren"):
            assert name not in source.text
    assert PracticeStory.objects.filter(status="sent").count() == 2


def test_the_demo_marks_a_section_with_new_evidence_and_has_a_working_style(demo: Path) -> None:
    """Fieldwork coded after Release 1.0 marks its section on the guide's page and the coverage page; a
    worker's own ratings give a personal guide, shared with their manager."""
    guide = Draft.objects.get(released_at__isnull=False).guide
    researcher = Client()
    researcher.force_login(User.objects.get(username="researcher"))
    page = researcher.get(reverse("guide:guide", args=[guide.pk])).content.decode()
    marked = page.split(">Take on roles and give back<")[1].split("</tr>")[0]
    assert (
        "New evidence" in marked and "2 new passages from 1 site" in marked and "since release 1.0" in marked
    )
    coverage = researcher.get(reverse("fieldwork:coverage")).content.decode()
    assert "Take on roles and give back</strong>: 2 new passages" in coverage.split('id="to-revise"')[1]
    worker = Client()
    worker.force_login(User.objects.get(username="worker"))
    personal = worker.get(reverse("guide:working_style_guide")).content.decode()
    assert "Your personal guide" in personal and "Build a relationship" in personal.split("Where to grow")[0]
    manager = Client()
    manager.force_login(User.objects.get(username="manager"))
    assert "Working styles shared with you" in manager.get(reverse("guide:self_assessment")).content.decode()


def test_the_demo_analysis_compares_a_high_and_a_low_fidelity_group(demo: Path) -> None:
    """Harbourside's fictitious people give the high-versus-low analysis two groups of at least five, at
    3 and at 6 months; the checklist, answered only by people who were not rated, is not compared."""
    harbourside = Organisation.objects.get(name__startswith="Harbourside")
    compared = organisation_analysis(organisation_dataset(harbourside))
    check = [c for c in compared if c.instrument_key == "connections-check"]
    assert [c.months for c in check] == [3, 6]
    for c in check:
        assert c.tests is not None and c.high.n >= SMALLEST_GROUP and c.low.n >= SMALLEST_GROUP, c
    assert (check[1].high.missed, check[1].low.missed) == (1, 1)
    assert all(c.tests is None and c.refused for c in compared if c.instrument_key == "resource-checklist")
    client = Client()
    client.force_login(User.objects.get(username="manager"))
    page = client.get(reverse("measures:analysis")).content.decode()
    assert "Welch&#x27;s t-test" in page and "not a trial" in page


def test_the_demo_worker_has_a_fidelity_profile_by_three_raters_beside_the_gold_standard(demo: Path) -> None:
    """Wren's profile has the supervisor's twelve ratings, two of their own overall and one with Indy, and
    Indy's rating of Wren, beside the released guide's gold standard; Indy's group is still "not rated"."""
    wren = User.objects.get(username="worker")
    roles = Counter(FidelityRating.objects.filter(worker=wren).values_list("rater_role", flat=True))
    assert roles == {"supervisor": 12, "worker": 3, "person": 1}
    client = Client()
    client.force_login(wren)
    page = client.get(reverse("measures:fidelity_profile", args=[wren.pk])).content.decode()
    assert "Ratings by supervisor: 12; worker: 3; person supported: 1." in page
    assert '<th scope="col">Gold standard</th>' in page and "of the scale below the gold standard" in page
    harbourside = Organisation.objects.get(name__startswith="Harbourside")
    indy = [
        r for r in organisation_dataset(harbourside, with_reference=True).rows if r.reference == "HAR-0001"
    ]
    assert indy and all(r.group == "not rated" for r in indy)


def test_the_demo_has_partners_a_coproduction_log_and_a_workers_contact(demo: Path) -> None:
    """Open Door Voices, the service-user-led group, has partners of every kind and a co-production log
    written by role; Harbourside's partners are tied to its directory; a worker keeps one contact who agreed,
    suggested to one of their people."""
    opendoor = Organisation.objects.get(name__startswith="Open Door Voices")
    partners = Partner.objects.filter(organisation=opendoor)
    assert set(partners.values_list("kind", flat=True)) == {
        "statutory",
        "voluntary",
        "community",
        "faith",
        "business",
    }
    assert all("(fictitious)" in name for name in partners.values_list("name", flat=True))
    assert partners.filter(ended_on__isnull=False).count() == 1
    assert CoProduction.objects.filter(organisation=opendoor).count() == 4
    client = Client()
    client.force_login(User.objects.get(username="opendoor-coordinator"))
    network = _plain(client.get(reverse("partners:network")).content.decode())
    assert (
        "Brokers, linking partners who are not otherwise connected: Eastgate Library (fictitious)" in network
    )
    report = _plain(client.get(reverse("partners:report")).content.decode())
    assert "Writing the crisis card together" in report
    harbourside = Organisation.objects.get(name__startswith="Harbourside")
    assert Partner.objects.filter(organisation=harbourside, directory_organization__isnull=False).count() == 3
    contact = WorkerContact.objects.get()
    assert contact.worker.username == "worker" and contact.consent_on and "(fictitious)" in contact.name
    assert CommunityLink.objects.get(contact=contact).state == "introduced"


def test_the_demo_reviewer_account_is_invited_to_the_open_round(demo: Path) -> None:
    """Signing in as the demo's reviewer shows the open round on Release 1.0 on their start page and on
    "Your consultations", with a button that emails them a personal link to it."""
    account = User.objects.get(username="reviewer")
    open_round = Round.objects.get(draft__number="1.0")
    assert open_round.state == "open"
    invited = open_round.reviewers.get(email__iexact=account.email)
    assert invited.name == "Rhiannon Vale" and invited.submitted_at is None and invited.revoked_at is None
    client = Client()
    client.force_login(account)
    link = reverse("consult:my_link", args=[invited.pk])
    for address in (reverse("core:home"), reverse("consult:mine")):
        page = client.get(address).content.decode()
        assert "Comments on Release 1.0 of the demo guide" in page, address
        assert link in page and "Email me my personal link" in page, address
