"""The cast: three organisations, one user per role, an individual with their own record,
people on and off the worker's caseload, and the default model published with a draft after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from connecting_people.accounts.actions import do_create_user, do_save_organisation
from connecting_people.accounts.models import Organisation, Region, Sector, User
from connecting_people.accounts.roles import Role
from connecting_people.interventions import actions as model_actions
from connecting_people.interventions import modelfile
from connecting_people.interventions.models import ModelVersion
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "connecting_people" / "interventions" / "data" / "default_model.yaml"
PASSWORD = "correct-horse-battery-staple-42"


@dataclass
class Cast:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    published: ModelVersion | None = None
    draft: ModelVersion | None = None
    fieldwork: dict[str, Any] = field(default_factory=dict)
    practice: dict[str, Any] = field(default_factory=dict)

    def client(self, actor: str) -> Client:
        client = Client()
        if actor != "anonymous":
            client.force_login(self.users[actor])
        return client


ACTORS = ["anonymous", "admin", "researcher", "manager", "worker", "reviewer", "individual", "other_worker", "other_manager"]


def build_cast() -> Cast:
    cast = Cast()
    for key, name, sector, region in [
        ("harbourside", "Harbourside Connections", Sector.THIRD_SECTOR, Region.SOUTH_WEST),
        ("northbridge", "Northbridge CMHT", Sector.STATUTORY, Region.NORTH_WEST),
        ("fernhill", "Fernhill Research Unit", Sector.UNIVERSITY, Region.YORKSHIRE),
    ]:
        cast.orgs[key] = do_save_organisation(None, Organisation(name=name, sector=sector, region=region))
    for username, org, role in [
        ("admin", "fernhill", Role.ADMINISTRATOR),
        ("researcher", "fernhill", Role.RESEARCHER),
        ("manager", "harbourside", Role.MANAGER),
        ("worker", "harbourside", Role.WORKER),
        ("reviewer", "fernhill", Role.REVIEWER),
        ("individual", "harbourside", Role.INDIVIDUAL),
        ("other_worker", "northbridge", Role.WORKER),
        ("other_manager", "northbridge", Role.MANAGER),
    ]:
        cast.users[username] = do_create_user(
            None, password=PASSWORD, username=username, organisation=cast.orgs[org], role=role,
            first_name=username.replace("_", " ").title(),
        )
    for ref, name, org, workers, account in [
        ("HAR-1", "Alys Penrose", "harbourside", ["worker"], "individual"),
        ("HAR-2", "Bryn Carew", "harbourside", [], None),
        ("NOR-1", "Cai Lowther", "northbridge", ["other_worker"], None),
    ]:
        person = Person(reference=ref, full_name=name, organisation=cast.orgs[org],
                        account=cast.users[account] if account else None)
        cast.people[ref] = do_save_person(None, person, [cast.users[w] for w in workers])
    data = modelfile.parse(DEFAULT_MODEL.read_text(encoding="utf-8"))
    cast.published = model_actions.do_import_version(None, data, publish=True)
    cast.draft = model_actions.do_create_draft(cast.users["researcher"], cast.published, "1.1")
    build_fieldwork(cast)
    build_practice(cast)
    return cast


def build_practice(cast: Cast) -> None:
    """A held session with a private reflection, and a goal with the person's and the worker's steps."""
    import datetime as dt

    from connecting_people.interventions.models import Component
    from connecting_people.practice.actions import do_save_action, do_save_goal, do_save_session
    from connecting_people.practice.models import Goal, GoalAction, Session

    person, worker = cast.people["HAR-1"], cast.users["worker"]
    session = do_save_session(worker, Session(
        person=person, date=dt.date(2026, 11, 2), minutes=60, place="Library café",
        shared_notes="We looked at the choir timetable together.",
        private_reflections="PRIVATE: seemed low today, check in about sleep.",
        remember_next="Ask how the choir taster went\nBring the bus timetable"),
        [Component.objects.get(version=cast.published, key="find-opportunities"),
         Component.objects.get(version=cast.published, key="try-something-new")])
    goal = do_save_goal(worker, Goal(person=person, title="Singing", own_words="I want to sing with other people again"))
    mine = do_save_action(worker, GoalAction(goal=goal, description="Go to the choir taster", owner="person"))
    theirs = do_save_action(worker, GoalAction(goal=goal, description="Phone the choir leader", owner="worker"))
    from connecting_people.practice.maps import do_new_map, do_save_member
    from connecting_people.practice.models import MapMember

    first = do_new_map(worker, person, dt.date(2026, 6, 1))
    do_save_member(worker, MapMember(map=first, label="Aunt Bea", relationship="family", circle=1))
    second = do_new_map(worker, person, dt.date(2026, 11, 1))
    member = second.members.get()
    from connecting_people.practice.reviews import do_record_review

    review = do_record_review(worker, person, dt.date(2026, 11, 10), "Keep going to the choir.")
    cast.practice = {"session": session, "goal": goal, "person_action": mine, "worker_action": theirs,
                     "map": second, "member": member, "review": review}


TRANSCRIPT = "Interviewer: How did you first meet?\n\nP1: At the allotment, on a wet Tuesday.\n\nInterviewer: And then?\n\nP1: We kept going back.\n"


def build_fieldwork(cast: Cast) -> None:
    """A site of the researcher's team with a participant and a source, and one of another team."""
    from connecting_people.fieldwork.actions import do_save_participant, do_save_site
    from connecting_people.fieldwork.importing import ImportItem, import_one
    from connecting_people.fieldwork.models import Participant, Site

    own = do_save_site(None, Site(team=cast.orgs["fernhill"], name="Riverside Project", region=Region.LONDON,
                                  sector="third_sector", agreed_to_be_named=True))
    other = do_save_site(None, Site(team=cast.orgs["northbridge"], name="Hilltop Group", region=Region.WALES,
                                    sector="service_user_led"))
    p1 = do_save_participant(None, Participant(site=own, pseudonym="P1", perspective="individual", real_name="Gwen Ashdown"))
    q1 = do_save_participant(None, Participant(site=other, pseudonym="Q1", perspective="worker"))
    own_source = import_one(cast.users["researcher"], cast.orgs["fernhill"],
                            ImportItem("riverside-p1.txt", TRANSCRIPT.encode, site=own, participants=[p1]))
    other_source = import_one(None, cast.orgs["northbridge"], ImportItem("hilltop.txt", lambda: b"Field notes from Hilltop.", site=other))
    from connecting_people.fieldwork.coding import Passage, do_code_passage
    from connecting_people.fieldwork.models import Source
    from connecting_people.interventions.models import Component

    other_text = Source.objects.get(pk=other_source.source_id).text
    other_excerpt = do_code_passage(None, Source.objects.get(pk=other_source.source_id), Passage(0, len(other_text)),
                                    components=[Component.objects.get(version=cast.published, key="well-being")], kind="example")
    cast.fieldwork.update(site=own, other_site=other, participant=p1, other_participant=q1,
                          source=own_source.source_id, other_source=other_source.source_id,
                          other_excerpt=other_excerpt.pk)


@pytest.fixture
def cast(db: None, settings, tmp_path) -> Cast:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_cast()


@pytest.fixture
def default_model_text() -> str:
    return DEFAULT_MODEL.read_text(encoding="utf-8")


# A small coded corpus shared by the search and coverage tests.
CORPUS = {
    "a.txt": "Interviewer: What helped?\n\nW1: We walked to the allotment together; the bus fare was paid.\n\nInterviewer: And?\n\nW1: The café <b>choir</b> met on Thursdays.\n",
    "b.txt": "Interviewer: Barriers?\n\nI1: The bus was too dear and I felt anxious on my own.\n\nInterviewer: Then?\n\nI1: My co-production group helped me walk to the allotment.\n",
    "c.txt": "Field notes: members cooked together, then walked to the garden. Nobody mentioned the fare.",
}


@pytest.fixture
def corpus(cast: Cast) -> dict[str, object]:
    from connecting_people.fieldwork.actions import do_save_participant
    from connecting_people.fieldwork.coding import do_code_passage, locate
    from connecting_people.fieldwork.importing import ImportItem, import_one
    from connecting_people.fieldwork.models import Excerpt, Participant, Source
    from connecting_people.interventions.models import Component

    site = cast.fieldwork["site"]
    w1 = do_save_participant(None, Participant(site=site, pseudonym="W1", perspective="worker"))
    i1 = do_save_participant(None, Participant(site=site, pseudonym="I1", perspective="individual"))
    people = {"a.txt": [w1], "b.txt": [i1], "c.txt": []}
    sources = {}
    for name, text in CORPUS.items():
        result = import_one(cast.users["researcher"], cast.orgs["fernhill"],
                            ImportItem(name, text.encode, site=site, participants=people[name]))
        sources[name] = Source.objects.get(pk=result.source_id)
    comp = {k: Component.objects.get(version=cast.published, key=k)
            for k in ("support-and-tackle-barriers", "find-opportunities", "link-and-introduce")}
    researcher = cast.users["researcher"]

    def code(name: str, words: str, keys: list[str], kind: str) -> Excerpt:
        source = sources[name]
        return do_code_passage(researcher, source, locate(source.text, None, None, words),
                               components=[comp[k] for k in keys], kind=kind)

    excerpts = {
        "fare": code("a.txt", "We walked to the allotment together; the bus fare was paid.", ["link-and-introduce"], "example"),
        "choir": code("a.txt", "The café <b>choir</b> met on Thursdays.", ["find-opportunities"], "example"),
        "dear": code("b.txt", "The bus was too dear and I felt anxious on my own.", ["support-and-tackle-barriers"], "barrier"),
        "group": code("b.txt", "My co-production group helped me walk to the allotment.", ["find-opportunities"], "example"),
    }
    return {"sources": sources, "excerpts": excerpts, "i1": i1, "w1": w1}


