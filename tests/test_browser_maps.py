"""In Debian's Chromium, on a desktop (1366x900), a phone (390x844) and a narrow phone (360 px): the
worker's map and the before-and-after comparison fit the screen, labels stay clear of the middle, the list
beside the map moves people with a finger; the person supported sees their plan in plain words under a
compact header, and a step they tick stays where it was. axe-core finds no serious problem on any page."""

from __future__ import annotations

import datetime as dt

import pytest

from connecting_people.practice.actions import do_save_action
from connecting_people.practice.maps import do_new_map, do_remove_member, do_save_member
from connecting_people.practice.models import GoalAction, MapMember, NetworkMap

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in

pytestmark = pytest.mark.browser

VIEWPORTS = [(1366, 900), (390, 844), (360, 780)]


def maps_to_compare(cast: Cast) -> NetworkMap:
    """The person's two maps with more people on them, so that labels crowd near the middle."""
    person, worker = cast.people["HAR-1"], cast.users["worker"]
    earlier = cast.practice["map"]
    for label, relationship, circle in [
        ("Cousin Dee", "family", 1),
        ("Sunita (CPN)", "paid", 1),
        ("Neighbour upstairs", "neighbour", 3),
    ]:
        do_save_member(worker, MapMember(map=earlier, label=label, relationship=relationship, circle=circle))
    latest = do_new_map(worker, person, dt.date(2026, 11, 20))
    members = {m.label: m for m in latest.members.all()}
    members["Sunita (CPN)"].circle = 2
    do_save_member(worker, members["Sunita (CPN)"])
    do_remove_member(worker, members["Neighbour upstairs"])
    for label, relationship, circle in [
        ("Garden group", "group_member", 2),
        ("Maz from the garden", "friend", 1),
    ]:
        do_save_member(worker, MapMember(map=latest, label=label, relationship=relationship, circle=circle))
    return latest


def checker(page, width: int, problems: list[str]):  # type: ignore[no-untyped-def]
    def check(name: str) -> None:
        problems.extend(axe_problems(page, f"{name} at {width}px"))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{name} at {width}px is {scroll}px wide")
        page.screenshot(path=str(ARTIFACTS / f"maps-{name}-{width}.png"), full_page=True)

    return check


LABELS_CLEAR = """(svg) => {
  const me = [...svg.querySelectorAll(':scope > circle')].pop().getBoundingClientRect();
  const boxes = [...svg.querySelectorAll('.map-member text')].map(t => t.getBoundingClientRect());
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const frame = svg.getBoundingClientRect();
  return {
    middle: boxes.filter(b => hit(b, me)).length,
    each_other: boxes.filter((a, i) => boxes.slice(i + 1).some(b => hit(a, b))).length,
    outside: boxes.filter(b => b.left < frame.left - 1 || b.right > frame.right + 1).length,
    count: boxes.length,
  };
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_worker_sees_the_maps_side_by_side_and_moves_people_from_the_list(
    browser, live_server, live_cast: Cast, viewport: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    width, height = viewport
    latest = maps_to_compare(live_cast)
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", bypass_csp=True
    )  # bypass_csp only so that the test can inject axe; the pages are served as usual
    page = context.new_page()
    sign_in(page, live_server, "worker")
    problems: list[str] = []
    check = checker(page, width, problems)

    page.goto(f"{live_server.url}/people/maps/{latest.pk}/compare/")
    drawings = page.locator("svg.network-map")
    assert drawings.count() == 2
    before, after = drawings.nth(0).bounding_box(), drawings.nth(1).bounding_box()
    assert before and after
    if width >= 1000:  # side by side on a desktop, one above the other on a phone
        assert abs(before["y"] - after["y"]) < 1 and after["x"] > before["x"] + before["width"]
    else:
        assert after["y"] >= before["y"] + before["height"] and before["width"] <= width
    assert page.locator('svg.network-map .map-member[data-mark="new"]').count() == 2
    assert page.locator('svg.network-map .map-member[data-mark="lost"]').count() == 1
    assert page.locator('svg.network-map .map-member[data-mark="further"]').count() == 1
    for i in range(2):
        clear = drawings.nth(i).evaluate(LABELS_CLEAR)
        assert (
            clear["count"] >= 4
            and clear["middle"] == 0
            and clear["each_other"] == 0
            and clear["outside"] == 0
        )
    assert page.get_by_role("img", name="The map now, 20 November 2026").count() == 1
    assert page.get_by_role("table").first.inner_text().count("Further away") == 1
    check("comparison")

    page.goto(f"{live_server.url}/people/maps/{latest.pk}/")
    drawing = page.locator("svg.network-map").bounding_box()
    assert drawing and drawing["width"] <= width - 16
    clear = page.locator("svg.network-map").evaluate(LABELS_CLEAR)
    assert clear["middle"] == 0 and clear["each_other"] == 0 and clear["outside"] == 0
    closer = page.get_by_role("button", name="Closer Garden group")
    box = closer.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44
    hit = page.locator("svg.network-map .map-hit").first.bounding_box()
    assert hit and hit["width"] >= 44 and hit["height"] >= 44  # each marker takes a finger, even at 360 px
    check("map")
    closer.click()
    page.wait_for_url(f"**/people/maps/{latest.pk}/#member-*")
    row = page.get_by_role("row", name="Garden group")
    assert row.get_by_role("cell").first.inner_text() == "1"
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", [*VIEWPORTS, (320, 640)], ids=lambda v: f"{v[0]}x{v[1]}")
def test_the_person_reads_their_plan_in_plain_words_and_ticks_a_step(
    browser, live_server, live_cast: Cast, viewport: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    width, height = viewport
    latest = maps_to_compare(live_cast)
    person = live_cast.people["HAR-1"]
    do_save_action(
        live_cast.users["worker"],
        GoalAction(goal=live_cast.practice["goal"], description="Buy a songbook", owner="both"),
    )
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", bypass_csp=True
    )
    page = context.new_page()
    sign_in(page, live_server, "individual")
    problems: list[str] = []
    check = checker(page, width, problems)

    page.goto(f"{live_server.url}/people/{person.pk}/")
    assert page.title() == "My plan · Connecting People"
    header = page.locator("header.site-header").bounding_box()
    assert header and header["height"] <= height / 8, f"the header is {header and header['height']}px tall"
    if width < 800:  # two short rows, on a 320- or 360-pixel phone as on a 390-pixel one
        assert header["height"] <= 90, f"the header is {header['height']}px tall at {width}px"
        rows = page.evaluate(
            """() => new Set([...document.querySelectorAll('header .brand, header .nav a, header .account a')]
                     .map(e => Math.round(e.getBoundingClientRect().top / 10))).size"""
        )
        assert rows <= 2, f"the header's links are in {rows} rows at {width}px"
    page.screenshot(
        path=str(ARTIFACTS / f"maps-own-plan-header-{width}.png"),
        clip={"x": 0, "y": 0, "width": width, "height": 200},
    )
    main = page.locator("main").inner_text()
    assert "HAR-1" not in main and "Effective size" not in main
    assert page.get_by_role("img", name="How your circles changed").count() == 1
    steps = page.locator(".step .step-text")
    order = [t.split("\n")[0].strip() for t in steps.all_inner_texts()]
    # The person's own box and the worker's dashed one start in the same column.
    own_tick = page.get_by_role("button", name="Done: Go to the choir taster").bounding_box()
    theirs = page.locator(".tick-theirs").first.bounding_box()
    assert (
        own_tick
        and theirs
        and abs(own_tick["x"] - theirs["x"]) < 1
        and own_tick["width"] == theirs["width"] >= 44
    )
    check("own-plan")
    page.get_by_role("button", name="Done: Go to the choir taster").click()
    page.wait_for_url(f"**/people/{person.pk}/#step-*")
    assert [t.split("\n")[0].strip() for t in steps.all_inner_texts()] == order
    ticked = page.get_by_role("button", name="Done: Go to the choir taster")
    assert ticked.get_attribute("aria-pressed") == "true"
    top = ticked.bounding_box()
    assert top and 0 <= top["y"] < height  # the page opens at the step just ticked
    page.screenshot(path=str(ARTIFACTS / f"maps-own-plan-ticked-{width}.png"))

    page.goto(f"{live_server.url}/people/maps/{latest.pk}/compare/")
    main = page.locator("main").inner_text()
    assert "Density" not in main and "Effective size" not in main and "is new" not in main
    assert "moved closer to you" in main or "further away now" in main
    check("own-comparison")
    page.goto(f"{live_server.url}/people/maps/{latest.pk}/")
    assert "Effective size" not in page.locator("main").inner_text()
    check("own-map")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS[:2], ids=lambda v: f"{v[0]}x{v[1]}")
def test_session_form_offers_a_date_picker_and_marks_private_reflections(
    browser, live_server, live_cast: Cast, viewport: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    width, height = viewport
    person = live_cast.people["HAR-1"]
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", bypass_csp=True
    )
    page = context.new_page()
    sign_in(page, live_server, "worker")
    problems: list[str] = []
    check = checker(page, width, problems)
    page.goto(f"{live_server.url}/people/{person.pk}/sessions/new/")
    date = page.get_by_label("Date")
    assert date.get_attribute("type") == "date" and date.input_value() == dt.date.today().isoformat()
    assert page.locator(".private-field").get_by_label("Private reflections (staff only)").count() == 1
    check("session-form")
    page.goto(f"{live_server.url}/people/maps/{live_cast.practice['map'].pk}/")
    assert (
        page.get_by_label("Paid professional or service", exact=False).count() == 0
    )  # a choice, not a tick box
    assert page.get_by_label("Who they are to the person").count() == 1
    context.close()
    assert not problems, "\n".join(problems)
