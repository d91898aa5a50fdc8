"""In Debian's Chromium: the person completes a measure on a phone (390 px), one question per screen,
pausing and carrying on, first by their personal link and then on their own account; the worker fills
one in with the person at desktop size and reads the chart; the manager sets the schedule and sees the
change across the organisation. axe-core finds no serious problem and no page is wider than the phone."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from connecting_people.measures.actions import do_complete, do_load_instrument, do_schedule
from connecting_people.measures.models import Completion
from connecting_people.practice.actions import do_save_person

from .conftest import ARTIFACTS, MEASURES_DATA, Cast, axe_problems, sign_in

pytestmark = pytest.mark.browser


def _look(page: Any, name: str, width: int, problems: list[str]) -> None:
    page.screenshot(path=str(ARTIFACTS / f"measures-{name}-{width}.png"), full_page=True)
    problems.extend(axe_problems(page, f"{name} at {width}px"))
    if page.evaluate("document.documentElement.scrollWidth") > max(width, 390):
        problems.append(f"{name} at {width}px is wider than the screen")


def test_the_person_completes_a_measure_on_a_phone_with_pause_and_resume(
    browser, live_server, live_cast: Cast, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CPI_SITE_URL = live_server.url  # the personal link starts with the site's own address
    org = live_cast.orgs["harbourside"]
    check = do_load_instrument(None, org, (MEASURES_DATA / "connections_check.yaml").read_text())[0]
    checklist = do_load_instrument(None, org, (MEASURES_DATA / "resource_checklist.yaml").read_text())[0]
    do_schedule(None, org, check, [3])
    do_schedule(None, org, checklist, [3])
    person = live_cast.people["HAR-1"]
    person.consent_to_work_on = timezone.localdate() - dt.timedelta(days=3)
    do_save_person(None, person)
    problems: list[str] = []

    # The worker gives a personal link for the checklist.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "worker")
    page.get_by_role("link", name=re.compile("Measures with HAR-1")).click()
    _look(page, "worker-due", 1280, problems)
    checklist_row = page.locator(".task").filter(has_text="Who could help?")
    checklist_row.get_by_role("button", name="Give them a link").click()
    link = page.get_by_label("The link").input_value()
    assert link.startswith(f"{live_server.url}/measures/l/")
    _look(page, "link-made", 1280, problems)
    page.goto(f"{live_server.url}/measures/people/{person.pk}/{check.key}/0/fill/")
    _look(page, "fill", 1280, problems)
    context.close()

    # On the phone, by the link: three answers, stop, come back, carry on to the end.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True, is_mobile=True)
    page = phone.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="Who could help? A resource checklist")).to_be_visible()
    _look(page, "link-landing", 390, problems)
    page.get_by_role("link", name="Start").click()
    for n in range(1, 4):
        expect(page.get_by_text(f"Question {n} of 12")).to_be_visible()
        if n == 1:
            _look(page, "question", 390, problems)
        page.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Stop for now").click()
    expect(page.get_by_role("heading", name="Stopped for now")).to_be_visible()
    _look(page, "paused", 390, problems)
    page.goto(link)
    page.get_by_role("link", name=re.compile(r"Carry on \(3 of 12 answered\)")).click()
    expect(page.get_by_text("Question 4 of 12")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_text("Question 3 of 12")).to_be_visible()
    assert page.get_by_label("Yes").is_checked()  # the answer given before the pause
    page.get_by_role("button", name="Next").click()
    # An unanswered Next says what to do.
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Choose an answer, or press “Skip this question”.")).to_be_visible()
    _look(page, "question-error", 390, problems)
    page.get_by_role("button", name="Skip this question").click()
    for _ in range(5, 13):
        page.get_by_label("No", exact=True).check()
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("You answered 11 of 12 questions.")).to_be_visible()
    _look(page, "check", 390, problems)
    page.get_by_role("button", name="Finish and send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    done = Completion.objects.get(instrument=checklist)
    assert done.finished_on is not None and done.scores["total"] == "36/11"  # 3 yes of 11, prorated to 12
    phone.close()

    # On the phone, signed in: the connections check from "My questionnaires".
    phone = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True, is_mobile=True)
    page = phone.new_page()
    sign_in(page, live_server, "individual")
    page.get_by_role("link", name="My questionnaires").first.click()
    _look(page, "own-list", 390, problems)
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Often", exact=True).check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Stop for now").click()
    page.get_by_role("link", name="My questionnaires").last.click()
    page.get_by_role("button", name="Carry on").click()
    expect(page.get_by_text("Question 2 of 6")).to_be_visible()
    for _ in range(2, 7):
        page.get_by_label("Some of the time", exact=True).check()
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Finish and send").click()
    page.get_by_role("link", name="Back to my questionnaires").click()
    assert "There is only one score so far" in page.locator("main").inner_text()
    phone.close()

    # Three months on (as data): the worker and the person see the change.
    do_complete(
        None, person, check, 3, {i.key: 4 for i in check.definition().items}, finished_on=timezone.localdate()
    )
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, "individual")
        page.goto(f"{live_server.url}/measures/people/{person.pk}/")
        assert "At 3 months you scored higher than at the start." in page.locator("main").inner_text()
        _look(page, "own-change", width, problems)
        context.close()
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/measures/people/{person.pk}/")
        _look(page, "staff-person", width, problems)
        done = page.get_by_role("region", name="Measures done")
        assert "Who answered" in done.inner_text()
        if done.evaluate("e => e.scrollWidth > e.clientWidth + 1"):  # a phone shows each row as a block
            problems.append(f"the measures done scroll sideways at {width}px")
        page.goto(f"{live_server.url}/measures/schedule/")
        _look(page, "schedule", width, problems)
        page.goto(f"{live_server.url}/measures/change/")
        assert "n = 1" in page.locator("main").inner_text()
        _look(page, "organisation", width, problems)
        context.close()
    assert not problems, "\n".join(problems)
