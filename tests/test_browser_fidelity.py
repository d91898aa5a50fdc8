"""In Debian's Chromium: a supervisor (manager) opens a person's fidelity page from their record, rates the
worker's practice with them at desktop (1280 px) and again on a phone (390 px), and sees each rating's score
and high or low group. axe-core finds no serious problem and no page is wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest

from connecting_people.measures.actions import do_load_fidelity_scale
from connecting_people.measures.models import FidelityRating

from .conftest import ARTIFACTS, MEASURES_DATA, Cast, axe_problems, sign_in

pytestmark = pytest.mark.browser


def _look(page: Any, name: str, width: int, problems: list[str]) -> None:
    page.screenshot(path=str(ARTIFACTS / f"fidelity-{name}-{width}.png"), full_page=True)
    problems.extend(axe_problems(page, f"{name} at {width}px"))
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"{name} at {width}px is wider than the screen")


def _rate(page: Any, ratings: list[str]) -> None:
    for n, label in enumerate(ratings, start=1):
        page.locator("fieldset").filter(
            has=page.locator("legend", has_text=re.compile(rf"^{n}\. "))
        ).get_by_label(label).check()
    page.get_by_role("button", name="Save the rating").click()


def test_a_supervisor_rates_fidelity_at_desktop_and_phone_sizes(
    browser, live_server, live_cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    do_load_fidelity_scale(
        None, live_cast.orgs["harbourside"], (MEASURES_DATA / "fidelity_scale.yaml").read_text()
    )
    person = live_cast.people["HAR-1"]
    problems: list[str] = []
    sizes = [({"width": 1280, "height": 900}, False), ({"width": 390, "height": 844}, True)]
    anchors = [
        "3: Mostly",
        "4: Fully",
        "3: Mostly",
        "3: Mostly",
        "4: Fully",
        "3: Mostly",
        "3: Mostly",
        "Not rated",
    ]
    for (viewport, mobile), ratings in zip(sizes, [anchors, ["1: A little"] * 8], strict=True):
        context = browser.new_context(viewport=viewport, bypass_csp=True, is_mobile=mobile)
        page = context.new_page()
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/people/{person.pk}/")
        page.get_by_role("link", name="How closely the work follows the model").click()
        page.get_by_role("link", name="Rate the work").click()
        _look(page, "rate", viewport["width"], problems)
        _rate(page, ratings)
        page.wait_for_url(re.compile(rf"/measures/fidelity/people/{person.pk}/$"))
        _look(page, "profile", viewport["width"], problems)
        page.goto(f"{live_server.url}/measures/change/")
        page.get_by_role("link", name="How closely each worker's practice follows the model").click()
        page.get_by_text("Each statement: the average rating").click()
        _look(page, "workers", viewport["width"], problems)
        context.close()
    assert not problems, "\n".join(problems)
    scores = sorted(r.score_value for r in FidelityRating.objects.all())
    assert [str(s) for s in scores] == ["1", "23/7"]
