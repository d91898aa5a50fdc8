"""In Debian's Chromium, at a desktop size (1366x900) and a phone size (390x844): a manager adds a partner,
logs a co-produced activity (refused while it names someone, then saved), looks at the agencies' network
and opens the commissioner report for a period; axe-core finds no serious problem on any page and nothing
is wider than the screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from connecting_people.community.models import Organization, Service
from connecting_people.partnerships.models import CoProduction, Partner
from connecting_people.practice.actions import do_move_link, do_suggest_link

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in

pytestmark = pytest.mark.browser

SIZES = [(1366, 900), (390, 844)]


def test_manager_keeps_partners_and_reports_to_a_commissioner(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    owner = live_cast.orgs["harbourside"]
    listed = Organization.objects.create(owner=owner, oruk_id="org-1", name="Saltmarsh Trust")
    walks = Service.objects.create(
        owner=owner, oruk_id="s-1", organization=listed, name="Walks", status="active"
    )
    link = do_suggest_link(live_cast.users["worker"], live_cast.people["HAR-1"], service=walks)
    do_move_link(live_cast.users["worker"], link, "introduced")
    Partner.objects.create(
        organisation=owner, name="Quayside College", kind="statutory", since=dt.date(2024, 1, 1)
    )
    problems: list[str] = []
    for n, (width, height) in enumerate(SIZES):
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, "manager")

        def check(name: str, page=page, width: int = width) -> None:  # type: ignore[no-untyped-def]
            problems.extend(axe_problems(page, f"{name} at {width}px"))
            if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
                problems.append(f"{name} at {width}px is wider than the screen")

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
        page.wait_for_url("**/partners/")
        page.get_by_role("link", name="Add a partner").click()
        name = f"Saltmarsh Trust {n + 1}"
        page.get_by_label("Name of the agency").fill(name)
        page.get_by_label("Kind of agency").select_option(label="Voluntary")
        page.get_by_label("We refer people to them").check()
        page.get_by_label("Co-delivered activity").check()
        page.get_by_label("Named contact").fill("The groups co-ordinator")
        page.get_by_label("Partners since").fill("2024-03-01")
        page.get_by_label("Its entry in your directory").select_option(label="Saltmarsh Trust")
        check("the partner form")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/partners/")
        row = page.get_by_role("row").filter(has_text=name)
        assert "We refer people to them; Co-delivered activity" in row.inner_text()
        assert "1 March 2024" in row.inner_text()
        check("the partners")

        page.get_by_role("navigation", name="Partnerships").get_by_role(
            "link", name="Co-production log"
        ).click()
        page.get_by_role("link", name="Log an activity").click()
        page.get_by_label("Date").fill("2026-05-05")
        page.get_by_label("Title").fill("Harbour clean-up day")
        page.get_by_label("What was done together").select_option(label="Delivered together")
        page.get_by_label(name).check()
        page.get_by_label("Quayside College").check()
        page.get_by_label("Who took part, by role").fill("Alys and two workers")
        page.get_by_label("What was decided").fill("Do it again in the autumn.")
        page.get_by_role("button", name="Save").click()
        summary = page.get_by_role("alert")
        assert "“Alys” looks like a person’s name" in summary.inner_text()
        check("the activity form, refused")
        page.get_by_label("Who took part, by role").fill("Three people who use the service and two workers")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/partners/activities/")
        assert "Harbour clean-up day" in page.locator("main").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"partners-log-{width}.png"), full_page=True)

        page.get_by_role("link", name="Agencies’ network").click()
        page.wait_for_url("**/partners/network/")
        drawing = page.get_by_role("img", name=f"Agencies’ network of {owner.name}", exact=False).first
        expect(drawing).to_be_visible()
        assert f"Quayside College with {name}" in page.locator("main").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"partners-network-{width}.png"), full_page=True)
        check("the agencies' network")

        page.get_by_role("link", name="Commissioner report").click()
        period = page.get_by_role("form", name="The period")
        # Typed as someone in the UK types a date into the browser's date field: day, month, year.
        period.get_by_label("From").focus()
        page.keyboard.type("01012026")
        period.get_by_label("To").focus()
        page.keyboard.type("31122026")
        expect(period.get_by_label("To")).to_have_value("2026-12-31")
        period.get_by_role("button", name="Show").click()
        page.wait_for_url("**/partners/report/?*")
        text = page.locator("main").inner_text()
        assert "1 January 2026 to 31 December 2026" in text and "Harbour clean-up day" in text
        assert "Alys" not in text and "HAR-1" not in text
        expect(page.get_by_role("link", name="Download as PDF")).to_be_visible()
        wide = page.evaluate(
            "Array.from(document.querySelectorAll('main .table-scroll'))"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.getAttribute('aria-labelledby'))"
        )
        assert not wide, f"tables of the report scroll sideways at {width}px: {wide}"
        # A row of counts: on a phone its noughts are left out and its total stays; on a desktop all show.
        group = page.get_by_role("row", name=re.compile("^A group or club"))
        expect(group.get_by_role("cell").last).to_be_visible()
        nought = group.locator("td.nil").first
        if width < 640:
            expect(nought).to_be_hidden()
        else:
            expect(nought).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"partners-report-{width}.png"), full_page=True)
        check("the commissioner report")
        context.close()
    assert CoProduction.objects.count() == 2
    assert not problems, "\n".join(problems)
