"""The worker's and the person's own fidelity ratings, and the fidelity profile beside the gold standard
(issue 16, "Fidelity"): a worker rates their own practice (overall or with one person), the person
supported rates their worker in plain words from their own account, every rating is audited; the profile
of a worker, of a pair and of the organisation gives each rater's mean per component and the gold
standard's level with the gap, checked against values worked by hand; who sees what is enforced; and the
analysis groups people by the supervisor's ratings only, as the scale says."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Any

import pytest
from django.urls import reverse

from connecting_people.accounts.models import User
from connecting_people.audit.models import AuditEntry
from connecting_people.measures.actions import MeasureError, do_rate_fidelity
from connecting_people.measures.dataset import person_fidelity
from connecting_people.measures.fidelity import FidelityFileError, parse
from connecting_people.measures.models import FidelityRating, RaterRole

from .conftest import Cast, build_fidelity, guide_with_drafts
from .test_fidelity import SMALL

KEYS = [
    "relationship",
    "network-and-strengths",
    "shared-goals",
    "opportunities",
    "introductions",
    "barriers",
    "reviews",
    "moving-on",
]
OCTOBER, NOVEMBER = dt.date(2026, 10, 5), dt.date(2026, 11, 3)


def _items(first: int, rest: int) -> dict[str, str]:
    """The form's fields: the relationship item at `first`, the other seven at `rest`."""
    return {f"item_{k}": str(first if k == "relationship" else rest) for k in KEYS}


def _rated(cast: Cast) -> dict[str, Any]:
    """A supervisor's rating (October), the worker's own overall and with HAR-1 (November), and HAR-1's
    rating of their worker (through the pages, November)."""
    guide_with_drafts(cast)  # the gold standard: build-relationship rated 5 of 5 at one site
    scale = build_fidelity(cast)["scale"]
    worker, person = cast.users["worker"], cast.people["HAR-1"]
    given = {k: 3 if k == "relationship" else 2 for k in KEYS}
    do_rate_fidelity(cast.users["manager"], scale, worker, person, RaterRole.SUPERVISOR, given, OCTOBER)
    client = cast.client("worker")
    url = reverse("measures:fidelity_rate_own")
    overall = client.post(url, {"person": "", "rated_on": "03/11/2026", **_items(4, 3)})
    assert overall.status_code == 302, overall.content.decode()
    paired = client.post(url, {"person": str(person.pk), "rated_on": "03/11/2026", **_items(2, 3)})
    assert paired.status_code == 302
    own = cast.client("individual").post(
        reverse("measures:fidelity_my_worker"), {"worker": str(worker.pk), **_items(4, 4)}
    )
    assert own.status_code == 302
    FidelityRating.objects.filter(rater_role=RaterRole.PERSON).update(rated_on=NOVEMBER)
    return {"scale": scale, "worker": worker, "person": person}


def _cells(page: str, component: str) -> list[str]:
    """The cells of a component's row in the profile's table, as text."""
    row = re.search(rf"<tr>\s*<th scope=\"row\">{component}.*?</tr>", page, re.S)
    assert row, component
    return [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td>(.*?)</td>", row.group(0), re.S)]  # type: ignore[misc]


def test_a_worker_and_the_person_rate_and_the_profile_gives_the_hand_worked_figures(cast: Cast) -> None:
    r = _rated(cast)
    roles = {
        (role, person is not None, score)
        for role, person, score in FidelityRating.objects.values_list("rater_role", "person_id", "score")
    }
    assert roles == set(
        [
            ("supervisor", True, "17/8"),  # (3 + 7 × 2) / 8
            ("worker", False, "25/8"),  # (4 + 7 × 3) / 8
            ("worker", True, "23/8"),  # (2 + 7 × 3) / 8
            ("person", True, "4"),
        ]
    )
    assert AuditEntry.objects.filter(object_type="measures.fidelityrating", action="create").count() == 4

    page = (
        cast.client("worker")
        .get(reverse("measures:fidelity_profile", args=[r["worker"].pk]))
        .content.decode()
    )
    # Build a relationship: the supervisor 3 (75% of 0–4); the worker 4 and 2, mean 3 (75%); the person 4
    # (100%). The gold standard: 5 of 5, 100% of 1–5, so 25% of the scale above the first two.
    cells = _cells(page, "Build a relationship")
    assert " ".join(cells[0]).startswith("3 of 4 (75%) 1 rating · 25% of the scale below the gold standard")
    assert " ".join(cells[1]).startswith("3 of 4 (75%) 2 ratings · 25% of the scale below the gold standard")
    assert " ".join(cells[2]).startswith("4 of 4 (100%) 1 rating · level with the gold standard")
    assert " ".join(cells[3]) == "5 of 5 (100%): Exemplary"
    # A component the study rated no site on: no gold standard, so no gap.
    cells = _cells(page, "Set goals together")
    assert " ".join(cells[0]) == "2 of 4 (50%) 1 rating"
    assert " ".join(cells[3]) == "Not rated in the study yet"
    assert "Every new member is welcomed at the door by a member." in page  # the gold standard's procedure
    # Over time: October the supervisor's 17/8; November the worker's two (25/8 and 23/8, mean 3) and the
    # person's 4.
    months = page.split("<h2>Over time</h2>")[1]
    assert re.search(
        r"October 2026</th><td>2.13 <span class=\"tag\">Low</span></td><td>—</td><td>—</td>", months
    )
    assert (
        'November 2026</th><td>—</td><td>3.00 <strong class="tag">High</strong> <span class="small">(average '
        "of 2)</span></td><td>4.00"
    ) in months
    assert 'role="img"' in page and "Fidelity by component, by who rated it, beside the gold standard" in page
    assert AuditEntry.objects.filter(object_type="measures.fidelity_profile", action="view").count() == 1

    # The pair: only the ratings with HAR-1 (the worker's overall rating is not among them).
    pair = (
        cast.client("worker")
        .get(reverse("measures:fidelity_pair", args=[r["worker"].pk, r["person"].pk]))
        .content.decode()
    )
    cells = _cells(pair, "Build a relationship")
    assert " ".join(cells[1]).startswith("2 of 4 (50%) 1 rating · 50% of the scale below the gold standard")
    assert AuditEntry.objects.filter(action="view", note__startswith="viewed fidelity profile").count() == 1


def test_the_organisation_profile_names_no_one_and_keeps_its_query_count(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    r = _rated(cast)
    manager = cast.client("manager")
    page = manager.get(reverse("measures:fidelity_organisation")).content.decode()
    assert "Wil" not in page and "Carden" not in page and "HAR-1" not in page and "Alys" not in page
    assert "Workers rated, by who rated them: supervisor 1; worker 1; person supported 1." in page
    assert " ".join(_cells(page, "Build a relationship")[1]).startswith("3 of 4 (75%) 2 ratings")
    # The supervisor reads a worker's own profile, self-ratings included.
    worker = cast.users["worker"]
    profile = manager.get(reverse("measures:fidelity_profile", args=[worker.pk]))
    assert profile.status_code == 200 and "Wil Carden" in profile.content.decode()
    # ...and still does, from the list of workers, once the worker has left (the account closed).
    User.objects.filter(pk=worker.pk).update(is_active=False)
    listed = manager.get(reverse("measures:fidelity_workers")).content.decode()
    assert reverse("measures:fidelity_profile", args=[worker.pk]) in listed
    gone = manager.get(reverse("measures:fidelity_profile", args=[worker.pk]))
    assert gone.status_code == 200 and "Wil Carden" in gone.content.decode()
    User.objects.filter(pk=worker.pk).update(is_active=True)
    # More ratings, months apart, cost no more queries.
    for months in range(1, 7):
        do_rate_fidelity(
            worker,
            r["scale"],
            worker,
            None,
            RaterRole.WORKER,
            dict.fromkeys(KEYS, 2),
            OCTOBER.replace(month=months),
        )
    with django_assert_max_num_queries(15):
        manager.get(reverse("measures:fidelity_organisation"))
    own = cast.client("worker")
    own.get(reverse("measures:fidelity_profile", args=[worker.pk]))  # the session's first request
    with django_assert_max_num_queries(18):
        own.get(reverse("measures:fidelity_profile", args=[worker.pk]))


def test_who_sees_what(cast: Cast) -> None:
    r = _rated(cast)
    worker, person = r["worker"], r["person"]
    mine = reverse("measures:fidelity_profile", args=[worker.pk])
    pair = reverse("measures:fidelity_pair", args=[worker.pk, person.pk])
    # Another worker (and another organisation's manager) cannot see this worker's profile or pair.
    for actor in ("other_worker", "other_manager", "individual", "researcher"):
        client = cast.client(actor)
        assert client.get(mine).status_code == 404, actor
        assert client.get(pair).status_code == 404, actor
    # A worker cannot see another worker's profile, even in their own organisation (the manager's).
    manager_pk = cast.users["manager"].pk
    assert (
        cast.client("worker").get(reverse("measures:fidelity_profile", args=[manager_pk])).status_code == 404
    )
    # Only managers see the organisation's profile; only the person supported rates their worker.
    assert cast.client("worker").get(reverse("measures:fidelity_organisation")).status_code == 403
    assert cast.client("worker").get(reverse("measures:fidelity_my_worker")).status_code == 403
    assert cast.client("individual").get(reverse("measures:fidelity_rate_own")).status_code == 403

    # The person sees their own rating of their worker and nothing of the worker's or the supervisor's.
    page = cast.client("individual").get(reverse("measures:fidelity_my_worker")).content.decode()
    before = page.split("What you said before")[1]
    assert before.count("<details") == 1 and "about Wil" in before
    assert "My worker and I know each other well" in before and "Always" in before
    assert "Mostly" not in before and "Sometimes" not in before  # the worker's 3s, the supervisor's 2s
    assert "2.13" not in page and "25/8" not in page


def test_ratings_are_the_raters_own(cast: Cast) -> None:
    r = _rated(cast)
    url = reverse("measures:fidelity_rate_own")
    # A person the worker does not work with is not offered; nothing is saved.
    other = cast.people["HAR-2"]
    before = FidelityRating.objects.count()
    response = cast.client("worker").post(
        url, {"person": str(other.pk), "rated_on": "03/11/2026", **_items(2, 2)}
    )
    assert response.status_code == 400 and FidelityRating.objects.count() == before
    # Too few statements rated: the scale's own rule, with a message.
    response = cast.client("worker").post(
        url, {"person": "", "rated_on": "03/11/2026", "item_relationship": "2"}
    )
    assert response.status_code == 400 and "Rate at least 7 of the 8 items" in response.content.decode()
    # The actions refuse a self-rating made for someone else.
    with pytest.raises(MeasureError, match="only their own practice"):
        do_rate_fidelity(
            cast.users["manager"],
            r["scale"],
            r["worker"],
            None,
            RaterRole.WORKER,
            dict.fromkeys(KEYS, 2),
            NOVEMBER,
        )
    with pytest.raises(MeasureError, match="from their own account"):
        do_rate_fidelity(
            cast.users["worker"],
            r["scale"],
            r["worker"],
            r["person"],
            RaterRole.PERSON,
            dict.fromkeys(KEYS, 2),
            NOVEMBER,
        )
    # The person's page asks in plain words, with the plain anchors.
    page = cast.client("individual").get(reverse("measures:fidelity_my_worker")).content.decode()
    assert "My worker helps me find groups, places and people outside services." in page
    assert "I don&#x27;t know" in page and "The worker looks for groups" not in page


def test_the_groups_come_from_the_supervisor_unless_the_scale_says_otherwise(cast: Cast) -> None:
    r = _rated(cast)
    data = r["scale"].definition()
    assert data.group_by == ("supervisor",)
    person = r["person"].pk
    # The supervisor's 17/8 alone: the worker's 23/8 and the person's 4 would make it (17/8 + 23/8 + 4) / 3.
    assert person_fidelity([r["scale"].pk], {person}, data.group_by) == {person: Fraction(17, 8)}
    assert person_fidelity([r["scale"].pk], {person}, ("supervisor", "worker", "person")) == {
        person: Fraction(17 + 23 + 32, 24)
    }
    page = cast.client("manager").get(reverse("measures:analysis")).content.decode()
    assert "Only ratings by the supervisor count here" in page

    # A scale can say so; a scale the supervisor does not rate must.
    assert parse(
        SMALL.replace("high_from: 1.5}", "high_from: 1.5, group_by: [supervisor, worker]}")
    ).group_by == (
        "supervisor",
        "worker",
    )
    with pytest.raises(FidelityFileError, match="group_by 'person' is not among who rates"):
        parse(SMALL.replace("high_from: 1.5}", "high_from: 1.5, group_by: [person]}"))
    with pytest.raises(FidelityFileError, match="say whose pair ratings make the high and low groups"):
        parse(SMALL.replace("rated_by: [supervisor, worker]", "rated_by: [worker]"))
