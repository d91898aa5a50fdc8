"""Finding opportunities in the organisation's own directory with a person (issue 15): each filter, the
cards, suggesting to someone on the caseload, pagination with pinned query counts, and nobody reaching
another organisation's directory or person."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from connecting_people.accounts.models import Organisation
from connecting_people.community.actions import do_import_directory
from connecting_people.community.models import Service
from connecting_people.practice.models import CommunityLink

from .conftest import Cast
from .test_community import directory_tables, uid, write_package

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def load(owner: Organisation, tmp_path: Path, services: int = 3) -> None:
    """The test directory, with a second place in another area (Quay Rooms, ZC4) for the odd-numbered
    services and no cost for service 1 (so it is free)."""
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
    assert names(find(cast, cost="free")) == ["Community choir 1"]
    assert names(find(cast, cost="paid")) == ["Allotment group 0", "Allotment group 2"]
    assert names(find(cast, access="Hearing loop in the main room")) == [
        "Allotment group 0",
        "Allotment group 2",
    ]
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
    assert "Hearing loop in the main room" in text and "Not checked yet" in text
    assert "Free" in _text(find(cast, words="choir"))
    assert f'<option value="{garden}">Gardening</option>' in find(cast)  # terms by their names


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


def test_pages_of_twelve_cost_the_same_queries(cast: Cast, tmp_path: Path, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    load(cast.orgs["harbourside"], tmp_path, services=30)
    person = cast.people["HAR-1"]
    client = cast.client("worker")
    client.get(reverse("directory:find"))
    first = client.get(reverse("directory:find"), {"person": person.pk})
    assert len(names(first.content.decode())) == 12 and "Page 1 of 3" in first.content.decode()
    last = client.get(reverse("directory:find"), {"person": person.pk, "page": 3}).content.decode()
    assert len(names(last)) == 6 and "Previous" in last
    # user, accessibility values, count, page, 7 prefetches, the people and terms to choose from
    with django_assert_num_queries(13):
        client.get(reverse("directory:find"), {"page": 2})
    # ... and the person chosen, the audit entry of the view (in a savepoint), their links on the page
    with django_assert_num_queries(18):
        client.get(reverse("directory:find"), {"person": person.pk, "day": "TU"})
