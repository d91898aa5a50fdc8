"""In Debian's Chromium, on a desktop and a phone: a researcher cites the evidence behind a change to a
draft component and finds it beside the change when comparing versions. axe-core finds no serious problem
and nothing is wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from connecting_people.interventions.actions import do_save_component
from connecting_people.interventions.models import Component

from .conftest import ARTIFACTS, Cast, axe_problems, build_guide, sign_in

pytestmark = pytest.mark.browser

SIZES = [(1366, 900, "desktop"), (390, 844, "phone")]


def test_a_researcher_cites_evidence_for_a_change(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    objects = build_guide(live_cast)
    component = Component.objects.get(version=live_cast.draft, key="build-relationship")
    component.summary = "Meet at the same time each week, and remember what matters to the person."
    do_save_component(live_cast.users["researcher"], component)
    quote = objects["excerpts"]["R-W-0"].text
    compare = f"{live_server.url}/model/diff/?a={live_cast.published.pk}&b={live_cast.draft.pk}"
    problems: list[str] = []
    for width, height, size in SIZES:
        # bypass_csp only so that the test can inject axe; the pages are served as usual
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, "researcher")
        page.goto(compare)
        page.get_by_role("link", name="Cite evidence for this change").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Evidence for the change: Build a relationship"
        )
        page.get_by_label(quote, exact=False).check()
        page.get_by_role("button", name="Save the evidence cited").click()
        expect(page.get_by_text("cited for this change.")).to_be_visible()
        for name in ("cite", "diff"):
            if name == "diff":
                page.goto(compare)
                expect(page.locator("#chg-build-relationship ~ .change-evidence")).to_contain_text(quote)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} too wide"
            problems.extend(axe_problems(page, f"{name} at {width}px"))
            page.screenshot(path=str(ARTIFACTS / f"citations-{name}-{size}.png"), full_page=True)
        context.close()
    assert problems == []
