"""Practice stories flow back as evidence: written with a person who consented, sent to the research
team's inbox without a name, coded and chosen for the guide like any transcript, and taken back from
everywhere when the consent ends or the person is erased."""

from __future__ import annotations

import io
import json
import zipfile

from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.actions import do_save_site
from connecting_people.fieldwork.models import Excerpt, Participant, Source
from connecting_people.guide.builds import document_of
from connecting_people.guide.models import Example
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person, PracticeStory, StoryStatus
from connecting_people.practice.rights import do_erase_person

from .conftest import Cast, build_guide

HELPED = "Going to the choir taster together the first time, then on my own. I sing every week now."
IN_THE_WAY = "The bus on a Sunday. We found a lift with someone from the choir."
STORY = {
    "what_helped": HELPED,
    "what_got_in_the_way": IN_THE_WAY,
    "voice": "person",
    "worker_adds": "Meeting at the same time each week kept it going.",
}


def take_stories(cast: Cast, *, consent: bool = True) -> Person:
    """Fernhill's Riverside site is Harbourside, which keeps its records here and whose manager agrees to
    send it stories; HAR-1 consented."""
    site = cast.fieldwork["site"]
    response = cast.client("researcher").post(
        reverse("fieldwork:site_edit", args=[site.pk]),
        {
            "name": site.name,
            "region": site.region,
            "sector": site.sector,
            "agreed_to_be_named": "on",
            "practice_organisation": cast.orgs["harbourside"].pk,
        },
    )
    assert response.status_code == 302
    answer = cast.client("manager").post(
        reverse("partners:research_answer", args=[site.pk]), {"answer": "agree"}, follow=True
    )
    assert "You now share with Fernhill Research Unit: the practice stories" in answer.content.decode()
    person = cast.people["HAR-1"]
    person.consent_to_story_use = consent
    return do_save_person(None, person)


def write(cast: Cast, person: Person, button: str, **changes: str) -> PracticeStory:
    response = cast.client("worker").post(
        reverse("practice:story_new", args=[person.pk]), {**STORY, **changes, button: "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return PracticeStory.objects.filter(person=person).latest("pk")


def test_a_story_goes_from_consent_to_a_guide_example_and_leaves_with_the_consent(cast: Cast) -> None:
    person = take_stories(cast)
    worker = cast.client("worker")
    page = worker.get(reverse("practice:person", args=[person.pk])).content.decode()
    assert "Write a practice story" in page

    story = write(cast, person, "save")
    assert story.status == StoryStatus.DRAFT and story.written_by == cast.users["worker"]
    assert not Source.objects.filter(origin=f"practice.story:{story.pk}").exists()
    form = worker.get(reverse("practice:story", args=[story.pk])).content.decode()
    assert "It goes to Fernhill Research Unit." in form and HELPED in form

    response = worker.post(reverse("practice:story", args=[story.pk]), {**STORY, "send": "1"}, follow=True)
    assert "Sent practice story" in response.content.decode()
    story.refresh_from_db()
    assert story.status == StoryStatus.SENT and story.sent_at is not None
    assert (
        AuditEntry.objects.filter(object_type="practice.practicestory", object_id=str(story.pk)).count() >= 2
    )

    again = worker.post(reverse("practice:story", args=[story.pk]), {**STORY, "send": "1"})
    assert again.status_code == 200 and "<textarea" not in again.content.decode()
    assert AuditEntry.objects.filter(
        object_type="practice.practicestory", object_id=str(story.pk), action="view"
    ).exists()

    # The research team's inbox: a source of its own kind, named by number and site, never by the person.
    source = Source.objects.get(origin=f"practice.story:{story.pk}")
    assert source.in_inbox and source.kind == "practice_story" and source.team == cast.orgs["fernhill"]
    assert source.title == f"Practice story {story.pk}, Riverside Project"
    for word in ("Alys", "Penrose", "HAR-1", "Carden", "Harbourside"):
        assert word not in source.text and word not in source.title
    voices = {p.pseudonym: p.perspective for p in source.participants.all()}
    assert voices == {f"Story {story.pk} person": "individual", f"Story {story.pk} worker": "worker"}
    researcher = cast.client("researcher")
    inbox = researcher.get(reverse("fieldwork:sources") + "?inbox=1").content.decode()
    assert source.title in inbox
    site_page = researcher.get(reverse("fieldwork:site", args=[cast.fieldwork["site"].pk])).content.decode()
    assert "Harbourside Connections: its managers agreed on" in site_page

    # Filed at its site and coded in the workbench like any transcript: attributed to the person's voice.
    response = researcher.post(
        reverse("fieldwork:source", args=[source.pk]),
        {
            "title": source.title,
            "kind": "practice_story",
            "site": cast.fieldwork["site"].pk,
            "participants": [p.pk for p in source.participants.all()],
        },
    )
    assert response.status_code == 302
    guide = build_guide(cast)
    start = source.text.index("I sing every week now.")
    response = researcher.post(
        reverse("fieldwork:code", args=[source.pk]),
        {
            "start": start,
            "end": start + len("I sing every week now."),
            "quote": "I sing every week now.",
            "components": [guide["component"].pk],
            "kind": "example",
        },
    )
    assert response.status_code == 302
    excerpt = Excerpt.objects.get(source=source)
    assert excerpt.perspective == "individual" and excerpt.participant is not None
    workbench = researcher.get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    assert "<mark" in workbench

    # Chosen for the guide, and a draft made with it passes the anonymisation check.
    section = guide["section"]
    response = researcher.post(reverse("guide:choose", args=[section.pk]), {"excerpt": excerpt.pk})
    example = Example.objects.get(excerpt=excerpt)
    assert example.attribution.startswith("A person using the service at a third-sector project")
    response = researcher.post(reverse("guide:draft_new", args=[guide["guide"].pk]), follow=True)
    assert response.status_code == 200
    draft = guide["guide"].drafts.latest("pk")
    assert "I sing every week now." in str(draft.snapshot)

    # The consent is withdrawn through the person's details: everything goes, and the worker is told.
    details = {
        "reference": person.reference,
        "full_name": person.full_name,
        "consent_to_data_use": "on",
        "review_every_weeks": person.review_every_weeks,
        "workers": [cast.users["worker"].pk],
    }
    response = worker.post(reverse("practice:person_edit", args=[person.pk]), details, follow=True)
    told = response.content.decode()
    assert f"Practice story {story.pk} withdrawn: removed the source" in told
    assert "1 coding and 1 guide example" in told
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not Excerpt.objects.filter(pk=excerpt.pk).exists()
    assert not Example.objects.filter(pk=example.pk).exists()
    assert all(p.is_withdrawn for p in Participant.objects.filter(pseudonym__startswith=f"Story {story.pk} "))
    assert "I sing every week now." not in str(document_of(draft))
    story.refresh_from_db()
    assert story.status == StoryStatus.WITHDRAWN and "1 guide example" in story.removed
    for kind in ("fieldwork.source", "fieldwork.excerpt", "guide.example"):
        assert AuditEntry.objects.filter(object_type=kind, action="delete").exists(), kind
    # Without the consent, no form: a clear message instead.
    refused = worker.get(reverse("practice:story_new", args=[person.pk])).content.decode()
    assert "has not agreed to their anonymised story being used" in refused and "<textarea" not in refused


def test_without_consent_there_is_no_form_and_nothing_is_saved(cast: Cast) -> None:
    person = take_stories(cast, consent=False)
    worker = cast.client("worker")
    page = worker.get(reverse("practice:person", args=[person.pk])).content.decode()
    assert "Write a practice story" not in page and "has not agreed" in page
    response = worker.post(reverse("practice:story_new", args=[person.pk]), {**STORY, "send": "1"})
    assert response.status_code == 200
    assert "has not agreed to their anonymised story being used" in response.content.decode()
    assert not PracticeStory.objects.exists() and not Source.objects.filter(kind="practice_story").exists()


def test_a_story_that_names_someone_stays_a_draft_and_says_who(cast: Cast) -> None:
    person = take_stories(cast)
    named = "Alys said Wil came with her to the choir, and Maureen from next door came too."
    response = cast.client("worker").post(
        reverse("practice:story_new", args=[person.pk]),
        {**STORY, "what_helped": named, "send": "1"},
        follow=True,
    )
    page = response.content.decode()
    assert PracticeStory.objects.get().status == StoryStatus.DRAFT
    assert "The story names someone, so it was not sent" in page
    assert "“Alys” is the first name of the person" in page
    assert "“Wil” is the first name of their worker" in page
    assert "“Maureen” looks like someone" in page
    assert not Source.objects.filter(kind="practice_story").exists()


def test_no_team_taking_stories_keeps_the_draft(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    person.consent_to_story_use = True
    do_save_person(None, person)
    response = cast.client("worker").post(
        reverse("practice:story_new", args=[person.pk]), {**STORY, "send": "1"}, follow=True
    )
    assert PracticeStory.objects.get().status == StoryStatus.DRAFT
    assert "Your organisation sends practice stories to no research team yet" in response.content.decode()


def _link_site(cast: Cast, organisation: str) -> None:
    site = cast.fieldwork["site"]
    site.practice_organisation = cast.orgs[organisation]
    do_save_site(cast.users["researcher"], site)


def test_a_team_linking_its_site_receives_nothing_until_a_manager_there_agrees(cast: Cast) -> None:
    site = cast.fieldwork["site"]
    _link_site(cast, "harbourside")
    person = cast.people["HAR-1"]
    person.consent_to_story_use = True
    do_save_person(None, person)
    worker, manager = cast.client("worker"), cast.client("manager")
    sent = worker.post(reverse("practice:story_new", args=[person.pk]), {**STORY, "send": "1"}, follow=True)
    assert "sends practice stories to no research team yet" in sent.content.decode()
    assert not Source.objects.filter(kind="practice_story").exists()

    page = manager.get(reverse("partners:research")).content.decode()
    waiting = page.split('id="waiting-heading"')[1].split('id="agreed-heading"')[0]
    assert "Fernhill Research Unit" in waiting and site.name in waiting
    # Only a manager of the organisation the site is linked to answers.
    assert worker.get(reverse("partners:research")).status_code == 403
    answer = reverse("partners:research_answer", args=[site.pk])
    assert cast.client("other_manager").post(answer, {"answer": "agree"}).status_code == 404
    assert cast.client("researcher").post(answer, {"answer": "agree"}).status_code == 403
    assert manager.get(answer).status_code == 405
    site.refresh_from_db()
    assert site.research_agreed_at is None

    manager.post(answer, {"answer": "agree"})
    site.refresh_from_db()
    assert site.research_agreed_at is not None
    entry = AuditEntry.objects.filter(object_type="fieldwork.site", object_id=str(site.pk)).latest("id")
    assert entry.actor == cast.users["manager"] and "research_agreed_at" in entry.fields
    story = PracticeStory.objects.get()
    worker.post(reverse("practice:story", args=[story.pk]), {**STORY, "send": "1"})
    assert Source.objects.filter(kind="practice_story").count() == 1

    # Stopping: nothing more is sent; what was sent stays with the team while the consent lasts.
    stopped = manager.post(answer, {"answer": "stop"}, follow=True).content.decode()
    assert "You no longer share with Fernhill Research Unit" in stopped
    second = worker.post(reverse("practice:story_new", args=[person.pk]), {**STORY, "send": "1"}, follow=True)
    assert "sends practice stories to no research team yet" in second.content.decode()
    assert Source.objects.filter(kind="practice_story").count() == 1


def test_linking_the_site_to_another_organisation_asks_again(cast: Cast) -> None:
    take_stories(cast)
    site = cast.fieldwork["site"]
    site.refresh_from_db()
    assert site.research_agreed_at is not None
    _link_site(cast, "northbridge")
    site.refresh_from_db()
    assert site.research_agreed_at is None
    page = cast.client("other_manager").get(reverse("partners:research")).content.decode()
    assert "Fernhill Research Unit" in page.split('id="waiting-heading"')[1].split('id="agreed-heading"')[0]
    text = cast.client("researcher").get(reverse("fieldwork:site", args=[site.pk])).content.decode()
    assert "asked; its people's stories and partnership counts come once a manager there agrees" in text


def test_stories_are_in_the_copy_and_go_with_erasure(cast: Cast) -> None:
    person = take_stories(cast)
    story = write(cast, person, "send")
    assert story.status == StoryStatus.SENT
    response = cast.client("manager").get(reverse("practice:person_export", args=[person.pk]))
    assert response.status_code == 200
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("person.json"))
    assert [row["what_helped"] for row in data["practice_stories"]] == [HELPED]
    counts = do_erase_person(cast.users["manager"], person)
    assert counts["stories taken back from the research teams"] == 1
    assert not PracticeStory.objects.exists()
    assert not Source.objects.filter(kind="practice_story").exists()


def test_the_person_themself_and_other_organisations_cannot_reach_a_story(cast: Cast) -> None:
    person = take_stories(cast)
    story = write(cast, person, "save")
    assert cast.client("individual").get(reverse("practice:story", args=[story.pk])).status_code == 403
    assert cast.client("other_worker").get(reverse("practice:story", args=[story.pk])).status_code == 404
    assert cast.client("researcher").get(reverse("practice:story", args=[story.pk])).status_code == 403
