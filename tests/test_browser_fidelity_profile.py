"""In Debian's Chromium, on a desktop and a phone: a worker opens their work with a person, rates their own
practice with them and reads the fidelity profile beside the gold standard (the chart on screen, the
table alternative, the gold standard's procedure); the person supported rates their worker in plain
words on their phone. axe-core finds no serious problem and nothing is wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from connecting_people.measures.actions import do_load_fidelity_scale
from connecting_people.measures.models import FidelityRating

from .conftest import ARTIFACTS, MEASURES_DATA, Cast, axe_problems, guide_with_drafts, sign_in

pytestmark = pytest.mark.browser

SIZES = [(1280, 900, "desktop"), (390, 844, "phone")]


def _check(page: Any, name: str, width: int, size: str, problems: list[str]) -> None:
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"{name} at {width}px is wider than the screen")
    problems.extend(axe_problems(page, f"{name} at {width}px"))
    page.screenshot(path=str(ARTIFACTS / f"fidelity-profile-{name}-{size}.png"), full_page=True)


def _rate(page: Any, answers: list[str]) -> None:
    for n, label in enumerate(answers, start=1):
        page.locator("fieldset").filter(
            has=page.locator("legend", has_text=re.compile(rf"^{n}\. "))
        ).get_by_label(label).check()


def test_a_worker_rates_their_own_practice_and_reads_their_profile(
    browser, live_server, live_cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    guide_with_drafts(live_cast)
    do_load_fidelity_scale(
        None, live_cast.orgs["harbourside"], (MEASURES_DATA / "fidelity_scale.yaml").read_text()
    )
    person = live_cast.people["HAR-1"]
    problems: list[str] = []
    for (width, height, size), first in zip(SIZES, ["3: Mostly", "1: A little"], strict=True):
        context = browser.new_context(
            viewport={"width": width, "height": height}, bypass_csp=True, is_mobile=size == "phone"
        )
        page = context.new_page()
        sign_in(page, live_server, "worker")
        page.goto(f"{live_server.url}/people/{person.pk}/")
        page.get_by_role("link", name="How closely our work follows the model").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("with HAR-1")
        page.get_by_role("link", name="Rate your own practice").click()
        expect(page.get_by_label("With HAR-1")).to_be_checked()
        _check(page, "rate", width, size, problems)
        _rate(page, [first] + ["2: Partly"] * 6 + ["Not rated"])
        page.get_by_role("button", name="Save my rating").click()
        expect(page.get_by_text("Saved your rating of your own practice.")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "How closely your practice follows the model"
        )
        # The chart that fits the screen is the one shown, with the same figures in the table.
        chart = page.locator("#fidelity-profile" if size == "desktop" else "#fidelity-profile-narrow")
        expect(chart).to_be_visible()
        expect(chart.locator("title").first).to_contain_text("beside the gold standard")
        expect(page.get_by_role("cell", name="5 of 5 (100%): Exemplary")).to_be_visible()
        page.get_by_text("What the gold standard does on these components").click()
        expect(page.get_by_text("Every new member is welcomed at the door by a member.")).to_be_visible()
        _check(page, "profile", width, size, problems)
        context.close()
    # Build a relationship: 3 and then 1 (mean 2, 50% of 0–4), against the gold standard's 100%.
    assert sorted(r.score for r in FidelityRating.objects.filter(rater_role="worker")) == ["13/7", "15/7"]

    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server, "individual")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_role("link", name="How is it going with your worker?").click()
    expect(
        page.get_by_text("My worker helps me find groups, places and people outside services.")
    ).to_be_visible()
    _rate(page, ["Always", "Mostly", "Sometimes", "Always", "Always", "Mostly", "I don't know", "Mostly"])
    page.get_by_role("button", name="Send my answers").click()
    expect(
        page.get_by_text("Thank you. Your worker and their manager can see what you said.")
    ).to_be_visible()
    page.get_by_text("about Wil").click()
    _check(page, "person", 390, "phone", problems)
    context.close()
    assert not problems, "\n".join(problems)
    assert FidelityRating.objects.get(rater_role="person").score == "23/7"
