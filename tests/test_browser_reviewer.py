"""In Debian's Chromium, at desktop and phone sizes: a reviewer with only a link opens a section from the
contents, comments on words they select (saved without a reload, the message beside the form), rates with
large buttons by touch and by keyboard, sees what is not rated before confirming the submission; the
researcher then resolves the comment. A reviewer rates all 28 sections of a draft as long as the demo's,
one tap for each whole section on ratings in view as each section opens (on a phone, a bar at the foot of
the screen), and submits in under 40 interactions, counted as the test makes them and as the page receives
them, scrolls included. The bar never hides the focus nor the text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from connecting_people.accounts.models import User
from connecting_people.consult.models import Comment, Rating, Reviewer, Round
from connecting_people.consult.text import section_titles, sections_of
from connecting_people.consult.tokens import digest
from connecting_people.demo.guide_furniture import SECTIONS
from connecting_people.guide.actions import (
    do_choose_example,
    do_make_draft,
    do_save_example,
    do_save_section,
)
from connecting_people.guide.models import Draft

from .conftest import ARTIFACTS, GUIDE_LINES, Cast, axe_problems, guide_with_drafts, sign_in

pytestmark = pytest.mark.browser


def _open_round(
    cast: Cast, title: str, token: str, perspective: str, draft: Draft | None = None
) -> tuple[Round, Reviewer]:
    """A round open now on the guide's released draft (or `draft`), and a reviewer who holds the link
    `token`."""
    objects = guide_with_drafts(cast)
    now = timezone.now()
    round_ = Round.objects.create(
        team=cast.orgs["fernhill"],
        title=title,
        draft=draft or objects["release"],
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


# Counts every pointer press, key press, scroll, finger move and wheel turn the page receives, across the
# pages of the flow (the tab's session storage outlives each navigation), so the count cannot leave out an
# interaction the test made, nor a scroll that Playwright's tap() makes for free to reach a button below
# the fold. Scrolls are also counted on their own, to say so when one happens.
COUNT_ON_THE_PAGE = """
(() => {
  const add = (key) => sessionStorage.setItem(key, String(Number(sessionStorage.getItem(key) || 0) + 1));
  const count = () => add("interactions");
  for (const kind of ["pointerdown", "keydown", "touchmove", "wheel"]) {
    window.addEventListener(kind, count, {capture: true, passive: true});
  }
  window.addEventListener("scroll", () => { count(); add("scrolls"); }, {capture: true, passive: true});
})();
"""


# A link in the text, as a guide's section may have: something above the rating bar that takes the focus.
LINKED = "Find out more in [the guide's glossary](https://example.org/glossary)."
QUOTED = ("R-W", "M-W", "C-W")  # speakers who agreed to be quoted, each heard at some length


def _long_draft(cast: Cast) -> Draft:
    """A draft of the guide whose sections are as long as the demo's (Release 1.0's run from 1,051 to 2,495
    characters, 1,838 on average: several paragraphs and three quotations each). Every section has the
    demo guide's own words for it (its in practice, tips, pitfalls and questions read as part of its
    introduction, with a link) and the words of three quoted speakers, each one's lines together."""
    objects = guide_with_drafts(cast)
    researcher, guide = cast.users["researcher"], objects["guide"]
    for section in guide.sections.select_related("component"):
        words = SECTIONS[section.component.key]
        section.introduction = "\n\n".join(
            (words.introduction, words.in_practice, words.tips, words.pitfalls, words.questions, LINKED)
        )
        section.good_practice = words.good_practice
        do_save_section(researcher, section)
        for speaker in QUOTED:
            excerpt = objects["excerpts"][f"{speaker}-0"]
            example = section.examples.filter(excerpt=excerpt).first() or do_choose_example(
                researcher, section, excerpt
            )
            example.wording = " ".join(GUIDE_LINES[speaker][1])
            do_save_example(researcher, example)
    return do_make_draft(researcher, guide)


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
    round_, reviewer = _open_round(
        live_cast, "Quick round on a draft", token, "worker", _long_draft(live_cast)
    )
    titles = section_titles(round_)
    assert len(titles) == 28 and len(round_.question_keys) == 3  # 84 questions, one at a time
    lengths = [len(s.text) for s in sections_of(round_)]
    assert min(lengths) >= 1_051 and sum(lengths) / len(lengths) >= 1_838  # the demo's shortest and mean
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
        # The ratings are in reach as the section opens, whatever the length of its text: nothing to scroll.
        for choice in ("1", "2", "3", "4", "5", "Not applicable"):
            expect(whole.get_by_role("button", name=choice, exact=True)).to_be_in_viewport(ratio=1)
        expect(
            whole.get_by_role("link", name=re.compile("^(Next section|Check and submit)"))
        ).to_be_in_viewport(ratio=1)
        if phone:  # ... though the text runs on below the fold
            below = page.evaluate("document.querySelector('.review-section').getBoundingClientRect().bottom")
            assert below > height, f"section {number}'s text ends at {below}px"
        if number == 1:
            box = whole.get_by_role("button", name="4", exact=True).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44
            assert not axe_problems(page, f"section 1 at {width}")
            page.screenshot(path=str(ARTIFACTS / f"reviewer-whole-section-{width}.png"), full_page=True)
            page.screenshot(path=str(ARTIFACTS / f"reviewer-whole-section-on-opening-{width}.png"))
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
    assert page.evaluate("sessionStorage.getItem('scrolls')") is None  # not one scroll
    assert made.count == counted_on_the_page == 30  # the start link, 28 sections, the submission
    assert made.count < 40
    # Each whole-section rating was saved by the page's script (no reload), not by the form's fallback.
    assert saves == ["fetch"] * 28
    given = Rating.objects.filter(reviewer=reviewer)
    assert given.count() == 28 * 3 and not given.filter(whole_section=False).exists()
    assert given.filter(value__isnull=True).count() == 3  # the last section: not applicable
    assert Reviewer.objects.get(pk=reviewer.pk).submitted_at is not None
    context.close()


# Each element the focus reaches, as the page lays it out: where it is, where the rating bar is, and
# whether it is one of the bar's own.
FOCUSED = """
() => {
  const el = document.activeElement, bar = document.querySelector(".rating-bar");
  const a = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
  const apart = a.bottom <= b.top || a.top >= b.bottom || a.right <= b.left || a.left >= b.right;
  return {name: (el.textContent || el.name || el.tagName).trim().slice(0, 40), top: a.top, bottom: a.bottom,
          apart: apart, inBar: bar.contains(el), scrollY: window.scrollY, tag: el.tagName,
          viewport: window.innerHeight};
}
"""


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_rating_bar_never_hides_the_focus_nor_the_text(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    """WCAG 2.2, 2.4.11: moving through a long section with the keyboard, no focused element is behind the
    rating bar (on a phone, the bar at the foot of the screen), and focusing the bar's own buttons does
    not move the page; at the end of the section the bar has settled in its place, above the comment form,
    covering nothing."""
    token = "browser-test-token-" + "f" * 24
    round_, _reviewer = _open_round(live_cast, "Keyboard round", token, "worker", _long_draft(live_cast))
    key = section_titles(round_)[4][0]  # Build a relationship: the longest text
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{live_server.url}/consult/r/{token}/sections/{key}/")
    expect(page.get_by_role("link", name="the guide's glossary")).not_to_be_in_viewport()
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
        if seen[-1]["tag"] == "TEXTAREA":
            break
    assert seen[-1]["tag"] == "TEXTAREA", seen
    linked = [f for f in seen if f["name"] == "the guide's glossary"]
    assert linked, seen  # the link in the text took the focus
    for f in seen:
        assert f["top"] >= 0 and f["bottom"] <= f["viewport"], f  # scrolled into view
        assert f["inBar"] or f["apart"], f  # and not behind the bar
    in_bar = [f for f in seen if f["inBar"]]
    assert len(in_bar) == 7 and len({f["scrollY"] for f in in_bar}) == 1  # 1-5, n/a, next: no jumps
    # The hard case: the link already on the screen but under the bar when the focus comes to it from the
    # element before it. The browser leaves an element it can see where it is, unless told to keep it
    # clear of the bar.
    page.get_by_role("link", name="Keyboard round").focus()
    page.evaluate(
        """() => { const r = [...document.querySelectorAll('.review-text a')][0].getBoundingClientRect();
                   window.scrollBy(0, r.bottom - window.innerHeight + 30); }"""
    )
    page.keyboard.press("Tab")
    hard = page.evaluate(FOCUSED)
    assert hard["name"] == "the guide's glossary" and hard["apart"] and hard["bottom"] <= hard["viewport"], (
        hard
    )
    page.screenshot(path=str(ARTIFACTS / f"reviewer-bar-focus-{width}.png"))
    # At the end of the page the bar is in its place: below the whole text, above the comment form.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    places = page.evaluate(
        """() => ({text: document.querySelector('.review-section').getBoundingClientRect().bottom,
                  bar: document.querySelector('.rating-bar').getBoundingClientRect(),
                  comment: document.querySelector('#comment-form').getBoundingClientRect().top})"""
    )
    if width < 500:
        assert places["text"] <= places["bar"]["top"] and places["bar"]["bottom"] <= places["comment"], places
    page.close()


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_reviewer_with_an_account_rates_and_comments_signed_in_from_their_start_page(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    """The reviewer's account opens the round from the start page: the link's pages (progress, comments on
    selected words, the rating bar and on to the next section) with the site's header, signed in."""
    round_, reviewer = _open_round(live_cast, "Round for Ravi", "browser-test-token-" + "a" * 24, "worker")
    User.objects.filter(pk=live_cast.users["reviewer"].pk).update(email=reviewer.email)
    titles = section_titles(round_)
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()  # bypass_csp only so that the test can inject axe
    sign_in(page, live_server, "reviewer")
    rounds = page.get_by_role("region", name="Your consultation rounds")
    expect(rounds).to_contain_text("Round for Ravi")
    page.screenshot(path=str(ARTIFACTS / f"reviewer-account-start-{width}.png"), full_page=True)
    rounds.get_by_role("link", name="Rate and comment on “Round for Ravi”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Round for Ravi")
    assert page.url == f"{live_server.url}/consult/mine/{reviewer.pk}/"
    expect(page.locator("header")).to_contain_text("Sign out")  # signed in: the site's header
    expect(page.locator("main")).to_contain_text(f"0 of {len(titles)} sections rated")
    problems = axe_problems(page, f"contents at {width}")
    page.get_by_role("link", name=f"Start with “{titles[0][1]}”").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(titles[0][1])
    expect(page.locator("main")).to_contain_text(f"Section 1 of {len(titles)}")
    # Words selected in the text, and a comment on them, saved without a reload.
    page.evaluate("window.stillTheSamePage = true")
    passage = page.locator(".review-text p").first
    passage.scroll_into_view_if_needed()
    box = passage.bounding_box()
    page.mouse.move(box["x"] + 1, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(box["x"] + min(box["width"] - 2, 120), box["y"] + 10, steps=5)
    page.mouse.up()
    expect(page.locator("[data-selected]")).to_contain_text("Commenting on: “")
    page.get_by_label("Your comment").fill("Say who arranges this.")
    page.get_by_role("button", name="Save the comment").click()
    expect(page.locator("[data-comment-status]")).to_contain_text("Comment saved")
    expect(page.locator(".comment-list")).to_contain_text("Say who arranges this.")
    assert page.evaluate("window.stillTheSamePage") is True
    # The rating bar: in view, one tap for the whole section, and on to the next section, still signed in.
    page.evaluate("window.scrollTo(0, 0)")
    whole = page.get_by_role("group", name="Rate the whole section")
    expect(whole.get_by_role("button", name="4", exact=True)).to_be_in_viewport(ratio=1)
    problems += axe_problems(page, f"section 1 at {width}")
    page.screenshot(path=str(ARTIFACTS / f"reviewer-account-section-{width}.png"))
    whole.get_by_role("button", name="4", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(titles[1][1])
    assert page.url == f"{live_server.url}/consult/mine/{reviewer.pk}/sections/{titles[1][0]}/"
    expect(page.locator("main")).to_contain_text(f"Saved: “{titles[0][1]}” rated 4 on every question.")
    expect(page.locator("header")).to_contain_text("Sign out")
    page.get_by_role("group", name="Rate the whole section").get_by_role(
        "button", name="Not applicable"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(titles[2][1])
    # Progress on the contents page, and the check before submitting.
    page.get_by_role("link", name="Round for Ravi").first.click()
    expect(page.locator("main")).to_contain_text(f"2 of {len(titles)} sections rated")
    expect(page.get_by_role("link", name=f"Carry on with “{titles[2][1]}”")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"reviewer-account-progress-{width}.png"), full_page=True)
    page.get_by_role("link", name="Check and submit").click()
    expect(page.locator("main")).to_contain_text("You have left 1 comment.")
    expect(page.get_by_role("heading", name=f"{len(titles) - 2} sections not rated")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not problems, problems
    given = Rating.objects.filter(reviewer=reviewer)
    assert given.filter(section=titles[0][0], value=4).count() == len(round_.question_keys)
    assert given.filter(section=titles[1][0], value__isnull=True).count() == len(round_.question_keys)
    assert Comment.objects.get(reviewer=reviewer).text == "Say who arranges this."
    context.close()
