"""In Debian's Chromium, on a desktop and a phone: the coverage page's heat map and the consultation
report's summary chart are named images with their tables behind "show", axe-core finds no serious
problem, nothing is wider than the phone, and both pages are a screen or two rather than a wall."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from connecting_people.consult.models import Rating, Reviewer, Round
from connecting_people.consult.text import section_titles
from connecting_people.fieldwork.actions import do_save_participant, do_save_site
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Participant, Site, Source
from connecting_people.interventions.models import Component

from .conftest import ARTIFACTS, CORPUS, Cast, axe_problems, guide_with_drafts, sign_in

pytestmark = pytest.mark.browser

SIZES = [(1366, 900), (390, 844)]


def _evidence(cast: Cast) -> None:
    """The test corpus, coded, and a second site with funders and no evidence yet (gaps to fill)."""
    site = cast.fieldwork["site"]
    worker = do_save_participant(None, Participant(site=site, pseudonym="W1", perspective="worker"))
    individual = do_save_participant(None, Participant(site=site, pseudonym="I1", perspective="individual"))
    funders = do_save_site(
        None, Site(team=cast.orgs["fernhill"], name="Fenwick Trust", region="east", sector="other")
    )
    do_save_participant(None, Participant(site=funders, pseudonym="F1", perspective="funder"))
    people = {"a.txt": [worker], "b.txt": [individual], "c.txt": []}
    researcher = cast.users["researcher"]
    for name, text in CORPUS.items():
        result = import_one(
            researcher,
            cast.orgs["fernhill"],
            ImportItem(name, text.encode, site=site, participants=people[name]),
        )
        source = Source.objects.get(pk=result.source_id)
        for sentence in (s.strip() + "." for s in source.text.split(".") if len(s.strip()) > 20):
            if sentence.split(": ")[-1] in source.text:
                words = sentence.split(": ")[-1]
                for key in ("find-opportunities", "link-and-introduce"):
                    do_code_passage(
                        researcher,
                        source,
                        locate(source.text, None, None, words),
                        components=[Component.objects.get(version=cast.published, key=key)],
                        kind="example",
                    )


def _ratings(cast: Cast) -> Round:
    """Six reviewers rate the first three sections (the third by only two of them); the rest unrated."""
    objects = guide_with_drafts(cast)
    now = timezone.now()
    round_ = Round.objects.create(
        team=cast.orgs["fernhill"],
        title="First round on draft 0.1",
        draft=objects["release"],
        opens_at=now - dt.timedelta(days=10),
        closes_at=now - dt.timedelta(days=1),
    )
    keys = [key for key, _title in section_titles(round_)]
    patterns = {keys[0]: [5, 4, 4, 5, 3, 4], keys[1]: [2, 3, 4, 1, 5, 3], keys[2]: [4, 5]}
    for n in range(6):
        reviewer = Reviewer.objects.create(
            round=round_,
            name=f"Reviewer {n}",
            email=f"r{n}@example.org",
            perspective="worker" if n % 2 else "lived_experience",
            token_hash=f"{n:064d}",
            submitted_at=now - dt.timedelta(days=2),
        )
        for section, values in patterns.items():
            if n < len(values):
                for question in round_.question_keys:
                    Rating.objects.create(
                        reviewer=reviewer, section=section, question=question, value=values[n]
                    )
    return round_


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_coverage_heat_map_and_consultation_bars(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    _evidence(live_cast)
    round_ = _ratings(live_cast)
    size = "desktop" if width > 500 else "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=True
    )  # bypass_csp only so that the test can inject axe; the pages are served as usual
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    problems: list[str] = []

    def check(name: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= max(width, 390), f"{name} too wide"
        problems.extend(axe_problems(page, f"{name} at {width}px"))

    # Coverage: a heat map, not a wall of boxes.
    page.goto(f"{live_server.url}/fieldwork/coverage/")
    chart = page.get_by_role("img", name="Passages of evidence per component and perspective")
    expect(chart).to_be_visible()
    description = page.locator("#coverage-map-desc").text_content() or ""
    assert "28 components in 5 parts" in description
    table = page.get_by_role("region", name="Coverage matrix")
    expect(table).to_be_hidden()
    page.get_by_text("Table of the same figures").click()
    expect(table).to_be_visible()
    expect(
        page.get_by_role("region", name="Coverage matrix").get_by_role("link", name="2").first
    ).to_be_visible()
    page.get_by_text("Table of the same figures").click()
    assert page.locator("ul.where-next").first.locator("li").count() == 5
    expect(page.get_by_text("Show all", exact=False)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"charts-coverage-{size}.png"), full_page=True)
    chart.screenshot(path=str(ARTIFACTS / f"charts-coverage-map-{size}.png"))
    tall = page.evaluate("document.documentElement.scrollHeight")
    # Two and a half screens on a desktop; on a phone the map is drawn at its own size (the page was
    # 14,500 px tall with a box per gap and every gap's suggestions).
    assert tall < (2.5 * height if size == "desktop" else 4500), f"coverage page {tall}px tall"
    check("coverage")
    # By site: the same map with a column per site and the inbox, and no "where next".
    page.goto(f"{live_server.url}/fieldwork/coverage/?by=site")
    expect(page.get_by_role("img", name="Passages of evidence per component and site")).to_be_visible()
    expect(page.get_by_role("heading", name="Where next")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / f"charts-coverage-by-site-{size}.png"), full_page=True)
    check("coverage by site")
    page.goto(f"{live_server.url}/fieldwork/coverage/")
    # A cell leads to the evidence behind it.
    chart.locator("[data-href]").first.click()
    page.wait_for_url("**/fieldwork/evidence/**#from-*")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evidence for")

    # The consultation report: one summary chart, a bar per rated section, "not enough ratings" below
    # the minimum.
    page.goto(f"{live_server.url}/consult/rounds/{round_.pk}/report/")
    summary = page.get_by_role("img", name="Ratings per section, all questions together")
    expect(summary).to_be_visible()
    # Six reviewers on the first two sections, two on the third (the round's minimum is five), none after:
    # three bars, the third short.
    assert summary.locator("g.bar").count() == 3 and summary.locator("g.short").count() == 1
    expect(summary).to_contain_text("n 6: not enough ratings")  # 2 reviewers x 3 questions
    expect(summary).to_contain_text("n 18")
    tags = page.locator(".report-section h3 .tag").all_text_contents()
    assert tags == ["Agreed", "Not agreed"]  # only sections with a verdict get detail
    expect(page.locator("#short")).to_contain_text("fewer than 5 on a question")
    page.screenshot(path=str(ARTIFACTS / f"charts-report-{size}.png"), full_page=True)
    summary.screenshot(path=str(ARTIFACTS / f"charts-report-summary-{size}.png"))
    page.get_by_role("heading", name="Each section with enough ratings").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"charts-report-sections-{size}.png"))
    check("consultation report")
    context.close()
    assert not problems, "\n".join(problems)
