"""In Chromium, at desktop and phone sizes: a researcher makes a draft that quotes a name nobody
registered, answers the question on the draft page by replacing it, makes a new draft and releases it."""

from __future__ import annotations

import re

import pytest

from connecting_people.guide.actions import do_choose_example, do_save_example
from connecting_people.guide.models import Draft, NameQuestion

from .conftest import Cast, build_guide, sign_in

pytestmark = pytest.mark.browser
DRAFT_PAGE = re.compile(r"/guide/drafts/\d+/(#names)?$")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_researcher_answers_a_name_question_and_releases(
    browser, live_server, live_cast: Cast, width: int
) -> None:  # type: ignore[no-untyped-def]
    objects = build_guide(live_cast)
    researcher = live_cast.users["researcher"]
    example = do_choose_example(researcher, objects["section"], objects["excerpts"]["M-W-1"])
    example.wording = "Wren came with me the first time to pottery."
    do_save_example(researcher, example)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/guide/work/{objects['guide'].pk}/")
    page.get_by_role("button", name="Make a new draft").click()
    page.wait_for_url(DRAFT_PAGE)
    assert "looks like someone's name" in page.locator("main").inner_text()
    page.get_by_role("button", name="Release draft 0.1").click()
    page.wait_for_url(DRAFT_PAGE)
    assert "cannot be released yet" in page.locator("main").inner_text()
    field = page.get_by_label("Write instead")
    assert field.is_visible() and field.bounding_box()["width"] <= width
    field.fill("my worker")
    page.get_by_role("button", name="Replace “Wren”").click()
    page.wait_for_url(DRAFT_PAGE)
    assert "replaced by “my worker” in 1 passage" in page.locator("main").inner_text()
    assert NameQuestion.objects.get().answer == "replaced"
    page.goto(f"{live_server.url}/guide/work/{objects['guide'].pk}/")
    page.get_by_role("button", name="Make a new draft").click()
    page.wait_for_url(DRAFT_PAGE)
    assert "passed the anonymisation check" in page.locator("main").inner_text()
    page.get_by_role("button", name="Release draft 0.2").click()
    page.wait_for_url(DRAFT_PAGE)
    assert Draft.objects.get(number="0.2").released_at is not None
    context.close()
