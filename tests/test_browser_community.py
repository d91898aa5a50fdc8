"""In Debian's Chromium, on a tablet (768x1024) and a phone (390): a worker finds an opportunity with a
person in the organisation's directory, suggests it to them, then moves the link on from the person's page
to continuing, and records that another stopped, with its reason; axe-core finds no serious problem on
the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from connecting_people.community.actions import do_import_directory
from connecting_people.demo.directory_demo import area_tables, write_package
from connecting_people.practice.actions import do_suggest_link
from connecting_people.practice.models import CommunityLink

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(768, 1024), (390, 844)], ids=["tablet", "phone"])
def test_worker_finds_suggests_and_moves_a_link_on(
    browser, live_server, live_cast: Cast, tmp_path: Path, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    folder = write_package(tmp_path / "directory", area_tables("harbourside", timezone.now()))
    do_import_directory(live_cast.users["manager"], live_cast.orgs["harbourside"], folder)
    person = live_cast.people["HAR-1"]
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "worker")
    problems: list[str] = []

    def check(name: str) -> None:
        problems.extend(axe_problems(page, f"{name} at {width}px"))

    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_role("link", name="Find an opportunity together").click()
    page.wait_for_url(f"**/community/find/?person={person.pk}")
    assert "Finding with Alys Penrose (HAR-1)" in page.locator("main").inner_text()
    search = page.get_by_role("search", name="The directory")
    search.get_by_label("Interest or need").select_option(label="Music and singing")
    search.get_by_label("Day").select_option(label="Wednesday")
    search.get_by_label("Cost").select_option(label="Paid")
    search.get_by_role("button", name="Find").click()
    page.wait_for_url("**/community/find/?*term=*")
    cards = page.get_by_role("article")
    assert cards.count() == 1
    card = cards.first
    assert "Carrowmouth Community Choir" in card.inner_text()
    assert "Wednesdays, 19:00 to 21:00" in card.inner_text() and "£3.00" in card.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"community-find-{width}.png"), full_page=True)
    check("finding")

    card.get_by_role("button", name="Suggest to Alys Penrose").click()
    page.wait_for_url("**/community/find/?*#service-*")
    assert "Suggested “Carrowmouth Community Choir” to Alys Penrose" in page.locator("main").inner_text()
    assert "Suggest to" not in page.get_by_role("article").first.inner_text()

    page.get_by_role("link", name="their community links").click()
    page.wait_for_url(f"**/people/{person.pk}/#links-heading")
    link = CommunityLink.objects.get(person=person)
    section = page.locator(f"#link-{link.pk}")
    # A suggestion from the directory records no type of opportunity; the link asks for it, open.
    kind = section.get_by_label("Type of opportunity")
    assert kind.is_visible() and kind.input_value() == ""
    kind.select_option(label="A group or club")
    section.get_by_role("button", name="Save the type").click()
    page.wait_for_url(f"**/people/{person.pk}/#link-{link.pk}")
    assert "type of opportunity a group or club" in page.locator("main").inner_text()
    section = page.locator(f"#link-{link.pk}")
    assert section.get_by_text("A group or club. Suggested on").is_visible()
    assert not section.get_by_label("Type of opportunity").is_visible()  # folded once said
    for expected in ("Introduced", "Attended", "Continuing"):
        move = section.get_by_label("Move on to")
        move.select_option(label=expected)
        section.get_by_role("button", name="Move on").click()
        page.wait_for_url(f"**/people/{person.pk}/#link-{link.pk}")
        section = page.locator(f"#link-{link.pk}")
        assert expected in section.get_by_role("heading").inner_text()
    link.refresh_from_db()
    assert link.state == "continuing" and link.opportunity_type == "group"
    assert [s.state for s in link.steps.all()] == ["suggested", "introduced", "attended", "continuing"]
    section.get_by_text("How it went, step by step").click()
    page.screenshot(path=str(ARTIFACTS / f"community-link-{width}.png"), full_page=True)
    section.screenshot(path=str(ARTIFACTS / f"community-link-section-{width}.png"))
    check("person's links")

    # A second link that stops: the reason is chosen, and the link moves to the folded list of stopped ones.
    walk = do_suggest_link(live_cast.users["worker"], person, name="Tuesday walk from the library")
    page.reload()
    section = page.locator(f"#link-{walk.pk}")
    section.get_by_text("It stopped", exact=True).click()
    section.get_by_label("Why it stopped").select_option(label="Transport")
    section.get_by_role("button", name="Record that it stopped").click()
    page.wait_for_url(f"**/people/{person.pk}/*")
    walk.refresh_from_db()
    assert walk.state == "stopped" and walk.stop_reason == "transport"
    assert "“Tuesday walk from the library” stopped: transport." in page.locator("main").inner_text()
    # Back at the link's place (#link-...), the browser has opened the folded list of stopped links to it.
    stopped = page.locator(f"li#link-{walk.pk}")
    assert stopped.is_visible() and stopped.inner_text().startswith(
        "Tuesday walk from the library: stopped on"
    )
    assert stopped.inner_text().endswith("transport")
    check("a stopped link")
    context.close()
    assert not problems, "\n".join(problems)
