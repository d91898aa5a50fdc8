"""In Debian's Chromium, at desktop and phone sizes: a reviewer with only a link opens a section from the
contents, comments on words they select (saved without a reload, the message beside the form), rates with
large buttons by touch and by keyboard, sees what is not rated before confirming the submission; the
researcher then resolves the comment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from connecting_people.consult.models import Comment, Rating, Reviewer, Round
from connecting_people.consult.text import section_titles
from connecting_people.consult.tokens import digest

from .conftest import ARTIFACTS, Cast, guide_with_drafts, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_reviewer_comments_rates_and_confirms_then_researcher_resolves(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(live_cast)
    now = timezone.now()
    round_ = Round.objects.create(
        team=live_cast.orgs["fernhill"],
        title="First round on draft 0.1",
        draft=objects["release"],
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
    )
    token = "browser-test-token-" + "k" * 24
    reviewer = Reviewer.objects.create(
        round=round_,
        name="Sam Ryder",
        email="sam@example.org",
        perspective="lived_experience",
        token_hash=digest(token),
    )
    sections = len(section_titles(round_))
    page = browser.new_page(viewport={"width": width, "height": height})  # no account
    page.goto(f"{live_server.url}/consult/r/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("First round on draft 0.1")
    expect(page.locator("header")).not_to_contain_text("Sign in")
    expect(page.locator("main")).to_contain_text(f"0 of {sections} sections rated")
    page.get_by_role("link", name="Build a relationship").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Build a relationship")
    page.evaluate("window.stillTheSamePage = true")
    # Select a passage inside the section's text, as a mouse or finger would.
    passage = page.locator(".review-text blockquote p").first
    passage.scroll_into_view_if_needed()
    box = passage.bounding_box()
    line = box["y"] + 10  # the first line of the quotation
    page.mouse.move(box["x"] + 1, line)
    page.mouse.down()
    page.mouse.move(box["x"] + min(box["width"] - 2, 160), line, steps=5)
    page.mouse.up()
    expect(page.locator("[data-selected]")).to_contain_text("Commenting on: “We")
    chosen = page.get_by_label("The words you are commenting on").input_value()
    assert chosen == " ".join(chosen.split()) and chosen in " ".join(passage.text_content().split())
    page.get_by_label("Your comment").fill("A fixed time does not suit shift workers.")
    page.get_by_role("button", name="Save the comment").click()
    status = page.locator("[data-comment-status]")
    expect(status).to_contain_text("Comment saved")
    expect(status).to_be_in_viewport()
    expect(page.locator(".comment-list")).to_contain_text("A fixed time does not suit shift workers.")
    assert page.evaluate("window.stillTheSamePage") is True  # saved without reloading the page
    saved = Comment.objects.get(reviewer=reviewer)
    assert saved.exact == chosen and saved.text == "A fixed time does not suit shift workers."
    # Without selected words: the error appears beside the form, where the reviewer is looking.
    page.get_by_label("Your comment").fill("And another thing.")
    page.get_by_role("button", name="Save the comment").click()
    expect(status).to_contain_text("Select the words you are commenting on first.")
    expect(status).to_be_in_viewport()
    # Ratings: large buttons for a finger, and the keyboard still works.
    clear = page.get_by_role("group", name="Clear").get_by_label("5", exact=True)
    target = clear.bounding_box()
    assert target["width"] >= 44 and target["height"] >= 44
    clear.click()
    expect(page.locator("[data-status]")).to_have_text("Saved.")
    page.get_by_role("group", name="Useful in practice").get_by_label("Not applicable").focus()
    page.keyboard.press("Space")
    expect(page.locator("[data-status]")).to_have_text("Saved.")
    assert dict(Rating.objects.filter(reviewer=reviewer).values_list("question", "value")) == {
        "clear": 5,
        "useful": None,
    }
    page.screenshot(path=str(ARTIFACTS / f"reviewer-section-{width}.png"), full_page=True)
    # Checking before submitting names what is not rated; nothing is sent until the reviewer confirms.
    page.get_by_role("link", name="First round on draft 0.1").click()
    page.get_by_role("link", name="Check and submit").click()
    expect(page.get_by_role("heading", name=f"{sections} sections not rated")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"reviewer-submit-{width}.png"), full_page=True)
    assert Reviewer.objects.get(pk=reviewer.pk).submitted_at is None
    page.get_by_role("button", name=f"Submit with {sections} sections not rated").click()
    expect(page.locator(".messages")).to_contain_text("your response is submitted")
    assert Reviewer.objects.get(pk=reviewer.pk).submitted_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()

    researcher = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(researcher, live_server, "researcher")
    researcher.get_by_role("link", name="Consultation").click()
    researcher.get_by_role("link", name="First round on draft 0.1").click()
    researcher.get_by_role("link", name="Comments").click()
    card = researcher.get_by_role("region", name="Comment 1 on Build a relationship")
    expect(card).to_contain_text("A fixed time does not suit shift workers.")
    card.get_by_label("Status").select_option("not_changed")
    card.get_by_label("Reason if not changed").fill(
        "The guide already says to agree a time that suits the person."
    )
    card.get_by_role("button", name="Save the status").click()
    expect(researcher.locator(".messages")).to_contain_text("Comment marked “not changed”")
    researcher.get_by_role("link", name="First round on draft 0.1").click()
    researcher.get_by_role("link", name="Response to consultation").click()
    expect(researcher.locator("main")).to_contain_text(
        "The guide already says to agree a time that suits the person."
    )
    researcher.close()


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_researcher_copies_a_new_link_that_opens_the_reviewers_page(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(live_cast)
    now = timezone.now()
    round_ = Round.objects.create(
        team=live_cast.orgs["fernhill"],
        title="Second look at draft 0.1",
        draft=objects["release"],
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
    )
    Reviewer.objects.create(
        round=round_,
        name="Sam Ryder",
        email="sam@example.org",
        perspective="worker",
        token_hash=digest("x" * 40),
    )
    context = browser.new_context(
        viewport={"width": width, "height": height}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/consult/rounds/{round_.pk}/")
    page.get_by_role("button", name="Get a new link for Sam Ryder to copy").click()
    expect(page.get_by_role("heading", name="Sam Ryder's new link")).to_be_visible()
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_role("textbox", name="Sam Ryder's new link").input_value()
    page.screenshot(path=str(ARTIFACTS / f"reviewer-new-link-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    reviewer_page = browser.new_page(viewport={"width": width, "height": height})
    reviewer_page.goto(copied.replace("http://127.0.0.1:8000", live_server.url))
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text("Second look at draft 0.1")
    reviewer_page.close()
    context.close()
