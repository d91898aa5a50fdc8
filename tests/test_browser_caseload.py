"""In Debian's Chromium, on a desktop and a phone: a manager sorts the caseload by when reviews are due,
opens a person's page from it and reads their stage and timeline; axe-core finds no serious problem on
either page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from connecting_people.practice.actions import do_save_session
from connecting_people.practice.models import Session

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390, 360])
def test_manager_sorts_the_caseload_and_opens_a_person(
    browser, live_server, live_cast: Cast, width: int
) -> None:  # type: ignore[no-untyped-def]
    person = live_cast.people["HAR-2"]
    do_save_session(
        live_cast.users["manager"],
        Session(person=person, date=timezone.localdate() - dt.timedelta(days=3)),
        [],
    )
    context = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=True
    )  # bypass_csp only so that the test can inject axe; the pages are served as usual
    page = context.new_page()
    sign_in(page, live_server, "manager")
    problems: list[str] = []

    def check(name: str) -> None:
        problems.extend(axe_problems(page, f"{name} at {width}px"))

    page.goto(f"{live_server.url}/people/")
    page.get_by_role("navigation", name="Sort the people").get_by_role("link", name="review due").click()
    page.wait_for_url("**/people/?sort=review_due&show=everyone")
    header = page.get_by_role("columnheader", name="Review due")
    assert header.get_attribute("aria-sort") == "ascending"
    rows = page.get_by_role("region", name="People").get_by_role("row")
    assert rows.count() >= 3  # the header and Harbourside's people
    page.screenshot(path=str(ARTIFACTS / f"caseload-by-review-{width}.png"), full_page=True)
    check("caseload")

    page.get_by_role("link", name=person.preferred_name or person.full_name, exact=True).click()
    page.wait_for_url(f"**/people/{person.pk}/")
    main = page.locator("main").inner_text()
    assert "Worker wheel:" in main and "Individual wheel:" in main
    timeline = page.get_by_role("list", name="Timeline").inner_text()
    assert "· Session" in timeline
    page.screenshot(path=str(ARTIFACTS / f"person-{width}.png"), full_page=True)
    check("person page")
    context.close()
    assert not problems, "\n".join(problems)
