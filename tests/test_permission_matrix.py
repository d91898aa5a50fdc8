"""Every URL in the project, for every role and for users of another organisation.

The list of URLs comes from the resolver: a new URL without an entry in MATRIX fails
`test_every_url_has_an_entry`, so nobody can add a page without deciding who may open it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from connecting_people.accounts.actions import do_create_user
from connecting_people.accounts.models import User
from connecting_people.audit.models import AuditEntry
from connecting_people.community.actions import do_set_publishing
from connecting_people.community.models import (
    DirectoryImport,
    DirectoryUpload,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    WorkerContact,
)
from connecting_people.consult.models import Comment, Reviewer, Round
from connecting_people.consult.tokens import digest
from connecting_people.fieldwork.actions import do_save_site
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.models import DoubleCoding, ImportJob, Source
from connecting_people.guide.actions import (
    do_create_guide,
    do_make_draft,
    do_save_practice_ratings,
    do_share_working_style,
)
from connecting_people.guide.models import Build, JourneyStage, NameQuestion
from connecting_people.interventions.models import Component
from connecting_people.partnerships.models import CoProduction, Partner
from connecting_people.practice.actions import do_suggest_link
from connecting_people.practice.models import CommunityLink, PracticeStory

from .conftest import ACTORS, Cast, build_fidelity, build_measures, guide_with_drafts

LOGGED_IN = set(ACTORS) - {"anonymous"}
EVERYONE = set(ACTORS)
EDITORS = {"admin", "researcher"}
ADMIN = {"admin"}
NOBODY: set[str] = set()
RESEARCHERS = {"researcher"}


def all_url_names() -> list[str]:
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


Kwargs = Callable[[Cast], dict[str, Any]]


def published(c: Cast) -> dict[str, Any]:
    return {"pk": c.published.pk}


def draft(c: Cast) -> dict[str, Any]:
    return {"pk": c.draft.pk}


def published_component(c: Cast) -> dict[str, Any]:
    return {"pk": c.published.pk, "key": "build-relationship"}


def draft_component(c: Cast) -> dict[str, Any]:
    return {"pk": c.draft.pk, "key": "build-relationship"}


def draft_component_pk(c: Cast) -> int:
    return int(Component.objects.get(version=c.draft, key="build-relationship").pk)


def shared_style(c: Cast) -> dict[str, Any]:
    """The worker's working style, shared with Harbourside's managers."""
    guide = guide_objects(c)["guide"]
    style = do_save_practice_ratings(c.users["worker"], c.users["worker"], guide, {})
    return {"pk": do_share_working_style(c.users["worker"], style, True).pk}


DRAFT_READERS = {"admin", "researcher", "reviewer", "manager", "other_manager"}


def guide_objects(c: Cast) -> dict[str, Any]:
    """The guide with a release and a draft, a finished build with a PDF, and another team's guide."""
    objects = guide_with_drafts(c)
    if "build" not in objects:
        path = Path(settings.MEDIA_ROOT) / "guide" / "test.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7 test")
        objects["build"] = Build.objects.create(
            draft=objects["draft"], status="done", progress=100, files={"pdf": "guide/test.pdf"}
        )
        objects["other_guide"] = do_create_guide(None, c.orgs["northbridge"], c.published)
        objects["stage"] = JourneyStage.objects.create(guide=objects["guide"], title="Referral", position=1)
        objects["question"] = NameQuestion.objects.create(
            guide=objects["guide"],
            word="ruby",
            found="Ruby",
            where="Foreword",
            context="Ruby's café",
            raised_in=objects["draft"],
        )
    return objects


def consult_objects(c: Cast) -> dict[str, Any]:
    """A round of the team with a reviewer (whose link is known) and a comment; another team's round."""
    objects = guide_objects(c)
    if "round" not in objects:
        now = timezone.now()
        objects["round"] = Round.objects.create(
            team=c.orgs["fernhill"],
            title="Round",
            draft=objects["release"],
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=9),
        )
        objects["token"] = "matrix-token-" + "x" * 30
        objects["reviewer"] = Reviewer.objects.create(
            round=objects["round"],
            name="R",
            email="r@example.org",
            perspective="worker",
            token_hash=digest(objects["token"]),
        )
        objects["comment"] = Comment.objects.create(
            reviewer=objects["reviewer"], section="build-relationship", exact="same time", text="A comment"
        )
        other_draft = do_make_draft(None, objects["other_guide"])
        objects["other_round"] = Round.objects.create(
            team=c.orgs["northbridge"],
            title="Theirs",
            draft=other_draft,
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=9),
        )
        objects["other_reviewer"] = Reviewer.objects.create(
            round=objects["other_round"],
            name="S",
            email="s@example.org",
            perspective="worker",
            token_hash=digest("another-token"),
        )
        objects["other_comment"] = Comment.objects.create(
            reviewer=objects["other_reviewer"], section="build-relationship", exact="x", text="Theirs"
        )
    return objects


def own_person(c: Cast) -> dict[str, Any]:
    return {"pk": c.people["HAR-1"].pk}


def none(c: Cast) -> dict[str, Any]:
    return {}


def published_component_pk(c: Cast) -> int:
    return Component.objects.get(version=c.published, key="find-opportunities").pk


def own_excerpt(c: Cast) -> int:
    """A coding by the cast's researcher on their team's source."""
    source = Source.objects.get(pk=c.fieldwork["source"])
    component = Component.objects.get(version=c.published, key="find-opportunities")
    return do_code_passage(
        c.users["researcher"],
        source,
        locate(source.text, None, None, "At the allotment"),
        components=[component],
        kind="example",
    ).pk


def own_import(c: Cast) -> int:
    return ImportJob.objects.create(team=c.orgs["fernhill"], started_by=c.users["researcher"]).pk


def other_import(c: Cast) -> int:
    """Another team's researcher's import."""
    return ImportJob.objects.create(team=c.orgs["northbridge"]).pk


def own_pair(c: Cast) -> int:
    """The researcher double-codes the team's source with a colleague."""
    colleague = do_create_user(
        None, password=None, username="colleague", organisation=c.orgs["fernhill"], role="researcher"
    )
    return DoubleCoding.objects.create(
        source_id=c.fieldwork["source"], coder_a=c.users["researcher"], coder_b=colleague
    ).pk


def reviewer_invitation(c: Cast) -> int:
    """The round's reviewer has the reviewer account's email address: that account's own invitation."""
    invitation = consult_objects(c)["reviewer"]
    User.objects.filter(pk=c.users["reviewer"].pk).update(email=invitation.email)
    return int(invitation.pk)


def directory(c: Cast, publish: bool = True) -> dict[str, Any]:
    """Harbourside's community directory with one service, published through the ORUK API (or not)."""
    owner = c.orgs["harbourside"]
    if not Service.objects.filter(owner=owner).exists():
        provider = Organization.objects.create(owner=owner, oruk_id="org-1", name="Brightwater Trust")
        service = Service.objects.create(
            owner=owner, oruk_id="svc-1", organization=provider, name="Choir", status="active"
        )
        hall = Location.objects.create(owner=owner, oruk_id="loc-1", location_type="physical", name="Hall")
        ServiceAtLocation.objects.create(owner=owner, oruk_id="sal-1", service=service, location=hall)
        Taxonomy.objects.create(owner=owner, oruk_id="tax-1", name="Interests")
        TaxonomyTerm.objects.create(owner=owner, oruk_id="term-1", name="Singing", taxonomy_id="tax-1")
    do_set_publishing(None, owner, publish=publish, api_name="harbourside")
    return {"api_name": "harbourside"}


def directory_service(c: Cast, publish: bool = True) -> dict[str, Any]:
    return directory(c, publish) | {"oruk_id": "svc-1"}


def directory_record(oruk_id: str, publish: bool = True) -> Kwargs:
    """A record of the directory by its id in the standard (a service at a location, a taxonomy, a term)."""
    return lambda c: directory(c, publish) | {"oruk_id": oruk_id}


def person_link(c: Cast, ref: str = "HAR-1") -> dict[str, Any]:
    """A community link of the person's (suggested by nobody in particular)."""
    person = c.people[ref]
    link = CommunityLink.objects.filter(person=person).first() or do_suggest_link(None, person, name="Choir")
    return {"pk": link.pk}


def site_asking_for_stories(c: Cast) -> dict[str, Any]:
    """The research team's site, linked to Harbourside (whose managers answer it)."""
    site = c.fieldwork["site"]
    site.practice_organisation = c.orgs["harbourside"]
    do_save_site(None, site)
    return {"pk": site.pk}


def person_story(c: Cast, ref: str = "HAR-1") -> dict[str, Any]:
    """A draft practice story of the person's."""
    person = c.people[ref]
    story = PracticeStory.objects.filter(person=person).first() or PracticeStory.objects.create(
        person=person, what_helped="Meeting at the same time each week."
    )
    return {"pk": story.pk}


def own_service(c: Cast) -> int:
    """A service in Harbourside's directory (which need not be published to be found by its staff)."""
    directory(c, publish=False)
    return int(Service.objects.get(owner=c.orgs["harbourside"], oruk_id="svc-1").pk)


def directory_import(c: Cast) -> dict[str, Any]:
    """An import into Harbourside's directory (its report is read by its staff)."""
    owner = c.orgs["harbourside"]
    record = DirectoryImport.objects.filter(owner=owner).first() or DirectoryImport.objects.create(
        owner=owner, source="pkg.zip", format="datapackage", counts={"created": 1}, report=[]
    )
    return {"pk": record.pk}


def directory_upload(c: Cast) -> dict[str, Any]:
    """A file uploaded to Harbourside's directory and refused (its problems are read by its staff)."""
    owner = c.orgs["harbourside"]
    upload = DirectoryUpload.objects.filter(owner=owner).first() or DirectoryUpload.objects.create(
        owner=owner, name="pkg.zip", state="refused", problems=["services.csv row 2: ..."]
    )
    return {"pk": upload.pk}


def worker_contact(c: Cast, shared: bool = False) -> dict[str, Any]:
    """One of the worker's own contacts (shared with their team, or not)."""
    contact = WorkerContact.objects.filter(worker=c.users["worker"]).first() or WorkerContact.objects.create(
        organisation=c.orgs["harbourside"],
        worker=c.users["worker"],
        name="Contact",
        how_to_reach="By phone",
        could_offer="A buddy",
        consent_on=dt.date(2026, 1, 5),
        consent_how="phone",
    )
    WorkerContact.objects.filter(pk=contact.pk).update(shared_with_team=shared)
    return {"pk": contact.pk}


def partnership(c: Cast) -> dict[str, Partner | CoProduction]:
    """Harbourside's partner and an activity of its co-production log."""
    owner = c.orgs["harbourside"]
    partner = Partner.objects.filter(organisation=owner).first() or Partner.objects.create(
        organisation=owner, name="Food bank", kind="voluntary", since=dt.date(2024, 1, 1)
    )
    activity = CoProduction.objects.filter(organisation=owner).first() or CoProduction.objects.create(
        organisation=owner, held_on=dt.date(2026, 1, 1), title="Drop-in", stage="designed", took_part="x"
    )
    return {"partner": partner, "activity": activity}


STAFF = {"manager", "worker", "other_worker", "other_manager"}
MANAGERS = {"manager", "other_manager"}

# name: (method, kwargs, who is allowed)
MATRIX: dict[str, tuple[str, Kwargs, set[str]]] = {
    "core:home": ("get", none, EVERYONE),
    "core:search": ("get", none, LOGGED_IN),
    "accounts:login": ("get", none, EVERYONE),
    "accounts:logout": ("post", none, EVERYONE),
    "accounts:password_change": ("get", none, LOGGED_IN),
    "accounts:password_done": ("get", none, LOGGED_IN),
    "audit:list": ("get", none, ADMIN),
    "audit:export": ("get", none, ADMIN),
    "interventions:home": ("get", none, LOGGED_IN),
    "interventions:import": ("get", none, EDITORS),
    "interventions:diff": ("get", none, LOGGED_IN),
    "interventions:version": ("get", published, LOGGED_IN),
    "interventions:diagram_svg": ("get", published, LOGGED_IN),
    "interventions:diagram_png": ("get", published, LOGGED_IN),
    "interventions:export": ("get", published, LOGGED_IN),
    "interventions:component": ("get", published_component, LOGGED_IN),
    "interventions:version_edit": ("get", draft, EDITORS),
    "interventions:version_publish": ("post", draft, EDITORS),
    "interventions:version_new_draft": ("post", published, EDITORS),
    "interventions:version_delete": ("post", draft, EDITORS),
    "interventions:component_new": ("get", draft, EDITORS),
    "interventions:component_edit": ("get", draft_component, EDITORS),
    "interventions:component_delete": ("post", draft_component, EDITORS),
    "fieldwork:home": ("get", none, RESEARCHERS),
    "fieldwork:import": ("get", none, RESEARCHERS),
    "fieldwork:imports": ("get", none, RESEARCHERS),
    "fieldwork:import_job": ("get", lambda c: {"pk": own_import(c)}, RESEARCHERS),
    "fieldwork:import_status": ("get", lambda c: {"pk": own_import(c)}, RESEARCHERS),
    "fieldwork:manifest_template": ("get", none, RESEARCHERS),
    "fieldwork:sources": ("get", none, RESEARCHERS),
    "fieldwork:source": ("get", lambda c: {"pk": c.fieldwork["source"]}, RESEARCHERS),
    "fieldwork:source_original": ("get", lambda c: {"pk": c.fieldwork["source"]}, RESEARCHERS),
    "fieldwork:sites": ("get", none, RESEARCHERS),
    "fieldwork:site_new": ("get", none, RESEARCHERS),
    "fieldwork:site": ("get", lambda c: {"pk": c.fieldwork["site"].pk}, RESEARCHERS),
    "fieldwork:site_edit": ("get", lambda c: {"pk": c.fieldwork["site"].pk}, RESEARCHERS),
    "fieldwork:visit_new": ("get", lambda c: {"pk": c.fieldwork["site"].pk}, RESEARCHERS),
    "fieldwork:participant_new": ("get", lambda c: {"pk": c.fieldwork["site"].pk}, RESEARCHERS),
    "fieldwork:participant": ("get", lambda c: {"pk": c.fieldwork["participant"].pk}, RESEARCHERS),
    "fieldwork:participant_withdraw": ("post", lambda c: {"pk": c.fieldwork["participant"].pk}, RESEARCHERS),
    "fieldwork:search": ("get", none, RESEARCHERS),
    "fieldwork:exchange": ("get", none, RESEARCHERS),
    "fieldwork:export_qdpx": ("get", none, RESEARCHERS),
    "fieldwork:export_qdc": ("get", none, RESEARCHERS),
    "fieldwork:double_coding": ("get", lambda c: {"pk": c.fieldwork["source"]}, RESEARCHERS),
    "fieldwork:agreement": ("get", none, RESEARCHERS),
    "fieldwork:double_coding_done": ("post", lambda c: {"pk": own_pair(c)}, RESEARCHERS),
    "fieldwork:cite": ("get", lambda c: {"pk": draft_component_pk(c)}, RESEARCHERS),
    "fieldwork:coverage": ("get", none, RESEARCHERS),
    "fieldwork:coverage_csv": ("get", none, RESEARCHERS),
    "fieldwork:coverage_pdf": ("get", none, RESEARCHERS),
    "fieldwork:excerpts_csv": ("get", none, RESEARCHERS),
    "fieldwork:code": ("post", lambda c: {"pk": c.fieldwork["source"]}, RESEARCHERS),
    "fieldwork:link_speakers": ("post", lambda c: {"pk": c.fieldwork["source"]}, RESEARCHERS),
    "fieldwork:evidence": ("get", lambda c: {"pk": published_component_pk(c)}, RESEARCHERS),
    "fieldwork:excerpt_edit": ("get", lambda c: {"pk": own_excerpt(c)}, RESEARCHERS),
    "fieldwork:excerpt_delete": ("post", lambda c: {"pk": own_excerpt(c)}, RESEARCHERS),
    "practice:people": ("get", none, {"manager", "worker", "individual", "other_worker", "other_manager"}),
    "practice:person_new": ("get", none, {"manager", "worker", "other_worker", "other_manager"}),
    "practice:person": ("get", own_person, {"manager", "worker", "individual"}),
    "practice:person_edit": ("get", own_person, {"manager", "worker"}),
    "practice:person_export": ("get", own_person, {"manager"}),
    "practice:person_erase": ("get", own_person, {"manager"}),
    "practice:session_new": ("get", own_person, {"manager", "worker"}),
    "practice:session": ("get", lambda c: {"pk": c.practice["session"].pk}, {"manager", "worker"}),
    "practice:goal_new": ("get", own_person, {"manager", "worker"}),
    "practice:goal": ("get", lambda c: {"pk": c.practice["goal"].pk}, {"manager", "worker"}),
    "practice:action_toggle": (
        "post",
        lambda c: {"pk": c.practice["person_action"].pk},
        {"manager", "worker", "individual"},
    ),
    "practice:review_new": ("get", own_person, {"manager", "worker"}),
    "practice:link_new": ("get", own_person, {"manager", "worker"}),
    # Written by staff with the person; without the person's consent the page says so, with no form.
    "practice:story_new": ("get", own_person, {"manager", "worker"}),
    "practice:story": ("get", person_story, {"manager", "worker"}),
    "partners:research": ("get", none, {"manager", "other_manager"}),
    "partners:research_answer": ("post", site_asking_for_stories, {"manager"}),
    "practice:link_move": ("post", person_link, {"manager", "worker"}),
    "practice:link_stop": ("post", person_link, {"manager", "worker"}),
    "practice:link_on_map": ("post", person_link, {"manager", "worker"}),
    "practice:link_type": ("post", person_link, {"manager", "worker"}),
    "measures:schedule": ("get", none, {"manager", "other_manager"}),
    "measures:files": ("get", none, {"manager", "other_manager"}),
    "measures:unschedule": ("post", lambda c: {"pk": build_measures(c)["schedule"].pk}, {"manager"}),
    "measures:organisation": ("get", none, {"manager", "other_manager"}),
    "measures:analysis": ("get", none, {"manager", "other_manager"}),
    # An empty form is refused (400) with the page again; each manager only ever gets their own organisation.
    "measures:analysis_export": ("post", none, {"manager", "other_manager"}),
    "measures:person": ("get", own_person, {"manager", "worker", "individual"}),
    "measures:fill": (
        "get",
        lambda c: {"pk": c.people["HAR-1"].pk, "key": build_measures(c)["instrument"].key, "months": 0},
        {"manager", "worker"},
    ),
    # An empty reason is refused with a message, back on the measures page.
    "measures:missed": (
        "post",
        lambda c: {"pk": c.people["HAR-1"].pk, "key": build_measures(c)["instrument"].key, "months": 0},
        {"manager", "worker"},
    ),
    # Staff get a personal link to give; the person goes straight to the first question.
    "measures:begin": (
        "post",
        lambda c: {"pk": c.people["HAR-1"].pk, "key": build_measures(c)["instrument"].key, "months": 0},
        {"manager", "worker", "individual"},
    ),
    "measures:question": (
        "get",
        lambda c: {"pk": build_measures(c)["completion"].pk, "n": 1},
        {"individual"},
    ),
    # Fidelity is rated and read by a supervisor (a manager) only.
    "measures:fidelity_workers": ("get", lambda c: build_fidelity(c) and {}, {"manager", "other_manager"}),
    "measures:fidelity_person": (
        "get",
        lambda c: build_fidelity(c) and {"pk": c.people["HAR-1"].pk},
        {"manager"},
    ),
    "measures:fidelity_rate": (
        "get",
        lambda c: build_fidelity(c) and {"pk": c.people["HAR-1"].pk},
        {"manager"},
    ),
    # The fidelity profile: a worker's own and their managers'; a pair's for the two of them; the
    # organisation's for managers. A worker rates their own practice; the person supported their worker.
    "measures:fidelity_organisation": ("get", lambda c: build_fidelity(c) and {}, MANAGERS),
    "measures:fidelity_profile": (
        "get",
        lambda c: build_fidelity(c) and {"pk": c.users["worker"].pk},
        {"manager", "worker"},
    ),
    "measures:fidelity_pair": (
        "get",
        lambda c: build_fidelity(c) and {"pk": c.users["worker"].pk, "person_pk": c.people["HAR-1"].pk},
        {"manager", "worker"},
    ),
    "measures:fidelity_rate_own": ("get", lambda c: build_fidelity(c) and {}, {"worker", "other_worker"}),
    "measures:fidelity_my_worker": ("get", lambda c: build_fidelity(c) and {}, {"individual"}),
    "measures:link": ("get", lambda c: {"token": build_measures(c)["token"]}, EVERYONE),
    "measures:link_question": ("get", lambda c: {"token": build_measures(c)["token"], "n": 1}, EVERYONE),
    "practice:review": (
        "get",
        lambda c: {"pk": c.practice["review"].pk},
        {"manager", "worker", "individual"},
    ),
    "practice:map_new": ("get", own_person, {"manager", "worker", "individual"}),
    "practice:map": ("get", lambda c: {"pk": c.practice["map"].pk}, {"manager", "worker", "individual"}),
    "practice:member_new": (
        "post",
        lambda c: {"pk": c.practice["map"].pk},
        {"manager", "worker", "individual"},
    ),
    "practice:map_svg": ("get", lambda c: {"pk": c.practice["map"].pk}, {"manager", "worker", "individual"}),
    "practice:map_png": ("get", lambda c: {"pk": c.practice["map"].pk}, {"manager", "worker", "individual"}),
    "practice:map_compare": (
        "get",
        lambda c: {"pk": c.practice["map"].pk},
        {"manager", "worker", "individual"},
    ),
    "practice:member": (
        "get",
        lambda c: {"pk": c.practice["member"].pk},
        {"manager", "worker", "individual"},
    ),
    "practice:member_circle": (
        "post",
        lambda c: {"pk": c.practice["member"].pk},
        {"manager", "worker", "individual"},
    ),
    "practice:member_ties": (
        "post",
        lambda c: {"pk": c.practice["member"].pk},
        {"manager", "worker", "individual"},
    ),
    "practice:member_delete": (
        "post",
        lambda c: {"pk": c.practice["member"].pk},
        {"manager", "worker", "individual"},
    ),
    # The guide: releases are public; drafts are read by the team, reviewers, managers and administrators;
    # the working pages (with provenance) belong to the team's researchers.
    "guide:public": ("get", lambda c: guide_objects(c) and {}, EVERYONE),
    "guide:public_page": (
        "get",
        lambda c: guide_objects(c) and {"page": "build-relationship.html"},
        EVERYONE,
    ),
    "guide:public_version": ("get", lambda c: {"number": guide_objects(c)["release"].number}, EVERYONE),
    "guide:public_version_page": (
        "get",
        lambda c: {"number": guide_objects(c)["release"].number, "page": "site.css"},
        EVERYONE,
    ),
    "guide:home": ("get", none, DRAFT_READERS),
    "guide:preview": ("post", none, RESEARCHERS),
    "guide:guide": ("get", lambda c: {"pk": guide_objects(c)["guide"].pk}, RESEARCHERS),
    "guide:draft_new": ("post", lambda c: {"pk": guide_objects(c)["guide"].pk}, RESEARCHERS),
    "guide:gold": ("get", lambda c: {"pk": guide_objects(c)["guide"].pk}, RESEARCHERS),
    "guide:completeness": ("get", lambda c: {"pk": guide_objects(c)["guide"].pk}, RESEARCHERS),
    "guide:gold_component": (
        "get",
        lambda c: {"pk": guide_objects(c)["guide"].pk, "key": "build-relationship"},
        RESEARCHERS,
    ),
    "guide:journey_new": ("get", lambda c: {"pk": guide_objects(c)["guide"].pk}, RESEARCHERS),
    "guide:journey_stage": (
        "get",
        lambda c: {"pk": guide_objects(c)["guide"].pk, "stage": guide_objects(c)["stage"].pk},
        RESEARCHERS,
    ),
    "guide:section": ("get", lambda c: {"pk": guide_objects(c)["section"].pk}, RESEARCHERS),
    "guide:choose": ("post", lambda c: {"pk": guide_objects(c)["section"].pk}, RESEARCHERS),
    "guide:examples": ("post", lambda c: {"pk": guide_objects(c)["section"].pk}, RESEARCHERS),
    "guide:draft": ("get", lambda c: {"pk": guide_objects(c)["draft"].pk}, DRAFT_READERS),
    "guide:draft_compare": ("get", lambda c: {"pk": guide_objects(c)["draft"].pk}, DRAFT_READERS),
    "guide:draft_read": ("get", lambda c: {"pk": guide_objects(c)["draft"].pk}, DRAFT_READERS),
    "guide:draft_read_page": (
        "get",
        lambda c: {"pk": guide_objects(c)["draft"].pk, "page": "index.html"},
        DRAFT_READERS,
    ),
    "guide:draft_release": ("post", lambda c: {"pk": guide_objects(c)["draft"].pk}, RESEARCHERS),
    "guide:build_new": ("post", lambda c: {"pk": guide_objects(c)["draft"].pk}, RESEARCHERS),
    "guide:answer_name": ("post", lambda c: {"pk": guide_objects(c)["question"].pk}, RESEARCHERS),
    "guide:answer_warning": ("post", lambda c: {"pk": guide_objects(c)["example"].pk}, RESEARCHERS),
    "guide:build_status": ("get", lambda c: {"pk": guide_objects(c)["build"].pk}, RESEARCHERS),
    "guide:build_file": ("get", lambda c: {"pk": guide_objects(c)["build"].pk, "fmt": "pdf"}, RESEARCHERS),
    # Consultation: the team's researchers run it; a reviewer's link opens their own pages and nothing
    # else (anyone holding the link is that reviewer, so every actor gets in with it).
    "consult:home": ("get", none, RESEARCHERS | {"reviewer"}),  # a reviewer's account goes to its own rounds
    "consult:mine": ("get", none, {"reviewer"}),
    "consult:my_link": ("post", lambda c: {"pk": reviewer_invitation(c)}, {"reviewer"}),
    "consult:round": ("get", lambda c: {"pk": consult_objects(c)["round"].pk}, RESEARCHERS),
    "consult:comments": ("get", lambda c: {"pk": consult_objects(c)["round"].pk}, RESEARCHERS),
    "consult:report": ("get", lambda c: {"pk": consult_objects(c)["round"].pk}, RESEARCHERS),
    "consult:revoke": ("post", lambda c: {"pk": consult_objects(c)["reviewer"].pk}, RESEARCHERS),
    "consult:comment_update": ("post", lambda c: {"pk": consult_objects(c)["comment"].pk}, RESEARCHERS),
    "consult:outbox": ("get", none, RESEARCHERS),
    "consult:offers": ("get", none, RESEARCHERS),
    "consult:offer_new": ("get", none, EVERYONE),
    "consult:review": ("get", lambda c: {"token": consult_objects(c)["token"]}, EVERYONE),
    "consult:section": (
        "get",
        lambda c: {"token": consult_objects(c)["token"], "key": "build-relationship"},
        EVERYONE,
    ),
    "consult:rate": (
        "post",
        lambda c: {"token": consult_objects(c)["token"]},
        NOBODY,
    ),  # no section given: 404
    "consult:rate_section": (
        "post",
        lambda c: {"token": consult_objects(c)["token"]},
        NOBODY,
    ),  # no section given: 404
    "consult:comment": (
        "post",
        lambda c: {"token": consult_objects(c)["token"]},
        NOBODY,
    ),  # no section given: 404
    "consult:comment_delete": (
        "post",
        lambda c: {"token": consult_objects(c)["token"], "pk": consult_objects(c)["comment"].pk},
        EVERYONE,
    ),
    "consult:submit": ("post", lambda c: {"token": consult_objects(c)["token"]}, EVERYONE),
    # The same pages signed in to a reviewer's account: only that account's own invitation.
    "consult:my_review": ("get", lambda c: {"invitation": reviewer_invitation(c)}, {"reviewer"}),
    "consult:my_section": (
        "get",
        lambda c: {"invitation": reviewer_invitation(c), "key": "build-relationship"},
        {"reviewer"},
    ),
    "consult:my_rate": ("post", lambda c: {"invitation": reviewer_invitation(c)}, NOBODY),  # no section: 404
    "consult:my_rate_section": ("post", lambda c: {"invitation": reviewer_invitation(c)}, NOBODY),
    "consult:my_comment": ("post", lambda c: {"invitation": reviewer_invitation(c)}, NOBODY),
    "consult:my_comment_delete": (
        "post",
        lambda c: {"invitation": reviewer_invitation(c), "pk": consult_objects(c)["comment"].pk},
        {"reviewer"},
    ),
    "consult:my_submit": ("post", lambda c: {"invitation": reviewer_invitation(c)}, {"reviewer"}),
    "guide:working_style": ("get", lambda c: guide_objects(c) and {}, {"worker", "other_worker"}),
    "guide:working_style_share": ("post", lambda c: guide_objects(c) and {}, {"worker", "other_worker"}),
    "guide:working_style_guide": ("get", lambda c: guide_objects(c) and {}, {"worker", "other_worker"}),
    "guide:working_style_shared": ("get", shared_style, {"manager"}),
    "guide:self_assessment": ("get", lambda c: guide_objects(c) and {}, {"manager", "other_manager"}),
    # The ORUK API of a published directory is open to anyone, signed in or not, for other services' systems.
    "directory:find": ("get", none, {"manager", "worker", "other_worker", "other_manager"}),
    "directory:suggest": ("post", lambda c: {"pk": own_service(c)}, {"manager", "worker"}),
    "directory:check": ("post", lambda c: {"pk": own_service(c)}, {"manager", "worker"}),
    # The directory's page: its staff read their own; its managers keep it (another's entry is a 404).
    "directory:directory": ("get", none, STAFF),
    "directory:publish": ("post", none, MANAGERS),
    "directory:upload": ("get", none, MANAGERS),
    "directory:upload_state": ("get", directory_upload, {"manager", "worker"}),
    "directory:upload_status": ("get", directory_upload, {"manager", "worker"}),
    "directory:import_report": ("get", directory_import, {"manager", "worker"}),
    "directory:entry_new": ("get", none, MANAGERS),
    "directory:entry_edit": ("get", lambda c: {"pk": own_service(c)}, {"manager"}),
    "directory:provider_edit": (
        "get",
        lambda c: {"pk": Service.objects.get(pk=own_service(c)).organization_id},
        {"manager"},
    ),
    "partners:home": ("get", none, STAFF),
    "partners:new": ("get", none, MANAGERS),
    "partners:edit": ("get", lambda c: {"pk": partnership(c)["partner"].pk}, {"manager"}),
    "partners:activities": ("get", none, STAFF),
    "partners:activity_new": ("get", none, MANAGERS),
    "partners:activity_edit": ("get", lambda c: {"pk": partnership(c)["activity"].pk}, {"manager"}),
    "partners:network": ("get", lambda c: partnership(c) and {}, STAFF),
    "partners:report": ("get", lambda c: partnership(c) and {}, MANAGERS),
    "directory:contacts": ("get", none, {"manager", "worker", "other_worker", "other_manager"}),
    "directory:contact_new": ("get", none, {"manager", "worker", "other_worker", "other_manager"}),
    # A worker's own contact, not shared: only its worker changes or deletes it.
    "directory:contact_edit": ("get", worker_contact, {"worker"}),
    "directory:contact_delete": ("post", worker_contact, {"worker"}),
    "community:api_meta": ("get", directory, EVERYONE),
    "community:api_services": ("get", directory, EVERYONE),
    "community:api_service": ("get", directory_service, EVERYONE),
    "community:api_service_at_locations": ("get", directory, EVERYONE),
    "community:api_service_at_location": ("get", directory_record("sal-1"), EVERYONE),
    "community:api_taxonomies": ("get", directory, EVERYONE),
    "community:api_taxonomy": ("get", directory_record("tax-1"), EVERYONE),
    "community:api_taxonomy_terms": ("get", directory, EVERYONE),
    "community:api_taxonomy_term": ("get", directory_record("term-1"), EVERYONE),
    "community:api_organizations": ("get", directory, EVERYONE),
    "community:api_organization": ("get", directory_record("org-1"), EVERYONE),
    "guide:tailored": ("get", lambda c: guide_objects(c) and {}, {"manager", "other_manager"}),
    # Harbourside's tailored guide and action plan: its own manager only (another's is a 404).
    "guide:tailored_pdf": (
        "get",
        lambda c: guide_objects(c) and {"pk": c.orgs["harbourside"].pk},
        {"manager"},
    ),
    "guide:plan_csv": ("get", lambda c: guide_objects(c) and {"pk": c.orgs["harbourside"].pk}, {"manager"}),
}

# Drafts are not for everyone: the same pages on the draft version.
DRAFT_VIEWERS = {"admin", "researcher", "reviewer"}
DRAFT_MATRIX: dict[str, tuple[str, Kwargs, set[str]]] = {
    "interventions:version": ("get", draft, DRAFT_VIEWERS),
    "interventions:component": ("get", draft_component, DRAFT_VIEWERS),
    "interventions:export": ("get", draft, DRAFT_VIEWERS),
    "interventions:diagram_svg": ("get", draft, DRAFT_VIEWERS),
}

# Another organisation's person: nobody here but their own worker and manager.
OTHER_PERSON = {
    "practice:person": ("get", lambda c: {"pk": c.people["NOR-1"].pk}, {"other_worker", "other_manager"}),
    "practice:person_edit": (
        "get",
        lambda c: {"pk": c.people["NOR-1"].pk},
        {"other_worker", "other_manager"},
    ),
    "measures:person": ("get", lambda c: {"pk": c.people["NOR-1"].pk}, {"other_worker", "other_manager"}),
    "measures:fidelity_person": ("get", lambda c: {"pk": c.people["NOR-1"].pk}, {"other_manager"}),
    "measures:fidelity_rate": ("get", lambda c: {"pk": c.people["NOR-1"].pk}, {"other_manager"}),
    "measures:fidelity_profile": (
        "get",
        lambda c: {"pk": c.users["other_worker"].pk},
        {"other_worker", "other_manager"},
    ),
    "measures:fidelity_pair": (
        "get",
        lambda c: {"pk": c.users["other_worker"].pk, "person_pk": c.people["NOR-1"].pk},
        {"other_worker", "other_manager"},
    ),
}
# Another research team's fieldwork: nobody in this cast's research team.
OTHER_TEAM = {
    "consult:round": ("get", lambda c: {"pk": consult_objects(c)["other_round"].pk}, NOBODY),
    "consult:report": ("get", lambda c: {"pk": consult_objects(c)["other_round"].pk}, NOBODY),
    "consult:revoke": ("post", lambda c: {"pk": consult_objects(c)["other_reviewer"].pk}, NOBODY),
    # Someone else's comment through a reviewer's own link: not theirs to remove.
    "consult:comment_delete": (
        "post",
        lambda c: {"token": consult_objects(c)["token"], "pk": consult_objects(c)["other_comment"].pk},
        NOBODY,
    ),
    # Another reviewer's invitation, signed in: not the account's own, whoever asks.
    "consult:my_review": ("get", lambda c: {"invitation": consult_objects(c)["other_reviewer"].pk}, NOBODY),
    "consult:my_submit": ("post", lambda c: {"invitation": consult_objects(c)["other_reviewer"].pk}, NOBODY),
    "consult:my_comment_delete": (
        "post",
        lambda c: {"invitation": reviewer_invitation(c), "pk": consult_objects(c)["other_comment"].pk},
        NOBODY,
    ),
    "guide:guide": ("get", lambda c: {"pk": guide_objects(c)["other_guide"].pk}, NOBODY),
    "guide:section": ("get", lambda c: {"pk": guide_objects(c)["other_guide"].sections.first().pk}, NOBODY),
    "guide:draft_new": ("post", lambda c: {"pk": guide_objects(c)["other_guide"].pk}, NOBODY),
    # A released draft can be opened by anyone signed in; its pages by anyone at all at /guide/.
    "guide:draft": ("get", lambda c: {"pk": guide_objects(c)["release"].pk}, LOGGED_IN),
    "guide:draft_read": ("get", lambda c: {"pk": guide_objects(c)["release"].pk}, LOGGED_IN),
    "fieldwork:source": ("get", lambda c: {"pk": c.fieldwork["other_source"]}, NOBODY),
    "fieldwork:source_original": ("get", lambda c: {"pk": c.fieldwork["other_source"]}, NOBODY),
    "fieldwork:site": ("get", lambda c: {"pk": c.fieldwork["other_site"].pk}, NOBODY),
    "fieldwork:site_edit": ("get", lambda c: {"pk": c.fieldwork["other_site"].pk}, NOBODY),
    "fieldwork:participant": ("get", lambda c: {"pk": c.fieldwork["other_participant"].pk}, NOBODY),
    "fieldwork:participant_withdraw": ("post", lambda c: {"pk": c.fieldwork["other_participant"].pk}, NOBODY),
    "fieldwork:code": ("post", lambda c: {"pk": c.fieldwork["other_source"]}, NOBODY),
    "fieldwork:link_speakers": ("post", lambda c: {"pk": c.fieldwork["other_source"]}, NOBODY),
    "fieldwork:double_coding": ("get", lambda c: {"pk": c.fieldwork["other_source"]}, NOBODY),
    "fieldwork:excerpt_edit": ("get", lambda c: {"pk": c.fieldwork["other_excerpt"]}, NOBODY),
    "fieldwork:excerpt_delete": ("post", lambda c: {"pk": c.fieldwork["other_excerpt"]}, NOBODY),
    "fieldwork:import_job": ("get", lambda c: {"pk": other_import(c)}, NOBODY),
    "fieldwork:import_status": ("get", lambda c: {"pk": other_import(c)}, NOBODY),
    # A directory its organisation does not publish: nobody at all, not even its own staff, through the API.
    "community:api_meta": ("get", lambda c: directory(c, publish=False), NOBODY),
    "community:api_services": ("get", lambda c: directory(c, publish=False), NOBODY),
    "community:api_service": ("get", lambda c: directory_service(c, publish=False), NOBODY),
    "community:api_service_at_locations": ("get", lambda c: directory(c, publish=False), NOBODY),
    "community:api_service_at_location": ("get", directory_record("sal-1", publish=False), NOBODY),
    "community:api_taxonomies": ("get", lambda c: directory(c, publish=False), NOBODY),
    "community:api_taxonomy": ("get", directory_record("tax-1", publish=False), NOBODY),
    "community:api_taxonomy_terms": ("get", lambda c: directory(c, publish=False), NOBODY),
    "community:api_taxonomy_term": ("get", directory_record("term-1", publish=False), NOBODY),
    "community:api_organizations": ("get", lambda c: directory(c, publish=False), NOBODY),
    "community:api_organization": ("get", directory_record("org-1", publish=False), NOBODY),
}
OTHER_PERSON |= {
    "practice:link_new": ("get", lambda c: {"pk": c.people["NOR-1"].pk}, {"other_worker", "other_manager"}),
    "practice:link_move": ("post", lambda c: person_link(c, "NOR-1"), {"other_worker", "other_manager"}),
    "practice:link_stop": ("post", lambda c: person_link(c, "NOR-1"), {"other_worker", "other_manager"}),
    "practice:link_on_map": ("post", lambda c: person_link(c, "NOR-1"), {"other_worker", "other_manager"}),
    "practice:link_type": ("post", lambda c: person_link(c, "NOR-1"), {"other_worker", "other_manager"}),
    "practice:story_new": ("get", lambda c: {"pk": c.people["NOR-1"].pk}, {"other_worker", "other_manager"}),
    "practice:story": ("get", lambda c: person_story(c, "NOR-1"), {"other_worker", "other_manager"}),
}
# Shared with the team: still only its own worker changes or deletes it.
OTHER_PERSON |= {
    "directory:contact_edit": ("get", lambda c: worker_contact(c, shared=True), {"worker"}),
    "directory:contact_delete": ("post", lambda c: worker_contact(c, shared=True), {"worker"}),
}
# A step that is the worker's to take: the person sees it but cannot tick it.
WORKER_STEP = {
    "practice:action_toggle": (
        "post",
        lambda c: {"pk": c.practice["worker_action"].pk},
        {"manager", "worker"},
    )
}
# A person in the worker's organisation but not on their caseload: the manager only.
UNASSIGNED_PERSON = {
    "practice:person": ("get", lambda c: {"pk": c.people["HAR-2"].pk}, {"manager"}),
    "practice:link_move": ("post", lambda c: person_link(c, "HAR-2"), {"manager"}),
    "practice:story": ("get", lambda c: person_story(c, "HAR-2"), {"manager"}),
}


def admin_rule(name: str, cast: Cast) -> tuple[str, dict[str, Any], set[str]]:
    """The admin site is for administrators only; a few of its URLs are special."""
    action = name.split(":", 1)[1]
    if action == "login":
        return "get", {}, EVERYONE
    if action == "logout":
        return "post", {}, EVERYONE  # signing out is harmless; non-staff are sent to the index
    if action in ("autocomplete", "view_on_site"):
        # autocomplete needs query parameters; view_on_site needs get_absolute_url, which no model has.
        kwargs = {"content_type_id": 1, "object_id": "1"} if action == "view_on_site" else {}
        return "get", kwargs, NOBODY
    if action == "app_list":
        return "get", {"app_label": "accounts"}, ADMIN
    if action in ("index", "password_change", "password_change_done", "jsi18n"):
        return "get", {}, ADMIN
    if action.endswith("_password_change"):
        return "get", {"id": str(cast.users["worker"].pk)}, ADMIN
    app_model, _, view = action.rpartition("_")
    objects = {
        "accounts_user": cast.users["worker"].pk,
        "accounts_organisation": cast.orgs["harbourside"].pk,
    }

    objects["audit_auditentry"] = AuditEntry.objects.order_by("id").first().pk
    kwargs = {"object_id": str(objects[app_model])} if view in ("change", "delete", "history") else {}
    if app_model == "audit_auditentry" and view in ("add", "delete"):
        return "get", kwargs, NOBODY  # the audit trail cannot be added to or deleted from by hand
    return "get", kwargs, ADMIN


def outcome(response: HttpResponse) -> str:
    if response.status_code in (200, 400):  # 400: let in, but the empty form was refused
        return "allowed"
    if response.status_code == 302:
        location = response["Location"]
        return "denied" if "/login/" in location else "allowed"
    if response.status_code in (403, 404, 405):
        return "denied"
    return f"unexpected {response.status_code}"


def check(cast: Cast, name: str, method: str, kwargs: dict[str, Any], allowed: set[str]) -> list[str]:
    url = reverse(name, kwargs=kwargs)
    problems = []
    for actor in ACTORS:
        # Each request runs in a savepoint rolled back afterwards, so a POST by one actor
        # (publishing, deleting) does not change what the next actor finds.
        with transaction.atomic():
            response = getattr(cast.client(actor), method)(url)
            transaction.set_rollback(True)
        expected = "allowed" if actor in allowed else "denied"
        got = outcome(response)
        if got != expected:
            problems.append(
                f"{actor} {method.upper()} {url}: expected {expected}, got {got} ({response.status_code})"
            )
    return problems


def test_every_url_has_an_entry() -> None:
    names = all_url_names()
    missing = [n for n in names if n not in MATRIX and not n.startswith("admin:")]
    assert not missing, f"URLs with no permission-matrix entry: {missing}"
    stale = [n for n in MATRIX if n not in names]
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"
    assert len(names) > len(MATRIX)  # the admin site's URLs are walked too


@pytest.mark.parametrize("name", [n for n in all_url_names() if not n.startswith("admin:")])
def test_project_url(cast: Cast, name: str) -> None:
    method, kwargs, allowed = MATRIX[name]
    problems = check(cast, name, method, kwargs(cast), allowed)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "table",
    [DRAFT_MATRIX, OTHER_PERSON, UNASSIGNED_PERSON, OTHER_TEAM, WORKER_STEP],
    ids=["draft", "other-org-person", "unassigned-person", "other-team-fieldwork", "worker-step"],
)
def test_object_level_access(cast: Cast, table: dict[str, tuple[str, Kwargs, set[str]]]) -> None:
    problems = []
    for name, (method, kwargs, allowed) in table.items():
        problems += check(cast, name, method, kwargs(cast), allowed)
    assert not problems, "\n".join(problems)


def test_admin_site_urls(cast: Cast) -> None:
    problems = []
    for name in [n for n in all_url_names() if n.startswith("admin:")]:
        method, kwargs, allowed = admin_rule(name, cast)
        problems += check(cast, name, method, kwargs, allowed)
    assert not problems, "\n".join(problems)


def test_lists_show_only_what_the_user_may_see(cast: Cast) -> None:
    worker_page = cast.client("worker").get(reverse("practice:people")).content.decode()
    assert "HAR-1" in worker_page and "HAR-2" not in worker_page and "NOR-1" not in worker_page
    manager_page = cast.client("manager").get(reverse("practice:people")).content.decode()
    assert "HAR-1" in manager_page and "HAR-2" in manager_page and "NOR-1" not in manager_page
    other_page = cast.client("other_manager").get(reverse("practice:people")).content.decode()
    assert "NOR-1" in other_page and "HAR-" not in other_page
    versions = cast.client("worker").get(reverse("interventions:home")).content.decode()
    assert ">1.0<" in versions and ">1.1<" not in versions  # drafts are hidden from workers
