"""In Debian's Chromium at 1280 and 390 px: the response to consultation of a Delphi round (the hand-worked
example of test_consult_report) reads in order (about, summary, detail, movement, themes, changes), its
summary chart is a named image, axe-core finds no serious problem and nothing is wider than the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from connecting_people.consult.models import Round

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in
from .test_consult_report import fully_rated_round, make_rounds

pytestmark = pytest.mark.browser


@pytest.fixture
def live_rounds(live_cast: Cast) -> dict[str, Round]:
    return make_rounds(live_cast)


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_report_reads_in_order_on_a_desktop_and_a_phone(
    browser, live_server, live_rounds: dict[str, Round], width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    size = "desktop" if width > 500 else "phone"
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/consult/rounds/{live_rounds['second'].pk}/report/")
    headings = page.locator("main h2").all_text_contents()
    assert headings == [
        "About this consultation",
        "Summary",
        "Each section with enough ratings",
        "Movement since the round before",
        "Themes from comments",
        "What changed in response",
    ]
    expect(page.get_by_role("img", name="Ratings per section, all questions together")).to_be_visible()
    expect(page.locator("#counts")).to_contain_text("1 was agreed, 1 not agreed")
    expect(page.get_by_role("region", name="Who was invited and who responded")).to_contain_text("Everyone")
    page.get_by_role(
        "heading", name="Build a relationship Agreed"
    ).click()  # its figures are folded under its name
    page.get_by_text("Ratings by perspective").first.click()
    expect(page.get_by_role("region", name="Ratings by perspective for Build a relationship")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the report is too wide"
    problems = axe_problems(page, f"consultation report at {width}px")
    page.screenshot(path=str(ARTIFACTS / f"consult-report-{size}.png"), full_page=True)
    page.get_by_role("heading", name="Movement since the round before").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"consult-report-movement-{size}.png"))
    # The follow-up round nobody has answered yet: one line, no tables or chart.
    page.goto(f"{live_server.url}/consult/rounds/{live_rounds['third'].pk}/report/")
    expect(page.locator("#no-responses")).to_contain_text("No responses yet")
    expect(page.locator("main table")).to_have_count(0)
    problems += axe_problems(page, f"unanswered round's report at {width}px")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_fully_rated_28_section_report_is_pages_not_a_wall(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    """Every section rated by eight reviewers: the summary chart and table stay, and each section's figures
    are folded under one line that sums them up (the page was about 28,000 px tall on a phone with every
    section's tables laid out)."""
    round_ = fully_rated_round(live_cast)
    size = "desktop" if width > 500 else "phone"
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/consult/rounds/{round_.pk}/report/")
    expect(page.get_by_role("img", name="Ratings per section, all questions together")).to_be_visible()
    table = page.get_by_role("region", name="Sections with enough ratings")
    expect(table).to_be_visible()
    table.screenshot(path=str(ARTIFACTS / f"consult-report-fully-rated-table-{size}.png"))
    detail = page.locator("details.report-detail")
    expect(detail).to_have_count(28)
    expect(page.locator("details.report-detail[open]")).to_have_count(0)
    expect(detail.first.locator("summary").first).to_contain_text("Not agreed")
    expect(detail.first.locator("summary").first).to_contain_text("short of 70% on “Clear” (38%)")
    # A folded section opens on its name, to its table.
    folded = detail.nth(1)
    folded.locator(":scope > summary").click()
    expect(folded.get_by_role("region", name=re.compile("^Ratings for "))).to_be_visible()
    folded.locator(":scope > summary").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the report is too wide"
    problems = axe_problems(page, f"fully rated report at {width}px")
    page.screenshot(path=str(ARTIFACTS / f"consult-report-fully-rated-{size}.png"), full_page=True)
    page.get_by_role("heading", name="Each section with enough ratings").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"consult-report-fully-rated-detail-{size}.png"))
    tall = page.evaluate("document.documentElement.scrollHeight")
    # Measured at 9,050 px on a phone and 6,030 on a desktop: the chart, the table scrolling sideways,
    # and 28 folded sections (each section's tables laid out made it about 28,000 px on a phone).
    assert tall < (7_000 if size == "desktop" else 10_500), f"the report is {tall}px tall"
    context.close()
    assert not problems, "\n".join(problems)
