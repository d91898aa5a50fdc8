"""In Chromium, at desktop and phone sizes: a researcher writes a section's furniture with its live
preview, picks a printable tool, and reads the completeness page; axe finds nothing, nothing scrolls
sideways, and screenshots are kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, Cast, axe_problems, build_guide, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_a_researcher_writes_furniture_and_reads_what_is_missing(
    browser, live_server, live_cast: Cast, width: int
) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    objects = build_guide(live_cast)
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/guide/work/sections/{objects['section'].pk}/")
    page.get_by_label("Pitfalls (Markdown)").fill("Filling the first meetings with **forms**.")
    expect(page.locator("#pitfalls-preview strong")).to_have_text("forms")
    page.get_by_label("Tips (Markdown)").fill("Meet somewhere the person feels at ease.")
    page.get_by_label("Network map").check()
    assert axe_problems(page, "section furniture") == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"guide-furniture-{width}.png"), full_page=True)
    page.get_by_role("button", name="Save the section").click()
    expect(page.locator(".messages")).to_contain_text("Saved “Build a relationship”")
    objects["section"].refresh_from_db()
    assert objects["section"].tools == ["network-map"] and "forms" in objects["section"].pitfalls
    page.get_by_role("link", name="What every section still lacks").click()
    main = page.locator("main")
    expect(main).to_contain_text("0 of 28 sections have every part")
    row = page.get_by_role("row", name="Build a relationship")
    expect(row).to_contain_text("Network map")
    expect(row).to_contain_text(
        "Introduction, what good looks like, in practice, questions to reflect on, examples"
    )
    assert axe_problems(page, "completeness") == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"guide-completeness-{width}.png"), full_page=True)
    context.close()
