"""In Debian's Chromium, on a desktop and a phone: a worker rates their own practice, shares it with their
supervisors and reads their personal guide; their manager then reads it. axe-core finds no serious
problem and nothing is wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, Cast, axe_problems, guide_with_drafts, sign_in

pytestmark = pytest.mark.browser

SIZES = [(1366, 900, "desktop"), (390, 844, "phone")]


def test_a_worker_rates_shares_and_reads_their_personal_guide(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    guide_with_drafts(live_cast)
    problems: list[str] = []
    for width, height, size in SIZES:

        def check(page, name: str, width: int = width, size: str = size) -> None:  # type: ignore[no-untyped-def]
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} too wide"
            problems.extend(axe_problems(page, f"{name} at {width}px"))
            page.screenshot(path=str(ARTIFACTS / f"working-style-{name}-{size}.png"), full_page=True)

        # bypass_csp only so that the test can inject axe; the pages are served as usual
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, "worker")
        page.goto(f"{live_server.url}/guide/working-style/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your working style")
        # Private until the first pass shares it; the second pass finds it shared.
        state = "Private." if size == "desktop" else "Shared with your supervisors."
        expect(page.locator("#privacy strong")).to_have_text(state)
        page.get_by_label("Your rating for Build a relationship").select_option("2")
        page.get_by_label("Your rating for Get to know the worker").select_option("5")
        page.get_by_role("button", name="Save my ratings").click()
        expect(page.get_by_text("Saved: 2 components rated.")).to_be_visible()
        expect(page.get_by_role("cell", name="3.00 below")).to_be_visible()
        check(page, "ratings")
        page.get_by_label("Share my working style and personal guide with my supervisors (read only)").check()
        page.get_by_role("button", name="Save sharing").click()
        expect(
            page.get_by_text("Shared with your supervisors: they can read it but not change it.")
        ).to_be_visible()
        page.get_by_role("link", name="Read your personal guide").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your personal guide")
        expect(
            page.get_by_role("heading", name="1. Build a relationship 3.00 below the gold standard")
        ).to_be_visible()
        expect(page.get_by_text("Every new member is welcomed at the door by a member.")).to_be_visible()
        check(page, "guide")
        context.close()

        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/guide/self-assessment/")
        page.get_by_role("link", name="Wil Carden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Working style of Wil Carden")
        expect(page.get_by_text("Wil Carden rated 5 (Exemplary)")).to_be_visible()
        check(page, "shared")
        context.close()
    assert problems == []
