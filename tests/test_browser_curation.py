"""In Chromium, at desktop and phone sizes: a researcher reads why a passage is offered and what is wrong
with it, chooses a researcher's field notes, answers the warning on the chosen example (keeping it, with
a reason), fixes a time stamp by editing the wording, and makes a draft that can be released."""

from __future__ import annotations

import re

import pytest

from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Source
from connecting_people.guide.models import Draft, WarningAnswer

from .conftest import ARTIFACTS, Cast, axe_problems, build_guide, sign_in

pytestmark = pytest.mark.browser
NOTES = "14.30. Back at the café, her worker asked what had helped in the first weeks, and listened."
DRAFT_PAGE = re.compile(r"/guide/drafts/\d+/(#\w+)?$")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_researcher_curates_with_the_warnings(browser, live_server, live_cast: Cast, width: int) -> None:  # type: ignore[no-untyped-def]
    objects = build_guide(live_cast)
    researcher = live_cast.users["researcher"]
    result = import_one(
        researcher,
        live_cast.orgs["fernhill"],
        ImportItem("notes.txt", NOTES.encode, site=objects["sites"]["canal"], kind="field_notes"),
    )
    source = Source.objects.get(pk=result.source_id)
    do_code_passage(
        researcher,
        source,
        locate(source.text, None, None, NOTES),
        components=[objects["component"]],
        kind="example",
    )
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    section_url = f"{live_server.url}/guide/work/sections/{objects['section'].pk}/"
    page.goto(section_url)
    offered = page.locator(".evidence-list > li").filter(has_text="Back at the café")
    text = offered.inner_text()
    assert "Why it is offered:" in text and "matches: " in text and "first" in text
    assert "Must be fixed if chosen: a time stamp “14.30”" in text
    assert "not a participant's voice: from a researcher's field notes" in text
    offered.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"curation-shortlist-{width}.png"), full_page=False)
    assert axe_problems(page, f"the section page at {width}px") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    offered.get_by_role("button", name="Choose this excerpt").click()
    page.wait_for_url(re.compile(r"/guide/work/sections/\d+/$"))
    chosen = page.locator("section.example").filter(has_text="From a researcher's field notes")
    warnings = chosen.get_by_role("group", name=re.compile("Warnings on example"))
    assert "Must be fixed: a time stamp “14.30”" in warnings.inner_text()
    # The notes are kept as they are, with a reason.
    chosen.get_by_label("Keep as it is, because").fill(
        "It shows the first weeks from outside; it says it is notes."
    )
    chosen.get_by_role("button", name="Keep as it is").click()
    page.wait_for_url(re.compile(r"/guide/work/sections/\d+/#example-\d+$"))
    assert "Answered: the example is kept as it is" in page.locator("main").inner_text()
    assert WarningAnswer.objects.get().kind == "not_a_voice"
    chosen = page.locator("section.example").filter(has_text="From a researcher's field notes")
    chosen.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"curation-chosen-{width}.png"), full_page=False)
    assert axe_problems(page, f"the section page with a chosen example at {width}px") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A draft lists what is still open; the time stamp has no "keep" answer.
    page.goto(f"{live_server.url}/guide/work/{objects['guide'].pk}/")
    page.get_by_role("button", name="Make a new draft").click()
    page.wait_for_url(DRAFT_PAGE)
    page.get_by_role("button", name="Release draft 0.1").click()
    page.wait_for_url(DRAFT_PAGE)
    main = page.locator("main").inner_text()
    assert "cannot be released yet: 1 warning on an example is not answered" in main
    assert "No answer keeps this" in main and "Kept as they are (1)" in main
    page.locator("#warnings").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"curation-draft-warnings-{width}.png"), full_page=False)
    assert axe_problems(page, f"the draft's warnings at {width}px") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Fixed by editing the wording: the next draft is released.
    page.get_by_role("link", name="open the example").click()
    field = (
        page.locator("section.example")
        .filter(has_text="From a researcher's field notes")
        .get_by_label("Published wording")
    )
    field.fill(NOTES.removeprefix("14.30. "))
    page.get_by_role("button", name="Save the examples").click()
    page.wait_for_url(re.compile(r"/guide/work/sections/\d+/#chosen$"))
    page.goto(f"{live_server.url}/guide/work/{objects['guide'].pk}/")
    page.get_by_role("button", name="Make a new draft").click()
    page.wait_for_url(DRAFT_PAGE)
    assert "No open warnings on the examples." in page.locator("main").inner_text()
    page.get_by_role("button", name="Release draft 0.2").click()
    page.wait_for_url(DRAFT_PAGE)
    assert Draft.objects.get(number="0.2").released_at is not None
    context.close()
