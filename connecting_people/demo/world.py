"""The fictitious demo world. Every name, place and organisation here is invented.

Later features add a step to STEPS; each step receives the World built so far."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Callable
from functools import partial
from pathlib import Path

import docx
from django.utils import timezone

from connecting_people.accounts.actions import do_create_user, do_save_organisation
from connecting_people.accounts.models import Organisation, Region, Sector
from connecting_people.accounts.roles import Role
from connecting_people.fieldwork.actions import do_save_participant, do_save_site
from connecting_people.fieldwork.importing import IMPORTED, ImportItem, import_one
from connecting_people.fieldwork.models import Participant, Site, Source
from connecting_people.interventions import actions as model_actions
from connecting_people.interventions import modelfile
from connecting_people.interventions.models import Component
from connecting_people.practice.actions import (
    do_record_review,
    do_save_action,
    do_save_goal,
    do_save_person,
    do_save_session,
)
from connecting_people.practice.maps import do_new_map, do_remove_member, do_save_member, do_set_ties, ties_of
from connecting_people.practice.models import Goal, GoalAction, MapMember, Person, Session

from . import (
    analysis_demo,
    consult_demo,
    directory_demo,
    fresh_demo,
    guide_demo,
    measures_demo,
    partners_demo,
    stories_demo,
)
from .codings import code_corpus
from .fieldwork_corpus import PARTICIPANTS, SITES, SOURCES
from .state import World

DEFAULT_MODEL_FILE = Path(__file__).resolve().parent.parent / "interventions" / "data" / "default_model.yaml"


ORGANISATIONS = [
    # key, name, sector, region, client group
    (
        "fernhill",
        "Fernhill Social Research Unit (fictitious)",
        Sector.UNIVERSITY,
        Region.YORKSHIRE,
        "Research team studying community connection",
    ),
    (
        "harbourside",
        "Harbourside Connections (fictitious)",
        Sector.THIRD_SECTOR,
        Region.SOUTH_WEST,
        "Adults with mental health problems",
    ),
    (
        "northbridge",
        "Northbridge Community Mental Health Team (fictitious)",
        Sector.STATUTORY,
        Region.NORTH_WEST,
        "Adults under secondary mental health care",
    ),
    (
        "opendoor",
        "Open Door Voices (fictitious)",
        Sector.SERVICE_USER_LED,
        Region.LONDON,
        "Peer-led group for people with lived experience of services",
    ),
    (
        "kestrel",
        "Kestrel Valley Learning Disability Service (fictitious)",
        Sector.THIRD_SECTOR,
        Region.WALES,
        "Adults with learning disabilities",
    ),
]

USERS = [
    # username, first, last, organisation key, role, job title
    ("admin", "Ada", "Marsh", "fernhill", Role.ADMINISTRATOR, "Systems administrator"),
    ("researcher", "Rowan", "Pell", "fernhill", Role.RESEARCHER, "Research fellow"),
    ("manager", "Morgan", "Tate", "harbourside", Role.MANAGER, "Service manager"),
    ("worker", "Wren", "Ashby", "harbourside", Role.WORKER, "Support worker"),
    ("reviewer", "Rhiannon", "Vale", "opendoor", Role.REVIEWER, "Peer reviewer"),
    ("opendoor-coordinator", "Tamsin", "Quillfeather", "opendoor", Role.MANAGER, "Group co-ordinator"),
    ("individual", "Indy", "Fairlie", "harbourside", Role.INDIVIDUAL, ""),
    ("northbridge-worker", "Noor", "Bexley", "northbridge", Role.WORKER, "Social worker"),
]

PEOPLE = [
    # reference, full name, preferred name, organisation key, worker usernames, account username
    ("HAR-0001", "Indy Fairlie", "Indy", "harbourside", ["worker"], "individual"),
    ("HAR-0002", "Jules Penhallow", "", "harbourside", ["worker"], None),
    ("HAR-0003", "Casey Trelawney", "Case", "harbourside", [], None),
    ("NOR-0001", "Robin Allonby", "", "northbridge", ["northbridge-worker"], None),
]


def make_password() -> str:
    # Readable but long: four groups of letters and digits.
    return "-".join(secrets.token_urlsafe(4).replace("-", "x").replace("_", "y") for _ in range(4))


def organisations(world: World) -> None:
    for key, name, sector, region, client_group in ORGANISATIONS:
        world.organisations[key] = do_save_organisation(
            None, Organisation(name=name, sector=sector, region=region, client_group=client_group)
        )


def users(world: World) -> None:
    for username, first, last, org_key, role, job in USERS:
        password = make_password()
        world.passwords[username] = password
        world.users[username] = do_create_user(
            None,
            password=password,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            organisation=world.organisations[org_key],
            role=role,
            job_title=job,
        )


def model(world: World) -> None:
    data = modelfile.parse(DEFAULT_MODEL_FILE.read_text(encoding="utf-8"))
    world.published = model_actions.do_import_version(None, data, publish=True, note="demo: default model")
    # A draft next version, so the diff and the editing pages have something to show.
    draft = model_actions.do_create_draft(world.users["researcher"], world.published, "1.1")
    review = Component.objects.get(version=draft, key="review-together")
    review.title = "Review progress together"
    review.summary = review.summary + " Reviews happen at a pace the person chooses."
    model_actions.do_save_component(world.users["researcher"], review)
    model_actions.do_save_component(
        world.users["researcher"],
        Component(
            version=draft,
            key="celebrate-achievements",
            part="individual_wheel",
            title="Celebrate what has been achieved",
            summary="Notice and mark the steps taken, however small, before setting the next ones.",
            description="Taking time to look back at what has changed builds confidence for what comes next.",
            questions=["What am I proud of since we last met?"],
        ),
        position=7,
    )


def people(world: World) -> None:
    for reference, full_name, preferred, org_key, worker_names, account in PEOPLE:
        person = Person(
            reference=reference,
            full_name=full_name,
            preferred_name=preferred,
            organisation=world.organisations[org_key],
            account=world.users.get(account) if account else None,
        )
        world.people[reference] = do_save_person(None, person, [world.users[name] for name in worker_names])


def _file_bytes(filename: str, text: str) -> bytes:
    if filename.endswith(".docx"):
        document = docx.Document()
        for paragraph in text.strip().split("\n\n"):
            document.add_paragraph(paragraph.strip())
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    return text.encode("utf-8")


def fieldwork(world: World) -> None:
    """The research team's register and a corpus of fictitious transcripts, notes and documents."""
    team = world.organisations["fernhill"]
    researcher = world.users["researcher"]
    sites: dict[str, Site] = {}
    for site_spec in SITES:
        fields = {k: v for k, v in site_spec.items() if k != "key"}
        sites[site_spec["key"]] = do_save_site(researcher, Site(team=team, **fields))
    people: dict[tuple[str, str], Participant] = {}
    for person_spec in PARTICIPANTS:
        fields = {k: v for k, v in person_spec.items() if k != "site"}
        participant = Participant(site=sites[person_spec["site"]], consent_date=dt.date(2026, 1, 5), **fields)
        people[(person_spec["site"], person_spec["pseudonym"])] = do_save_participant(researcher, participant)
    for spec in SOURCES:
        site_key = spec["site"]
        item = ImportItem(
            name=spec["filename"],
            read=partial(_file_bytes, spec["filename"], spec["text"]),
            site=sites[site_key] if site_key else None,
            visit_date=dt.date.fromisoformat(spec["visit"]) if site_key and spec["visit"] else None,
            kind=spec["kind"],
            participants=[people[(site_key, p)] for p in spec["participants"]] if site_key else [],
            title=spec["title"],
        )
        result = import_one(researcher, team, item)
        if result.status != IMPORTED:
            raise RuntimeError(f"demo source {spec['filename']} was not imported: {result.message}")

    code_corpus(
        researcher, world.published_model(), list(Source.objects.filter(team=team, site__isnull=False))
    )


SESSIONS: dict[str, list[tuple[int, str, int | None, str, list[str], str, str]]] = {
    # reference: [(days ago, status, minutes, place, component keys, shared notes, remember next)]
    "HAR-0001": [
        (
            70,
            "held",
            60,
            "Library café",
            ["build-relationship", "get-to-know-worker"],
            "We got to know each other and talked about what Indy enjoyed before.",
            "Indy's cat is called Pickle",
        ),
        (
            42,
            "held",
            75,
            "Indy's home",
            ["explore-network-strengths", "recognise-strengths-interests"],
            "We drew Indy's circles together: two close friends, a cousin, lots of professionals.",
            "Bring the map next time",
        ),
        (
            14,
            "held",
            90,
            "Community garden",
            ["link-and-introduce", "try-something-new"],
            "We went to the garden group together; Indy stayed for the whole session.",
            "Ask how the second visit went",
        ),
        (-7, "planned", None, "Community garden", [], "", ""),
    ],
    "HAR-0002": [
        (
            30,
            "held",
            45,
            "Harbourside office",
            ["build-relationship"],
            "First meeting; Jules would like to get out more.",
            "",
        ),
        (-3, "planned", None, "Harbourside office", [], "", ""),
    ],
    "NOR-0001": [
        (
            20,
            "held",
            50,
            "Northbridge clinic",
            ["set-goals-together", "choose-goals"],
            "Robin chose two goals: swimming and a computer class.",
            "Check the pool's quiet hours",
        ),
    ],
}
GOALS = {
    # reference: [(title, own words, [(step, owner, done)])]
    "HAR-0001": [
        (
            "Gardening",
            "I want to grow something again and be around people who like it too.",
            [
                ("Go to the garden group on Thursday", "person", True),
                ("Ask about a buddy for the bus", "worker", False),
            ],
        )
    ],
    "HAR-0002": [
        (
            "Getting out",
            "Just to have somewhere to go on a Saturday.",
            [("Look at the leaflet together", "both", False)],
        )
    ],
    "NOR-0001": [
        (
            "Swimming",
            "Swimming like I used to, without feeling stared at.",
            [("Phone the pool", "person", False)],
        )
    ],
}


def practice_work(world: World) -> None:
    """Sessions and goals for the demo caseloads, so the caseload page has stages and dates."""
    today = timezone.localdate()
    components = {c.key: c for c in Component.objects.filter(version=world.published)}
    for reference, sessions in SESSIONS.items():
        person = world.people[reference]
        worker = person.workers.first()
        for days, status, minutes, place, keys, notes, remember in sessions:
            do_save_session(
                worker,
                Session(
                    person=person,
                    date=today - dt.timedelta(days=days),
                    status=status,
                    minutes=minutes,
                    place=place,
                    shared_notes=notes,
                    remember_next=remember,
                ),
                [components[k] for k in keys],
            )
    for reference, goals in GOALS.items():
        person = world.people[reference]
        worker = person.workers.first()
        for title, words, steps in goals:
            goal = do_save_goal(worker, Goal(person=person, title=title, own_words=words))
            for description, owner, done in steps:
                do_save_action(
                    worker,
                    GoalAction(
                        goal=goal,
                        description=description,
                        owner=owner,
                        done_at=timezone.now() if done else None,
                    ),
                )


MAPS = {
    # reference: [(days ago, [(label, kind, relationship, circle, frequency, quality)])]; the same label is
    # the same member
    "HAR-0001": [
        (
            70,
            [
                ("Cousin Dee", "person", "family", 2, "monthly", "strong"),
                ("Sunita (CPN)", "person", "paid", 1, "weekly", "strong"),
                ("GP surgery", "place", "paid", 3, "less", "weak"),
                ("Neighbour upstairs", "person", "neighbour", 3, "less", "stressful"),
            ],
        ),
        (
            10,
            [
                ("Cousin Dee", "person", "family", 1, "weekly", "strong"),
                ("Sunita (CPN)", "person", "paid", 2, "monthly", "strong"),
                ("GP surgery", "place", "paid", 3, "less", "weak"),
                ("Garden group", "group", "group_member", 2, "weekly", "strong"),
                ("Maz from the garden", "person", "friend", 2, "weekly", "strong"),
            ],
        ),
    ],
    "NOR-0001": [
        (
            40,
            [
                ("Brother Alan", "person", "family", 1, "weekly", "strong"),
                ("Care co-ordinator", "person", "paid", 2, "monthly", "weak"),
            ],
        ),
        (
            5,
            [
                ("Brother Alan", "person", "family", 1, "weekly", "strong"),
                ("Care co-ordinator", "person", "paid", 2, "monthly", "weak"),
                ("Leisure centre", "place", "other", 3, "weekly", "weak"),
            ],
        ),
    ],
}


def maps(world: World) -> None:
    """Two maps each, redrawn weeks apart, so the comparison has something to show."""
    today = timezone.localdate()
    for reference, snapshots in MAPS.items():
        person = world.people[reference]
        worker = person.workers.first()
        for days, rows in snapshots:
            network_map = do_new_map(worker, person, today - dt.timedelta(days=days))
            carried = {m.label: m for m in network_map.members.all()}
            for label, kind, relationship, circle, frequency, quality in rows:
                member = carried.pop(label, None) or MapMember(map=network_map, label=label)
                member.kind, member.relationship, member.circle = kind, relationship, circle
                member.frequency, member.quality = frequency, quality
                do_save_member(worker, member)
            for gone in carried.values():
                do_remove_member(worker, gone)
            members = {m.label: m for m in network_map.members.all()}
            for a, b in TIES.get(reference, []):
                if a in members and b in members:
                    do_set_ties(worker, members[a], ties_of(members[a]) | {members[b].pk})


TIES = {
    # reference: pairs of members who know each other, on every map where both appear
    "HAR-0001": [("Garden group", "Maz from the garden"), ("Cousin Dee", "Neighbour upstairs")],
}
REVIEWS = {
    # reference: [(days ago, what was agreed)]
    "HAR-0001": [
        (
            3,
            "Keep going to the garden group on Thursdays. Indy will try the Saturday walk with Maz; "
            "the worker will find out about a bus buddy.",
        )
    ],
}


def reviews(world: World) -> None:
    """A first review for one person, so the timeline and the caseload show one done and others due."""
    today = timezone.localdate()
    for reference, held in REVIEWS.items():
        person = world.people[reference]
        for days, agreed in held:
            do_record_review(person.workers.first(), person, today - dt.timedelta(days=days), agreed)


STEPS: list[tuple[str, Callable[[World], None]]] = [
    ("Organisations", organisations),
    ("Users", users),
    ("Intervention model", model),
    ("Fieldwork corpus", fieldwork),
    ("People supported", people),
    ("Sessions and goals", practice_work),
    ("Network maps", maps),
    ("Reviews", reviews),
    ("Outcome measures: baseline and follow-ups", measures_demo.measures),
    ("Fidelity ratings: a high and a low group for the analysis", analysis_demo.fidelity_groups),
    ("Fidelity: a worker's own ratings and a person's rating of their worker", analysis_demo.self_ratings),
    ("Community directories of Carrowmouth and Northbridge", directory_demo.directories),
    ("Community links", directory_demo.links),
    ("Partners and co-production", partners_demo.partners),
    ("A worker's own contact", partners_demo.contact),
    ("The guide: draft 0.1 and the gold standard", guide_demo.guide),
    ("Consultation: a first round on draft 0.1", consult_demo.first_round),
    ("The guide revised in response: draft 0.2", guide_demo.revise),
    ("Consultation: a Delphi round on draft 0.2", consult_demo.delphi_round),
    ("Release 1.0, with the responses to consultation", guide_demo.release),
    ("Consultation: an open round on Release 1.0", consult_demo.open_round),
    ("Practice stories sent to the research team", stories_demo.stories),
    ("Fieldwork since Release 1.0: a section with new evidence", fresh_demo.new_fieldwork),
    ("A worker's working style, shared with their manager", fresh_demo.working_style),
]
