"""The caseload reads its columns from the person's row, kept by the actions; it pages like Django's
paginator, sorts by its date columns and runs a fixed number of queries however many people it lists."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from connecting_people.practice.actions import do_save_goal, do_save_person, do_save_session
from connecting_people.practice.models import Goal, Person, Session

from .conftest import Cast

D = dt.date


def _row(page: str, reference: str) -> str:
    """The table row of one person, as text."""
    found = re.search(r"<tr>((?:(?!</tr>).)*?>" + re.escape(reference) + r"<.*?)</tr>", page, re.S)
    assert found, reference
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_columns_follow_the_actions(cast: Cast) -> None:
    person, worker = cast.people["HAR-2"], cast.users["manager"]
    client = cast.client("manager")
    url = reverse("practice:people")
    assert "none planned" in _row(client.get(url).content.decode(), "HAR-2")
    today = timezone.localdate()
    soon, later = today + dt.timedelta(days=3), today + dt.timedelta(days=10)
    do_save_session(worker, Session(person=person, date=later, status="planned"), [])
    first = do_save_session(worker, Session(person=person, date=soon, status="planned"), [])
    do_save_session(worker, Session(person=person, date=D(2026, 3, 2), status="held"), [])
    goal = do_save_goal(worker, Goal(person=person, title="Walk", own_words="walk on Sundays"))
    do_save_goal(worker, Goal(person=person, title="Cook", own_words="cook for a friend"))
    row = _row(client.get(url).content.decode(), "HAR-2")
    assert f"02/03/2026 {soon:%d/%m/%Y}" in row and " 2 " in row  # last contact, next session, open goals
    # Held, the planned session is the last contact and the next one moves on; an achieved goal is not open.
    first.status = "held"
    do_save_session(worker, first, [])
    goal.status = "achieved"
    do_save_goal(worker, goal)
    row = _row(client.get(url).content.decode(), "HAR-2")
    assert f"{soon:%d/%m/%Y} {later:%d/%m/%Y} 1 " in row
    # A planned session whose day has passed stays the next one until it is recorded as held or cancelled.
    Session.objects.filter(person=person, date=later).update(date=today - dt.timedelta(days=1))
    do_save_session(worker, Session(person=person, date=D(2026, 1, 1), status="cancelled"), [])
    assert "(not yet recorded)" in _row(client.get(url).content.decode(), "HAR-2")


def test_caseload_pages_and_clamps_like_the_paginator(cast: Cast) -> None:
    harbourside = cast.orgs["harbourside"]
    for n in range(118):
        do_save_person(
            None, Person(reference=f"HAR-P{n:03d}", full_name=f"Paged {n}", organisation=harbourside), []
        )
    client = cast.client("manager")
    url = reverse("practice:people")
    # 120 people in the organisation: 50, 50, 20
    first, third = client.get(url).content.decode(), client.get(url + "?page=3").content.decode()
    assert "Page 1 of 3" in first and "HAR-1<" in first and "HAR-P047" in first and "HAR-P048" not in first
    assert "Page 3 of 3" in third and "HAR-P117" in third and "HAR-P097" not in third and "HAR-P098" in third
    assert "Page 3 of 3" in client.get(url + "?page=99").content.decode()  # past the end: the last page
    assert "Page 1 of 3" in client.get(url + "?page=nonsense").content.decode()


def test_caseload_sorts_by_its_date_columns(cast: Cast) -> None:
    worker = cast.users["manager"]
    harbourside = cast.orgs["harbourside"]
    for n, (last, due) in enumerate([(D(2026, 5, 1), D(2027, 3, 1)), (D(2026, 2, 1), D(2027, 1, 1))]):
        person = do_save_person(
            None, Person(reference=f"HAR-S{n}", full_name=f"Sorted {n}", organisation=harbourside), []
        )
        do_save_session(worker, Session(person=person, date=last, status="held"), [])
        person.consent_to_work_on, person.review_every_weeks = due - dt.timedelta(weeks=12), 12
        do_save_person(worker, person)
    client = cast.client("manager")
    url = reverse("practice:people")

    def order(sort: str) -> list[str]:
        page = client.get(url, {"sort": sort}).content.decode()
        return [r for r in re.findall(r'class="small">(HAR-[^<]+)<', page) if r.startswith("HAR-S")]

    assert order("reference") == ["HAR-S0", "HAR-S1"]
    assert order("last_contact") == ["HAR-S1", "HAR-S0"]
    assert order("review_due") == ["HAR-S1", "HAR-S0"]
    assert order("nonsense") == ["HAR-S0", "HAR-S1"]  # an unknown sort is the reference's
    page = client.get(url, {"sort": "review_due"}).content.decode()
    assert 'aria-sort="ascending">Review due' in page


def test_caseload_shows_only_who_is_due_when_asked(cast: Cast) -> None:
    """The start page's "all of them" links open the caseload showing only those with something due."""
    manager, harbourside = cast.users["manager"], cast.orgs["harbourside"]
    today = timezone.localdate()
    for reference, review_in_days in (("HAR-D0", -3), ("HAR-D1", 10), ("HAR-D2", 60)):
        person = do_save_person(
            None, Person(reference=reference, full_name=reference, organisation=harbourside), []
        )
        person.consent_to_work_on = today + dt.timedelta(days=review_in_days) - dt.timedelta(weeks=12)
        person.review_every_weeks = 12
        do_save_person(manager, person)
    client = cast.client("manager")

    def shown(show: str) -> list[str]:
        page = client.get(reverse("practice:people"), {"show": show, "sort": "review_due"}).content.decode()
        return [r for r in re.findall(r'class="small">(HAR-[^<]+)<', page) if r.startswith("HAR-D")]

    assert shown("everyone") == ["HAR-D0", "HAR-D1", "HAR-D2"]
    assert shown("review_due") == ["HAR-D0", "HAR-D1"]  # overdue, and due within the fortnight
    assert shown("nonsense") == shown("everyone")
    page = client.get(reverse("practice:people"), {"show": "session_due"}).content.decode()
    assert "No one has a session planned this week or waiting to be recorded." in page
    assert 'href="?page=' not in page and 'aria-current="true">session this week or not recorded' in page


def test_caseload_query_count_is_fixed(cast: Cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("manager")
    url = reverse("practice:people")
    client.get(url)  # the session is in the cache from now on
    # The user, the count, one page of people with the components reached, their workers.
    with django_assert_num_queries(4):
        client.get(url)
    for n in range(60):
        person = do_save_person(
            None,
            Person(reference=f"HAR-X{n:02d}", full_name=f"Person {n}", organisation=cast.orgs["harbourside"]),
            [cast.users["worker"]],
        )
        do_save_session(cast.users["worker"], Session(person=person, date=D(2026, 3, 1)), [])
    for query in ("", "?page=2", "?sort=review_due&page=2", "?show=everyone&sort=next_session&page=2"):
        with django_assert_num_queries(4):
            assert client.get(url + query).status_code == 200
    worker = cast.client("worker")
    with django_assert_num_queries(4):
        page = worker.get(url).content.decode()
    assert "HAR-1" in page and "HAR-2" not in page and "HAR-X59" not in page and "Page 1 of 2" in page


def test_record_ids_the_database_cannot_hold_are_not_found(cast: Cast) -> None:
    client = cast.client("worker")
    for pk in ("99999999999999999999", "9223372036854775808", "0"):
        assert client.get(f"/people/{pk}/").status_code == 404
    assert client.get(reverse("practice:person", args=[cast.people["HAR-1"].pk])).status_code == 200
