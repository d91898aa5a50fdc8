"""In Debian's Chromium, on a laptop (1366x900) and a phone (390x844): a manager uploads a small generated
data package on the directory's page, reads the import's report, corrects an entry a worker reported as
moved, and publishes the directory's API (then stops); with more reports than a page holds, pages through
them and changes the website of the organisation that runs an entry (a javascript: address refused first);
axe-core finds no serious problem on any page, and no page is wider than the screen. Screenshots go to
test-artifacts/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from connecting_people.community.actions import CheckFinding, do_check_service
from connecting_people.community.models import Organization, Service

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in
from .test_community import directory_tables, write_package
from .test_community_find import load

pytestmark = pytest.mark.browser


def _looker(page: Page, width: int, problems: list[str]) -> Callable[[str], None]:
    """A screenshot of the page under `name`, axe-core's serious problems and any width past the screen's
    added to `problems`."""
    ARTIFACTS.mkdir(exist_ok=True)

    def look(name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"directory-{name}-{width}.png"), full_page=True)
        problems.extend(axe_problems(page, f"{name} at {width}px"))
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{name}: {wide} px wide on a {width} px screen")

    return look


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["laptop", "phone"])
def test_manager_uploads_reads_the_report_corrects_a_moved_entry_and_publishes(
    browser, live_server, live_cast: Cast, tmp_path: Path, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    package = write_package(tmp_path / "council-directory", directory_tables(), as_zip=True)
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "manager")
    problems: list[str] = []
    look = _looker(page, width, problems)

    page.get_by_role("link", name="The directory", exact=True).click()
    page.wait_for_url("**/community/directory/")
    page.get_by_role("link", name="Upload a file").click()
    page.wait_for_url("**/community/directory/upload/")
    page.get_by_label("Data package or ORUK JSON file").set_input_files(str(package))
    look("upload")
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url("**/community/directory/imports/*/")
    main = page.locator("main")
    assert "Imported council-directory.zip" in main.inner_text()
    assert "Created (31)" in main.inner_text() and "Allotment group 0" in main.inner_text()
    look("report")

    # A worker rings the choir and finds it has moved.
    choir = Service.objects.get(name="Community choir 1")
    do_check_service(live_cast.users["worker"], choir, CheckFinding.MOVED, "now at the Quay Rooms")
    page.get_by_role("link", name="The directory").click()
    page.wait_for_url("**/community/directory/")
    reports = page.get_by_role("list", name="Reported as moved or stopped")
    assert "Reported by Wil Carden" in reports.inner_text()
    look("page")

    reports.get_by_role("link", name="Community choir 1").click()
    page.wait_for_url(f"**/community/directory/entries/{choir.pk}/")
    assert "saving clears this report" in main.inner_text()
    page.get_by_label("Name of the place").fill("The Quay Rooms")
    page.get_by_label("Street").fill("2 Harbour Steps")
    page.get_by_label("Town or village").fill("Carrowmouth")
    page.get_by_label("Postcode").fill("ZC1 4QR")
    look("entry")
    page.get_by_role("button", name="Save the entry").click()
    page.wait_for_url("**/community/directory/")
    assert "Saved your changes to “Community choir 1”." in main.inner_text()
    assert "No entry is reported as moved or stopped." in main.inner_text()
    choir.refresh_from_db()
    assert choir.alert == "" and choir.last_checked_by == live_cast.users["manager"]
    assert choir.service_at_locations.get().location.addresses.get().postal_code == "ZC1 4QR"

    page.get_by_label("Name in the address").fill("harbourside")
    page.get_by_role("button", name="Publish the directory").click()
    page.wait_for_url("**/community/directory/#api")
    address = f"{live_server.url}/api/oruk/harbourside/"
    assert page.get_by_label("The directory’s address").input_value() == address
    assert context.request.get(address).json()["version"]
    look("published")
    page.get_by_role("button", name="Stop publishing").click()
    page.wait_for_url("**/community/directory/#api")
    assert "which now answers “not found”" in main.inner_text()
    assert context.request.get(address).status == 404
    look("stopped")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["laptop", "phone"])
def test_manager_pages_through_reports_and_changes_a_providers_website(
    browser, live_server, live_cast: Cast, tmp_path: Path, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    owner = live_cast.orgs["harbourside"]
    load(owner, tmp_path, services=30)
    services = list(Service.objects.filter(owner=owner).order_by("id"))
    for i, service in enumerate(services[:25]):
        finding = CheckFinding.STOPPED if i % 3 == 2 else CheckFinding.MOVED
        do_check_service(live_cast.users["worker"], service, finding, f"heard on call {i}")
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "manager")
    problems: list[str] = []
    look = _looker(page, width, problems)

    page.goto(f"{live_server.url}/community/directory/")
    main = page.locator("main")
    assert "25 reported by workers as moved or stopped" in main.inner_text()
    reports = page.get_by_role("list", name="Reported as moved or stopped")
    assert reports.get_by_role("listitem").count() == 20
    assert reports.get_by_role("listitem").first.get_by_role("link").inner_text() == services[24].name
    pages = page.get_by_role("navigation", name="Pages of entries reported")
    assert "Page 1 of 2" in pages.inner_text()
    look("reports-page-1")
    pages.get_by_role("link", name="Next").click()
    page.wait_for_url("**/community/directory/?reported=2#reports-heading")
    assert "Page 2 of 2" in pages.inner_text()
    assert reports.get_by_role("listitem").count() == 5
    assert reports.get_by_role("listitem").last.get_by_role("link").inner_text() == services[0].name
    look("reports-page-2")

    reports.get_by_role("link", name=services[0].name, exact=True).click()
    page.wait_for_url(f"**/community/directory/entries/{services[0].pk}/")
    assert "Its website: https://example.org" in main.inner_text()
    page.get_by_role("link", name="Change the website or email of Brightwater Community Trust").click()
    page.wait_for_url("**/community/directory/organisations/*/?next=*")
    page.get_by_label("Website").fill("javascript:alert(document.cookie)")
    page.get_by_label("Email").fill("groups@brightwater.example.org")
    page.get_by_role("button", name="Save").click()
    summary = page.get_by_role("alert")
    assert "Website: Enter the website’s address, starting http:// or https://" in summary.inner_text()
    assert Organization.objects.get(owner=owner).website == "https://example.org"
    look("provider-refused")
    page.get_by_label("Website").fill("https://brightwater.example.org/groups")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/community/directory/entries/{services[0].pk}/")
    text = main.inner_text()
    assert "Saved the website and email of “Brightwater Community Trust”." in text
    assert "Its website: https://brightwater.example.org/groups" in text
    look("provider-saved")
    trust = Organization.objects.get(owner=owner)
    assert (trust.website, trust.email) == (
        "https://brightwater.example.org/groups",
        "groups@brightwater.example.org",
    )
    context.close()
    assert not problems, "\n".join(problems)
