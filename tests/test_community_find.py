"""Finding opportunities in the organisation's own directory with a person (issue 15): each filter, the
cards, suggesting to someone on the caseload, pagination with pinned query counts, and nobody reaching
another organisation's directory or person."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from connecting_people.accounts.models import Organisation
from connecting_people.audit.models import AuditEntry
from connecting_people.community.actions import do_import_directory, do_send_check_lists
from connecting_people.community.models import Accessibility, Service
from connecting_people.community.serialise import full_services, service_full
from connecting_people.practice.models import CommunityLink

from .conftest import Cast
from .test_community import directory_tables, uid, write_package

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def load(owner: Organisation, tmp_path: Path, services: int = 3) -> None:
    """The test directory, with a second place in another area (Quay Rooms, ZC4) for the odd-numbered
    services, no cost for service 1 (so it is free), and service 1's schedule given for its place rather
    than for the service (both are how directories write a schedule)."""
    tables = directory_tables(services)
    for row in tables["services.csv"]:
        row["last_modified"] = "2026-10-01T09:30:00Z"
    tables["locations.csv"].append(
        {"id": uid("quay"), "location_type": "physical", "name": "Quay Rooms", "description": ""}
        | {k: "" for k in ("latitude", "longitude", "external_identifier", "external_identifier_type")}
    )
    tables["addresses.csv"].append(
        tables["addresses.csv"][0]
        | {
            "id": uid("quay-address"),
            "location_id": uid("quay"),
            "address_1": "2 Harbour Steps",
            "city": "Carrowmouth",
            "postal_code": "ZC4 1AA",
        }
    )
    for row in tables["service_at_locations.csv"][1::2]:
        row["location_id"] = uid("quay")
    tables["schedules.csv"][1] |= {"service_id": "", "service_at_location_id": uid("sal-1")}
    tables["cost_options.csv"] = [
        r for r in tables["cost_options.csv"] if r["service_id"] != uid("service-1")
    ]
    do_import_directory(None, owner, write_package(tmp_path / f"package-{owner.pk}", tables))


def names(html: str) -> list[str]:
    return re.findall(r'<h3 id="service-\d+-name">([^<]+)</h3>', html)


def find(cast: Cast, actor: str = "worker", **query: Any) -> str:
    response = cast.client(actor).get(reverse("directory:find"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_each_filter_narrows_the_directory(cast: Cast, tmp_path: Path) -> None:
    load(cast.orgs["harbourside"], tmp_path)
    every = ["Allotment group 0", "Allotment group 2", "Community choir 1"]
    assert names(find(cast)) == every
    garden = Service.objects.get(name="Allotment group 0").attributes.get().taxonomy_term_id
    assert names(find(cast, term=garden)) == ["Allotment group 0", "Allotment group 2"]
    assert names(find(cast, words="choir")) == ["Community choir 1"]
    assert names(find(cast, area="ZC4")) == ["Community choir 1"]  # a postcode district
    assert names(find(cast, area="zc4 1aa")) == ["Community choir 1"]  # a whole postcode
    assert names(find(cast, area="ZC41")) == []  # NB4 is not NB40
    assert names(find(cast, area="brightwater")) == ["Allotment group 0", "Allotment group 2"]  # a place
    assert names(find(cast, area="Mill Lane")) == ["Allotment group 0", "Allotment group 2"]
    assert names(find(cast, day="TH")) == ["Community choir 1"]
    assert names(find(cast, day="SU")) == []
    # Time of day: the allotments meet 10:00-12:00, the choir 18:30-20:00 (at its place, not the service).
    assert names(find(cast, time_of_day="morning")) == ["Allotment group 0", "Allotment group 2"]
    assert names(find(cast, time_of_day="evening")) == ["Community choir 1"]
    assert names(find(cast, time_of_day="afternoon")) == []  # closing at 12:00 is not the afternoon
    assert names(find(cast, day="TU", time_of_day="morning")) == ["Allotment group 0", "Allotment group 2"]
    assert names(find(cast, day="TH", time_of_day="morning")) == []  # the same schedule, not any two
    assert "Select a valid choice" in find(cast, time_of_day="midnight")
    assert names(find(cast, cost="free")) == ["Community choir 1"]
    assert names(find(cast, cost="paid")) == ["Allotment group 0", "Allotment group 2"]
    assert names(find(cast, access="Hearing loop")) == [  # its HSDS 3.0 description
        "Allotment group 0",
        "Allotment group 2",
    ]
    # A row kept before both namings were filled, with the UK profile's `accessibility` alone, is offered
    # and found by that.
    Accessibility.objects.update(description="")
    assert '<option value="Hearing loop in the main room">' in find(cast)
    assert len(names(find(cast, access="Hearing loop in the main room"))) == 2
    Accessibility.objects.update(description="Hearing loop")
    assert names(find(cast, term=garden, day="TU", area="BW1", cost="paid")) == [
        "Allotment group 0",
        "Allotment group 2",
    ]
    Service.objects.filter(name="Allotment group 2").update(status="inactive")
    assert names(find(cast, term=garden)) == ["Allotment group 0"]  # only what runs

    text = _text(find(cast, words="Allotment group 0"))
    assert "Tuesdays, 10:00 to 12:00 (Tuesdays 10:00-12:00, term time)" in text
    assert "Mill Lane Hall, 12 Mill Lane, Brightwater, BW1 2AB" in text
    assert "£2.50 (Tea and biscuits)" in text and "Gardening, Ages 18 and over" in text
    assert "Hearing loop" in text and "Not checked yet" in text
    assert "Free" in _text(find(cast, words="choir"))
    assert f'<option value="{garden}">Gardening</option>' in find(cast)  # terms by their names


def test_words_are_found_in_names_and_descriptions_in_any_case(cast: Cast, tmp_path: Path) -> None:
    load(cast.orgs["harbourside"], tmp_path)
    Service.objects.filter(name="Allotment group 2").update(description="Seed swaps and a shared greenhouse")
    assert names(find(cast, words="GREENHOUSE")) == ["Allotment group 2"]  # in the description
    assert names(find(cast, words="Choir")) == ["Community choir 1"]  # in the name
    assert names(find(cast, words="all welcome")) == ["Allotment group 0", "Community choir 1"]
    assert names(find(cast, words="ir")) == ["Community choir 1"]  # shorter than a trigram
    assert names(find(cast, words="orchestra")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes are PostgreSQL's")
def test_the_trigram_indexes_serve_the_words_filter_on_postgresql(cast: Cast, tmp_path: Path) -> None:
    """Migration community 0004's indexes are on the very expressions Django writes for `icontains`."""
    load(cast.orgs["harbourside"], tmp_path)
    with connection.cursor() as cursor:  # three services are otherwise read whole, index or not
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    words = Q(name__icontains="choir") | Q(description__icontains="choir")
    plan = Service.objects.filter(words).explain()
    assert "service_name_trgm" in plan and "service_description_trgm" in plan, plan


def test_a_directory_is_its_own_organisations_only(cast: Cast, tmp_path: Path) -> None:
    load(cast.orgs["northbridge"], tmp_path)
    assert names(find(cast)) == [] and "0 opportunities" in _text(find(cast))
    assert len(names(find(cast, "other_worker"))) == 3
    for actor in ("individual", "admin", "researcher", "reviewer"):
        assert cast.client(actor).get(reverse("directory:find")).status_code == 403, actor
    service = Service.objects.filter(owner=cast.orgs["northbridge"]).first()
    person = cast.people["HAR-1"]
    response = cast.client("worker").post(
        reverse("directory:suggest", args=[service.pk]), {"person": person.pk}
    )
    assert response.status_code == 404 and not CommunityLink.objects.exists()


def test_suggesting_to_someone_on_the_caseload(cast: Cast, tmp_path: Path) -> None:
    load(cast.orgs["harbourside"], tmp_path)
    person = cast.people["HAR-1"]
    choir = Service.objects.get(name="Community choir 1")
    page = find(cast, person=person.pk, day="TH")
    assert "Finding with Alys Penrose (HAR-1)" in _text(page) and "Suggest to Alys Penrose" in page
    client = cast.client("worker")
    response = client.post(
        reverse("directory:suggest", args=[choir.pk]),
        {"person": person.pk, "back": f"person={person.pk}&day=TH&page=9"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/community/find/?person={person.pk}&day=TH#service-{choir.pk}"
    link = CommunityLink.objects.get(person=person)
    assert (link.service, link.name, link.state, link.created_by) == (
        choir,
        "Community choir 1",
        "suggested",
        cast.users["worker"],
    )
    assert [s.state for s in link.steps.all()] == ["suggested"]
    page = _text(find(cast, person=person.pk, day="TH"))
    assert "Suggested One of Alys Penrose’s links." in page and "Suggest to" not in page
    client.post(reverse("directory:suggest", args=[choir.pk]), {"person": person.pk})
    assert CommunityLink.objects.filter(person=person).count() == 1  # not twice
    assert "Community choir 1 Suggested" in _text(
        client.get(reverse("practice:person", args=[person.pk])).content.decode()
    )

    # Someone not on the worker's caseload: not in the choice, and a 404 when posted.
    assert "HAR-2" not in find(cast) and "NOR-1" not in find(cast)
    for other in ("HAR-2", "NOR-1"):
        response = client.post(
            reverse("directory:suggest", args=[choir.pk]), {"person": cast.people[other].pk}
        )
        assert response.status_code == 404
    assert "is not one of the available choices" in find(cast, person=cast.people["NOR-1"].pk)
    assert not CommunityLink.objects.exclude(person=person).exists()
    # The manager sees the whole organisation's people.
    assert "HAR-2" in find(cast, "manager")
    # Once a worker has said what type of opportunity an entry is, later suggestions of it say the same.
    assert link.opportunity_type == ""
    client.post(reverse("practice:link_type", args=[link.pk]), {"opportunity_type": "group"})
    cast.client("manager").post(
        reverse("directory:suggest", args=[choir.pk]), {"person": cast.people["HAR-2"].pk}
    )
    assert CommunityLink.objects.get(person=cast.people["HAR-2"]).opportunity_type == "group"


def test_pages_of_twelve_cost_the_same_queries(cast: Cast, tmp_path: Path, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    load(cast.orgs["harbourside"], tmp_path, services=30)
    person = cast.people["HAR-1"]
    client = cast.client("worker")
    client.get(reverse("directory:find"))
    first = client.get(reverse("directory:find"), {"person": person.pk})
    assert len(names(first.content.decode())) == 12 and "Page 1 of 3" in first.content.decode()
    last = client.get(reverse("directory:find"), {"person": person.pk, "page": 3}).content.decode()
    assert len(names(last)) == 6 and "Previous" in last
    # user, accessibility values, whether postcodes are loaded, count, page, 7 prefetches, the people and
    # terms to choose from
    with django_assert_num_queries(14):
        client.get(reverse("directory:find"), {"page": 2})
    # ... and the person chosen, the audit entry of the view (in a savepoint), their links on the page
    with django_assert_num_queries(19):
        client.get(reverse("directory:find"), {"person": person.pk, "day": "TU"})


def test_keeping_it_true_in_two_clicks_and_the_weekly_list(cast: Cast, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CPI_DIRECTORY_CHECK_DAYS = 90
    load(cast.orgs["harbourside"], tmp_path)
    first, two, three = Service.objects.order_by("name")
    # Nothing has been checked yet: every card is due a check, and the filter lists them all.
    assert _text(find(cast)).count("Not checked yet Due a check") == 3
    assert len(names(find(cast, due="on"))) == 3
    client = cast.client("worker")
    url = lambda service: reverse("directory:check", args=[service.pk])  # noqa: E731
    # Still running: checked today, by the worker, audited; no longer due.
    response = client.post(url(first), {"finding": "still_running", "back": "day=TH&page=2"})
    assert (
        response.status_code == 302 and response["Location"] == f"/community/find/?day=TH#service-{first.pk}"
    )
    first.refresh_from_db()
    assert first.last_checked_by == cast.users["worker"] and first.last_checked_at is not None
    entry = AuditEntry.objects.get(object_type="community.service", object_id=str(first.pk))
    assert entry.note == "Still running as it says" and "last_checked_at" in entry.changes
    assert names(find(cast, due="on")) == [two.name, three.name]
    # It moved: a notice goes in the entry's alert (which a published directory serves) and the worker's
    # words stay with the team (they may name someone); it is still offered, and listed as due a check
    # until someone checks it.
    client.post(url(two), {"finding": "moved", "note": "Now at the  Quay Rooms, Alys Penrose told me"})
    two.refresh_from_db()
    assert two.alert.startswith("Reported as moved on ") and "Alys" not in two.alert
    assert two.check_note == "Now at the Quay Rooms, Alys Penrose told me"
    assert two.status == "active" and two.last_checked_at is None
    assert two.alert in _text(find(cast)) and "told: Now at the Quay Rooms, Alys Penrose" in _text(find(cast))
    assert "Alys" not in json.dumps(
        service_full(full_services(Service.objects.filter(pk=two.pk)).get())
    )  # what the published API and exports give
    # It stopped running: inactive, so no longer offered or reachable.
    client.post(url(three), {"finding": "stopped"})
    three.refresh_from_db()
    assert three.status == "inactive" and three.alert.startswith("Reported as no longer running on ")
    assert three.name not in names(find(cast))
    assert client.post(url(three), {"finding": "still_running"}).status_code == 404
    # A bad finding records nothing; another organisation's entry and other roles are refused.
    before = AuditEntry.objects.count()
    client.post(url(first), {"finding": "gone to the moon"})
    assert AuditEntry.objects.count() == before
    assert cast.client("other_worker").post(url(first), {"finding": "stopped"}).status_code == 404
    assert cast.client("researcher").post(url(first), {"finding": "stopped"}).status_code == 403
    first.refresh_from_db()
    assert first.status == "active"
    # A check long ago is due again; the weekly job emails the team the list, once per organisation.
    Service.objects.filter(pk=first.pk).update(last_checked_at=timezone.now() - dt.timedelta(days=91))
    for name in ("worker", "manager", "other_worker"):
        cast.users[name].email = f"{name}@example.org"
        cast.users[name].save(update_fields=["email"])
    mail.outbox.clear()
    assert do_send_check_lists() == 1  # Northbridge's directory is empty: nothing to send there
    (sent,) = mail.outbox
    assert sent.subject == "2 directory entries to check"
    assert sorted(sent.to) == ["manager@example.org", "worker@example.org"]
    assert (
        f"- {first.name}: last checked " in sent.body and f"- {two.name}: Reported as moved on " in sent.body
    )
    assert three.name not in sent.body and "/community/find/?due=1" in sent.body
