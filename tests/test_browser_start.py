"""In Debian's Chromium, on a desktop and a phone: every role signs in to its start page, a worker and a
researcher search from the header, a researcher opens the agreement overview, and a reviewer with an
account opens a draft from their start page and finds the way back. axe-core finds no serious problem
on any of these pages and none is wider than the phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from connecting_people.accounts.models import User
from connecting_people.consult.models import Reviewer, Round
from connecting_people.consult.tokens import digest
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import DoubleCoding
from connecting_people.guide.actions import do_make_draft
from connecting_people.practice.actions import do_save_action, do_save_session
from connecting_people.practice.models import GoalAction, Session

from .conftest import ARTIFACTS, Cast, axe_problems, build_guide, sign_in

pytestmark = pytest.mark.browser

SIZES = [(1366, 900), (390, 844)]


def _world(cast: Cast) -> dict[str, Any]:
    today = timezone.localdate()
    worker = cast.users["worker"]
    do_save_session(worker, Session(person=cast.people["HAR-1"], date=today, status="planned"), [])
    do_save_action(
        worker,
        GoalAction(
            goal=cast.practice["goal"],
            description="Ring the allotment society about a plot",
            owner="worker",
            due_on=today - dt.timedelta(days=3),
        ),
    )
    colleague = User.objects.create(
        username="colleague", organisation=cast.orgs["fernhill"], role="researcher"
    )
    DoubleCoding.objects.create(
        source_id=cast.fieldwork["source"], coder_a=cast.users["researcher"], coder_b=colleague
    )
    draft = do_make_draft(cast.users["researcher"], build_guide(cast)["guide"])
    # A transcript imported with no site and nobody linked: in the inbox, and waiting for a participant.
    import_one(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        ImportItem("unsorted.txt", lambda: b"Interviewer: Where did you meet?\n\nP9: At the library.\n"),
    )
    User.objects.filter(pk=cast.users["reviewer"].pk).update(email="ravi@example.org")
    now = timezone.now()
    round_ = Round.objects.create(
        team=cast.orgs["fernhill"],
        title="First round on the draft",
        draft=draft,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=9),
    )
    Reviewer.objects.create(
        round=round_, name="Ravi", email="ravi@example.org", perspective="worker", token_hash=digest("t" * 40)
    )
    return {"draft": draft}


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_role_starts_on_its_own_page(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    _world(live_cast)
    problems: list[str] = []

    def look(page: Any, name: str) -> None:
        """Screenshot, axe-core, and the width of the page against the phone's."""
        page.screenshot(path=str(ARTIFACTS / f"start-{name}-{width}.png"), full_page=True)
        problems.extend(axe_problems(page, f"{name} at {width}px"))
        if page.evaluate("document.documentElement.scrollWidth") > max(width, 390):
            problems.append(f"{name} at {width}px is wider than the screen")

    def signed_in(actor: str) -> Any:
        # bypass_csp only so that the test can inject axe; the pages are served as usual
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, actor)  # lands on the start page
        return context, page

    context, page = signed_in("worker")
    main = page.locator("main")
    assert "Ring the allotment society about a plot" in main.inner_text()
    assert page.locator(".task-overdue").filter(has_text="Overdue").count() >= 1
    assert "HAR-2" not in main.inner_text()
    look(page, "worker")
    header = page.get_by_role("banner")
    header.get_by_label("Search this site").fill("har")
    header.get_by_role("button", name="Find").click()
    page.wait_for_url("**/search/?q=har")
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="HAR-1")).to_be_visible()
    look(page, "search-worker")
    context.close()

    context, page = signed_in("manager")
    expect(page.get_by_role("heading", name="Your team's caseloads")).to_be_visible()
    look(page, "manager")
    context.close()

    context, page = signed_in("researcher")
    for heading in (
        "Imports and the inbox",
        "Coverage of the model",
        "Consultation",
        "Agreement (double coding)",
    ):
        expect(page.get_by_role("heading", name=heading, exact=True), heading).to_be_visible()
    look(page, "researcher")
    page.get_by_role("link", name="1 transcript with nobody linked").click()
    expect(page.get_by_role("heading", name="Transcripts with nobody linked", level=1)).to_be_visible()
    expect(page.get_by_label("Only transcripts with nobody linked")).to_be_checked()
    expect(page.get_by_role("region", name="Sources").get_by_role("link")).to_have_text(["Unsorted"])
    look(page, "researcher-nobody-linked")
    page.go_back()
    page.get_by_role("link", name="1 source in the inbox").click()
    expect(page.get_by_role("heading", name="Inbox: sources waiting for a site", level=1)).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Agreement overview").click()
    page.wait_for_url("**/fieldwork/agreement/")
    expect(page.get_by_role("heading", name="Waiting for your coding")).to_be_visible()
    assert page.get_by_role("region", name="Double codings").get_by_role("row").count() == 2
    look(page, "agreement")
    page.get_by_role("banner").get_by_label("Search this site").fill("allotment")
    page.get_by_role("banner").get_by_label("Search this site").press("Enter")
    page.wait_for_url("**/search/?q=allotment")
    expect(page.get_by_role("heading", name="Coded excerpts")).to_be_visible()
    look(page, "search-researcher")
    context.close()

    context, page = signed_in("reviewer")
    expect(page.get_by_role("heading", name="Your consultation rounds")).to_be_visible()
    assert "First round on the draft" in page.locator("main").inner_text()
    look(page, "reviewer")
    page.get_by_role("link", name="Read draft").click()
    page.wait_for_url("**/read/?back=/")
    bar = page.get_by_role("navigation", name="Leave the draft")
    expect(bar).to_be_visible()
    look(page, "draft-reading")
    bar.get_by_role("link", name="Back to your start page").click()
    page.wait_for_url(f"{live_server.url}/")
    context.close()

    for actor in ("individual", "admin"):
        context, page = signed_in(actor)
        look(page, actor)
        context.close()
    assert not problems, "\n".join(problems)
