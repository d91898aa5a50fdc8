"""The audit trail: written with every change and every view of a person's record, in the same
transaction, never editable, browsable and exportable by administrators only."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from connecting_people.accounts.actions import do_create_user
from connecting_people.accounts.roles import Role
from connecting_people.audit import log
from connecting_people.audit.models import AuditEntry, AuditImmutable
from connecting_people.fieldwork.agreement import do_mark_done, do_start_double_coding
from connecting_people.fieldwork.coding import Passage, do_code_passage
from connecting_people.fieldwork.models import DoubleCoding, Source
from connecting_people.interventions.models import Component
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person, PracticeStory
from connecting_people.practice.stories import do_save_story

from .conftest import PASSWORD, Cast, build_fidelity, build_measures


def entries_for(obj: object) -> list[AuditEntry]:
    """The entries about a model instance, or about (object type, object id)."""
    kind, pk = obj if isinstance(obj, tuple) else (obj._meta.label_lower, str(obj.pk))  # type: ignore[attr-defined]
    return list(AuditEntry.objects.filter(object_type=kind, object_id=pk).order_by("id"))


def test_create_update_delete_and_view_are_recorded(cast: Cast) -> None:
    client = cast.client("worker")
    response = client.post(
        reverse("practice:person_new"),
        {
            "reference": "HAR-9",
            "full_name": "Dilys Moor",
            "phone": "01234 567890",
            "workers": [cast.users["worker"].pk],
        },
    )
    person = Person.objects.get(reference="HAR-9")
    assert response.status_code == 302
    created = entries_for(person)[-1]
    assert created.action == "create" and created.actor == cast.users["worker"]
    # Values about a person are sealed with their key: only the field names are in the open.
    assert created.changes == {} and "full_name" in created.fields and "Dilys Moor" not in created.sealed
    assert dict(log.opened([created]))[created]["full_name"] == [None, "Dilys Moor"]
    assert created.organisation_id == cast.orgs["harbourside"].pk

    client.post(
        reverse("practice:person_edit", args=[person.pk]),
        {
            "reference": "HAR-9",
            "full_name": "Dilys Moor",
            "phone": "07000 000000",
            "workers": [cast.users["worker"].pk],
        },
    )
    updated = entries_for(person)[-1]
    assert updated.action == "update" and updated.fields == ["phone"]
    assert dict(log.opened([updated]))[updated] == {"phone": ["01234 567890", "07000 000000"]}

    client.get(reverse("practice:person", args=[person.pk]))
    assert entries_for(person)[-1].action == "view"
    # The individual opening their own record is audited too.
    cast.client("individual").get(reverse("practice:person", args=[cast.people["HAR-1"].pk]))
    viewed = entries_for(cast.people["HAR-1"])[-1]
    assert viewed.action == "view" and viewed.actor == cast.users["individual"]


def _page(cast: Cast, name: str) -> tuple[str, str, object]:
    """A page that shows a person's record or a participant's details: who opens it, its address, and what
    its view is recorded on."""
    practice, person = cast.practice, cast.people["HAR-1"]
    measures = build_measures(cast)
    build_fidelity(cast)
    worker = cast.users["worker"]
    first_map = practice["map"].based_on_id
    source = Source.objects.get(pk=cast.fieldwork["source"])
    pages = {
        "practice:person": ("worker", reverse("practice:person", args=[person.pk]), person),
        "practice:person_edit": ("worker", reverse("practice:person_edit", args=[person.pk]), person),
        "practice:person_erase": ("manager", reverse("practice:person_erase", args=[person.pk]), person),
        "practice:session_new": ("worker", reverse("practice:session_new", args=[person.pk]), person),
        "practice:session": ("worker", reverse("practice:session", args=[practice["session"].pk]), person),
        "practice:goal_new": ("worker", reverse("practice:goal_new", args=[person.pk]), person),
        "practice:goal": ("worker", reverse("practice:goal", args=[practice["goal"].pk]), person),
        "practice:review": ("worker", reverse("practice:review", args=[practice["review"].pk]), person),
        "practice:review_new": ("worker", reverse("practice:review_new", args=[person.pk]), person),
        "practice:story_new": ("worker", reverse("practice:story_new", args=[person.pk]), person),
        "practice:link_new": ("worker", reverse("practice:link_new", args=[person.pk]), person),
        "practice:map_new": ("worker", reverse("practice:map_new", args=[person.pk]), person),
        "practice:map": ("worker", reverse("practice:map", args=[practice["map"].pk]), person),
        "practice:map_png": ("worker", reverse("practice:map_png", args=[practice["map"].pk]), person),
        "practice:map_svg": ("worker", reverse("practice:map_svg", args=[practice["map"].pk]), person),
        "practice:map_compare": (
            "worker",
            reverse("practice:map_compare", args=[practice["map"].pk]) + f"?with={first_map}",
            person,
        ),
        "practice:member": ("worker", reverse("practice:member", args=[practice["member"].pk]), person),
        "measures:person": ("worker", reverse("measures:person", args=[person.pk]), person),
        "measures:fill": (
            "worker",
            reverse("measures:fill", args=[person.pk, measures["instrument"].key, 3]),
            person,
        ),
        "measures:fidelity_person": (
            "manager",
            reverse("measures:fidelity_person", args=[person.pk]),
            person,
        ),
        "measures:fidelity_rate": ("manager", reverse("measures:fidelity_rate", args=[person.pk]), person),
        "measures:fidelity_pair": (
            "manager",
            reverse("measures:fidelity_pair", args=[worker.pk, person.pk]),
            person,
        ),
        "measures:fidelity_profile": (
            "manager",
            reverse("measures:fidelity_profile", args=[worker.pk]),
            ("measures.fidelity_profile", str(worker.pk)),  # a worker's profile: no model of its own
        ),
        "measures:fidelity_my_worker": ("individual", reverse("measures:fidelity_my_worker"), person),
        "fieldwork:source_original": (
            "researcher",
            reverse("fieldwork:source_original", args=[source.pk]),
            source,
        ),
        "fieldwork:participant": (
            "researcher",
            reverse("fieldwork:participant", args=[cast.fieldwork["participant"].pk]),
            cast.fieldwork["participant"],
        ),
        "fieldwork:source": ("researcher", reverse("fieldwork:source", args=[source.pk]), source),
    }
    if name == "practice:story":  # made only for its own test: it needs the person's consent to stories
        story = _story(cast)
        pages[name] = ("worker", reverse("practice:story", args=[story.pk]), story)
    if name == "fieldwork:excerpt_edit":
        excerpt = do_code_passage(
            cast.users["researcher"],
            source,
            Passage(0, 40),
            components=[Component.objects.get(version=cast.published, key="well-being")],
            kind="example",
        )
        pages[name] = ("researcher", reverse("fieldwork:excerpt_edit", args=[excerpt.pk]), source)
    if name == "fieldwork:double_coding":  # the agreement, once both coders are done, is recorded on the pair
        pair = _finished_pair(cast, source)
        pages[name] = ("researcher", reverse("fieldwork:double_coding", args=[source.pk]), pair)
    return pages[name]


def _finished_pair(cast: Cast, source: Source) -> DoubleCoding:
    colleague = do_create_user(
        None,
        password=PASSWORD,
        username="colleague",
        organisation=cast.orgs["fernhill"],
        role=Role.RESEARCHER,
        first_name="Cole",
        last_name="Ashgrove",
    )
    pair = do_start_double_coding(None, source, cast.users["researcher"], colleague)
    do_mark_done(cast.users["researcher"], pair)
    return do_mark_done(colleague, pair)


def _story(cast: Cast) -> PracticeStory:
    """A draft practice story with HAR-1, who agreed to their stories being used."""
    person = cast.people["HAR-1"]
    person.consent_to_story_use = True
    do_save_person(None, person)
    return do_save_story(
        cast.users["worker"], PracticeStory(person=person, what_helped="Going to the choir with a friend.")
    )


AUDITED_PAGES = [
    "practice:person",
    "practice:person_edit",
    "practice:person_erase",
    "practice:session_new",
    "practice:session",
    "practice:goal_new",
    "practice:goal",
    "practice:review",
    "practice:review_new",
    "practice:story_new",
    "practice:story",
    "practice:link_new",
    "practice:map_new",
    "practice:map",
    "practice:map_png",
    "practice:map_svg",
    "practice:map_compare",
    "practice:member",
    "measures:person",
    "measures:fill",
    "measures:fidelity_person",
    "measures:fidelity_rate",
    "measures:fidelity_pair",
    "measures:fidelity_profile",
    "measures:fidelity_my_worker",
    "fieldwork:source",
    "fieldwork:source_original",
    "fieldwork:excerpt_edit",
    "fieldwork:double_coding",
    "fieldwork:participant",
]

# The practice, measures and fieldwork pages that record no view of their own, and why. A new page of those
# areas goes in AUDITED_PAGES or here (`test_every_page_of_practice_measures_and_fieldwork_is_accounted_for`).
NOT_A_VIEW = {
    "practice:people": "the caseload: names and references to choose from; each record opened is audited",
    "practice:person_new": "a blank form: no one's record yet",
    "practice:person_export": "a subject access copy, recorded as an export (test_rights)",
    **dict.fromkeys(
        [
            "practice:action_toggle",
            "practice:link_move",
            "practice:link_stop",
            "practice:link_on_map",
            "practice:link_type",
            "practice:member_new",
            "practice:member_ties",
            "practice:member_delete",
            "practice:member_circle",
            "measures:missed",
            "measures:begin",
            "measures:unschedule",
        ],
        "takes a POST only: a change, audited as one",
    ),
    **dict.fromkeys(
        [
            "measures:schedule",
            "measures:files",
            "measures:organisation",
            "measures:analysis",
            "measures:fidelity_organisation",
        ],
        "the organisation's figures, no one's record",
    ),
    "measures:fidelity_workers": (
        "the workers' ratings, no person supported named; a worker's own profile records its view"
    ),
    "measures:analysis_export": "pseudonymised data, recorded as an export (test_measures_exports)",
    "measures:fidelity_rate_own": "a worker rating their own practice, choosing from their own caseload",
    **dict.fromkeys(
        ["measures:question", "measures:link", "measures:link_question"],
        "the person answering their own questions; each answer is saved as a change",
    ),
    **dict.fromkeys(
        [
            "fieldwork:code",
            "fieldwork:link_speakers",
            "fieldwork:excerpt_delete",
            "fieldwork:double_coding_done",
            "fieldwork:participant_withdraw",
        ],
        "takes a POST only: a change, audited as one",
    ),
    **dict.fromkeys(
        ["fieldwork:home", "fieldwork:coverage", "fieldwork:coverage_csv", "fieldwork:coverage_pdf"],
        "the team's counts of evidence, no one's words or details",
    ),
    **dict.fromkeys(
        ["fieldwork:import", "fieldwork:imports", "fieldwork:import_job", "fieldwork:import_status"],
        "an import's files by name and its progress; each source opened is audited",
    ),
    "fieldwork:exchange": "a REFI-QDA import's preview and report: file, code and coder names",
    **dict.fromkeys(
        ["fieldwork:export_qdpx", "fieldwork:export_qdc", "fieldwork:excerpts_csv"],
        "recorded as an export (test_refi, test_coverage)",
    ),
    **dict.fromkeys(
        ["fieldwork:search", "fieldwork:evidence", "fieldwork:cite"],
        "passages from many sources, by pseudonym, as search results; each source opened is audited",
    ),
    "fieldwork:sources": "the team's sources by title; each source opened is audited",
    "fieldwork:agreement": "who double-codes which source, and how far; each agreement read is audited",
    **dict.fromkeys(
        [
            "fieldwork:sites",
            "fieldwork:site",
            "fieldwork:site_edit",
            "fieldwork:site_new",
            "fieldwork:visit_new",
        ],
        "agencies and visits, participants by pseudonym only; each participant opened is audited",
    ),
    **dict.fromkeys(
        ["fieldwork:participant_new", "fieldwork:manifest_template"], "a blank form: no one's details yet"
    ),
}


@pytest.mark.parametrize("name", AUDITED_PAGES)
def test_every_page_of_personal_data_records_its_view(cast: Cast, name: str) -> None:
    actor, url, recorded_on = _page(cast, name)
    before = len(entries_for(recorded_on))
    response = cast.client(actor).get(url)
    assert response.status_code == 200
    views = entries_for(recorded_on)[before:]
    assert [(e.action, e.actor_id) for e in views] == [("view", cast.users[actor].pk)]
    assert views[0].note


def test_every_page_of_practice_measures_and_fieldwork_is_accounted_for() -> None:
    """Each named page of the areas that hold people's records and participants' words records its view or
    says why not, so a page added later cannot show personal data unaudited without someone deciding so."""
    resolver = get_resolver()
    names = {
        f"{area}:{pattern.name}"
        for area in ("practice", "measures", "fieldwork")
        for pattern in resolver.namespace_dict[area][1].url_patterns
    }
    accounted = set(AUDITED_PAGES) | set(NOT_A_VIEW)
    assert names - accounted == set()
    assert accounted - names == set()
    assert set(AUDITED_PAGES) & set(NOT_A_VIEW) == set()


def test_denied_view_writes_nothing(cast: Cast) -> None:
    before = AuditEntry.objects.count()
    response = cast.client("other_worker").get(reverse("practice:person", args=[cast.people["HAR-1"].pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.count() == before


def test_a_failed_change_leaves_no_entry(cast: Cast) -> None:
    before = AuditEntry.objects.count()
    person = Person(reference="HAR-1", full_name="Duplicate reference", organisation=cast.orgs["harbourside"])
    with pytest.raises(Exception, match="(?i)unique"):
        do_save_person(cast.users["worker"], person)
    assert AuditEntry.objects.count() == before
    assert not Person.objects.filter(full_name="Duplicate reference").exists()


def test_entries_cannot_be_changed_or_deleted(cast: Cast) -> None:
    entry = AuditEntry.objects.first()
    entry.note = "tampered"
    with pytest.raises(AuditImmutable):
        entry.save()
    with pytest.raises(AuditImmutable):
        entry.delete()
    with pytest.raises(AuditImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(note="tampered")
    with pytest.raises(AuditImmutable):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).note != "tampered"


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        log.record(None, "view", object_type="practice.person", object_id="1")
    assert AuditEntry.objects.count() == 0


def test_admin_filters_and_exports(cast: Cast) -> None:
    cast.client("worker").get(reverse("practice:person", args=[cast.people["HAR-1"].pk]))
    # Administrators read their own organisation's entries: Harbourside's, not Fernhill's administrator.
    fernhill = (
        cast.client("admin")
        .get(reverse("audit:list"), {"action": "view", "actor": "worker"})
        .content.decode()
    )
    assert f"practice.person #{cast.people['HAR-1'].pk}" not in fernhill
    client = Client()
    client.force_login(
        do_create_user(
            None,
            password=PASSWORD,
            username="harbour_admin",
            role=Role.ADMINISTRATOR,
            organisation=cast.orgs["harbourside"],
        )
    )
    page = client.get(reverse("audit:list"), {"action": "view", "actor": "worker"}).content.decode()
    assert f"practice.person #{cast.people['HAR-1'].pk}" in page
    assert "interventions.component" not in page
    response = client.get(reverse("audit:export"), {"action": "view"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["when", "who", "action"]
    assert len(rows) == 2 and rows[1][2] == "view" and rows[1][3] == "practice.person"
    bad = client.get(reverse("audit:list"), {"date_from": "31/12/2026", "date_to": "01/01/2026"})
    assert "after the" in bad.content.decode()


def test_audit_list_query_count_does_not_grow(cast: Cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("admin")
    client.get(reverse("audit:list"))  # warm the session
    with django_assert_max_num_queries(6):
        client.get(reverse("audit:list"))
    with transaction.atomic():
        for _ in range(120):
            log.record(None, "view", cast.people["HAR-1"])
    with django_assert_max_num_queries(6):
        client.get(reverse("audit:list"))


def test_caseload_query_count_does_not_grow(cast: Cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("manager")
    client.get(reverse("practice:people"))
    with django_assert_max_num_queries(8):
        client.get(reverse("practice:people"))
    for n in range(40):
        do_save_person(
            None,
            Person(reference=f"HAR-X{n}", full_name=f"Person {n}", organisation=cast.orgs["harbourside"]),
            [cast.users["worker"]],
        )
    with django_assert_max_num_queries(8):
        client.get(reverse("practice:people"))
