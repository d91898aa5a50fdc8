"""The audit trail: written with every change and every view of a person's record, in the same
transaction, never editable, browsable and exportable by administrators only."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from connecting_people.accounts.actions import do_create_user
from connecting_people.accounts.roles import Role
from connecting_people.audit import log
from connecting_people.audit.models import AuditEntry, AuditImmutable
from connecting_people.fieldwork.models import Source
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person

from .conftest import PASSWORD, Cast


def entries_for(obj: object) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
    )


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


def _page(cast: Cast, name: str) -> tuple[str, object]:
    """A page that shows a person's record or a participant's details, and what its view is recorded on."""
    practice, person = cast.practice, cast.people["HAR-1"]
    first_map = practice["map"].based_on_id
    pages = {
        "person_edit": (reverse("practice:person_edit", args=[person.pk]), person),
        "session_new": (reverse("practice:session_new", args=[person.pk]), person),
        "session": (reverse("practice:session", args=[practice["session"].pk]), person),
        "goal": (reverse("practice:goal", args=[practice["goal"].pk]), person),
        "review": (reverse("practice:review", args=[practice["review"].pk]), person),
        "review_new": (reverse("practice:review_new", args=[person.pk]), person),
        "map": (reverse("practice:map", args=[practice["map"].pk]), person),
        "map_png": (reverse("practice:map_png", args=[practice["map"].pk]), person),
        "map_compare": (
            reverse("practice:map_compare", args=[practice["map"].pk]) + f"?with={first_map}",
            person,
        ),
        "member": (reverse("practice:member", args=[practice["member"].pk]), person),
        "source_original": (
            reverse("fieldwork:source_original", args=[cast.fieldwork["source"]]),
            Source.objects.get(pk=cast.fieldwork["source"]),
        ),
        "participant": (
            reverse("fieldwork:participant", args=[cast.fieldwork["participant"].pk]),
            cast.fieldwork["participant"],
        ),
    }
    return pages[name]


@pytest.mark.parametrize(
    "name",
    [
        "person_edit",
        "session_new",
        "session",
        "goal",
        "review",
        "review_new",
        "map",
        "map_png",
        "map_compare",
        "member",
        "source_original",
        "participant",
    ],
)
def test_every_page_of_personal_data_records_its_view(cast: Cast, name: str) -> None:
    url, recorded_on = _page(cast, name)
    actor = "researcher" if name in ("source_original", "participant") else "worker"
    before = len(entries_for(recorded_on))
    response = cast.client(actor).get(url)
    assert response.status_code == 200
    views = entries_for(recorded_on)[before:]
    assert [(e.action, e.actor_id) for e in views] == [("view", cast.users[actor].pk)]
    assert views[0].note


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
