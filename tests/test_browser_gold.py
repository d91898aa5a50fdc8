"""In Debian's Chromium, on a desktop and a phone: the gold-standard organisation as the team edits it and
as the public reads it, and a manager's tailored guide with its action plan filled in. axe-core finds no
serious problem and nothing is wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from connecting_people.guide.actions import (
    do_make_draft,
    do_release,
    do_save_gold_profile,
    do_save_journey_stage,
    do_save_self_ratings,
)
from connecting_people.guide.models import GoldProfile, JourneyStage, PlannedAction

from .conftest import ARTIFACTS, Cast, axe_problems, guide_with_drafts, sign_in

pytestmark = pytest.mark.browser

SIZES = [(1280, 900), (390, 844)]


def _gold(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    guide, researcher = objects["guide"], cast.users["researcher"]
    do_save_gold_profile(
        researcher,
        GoldProfile(guide=guide, name="Brookside Links", portrait="A made-up service of nine workers."),
    )
    do_save_journey_stage(
        researcher,
        JourneyStage(guide=guide, title="First meetings", text="A regular time.", position=1),
        [objects["component"]],
    )
    do_release(researcher, do_make_draft(researcher, guide))
    components = {c.key: c for c in guide.version.components.all()}
    do_save_self_ratings(
        cast.users["manager"],
        guide,
        cast.orgs["harbourside"],
        {components["build-relationship"].pk: 2, components["get-to-know-worker"].pk: 5},
    )


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_gold_standard_and_tailored_guide_with_an_action_plan(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    _gold(live_cast)
    size = "desktop" if width > 500 else "phone"
    problems: list[str] = []

    def check(page, name: str) -> None:  # type: ignore[no-untyped-def]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} too wide"
        problems.extend(axe_problems(page, f"{name} at {width}px"))
        page.screenshot(path=str(ARTIFACTS / f"gold-{name}-{size}.png"), full_page=True)

    # bypass_csp only so that the test can inject axe; the pages are served as usual
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/guide/gold-standard.html")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Brookside Links: the gold-standard organisation"
    )
    expect(page.get_by_text("It has a procedure for 1 of the 28 components of the model.")).to_be_visible()
    page.get_by_role("link", name="Build a relationship").last.click()
    expect(page.locator("#gs-build-relationship")).to_be_in_viewport()
    check(page, "public")

    sign_in(page, live_server, "researcher")
    guide = guide_with_drafts(live_cast)["guide"]
    page.goto(f"{live_server.url}/guide/work/{guide.pk}/gold/")
    expect(page.get_by_label("The organisation's name (fictitious)")).to_have_value("Brookside Links")
    expect(page.get_by_role("cell", name="Moorside Hub (5.00, 1, 4)")).to_be_visible()
    check(page, "team")
    context.close()

    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/guide/self-assessment/tailored/")
    expect(page.get_by_role("heading", name="1. Build a relationship")).to_be_visible()
    expect(page.get_by_text("26 of 28 components are not rated yet")).to_be_visible()
    page.get_by_label("The gap it closes").select_option(label="Build a relationship")
    page.get_by_label("Action", exact=True).fill("Offer every new person a fixed weekly time.")
    page.get_by_label("Owner").fill("Team leader")
    page.get_by_label("First step").fill("Ask each worker for their free slots.")
    page.get_by_label("By when").fill("2027-03-01")
    page.get_by_role("button", name="Save the action plan").click()
    expect(page.get_by_text("Action plan saved: 1 action.")).to_be_visible()
    expect(page.get_by_role("group", name="Action 1")).to_be_visible()
    row = PlannedAction.objects.get()
    assert row.owner == "Team leader" and row.due.isoformat() == "2027-03-01"
    check(page, "tailored")
    context.close()
    assert not problems, "\n".join(problems)
