"""In Debian's Chromium: the coding workbench as a QualCoder or NVivo user expects it. Numbered lines
and speaker labels, a picker that opens at a selection made by dragging the mouse, type-ahead and the
keyboard to choose a component and save, the coding in the margin level with its passage; on a phone
(and on a tablet, by touch), words chosen with a finger open the picker as a sheet along the bottom of
the screen that leaves them in sight, with the same type-ahead, closed by its button or Escape, and
nothing wider than the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in
from .test_workbench import TEXT

pytestmark = pytest.mark.browser


# Where a passage is on the screen: the first and last characters' boxes, found through the text nodes.
WHERE = """([wanted, scroll]) => {
    const body = document.getElementById('source-text');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const index = node.data.indexOf(wanted);
        if (index === -1) continue;
        if (scroll) node.parentElement.scrollIntoView({block: 'center'});  // the mouse works on the screen
        const range = document.createRange();
        range.setStart(node, index); range.setEnd(node, index + 1);
        const first = range.getBoundingClientRect();
        range.setStart(node, index + wanted.length - 1); range.setEnd(node, index + wanted.length);
        const last = range.getBoundingClientRect();
        return {x1: first.left + 1, y1: first.top + first.height / 2, \
x2: last.right - 1, y2: last.top + last.height / 2};
    }
    return null;
}"""


# Choose words as a finger does: the browser's selection is set on the text and `selectionchange`
# follows, as it does while the handles of a touch selection are moved (there is no mouseup).
SELECT = """(wanted) => {
    const body = document.getElementById('source-text');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const index = node.data.indexOf(wanted);
        if (index === -1) continue;
        document.getSelection().setBaseAndExtent(node, index, node, index + wanted.length);
        return true;
    }
    return false;
}"""

SELECTED_BOX = """() => {
    const r = document.getSelection().getRangeAt(0).getBoundingClientRect();
    return {top: r.top, bottom: r.bottom};
}"""


def test_researcher_codes_a_dragged_selection_from_the_picker(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    width, height = 1366, 900
    result = import_one(
        live_cast.users["researcher"],
        live_cast.orgs["fernhill"],
        ImportItem("lido.txt", lambda: TEXT.encode()),
    )
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()  # bypass_csp only so that the test can inject axe
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/sources/{result.source_id}/")
    page.wait_for_load_state("load")
    expect(page.locator("#source-text .line[data-line='4'] .turn-speaker")).to_have_text("Interviewer: ")
    problems = axe_problems(page, f"workbench at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    wanted = "The choir that meets at St Anne's"
    where = page.evaluate(WHERE, [wanted, True])
    page.mouse.move(where["x1"], where["y1"])
    page.mouse.down()
    page.mouse.move(where["x2"], where["y2"], steps=8)
    page.mouse.up()
    expect(page.locator("#code-form [name=end]")).not_to_have_value("")
    assert page.locator("#code-form [name=quote]").input_value() == wanted
    picker = page.locator("#code")
    # The picker opens just under the selection, not a screen away below the text.
    expect(picker).to_have_class("panel picker-open")
    now = page.evaluate(WHERE, [wanted, False])  # the page may have scrolled to show the whole picker
    assert 0 <= picker.bounding_box()["y"] - now["y2"] <= 60
    page.keyboard.press("c")
    expect(page.get_by_label("Find a component")).to_be_focused()
    page.keyboard.type("find opp")
    expect(page.locator(".checkbox:not(.is-filtered-out) input[name=components]")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Worker wheel · Find opportunities")).to_be_checked()
    page.screenshot(path=str(ARTIFACTS / f"workbench-picker-{width}.png"))
    page.keyboard.press("Control+Enter")
    expect(page.locator(".messages")).to_contain_text(f"Coded “{wanted}” to 1 component(s).")
    excerpt = Excerpt.objects.get(source_id=result.source_id)
    assert excerpt.text == wanted and excerpt.speaker == "Resp 1"

    mark = page.locator(f'#source-text mark[data-excerpts~="{excerpt.pk}"]').first
    coding = page.locator(f"#excerpt-{excerpt.pk}")
    expect(page.locator(".code-legend")).to_contain_text("Find opportunities")
    assert abs(coding.bounding_box()["y"] - mark.bounding_box()["y"]) <= 4  # in the margin, level
    mark.click()
    expect(coding).to_have_class("coding code-c0 is-active")
    page.screenshot(path=str(ARTIFACTS / f"workbench-{width}.png"), full_page=True)
    problems += axe_problems(page, f"workbench with a coding at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width,height", [(390, 844), (1024, 768)], ids=["phone", "tablet"])
def test_researcher_codes_words_chosen_by_touch_from_a_sheet(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    result = import_one(
        live_cast.users["researcher"],
        live_cast.orgs["fernhill"],
        ImportItem("lido.txt", lambda: TEXT.encode()),
    )
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=True, is_mobile=width < 800, bypass_csp=True
    )
    page = context.new_page()  # bypass_csp only so that the test can inject axe
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/sources/{result.source_id}/")
    page.wait_for_load_state("load")
    problems = axe_problems(page, f"workbench by touch at {width}px")
    sheet = page.locator("#code")

    # The words sit low on the screen, where the sheet will be; a finger touches them and chooses them.
    wanted = "The choir that meets at St Anne's"
    page.evaluate(
        "(w) => [...document.querySelectorAll('#source-text .line')].find(l => l.textContent.includes(w))"
        ".scrollIntoView({block: 'end'})",
        wanted,
    )
    where = page.evaluate(WHERE, [wanted, False])
    assert where["y2"] > height / 2  # the sheet would cover them where they are
    page.touchscreen.tap(where["x1"] + 4, where["y1"])
    assert page.evaluate(SELECT, wanted)
    expect(sheet).to_have_class(re.compile(r"\bpicker-sheet\b"))
    assert "picker-open" not in (sheet.get_attribute("class") or "")  # not the mouse's picker
    expect(page.locator("#code-form [name=end]")).not_to_have_value("")
    assert page.locator("#code-form [name=quote]").input_value() == wanted
    expect(page.locator("#sheet-quote")).to_have_text(f"“{wanted}”")

    def sheet_box() -> dict[str, float]:
        box = sheet.bounding_box()
        assert box and abs(box["y"] + box["height"] - height) <= 1, box  # along the bottom of the screen
        assert box["width"] == width and box["height"] <= height * 0.6
        return box

    def in_sight(top: float, bottom: float, what: str) -> None:
        assert top >= 0 and bottom <= sheet_box()["y"], f"{what} ({top}-{bottom}) is under the sheet"

    chosen = page.evaluate(SELECTED_BOX)
    in_sight(chosen["top"], chosen["bottom"], "the selected words")  # scrolled up above the sheet
    close = page.get_by_role("button", name="Close the code picker")
    box = close.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44
    for row in page.locator("#code .checkbox").all()[:5]:  # a finger's height for each component
        assert (row.bounding_box() or {"height": 0})["height"] >= 44
    page.screenshot(path=str(ARTIFACTS / f"workbench-sheet-{width}.png"))
    problems += axe_problems(page, f"the code sheet at {width}px")

    # Escape closes it, and so does its button; choosing words again opens it again.
    page.keyboard.press("Escape")
    expect(sheet).not_to_have_class(re.compile(r"\bpicker-sheet\b"))
    page.evaluate("() => document.getSelection().removeAllRanges()")
    assert page.evaluate(SELECT, wanted)
    expect(sheet).to_have_class(re.compile(r"\bpicker-sheet\b"))
    close.tap()
    expect(sheet).not_to_have_class(re.compile(r"\bpicker-sheet\b"))
    page.evaluate("() => document.getSelection().removeAllRanges()")
    assert page.evaluate(SELECT, wanted)
    expect(sheet).to_have_class(re.compile(r"\bpicker-sheet\b"))

    # The same type-ahead as the desktop's picker, over the components in the model's order.
    finder = page.get_by_label("Find a component")
    finder.tap()
    expect(finder).to_be_focused()
    box = finder.bounding_box()
    assert box and box["y"] >= sheet_box()["y"]
    labels = page.locator("#code .checkbox:has(input[name=components])").all_inner_texts()
    assert labels[0].strip().startswith("Pre-requisites") and labels[-1].strip().startswith("Outcomes")
    page.keyboard.type("find opp")
    expect(page.locator(".checkbox:not(.is-filtered-out) input[name=components]")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Worker wheel · Find opportunities")).to_be_checked()
    # Whatever takes focus next on the page is scrolled clear of the sheet, not hidden behind it.
    page.get_by_role("button", name="Save coding").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect(); "
        "return {top: r.top, bottom: r.bottom}; }"
    )
    in_sight(focused["top"], focused["bottom"], "the element with focus")
    page.screenshot(path=str(ARTIFACTS / f"workbench-sheet-chosen-{width}.png"))
    page.get_by_role("button", name="Save coding").tap()
    expect(page.locator(".messages")).to_contain_text(f"Coded “{wanted}” to 1 component(s).")
    excerpt = Excerpt.objects.get(source_id=result.source_id)
    assert excerpt.text == wanted and excerpt.speaker == "Resp 1"
    assert [c.key for c in excerpt.components.all()] == ["find-opportunities"]
    expect(sheet).not_to_have_class(re.compile(r"\bpicker-sheet\b"))
    page.screenshot(path=str(ARTIFACTS / f"workbench-sheet-saved-{width}.png"), full_page=True)
    problems += axe_problems(page, f"workbench by touch with a coding at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert not problems, "\n".join(problems)


OTTER = (
    "Jane Doe  0:02\r\nHow did you first hear about the group?\r\n\r\n"
    "P4  0:09\r\nMy neighbour took me along, the first week I moved here.\r\n\r\n"
    "Jane Doe  0:15\r\nAnd now?\r\n\r\n"
    "P4  0:18\r\nI go every week. [laughs]\r\n"
)


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_an_otter_transcript_shows_its_speakers_above_their_words(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    result = import_one(
        live_cast.users["researcher"],
        live_cast.orgs["fernhill"],
        ImportItem("otter.txt", lambda: OTTER.encode()),
    )
    page = browser.new_page(viewport={"width": width, "height": height})
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/sources/{result.source_id}/")
    expect(page.locator("#source-text .turn-speaker")).to_have_text(
        ["Jane Doe  0:02", "P4  0:09", "Jane Doe  0:15", "P4  0:18"]
    )
    expect(page.locator("main")).to_contain_text("4 speaker turns (Jane Doe, P4)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"workbench-otter-{width}.png"), full_page=False)
    page.close()


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_a_call_transcripts_turns_show_their_times(
    browser, live_server, live_cast: Cast, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    vtt = (
        "WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v Riya Shah>Can you hear me?</v>\n\n"
        "00:01:05.500 --> 00:01:09.000\n<v P2>Yes, loud and clear, and the choir starts at six.</v>\n"
    )
    result = import_one(
        live_cast.users["researcher"],
        live_cast.orgs["fernhill"],
        ImportItem("call.vtt", lambda: vtt.encode()),
    )
    page = browser.new_page(viewport={"width": width, "height": height})
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/sources/{result.source_id}/")
    labels = page.locator("#source-text .turn-speaker")
    expect(labels).to_have_text(["Riya Shah: ", "P2: "])  # the times are drawn beside, not in, the text
    shown = labels.evaluate_all("spans => spans.map(s => getComputedStyle(s, '::before').content)")
    assert shown == ['"0:05"', '"1:05"']
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"workbench-times-{width}.png"), full_page=False)
    page.close()
