"""The cast: three organisations, one user per role, an individual with their own record,
people on and off the worker's caseload, and the default model published with a draft after it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import sync_playwright

from connecting_people.accounts.actions import do_create_user, do_save_organisation
from connecting_people.accounts.models import Organisation, Region, Sector, User
from connecting_people.accounts.roles import Role
from connecting_people.fieldwork.actions import do_save_participant, do_save_site
from connecting_people.fieldwork.coding import Passage, do_code_passage, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt, Participant, Site, Source
from connecting_people.guide.actions import (
    do_choose_example,
    do_create_guide,
    do_make_draft,
    do_release,
    do_save_procedure,
    do_save_site_rating,
)
from connecting_people.guide.models import Procedure
from connecting_people.interventions import actions as model_actions
from connecting_people.interventions import modelfile
from connecting_people.interventions.models import Component, ModelVersion
from connecting_people.measures.actions import (
    do_load_fidelity_scale,
    do_load_instrument,
    do_make_link,
    do_schedule,
    do_start,
)
from connecting_people.practice.actions import (
    do_record_review,
    do_save_action,
    do_save_goal,
    do_save_person,
    do_save_session,
)
from connecting_people.practice.maps import do_new_map, do_save_member
from connecting_people.practice.models import Goal, GoalAction, MapMember, Person, Session

from .installation import _demo_once, _made_once, demo_installation, installation  # noqa: F401  (fixtures)

DEFAULT_MODEL = (
    Path(__file__).resolve().parent.parent
    / "connecting_people"
    / "interventions"
    / "data"
    / "default_model.yaml"
)
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
    guide: dict[str, Any] = field(default_factory=dict)

    def client(self, actor: str) -> Client:
        client = Client()
        if actor != "anonymous":
            client.force_login(self.users[actor])
        return client


ACTORS = [
    "anonymous",
    "admin",
    "researcher",
    "manager",
    "worker",
    "reviewer",
    "individual",
    "other_worker",
    "other_manager",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--walk-share",
        default="0/1",
        help="K/N: walk every page only for the roles at positions K, K+N, … of ACTORS. `make test` gives "
        "its SQLite and PostgreSQL passes one half each; the walk checks templates, which do not depend on "
        "the database, so the two passes together walk every role once.",
    )


def walked_actors(config: pytest.Config) -> list[str]:
    """The roles whose every page this pass walks (`--walk-share`)."""
    share = config.getoption("--walk-share")
    try:
        part, parts = (int(n) for n in share.split("/"))
    except ValueError:
        raise pytest.UsageError(f"--walk-share takes K/N, e.g. 0/2, not {share!r}") from None
    if not 0 <= part < parts:
        raise pytest.UsageError(f"--walk-share {share}: K must be from 0 to N-1")
    return ACTORS[part::parts]


def build_cast() -> Cast:
    cast = Cast()
    for key, name, sector, region in [
        ("harbourside", "Harbourside Connections", Sector.THIRD_SECTOR, Region.SOUTH_WEST),
        ("northbridge", "Northbridge CMHT", Sector.STATUTORY, Region.NORTH_WEST),
        ("fernhill", "Fernhill Research Unit", Sector.UNIVERSITY, Region.YORKSHIRE),
    ]:
        cast.orgs[key] = do_save_organisation(None, Organisation(name=name, sector=sector, region=region))
    # Invented names that no guide text uses: the anonymisation check looks for every user's name.
    for username, org, role, first, last in [
        ("admin", "fernhill", Role.ADMINISTRATOR, "Ada", "Thorrowgood"),
        ("researcher", "fernhill", Role.RESEARCHER, "Rosa", "Penhallow"),
        ("manager", "harbourside", Role.MANAGER, "Mina", "Hartigan"),
        ("worker", "harbourside", Role.WORKER, "Wil", "Carden"),
        ("reviewer", "fernhill", Role.REVIEWER, "Ravi", "Ostrander"),
        ("individual", "harbourside", Role.INDIVIDUAL, "Alys", "Penrose"),
        ("other_worker", "northbridge", Role.WORKER, "Osian", "Threlfall"),
        ("other_manager", "northbridge", Role.MANAGER, "Orla", "Makepeace"),
    ]:
        cast.users[username] = do_create_user(
            None,
            password=PASSWORD,
            username=username,
            organisation=cast.orgs[org],
            role=role,
            first_name=first,
            last_name=last,
        )
    for ref, name, org, workers, account in [
        ("HAR-1", "Alys Penrose", "harbourside", ["worker"], "individual"),
        ("HAR-2", "Bryn Carew", "harbourside", [], None),
        ("NOR-1", "Cai Lowther", "northbridge", ["other_worker"], None),
    ]:
        person = Person(
            reference=ref,
            full_name=name,
            organisation=cast.orgs[org],
            account=cast.users[account] if account else None,
        )
        cast.people[ref] = do_save_person(None, person, [cast.users[w] for w in workers])
    data = modelfile.parse(DEFAULT_MODEL.read_text(encoding="utf-8"))
    cast.published = model_actions.do_import_version(None, data, publish=True)
    cast.draft = model_actions.do_create_draft(cast.users["researcher"], cast.published, "1.1")
    build_fieldwork(cast)
    build_practice(cast)
    return cast


def build_practice(cast: Cast) -> None:
    """A held session with a private reflection, and a goal with the person's and the worker's steps."""
    person, worker = cast.people["HAR-1"], cast.users["worker"]
    session = do_save_session(
        worker,
        Session(
            person=person,
            date=dt.date(2026, 11, 2),
            minutes=60,
            place="Library café",
            shared_notes="We looked at the choir timetable together.",
            private_reflections="PRIVATE: seemed low today, check in about sleep.",
            remember_next="Ask how the choir taster went\nBring the bus timetable",
        ),
        [
            Component.objects.get(version=cast.published, key="find-opportunities"),
            Component.objects.get(version=cast.published, key="try-something-new"),
        ],
    )
    goal = do_save_goal(
        worker, Goal(person=person, title="Singing", own_words="I want to sing with other people again")
    )
    mine = do_save_action(worker, GoalAction(goal=goal, description="Go to the choir taster", owner="person"))
    theirs = do_save_action(
        worker, GoalAction(goal=goal, description="Phone the choir leader", owner="worker")
    )

    first = do_new_map(worker, person, dt.date(2026, 6, 1))
    do_save_member(worker, MapMember(map=first, label="Aunt Bea", relationship="family", circle=1))
    second = do_new_map(worker, person, dt.date(2026, 11, 1))
    member = second.members.get()

    review = do_record_review(worker, person, dt.date(2026, 11, 10), "Keep going to the choir.")
    cast.practice = {
        "session": session,
        "goal": goal,
        "person_action": mine,
        "worker_action": theirs,
        "map": second,
        "member": member,
        "review": review,
    }


TRANSCRIPT = (
    "Interviewer: How did you first meet?\n\nP1: At the allotment, on a wet Tuesday.\n\n"
    "Interviewer: And then?\n\nP1: We kept going back.\n"
)


def build_fieldwork(cast: Cast) -> None:
    """A site of the researcher's team with a participant and a source, and one of another team."""
    own = do_save_site(
        None,
        Site(
            team=cast.orgs["fernhill"],
            name="Riverside Project",
            region=Region.LONDON,
            sector="third_sector",
            agreed_to_be_named=True,
        ),
    )
    other = do_save_site(
        None,
        Site(
            team=cast.orgs["northbridge"],
            name="Hilltop Group",
            region=Region.WALES,
            sector="service_user_led",
        ),
    )
    p1 = do_save_participant(
        None, Participant(site=own, pseudonym="P1", perspective="individual", real_name="Gwen Ashdown")
    )
    q1 = do_save_participant(None, Participant(site=other, pseudonym="Q1", perspective="worker"))
    own_source = import_one(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        ImportItem("riverside-p1.txt", TRANSCRIPT.encode, site=own, participants=[p1]),
    )
    other_source = import_one(
        None,
        cast.orgs["northbridge"],
        ImportItem("hilltop.txt", lambda: b"Field notes from Hilltop.", site=other),
    )

    other_text = Source.objects.get(pk=other_source.source_id).text
    other_excerpt = do_code_passage(
        None,
        Source.objects.get(pk=other_source.source_id),
        Passage(0, len(other_text)),
        components=[Component.objects.get(version=cast.published, key="well-being")],
        kind="example",
    )
    cast.fieldwork.update(
        site=own,
        other_site=other,
        participant=p1,
        other_participant=q1,
        source=own_source.source_id,
        other_source=other_source.source_id,
        other_excerpt=other_excerpt.pk,
    )


@pytest.fixture
def cast(db: None, settings, tmp_path) -> Cast:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ERASURE_LOG = tmp_path / "erasure-log.jsonl"
    return build_cast()


@pytest.fixture
def default_model_text() -> str:
    return DEFAULT_MODEL.read_text(encoding="utf-8")


# A small coded corpus shared by the search and coverage tests.
CORPUS = {
    "a.txt": (
        "Interviewer: What helped?\n\nW1: We walked to the allotment together; the bus fare was "
        "paid.\n\nInterviewer: And?\n\nW1: The café <b>choir</b> met on Thursdays.\n"
    ),
    "b.txt": (
        "Interviewer: Barriers?\n\nI1: The bus was too dear and I felt anxious on my own.\n\n"
        "Interviewer: Then?\n\nI1: My co-production group helped me walk to the allotment.\n"
    ),
    "c.txt": "Field notes: members cooked together, then walked to the garden. Nobody mentioned the fare.",
}


@pytest.fixture
def corpus(cast: Cast) -> dict[str, object]:
    site = cast.fieldwork["site"]
    w1 = do_save_participant(None, Participant(site=site, pseudonym="W1", perspective="worker"))
    i1 = do_save_participant(None, Participant(site=site, pseudonym="I1", perspective="individual"))
    people = {"a.txt": [w1], "b.txt": [i1], "c.txt": []}
    sources = {}
    for name, text in CORPUS.items():
        result = import_one(
            cast.users["researcher"],
            cast.orgs["fernhill"],
            ImportItem(name, text.encode, site=site, participants=people[name]),
        )
        sources[name] = Source.objects.get(pk=result.source_id)
    comp = {
        k: Component.objects.get(version=cast.published, key=k)
        for k in ("support-and-tackle-barriers", "find-opportunities", "link-and-introduce")
    }
    researcher = cast.users["researcher"]

    def code(name: str, words: str, keys: list[str], kind: str) -> Excerpt:
        source = sources[name]
        return do_code_passage(
            researcher,
            source,
            locate(source.text, None, None, words),
            components=[comp[k] for k in keys],
            kind=kind,
        )

    excerpts = {
        "fare": code(
            "a.txt",
            "We walked to the allotment together; the bus fare was paid.",
            ["link-and-introduce"],
            "example",
        ),
        "choir": code("a.txt", "The café <b>choir</b> met on Thursdays.", ["find-opportunities"], "example"),
        "dear": code(
            "b.txt",
            "The bus was too dear and I felt anxious on my own.",
            ["support-and-tackle-barriers"],
            "barrier",
        ),
        "group": code(
            "b.txt",
            "My co-production group helped me walk to the allotment.",
            ["find-opportunities"],
            "example",
        ),
    }
    return {"sources": sources, "excerpts": excerpts, "i1": i1, "w1": w1}


# Evidence for the guide: three of the research team's sites, two of which did not agree to be named.
GUIDE_SITES = [
    # key, name, sector, region, client group, host organisation, agreed to be named
    (
        "moorside",
        "Moorside Hub",
        "service_user_led",
        Region.NORTH_WEST,
        "adults with mental health problems",
        "Moorside Trust",
        False,
    ),
    ("canal", "Canal Street Project", "third_sector", Region.LONDON, "older people", "", False),
]
GUIDE_SPEAKERS = [
    # site, pseudonym, perspective, role description, real name, agreed to be quoted
    ("riverside", "R-W", "worker", "support worker", "Tomos Harcourt", True),
    ("riverside", "R-I", "individual", "", "Ffion Bellamy", True),
    ("moorside", "M-W", "worker", "peer support worker", "Dilwyn Ashby", True),
    ("moorside", "M-I", "individual", "", "Maggie Thorne", True),
    ("canal", "C-W", "worker", "community connector", "Ned Quayle", True),
    ("canal", "C-N", "individual", "", "Unquoted Person", False),
]
GUIDE_LINES = {
    # pseudonym: (kind, sentences each coded to build-relationship)
    "R-W": (
        "tip",
        [
            "We always meet at the same time each week so people know where they stand.",
            "I share a little about my own weekend so it feels two-way.",
            "Finding one thing we both enjoy makes the first weeks easier.",
        ],
    ),
    "R-I": (
        "tip",
        ["It helped that she remembered my dog's name.", "Knowing she would turn up on Tuesdays helped."],
    ),
    "M-W": (
        "example",
        [
            "We walked to the allotment together and stayed for the whole session.",
            "The group chose its own name and that mattered.",
            "Members took turns to welcome new people at the door.",
        ],
    ),
    "M-I": ("quote", ["Being asked what I wanted, not told, made the difference."]),
    "C-W": (
        "example",
        ["Tea after the walk is where the real talking happens.", "We met at the library café first."],
    ),
    "C-N": ("example", ["This one must never be offered: no consent to quote."]),
}


def build_guide(cast: Cast) -> dict[str, Any]:
    """A guide of the research team (Fernhill) on the published model, with coded evidence at three sites."""
    if cast.guide:
        return cast.guide

    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    sites = {"riverside": cast.fieldwork["site"]}
    for key, name, sector, region, client_group, host, named in GUIDE_SITES:
        sites[key] = do_save_site(
            None,
            Site(
                team=team,
                name=name,
                sector=sector,
                region=region,
                client_group=client_group,
                host_organisation=host,
                agreed_to_be_named=named,
            ),
        )
    Site.objects.filter(pk=sites["riverside"].pk).update(client_group="adults with mental health problems")
    component = Component.objects.get(version=cast.published, key="build-relationship")
    excerpts, speakers = {}, {}
    for site_key, pseudonym, perspective, role, real_name, quote in GUIDE_SPEAKERS:
        speaker = do_save_participant(
            None,
            Participant(
                site=sites[site_key],
                pseudonym=pseudonym,
                perspective=perspective,
                role_description=role,
                real_name=real_name,
                consent_to_quote=quote,
            ),
        )
        speakers[pseudonym] = speaker
        kind, lines = GUIDE_LINES[pseudonym]
        text = "\n\n".join(f"{pseudonym}: {line}" for line in lines)
        result = import_one(
            researcher,
            team,
            ImportItem(f"{pseudonym}.txt", text.encode, site=sites[site_key], participants=[speaker]),
        )
        source = Source.objects.get(pk=result.source_id)
        for n, line in enumerate(lines):
            excerpts[f"{pseudonym}-{n}"] = do_code_passage(
                researcher, source, locate(source.text, None, None, line), components=[component], kind=kind
            )
    guide = do_create_guide(researcher, team, cast.published)
    section = guide.sections.get(component=component)
    cast.guide = {
        "guide": guide,
        "section": section,
        "component": component,
        "sites": sites,
        "speakers": speakers,
        "excerpts": excerpts,
    }
    return cast.guide


def guide_with_drafts(cast: Cast) -> dict[str, Any]:
    """The guide with a chosen example, a rating and a procedure, a released draft 0.1 and an unreleased
    0.2."""
    objects = build_guide(cast)
    if "draft" in objects:
        return objects

    researcher, guide = cast.users["researcher"], objects["guide"]
    example = do_choose_example(researcher, objects["section"], objects["excerpts"]["R-W-0"])
    do_save_site_rating(
        researcher,
        guide,
        objects["component"],
        objects["sites"]["moorside"].pk,
        5,
        "",
        [objects["excerpts"][f"M-W-{n}"].pk for n in range(3)],
    )
    do_save_procedure(
        researcher,
        Procedure(
            guide=guide,
            component=objects["component"],
            text="Every new member is welcomed at the door by a member.",
        ),
    )
    release = do_release(researcher, do_make_draft(researcher, guide))
    draft = do_make_draft(researcher, guide)
    objects.update(example=example, release=release, draft=draft)
    return objects


@pytest.fixture
def guide(cast: Cast) -> dict[str, Any]:
    return build_guide(cast)


# Browser fixtures shared by every test_browser* module (Debian's Chromium through Playwright).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # Playwright's sync API runs an event loop in this thread; the Django calls the tests make
    # around it (building the cast) are ordinary synchronous database work.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launch()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _launch() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make system-deps` (installs Debian's chromium).")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            # A browser set up as in the UK: dates typed and shown day first, the clock in London.
            # Chromium takes its locale from the environment (with Debian's chromium-l10n installed).
            env={**os.environ, "LANG": "en_GB.UTF-8", "LANGUAGE": "en_GB", "TZ": "Europe/London"},
        )
        yield instance
        instance.close()


@pytest.fixture
def live_cast(transactional_db: None, settings, tmp_path) -> Cast:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_cast()


AXE = Path(__file__).resolve().parent.parent / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def axe_problems(page, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical problems on the page as it is now, each said with `where` and the
    first places it was found. The page's context must be made with `bypass_csp=True`, only so that the
    script can be injected; the pages are served as usual."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` installs it from the npm registry.")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{where}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


MEASURES_DATA = Path(__file__).resolve().parent.parent / "connecting_people" / "measures" / "data"


def build_measures(cast: Cast) -> dict[str, Any]:
    """Harbourside asks for the connections check at baseline and 3 months; HAR-1 has started the baseline
    on their own, and has a personal link to it. Built once per cast."""
    if "measures" in cast.practice:
        return cast.practice["measures"]
    org = cast.orgs["harbourside"]
    instrument, _ = do_load_instrument(None, org, (MEASURES_DATA / "connections_check.yaml").read_text())
    scheduled = do_schedule(None, org, instrument, [3])
    completion = do_start(None, cast.people["HAR-1"], instrument, 0, "person")
    token = do_make_link(cast.users["worker"], completion)
    cast.practice["measures"] = {
        "instrument": instrument,
        "schedule": scheduled,
        "completion": completion,
        "token": token,
    }
    return cast.practice["measures"]


def build_fidelity(cast: Cast) -> dict[str, Any]:
    """Harbourside has loaded our fidelity scale; nothing is rated yet. Built once per cast."""
    if "fidelity" in cast.practice:
        return cast.practice["fidelity"]
    scale, _ = do_load_fidelity_scale(
        None, cast.orgs["harbourside"], (MEASURES_DATA / "fidelity_scale.yaml").read_text()
    )
    cast.practice["fidelity"] = {"scale": scale}
    return cast.practice["fidelity"]
