"""The agencies' network (issue 15): partners tied by working on the same activity, brokers by betweenness
among partners (checked against a hand-worked example), reliance from the links the team made to a
partner's groups and the people it referred, the drawing with its title, description and table, and the
change between two dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.community.models import Organization, Service
from connecting_people.partnerships.actions import do_save_activity, do_save_partner
from connecting_people.partnerships.models import CoProduction, Partner
from connecting_people.partnerships.network import AgencyNetwork, PartnerPoint, compare, density, measures
from connecting_people.partnerships.network_data import agency_network
from connecting_people.practice.actions import do_save_person, do_suggest_link
from connecting_people.practice.models import Person

from .conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_partner_between_two_others_is_the_broker() -> None:
    # A - B - C, and D alone: B lies on the only path between A and C (1 of the 3 pairs of the others).
    points = tuple(
        PartnerPoint(k, k.upper(), "Voluntary", workers=w)
        for k, w in [("a", 0), ("b", 1), ("c", 2), ("d", 0)]
    )
    network = AgencyNetwork(dt.date(2026, 1, 1), "Us", points, (("a", "b"), ("b", "c")), team=4)
    found = {m.partner.key: m for m in measures(network)}
    assert found["b"].betweenness == pytest.approx(1 / 3) and found["b"].is_broker
    assert found["a"].betweenness == 0 and not found["a"].is_broker
    assert [m.partner.key for m in measures(network)][:2] == ["b", "c"]  # broker first, then most relied on
    assert found["c"].reliance == 0.5 and found["d"].ties == 0
    assert density(network) == pytest.approx(2 / 6)
    later = AgencyNetwork(
        dt.date(2026, 6, 1), "Us", (*points[:3], PartnerPoint("e", "E", "Faith")), (("a", "b"), ("a", "c"))
    )
    change = compare(network, later)
    assert change.joined == ("E",) and change.left == ("D",)
    assert change.ties_gained == (("A", "C"),) and change.ties_lost == (("B", "C"),)


def _partner(cast: Cast, name: str, since: dt.date, **extra: object) -> Partner:
    return do_save_partner(
        None,
        cast.orgs["harbourside"],
        Partner(name=name, kind="voluntary", since=since, relationships=[], **extra),
    )


def test_the_network_reads_ties_links_and_referrals_from_the_records(cast: Cast) -> None:
    owner = cast.orgs["harbourside"]
    provider = Organization.objects.create(owner=owner, oruk_id="org-1", name="Saltmarsh Trust")
    service = Service.objects.create(
        owner=owner, oruk_id="s-1", organization=provider, name="Walks", status="active"
    )
    trust = _partner(cast, "Saltmarsh Trust", dt.date(2020, 1, 1), directory_organization=provider)
    church = _partner(cast, "St Brannock's Church", dt.date(2020, 1, 1))
    college = _partner(cast, "Quayside College", dt.date(2026, 5, 1))
    _partner(cast, "Old Mill Café", dt.date(2020, 1, 1), ended_on=dt.date(2026, 3, 1))
    for held_on, partners in [
        (dt.date(2025, 6, 1), [trust, church]),
        (dt.date(2026, 6, 1), [church, college]),
    ]:
        activity = CoProduction(
            held_on=held_on, title="Planning", stage="designed", took_part="Workers", decided="x"
        )
        do_save_activity(None, owner, activity, partners)
    do_suggest_link(cast.users["worker"], cast.people["HAR-1"], service=service)
    do_suggest_link(cast.users["manager"], cast.people["HAR-2"], service=service)
    do_save_person(
        None, Person(reference="HAR-9", full_name="Ned Quill", organisation=owner, referred_by=church)
    )

    today = timezone.localdate()
    network = agency_network(owner, today)
    names = {p.key: p for p in network.partners}
    assert {p.name for p in network.partners} == {
        "Saltmarsh Trust",
        "St Brannock's Church",
        "Quayside College",
    }
    assert set(network.ties) == {(f"p{trust.pk}", f"p{church.pk}"), (f"p{church.pk}", f"p{college.pk}")}
    assert (names[f"p{trust.pk}"].links, names[f"p{trust.pk}"].workers) == (2, 2)
    assert names[f"p{church.pk}"].referrals_in == 1 and network.team == 2
    broker = measures(network)[0]
    assert broker.partner.name == "St Brannock's Church" and broker.betweenness == 1.0

    earlier = agency_network(owner, dt.date(2026, 1, 1))
    assert {p.name for p in earlier.partners} == {"Saltmarsh Trust", "St Brannock's Church", "Old Mill Café"}
    assert earlier.ties == ((f"p{trust.pk}", f"p{church.pk}"),)


def test_the_network_page_draws_both_dates_with_a_table(cast: Cast) -> None:
    owner = cast.orgs["harbourside"]
    a, b = (
        _partner(cast, "Saltmarsh Trust", dt.date(2020, 1, 1)),
        _partner(cast, "Quayside College", dt.date(2026, 5, 1)),
    )
    do_save_activity(
        None,
        owner,
        CoProduction(
            held_on=dt.date(2026, 6, 1), title="Fair", stage="delivered", took_part="Workers", decided="x"
        ),
        [a, b],
    )
    response = cast.client("worker").get(
        reverse("partners:network"), {"then": "2026-01-01", "on": "2026-07-01"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        page.count('role="img"') == 2
        and '<title id="agencies-title">' in page
        and '<desc id="agencies-desc">' in page
    )
    assert "On 1 July 2026" in page and "New partners: Quayside College" in page
    assert (
        "New ties: Quayside College with Saltmarsh Trust" in page
        and f"data-key=\"p{b.pk}\" data-mark='new'" in page
    )
    assert re.search(r"<th scope=\"row\">Quayside College</th><td>Voluntary</td><td>1</td>", page)
    bad = cast.client("worker").get(reverse("partners:network"), {"then": "2026-09-01", "on": "2026-07-01"})
    assert bad.status_code == 200 and "Choose a date before the later one" in bad.content.decode()
    nonsense = cast.client("worker").get(
        reverse("partners:network"), {"then": "yesterday", "on": "31/02/2026"}
    )
    assert nonsense.status_code == 200 and "Enter a valid date" in nonsense.content.decode()
    assert "Saltmarsh" not in cast.client("other_manager").get(reverse("partners:network")).content.decode()
