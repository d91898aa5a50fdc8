"""In Debian's Chromium, at desktop and phone sizes: a reviewer with only a link opens a section from the
contents, comments on words they select (saved without a reload, the message beside the form), rates with
large buttons by touch and by keyboard, sees what is not rated before confirming the submission; the
researcher then resolves the comment. A reviewer rates all 28 sections of a draft, one tap for each whole
section, and submits in under 40 interactions, counted as the test makes them and as the page receives
them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from connecting_people.consult.models import Comment, Rating, Reviewer, Round
from connecting_people.consult.text import section_titles
from connecting_people.consult.tokens import digest

from .conftest import ARTIFACTS, Cast, axe_problems, guide_with_drafts, sign_in

pytestmark = pytest.mark.browser


def _open_round(cast: Cast, title: str, token: str, perspective: str) -> tuple[Round, Reviewer]:
    """A round open now on the guide's released draft, and a reviewer who holds the link `token`."""
    objects = guide_with_drafts(cast)
    now = timezone.now()
    round_ = Round.objects.create(
        team=cast.orgs["fernhill"],
        title=title,
        draft=objects["release"],
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
    )
    reviewer = Reviewer.objects.create(
        round=round_,
        name="Sam Ryder",
        email="sam@example.org",
        perspective=perspective,
        token_hash=digest(token),
    )
    return round_, reviewer


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_reviewer_comments_rates_and_confirms_then_researcher_resolves(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    token = "browser-test-token-" + "k" * 24
    round_, reviewer = _open_round(live_cast, "First round on draft 0.1", token, "lived_experience")
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
    # Ratings question by question, opened below the whole-section buttons: large buttons for a
    # finger, and the keyboard still works.
    page.get_by_text("Rate each question on its own").click()
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
    round_, _ = _open_round(live_cast, "Second look at draft 0.1", "x" * 40, "worker")
    context = browser.new_context(
        viewport={"width": width, "height": height}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/consult/rounds/{round_.pk}/")
    page.get_by_role("button", name="Get a new link for Sam Ryder to copy").click()
    expect(page.get_by_role("heading", name="Sam Ryder's new link")).to_be_visible()
    page.bring_to_front()  # the clipboard answers the page that has the focus
    page.wait_for_function("document.hasFocus()")
    page.get_by_role("button", name="Copy the link").click()
    # The clipboard answers in its own time; on a busy machine that has taken more than five seconds.
    expect(page.locator("[data-copy-status]")).to_have_text("Copied.", timeout=20_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_role("textbox", name="Sam Ryder's new link").input_value()
    page.screenshot(path=str(ARTIFACTS / f"reviewer-new-link-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    reviewer_page = browser.new_page(viewport={"width": width, "height": height})
    reviewer_page.goto(copied.replace("http://127.0.0.1:8000", live_server.url))
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text("Second look at draft 0.1")
    reviewer_page.close()
    context.close()


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_clipboard_that_never_answers_leaves_the_link_selected_to_copy_by_hand(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    round_, _ = _open_round(live_cast, "Second look at draft 0.1", "x" * 40, "worker")
    context = browser.new_context(viewport={"width": width, "height": height})
    # A permission prompt left open: the browser never settles the request.
    context.add_init_script("navigator.clipboard.writeText = () => new Promise(() => {});")
    page = context.new_page()
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/consult/rounds/{round_.pk}/")
    page.get_by_role("button", name="Get a new link for Sam Ryder to copy").click()
    # The page with the new link, loaded: a press before it would land on the page being left.
    expect(page.get_by_role("heading", name="Sam Ryder's new link")).to_be_visible()
    page.bring_to_front()
    page.wait_for_function("document.hasFocus()")
    page.get_by_role("button", name="Copy the link").click()
    # The page waits 3 s for the clipboard; a busy machine (and a page without the focus, whose timers
    # the browser may hold back) can take longer to say so.
    expect(page.locator("[data-copy-status]")).to_have_text("Select the link and copy it.", timeout=20_000)
    link = page.get_by_role("textbox", name="Sam Ryder's new link")
    expect(link).to_be_focused()
    selected = page.evaluate("(f => [f.selectionStart, f.selectionEnd])(document.activeElement)")
    assert selected == [0, len(link.input_value())] and link.input_value().startswith("http")
    context.close()


# Counts every pointer press and key press the page receives, across the pages of the flow (the tab's
# session storage outlives each navigation), so the count cannot leave out an interaction the test made.
COUNT_ON_THE_PAGE = """
(() => {
  const count = () => sessionStorage.setItem("interactions", String(Number(sessionStorage.getItem("interactions") || 0) + 1));
  window.addEventListener("pointerdown", count, true);
  window.addEventListener("keydown", count, true);
})();
"""


class Interactions:
    """The taps (on a phone) or clicks (on a desktop) and key presses the test makes, each counted."""

    def __init__(self, touch: bool) -> None:
        self.touch, self.count = touch, 0

    def press(self, locator) -> None:  # type: ignore[no-untyped-def]
        if self.touch:
            locator.tap()
        else:
            locator.click()
        self.count += 1


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_28_section_draft_is_rated_and_submitted_in_under_40_interactions(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    token = "browser-test-token-" + "q" * 24
    round_, reviewer = _open_round(live_cast, "Quick round on draft 0.1", token, "worker")
    titles = section_titles(round_)
    assert len(titles) == 28 and len(round_.question_keys) == 3  # 84 questions, one at a time
    phone = width < 500
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone, bypass_csp=True
    )  # bypass_csp only so that the test can inject axe
    context.add_init_script(COUNT_ON_THE_PAGE)
    page = context.new_page()
    saves: list[str] = []
    page.on(
        "request",
        lambda r: saves.append(r.resource_type) if r.url.endswith("/rate-section/") else None,
    )
    made = Interactions(touch=phone)
    page.goto(f"{live_server.url}/consult/r/{token}/")  # the link in the invitation
    made.press(page.get_by_role("link", name=f"Start with “{titles[0][1]}”"))
    for number, (_key, title) in enumerate(titles, start=1):
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)
        expect(page.locator("main")).to_contain_text(f"Section {number} of 28")
        whole = page.get_by_role("group", name="Rate the whole section")
        if number == 1:
            box = whole.get_by_role("button", name="4", exact=True).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44
            assert not axe_problems(page, f"section 1 at {width}")
            page.screenshot(path=str(ARTIFACTS / f"reviewer-whole-section-{width}.png"), full_page=True)
        made.press(
            whole.get_by_role("button", name="Not applicable" if number == 28 else str(4 + number % 2))
        )
    # After the last section, the check before submitting: every section rated, nothing named as missing.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and submit")
    expect(page.locator("main")).to_contain_text("28 of 28 sections rated")
    expect(page.locator("main")).to_contain_text("You have rated every section.")
    assert Reviewer.objects.get(pk=reviewer.pk).submitted_at is None
    made.press(page.get_by_role("button", name="Submit my response"))
    expect(page.locator(".messages")).to_contain_text("your response is submitted")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"reviewer-quick-submitted-{width}.png"), full_page=True)

    counted_on_the_page = int(page.evaluate("sessionStorage.getItem('interactions')"))
    assert made.count == counted_on_the_page == 30  # the start link, 28 sections, the submission
    assert made.count < 40
    # Each whole-section rating was saved by the page's script (no reload), not by the form's fallback.
    assert saves == ["fetch"] * 28
    given = Rating.objects.filter(reviewer=reviewer)
    assert given.count() == 28 * 3 and not given.filter(whole_section=False).exists()
    assert given.filter(value__isnull=True).count() == 3  # the last section: not applicable
    assert Reviewer.objects.get(pk=reviewer.pk).submitted_at is not None
    context.close()
