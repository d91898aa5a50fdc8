"""In Debian's Chromium: the manager agrees to send the organisation's practice stories to the research
team that asked; a worker writes a story with a person who consented, saves it as a draft, opens it again
from the person's record and sends it to the research team, at a desktop size (1366 px) and on a phone
(390 px). axe-core finds no serious problem and no page is wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest

from connecting_people.fieldwork.actions import do_save_site
from connecting_people.fieldwork.models import Source
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import PracticeStory

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in

pytestmark = pytest.mark.browser


def _look(page: Any, name: str, width: int, problems: list[str]) -> None:
    page.screenshot(path=str(ARTIFACTS / f"story-{name}-{width}.png"), full_page=True)
    problems.extend(axe_problems(page, f"{name} at {width}px"))
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"{name} at {width}px is wider than the screen")


def test_a_worker_writes_and_sends_a_story_at_desktop_and_phone_sizes(
    browser, live_server, live_cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    site = live_cast.fieldwork["site"]
    site.practice_organisation = live_cast.orgs["harbourside"]
    do_save_site(None, site)
    person = live_cast.people["HAR-1"]
    person.consent_to_story_use = True
    do_save_person(None, person)
    problems: list[str] = []
    sizes = [({"width": 1366, "height": 900}, False), ({"width": 390, "height": 844}, True)]
    for viewport, mobile in sizes:  # the manager answers on the phone, having looked on the desktop
        width = viewport["width"]
        context = browser.new_context(viewport=viewport, bypass_csp=True, is_mobile=mobile)
        page = context.new_page()
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/partners/")
        page.get_by_role("link", name="Sharing with research").click()
        _look(page, "teams-asking", width, problems)
        if mobile:
            page.get_by_role("button", name="Share with Fernhill Research Unit").click()
            page.get_by_text("You now share with Fernhill Research Unit").wait_for()
            _look(page, "teams-agreed", width, problems)
        context.close()
    for viewport, mobile in sizes:
        width = viewport["width"]
        context = browser.new_context(viewport=viewport, bypass_csp=True, is_mobile=mobile)
        page = context.new_page()
        sign_in(page, live_server, "worker")
        page.goto(f"{live_server.url}/people/{person.pk}/")
        page.get_by_role("link", name="Write a practice story").click()
        _look(page, "form", width, problems)
        page.get_by_label("What helped").fill(f"Going to the choir taster together first ({width}).")
        page.get_by_label("What got in the way").fill("The Sunday buses.")
        page.get_by_label("The person's own words").check()
        page.get_by_role("button", name="Save the draft").click()
        page.wait_for_url(re.compile(rf"/people/{person.pk}/"))
        page.get_by_text("as a draft").wait_for()
        _look(page, "record", width, problems)
        story = PracticeStory.objects.latest("pk")
        page.get_by_role("link", name=f"Practice story {story.pk}").click()
        page.get_by_role("button", name="Send to the research team").click()
        page.get_by_text(f"Sent practice story {story.pk} to 1 research team").wait_for()
        _look(page, "sent", width, problems)
        context.close()
    assert not problems, "\n".join(problems)
    assert [s.status for s in PracticeStory.objects.order_by("pk")] == ["sent", "sent"]
    assert Source.objects.filter(kind="practice_story", team=live_cast.orgs["fernhill"]).count() == 2
