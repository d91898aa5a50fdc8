"""In Debian's Chromium, at desktop and phone sizes: a researcher uploads three files, one of them broken;
the import's page shows it waiting, then, as a worker imports the files, each file's outcome with the
broken file's reason, without reloading; the list of imports leads back to it."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from connecting_people.fieldwork.models import Source

from .conftest import ARTIFACTS, Cast, sign_in

pytestmark = pytest.mark.browser

FILES = [
    {
        "name": "walk.txt",
        "mimeType": "text/plain",
        "buffer": b"Interviewer: Where?\n\nP1: The Thursday walk.\n",
    },
    {"name": "broken.docx", "mimeType": "application/octet-stream", "buffer": b"this is not a zip archive"},
    {"name": "choir.md", "mimeType": "text/markdown", "buffer": b"# Notes\n\nThe choir met at six."},
]


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 780}], ids=["desktop", "phone"]
)
def test_researcher_uploads_files_and_follows_the_import(
    browser, live_server, live_cast: Cast, settings, viewport: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    settings.CPI_JOBS_INLINE = False  # a worker runs the import, so the page is seen before and after
    page = browser.new_page(viewport=viewport)
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/import/")
    page.get_by_label("Files").set_input_files(FILES)
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(re.compile(r"/fieldwork/imports/\d+/$"))
    expect(page.get_by_role("heading", level=2)).to_have_text("Waiting to start")
    expect(page.get_by_role("status")).to_contain_text("0 of 3 files done")

    call_command("worker", "--burst", stdout=io.StringIO())  # the worker imports while the page is open
    expect(page.get_by_role("heading", level=2)).to_have_text("Finished", timeout=10_000)
    expect(page.get_by_role("status")).to_contain_text(
        "3 of 3 files done: 2 imported, 0 skipped as duplicates, 1 failed"
    )
    broken = page.get_by_role("row").filter(has_text="broken.docx")
    expect(broken).to_contain_text("Failed")
    expect(broken).to_contain_text("is not a Word document: it is not a zip archive")
    walk = Source.objects.get(original_name="walk.txt")
    expect(page.get_by_role("row").filter(has_text="walk.txt").get_by_role("link")).to_have_attribute(
        "href", f"/fieldwork/sources/{walk.pk}/"
    )
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )  # nothing runs off a phone
    name = "desktop" if viewport["width"] > 400 else "phone"
    page.screenshot(path=str(ARTIFACTS / f"import-job-{name}.png"), full_page=True)

    page.goto(f"{live_server.url}/fieldwork/imports/")
    page.get_by_role("link", name="Import of 3 files").click()
    expect(page.get_by_role("row").filter(has_text="choir.md")).to_contain_text("Imported")
    page.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 780}], ids=["desktop", "phone"]
)
def test_choosing_more_files_than_one_upload_takes_says_so_before_sending(
    browser, live_server, live_cast: Cast, settings, viewport: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    """A folder of more transcripts than one upload takes is refused in the page, with the number, before
    anything is sent; choosing fewer clears the message and the import goes ahead."""
    most = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    before = Source.objects.count()
    page = browser.new_page(viewport=viewport)
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/import/")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    expect(page.get_by_text(f"You can choose up to {most} at once, the manifest included.")).to_be_visible()
    folder = [
        {"name": f"visit-{n:03}.txt", "mimeType": "text/plain", "buffer": f"Notes {n}.".encode()}
        for n in range(most + 1)
    ]
    page.get_by_label("Files").set_input_files(folder)
    status = page.locator("[data-progress-status]")
    expect(status).to_have_text(
        f"{most + 1} files are chosen, and one upload takes at most {most}, the manifest included. "
        f"Choose up to {most} and send the rest afterwards."
    )
    page.get_by_role("button", name="Import").click()
    expect(status).to_contain_text(f"{most + 1} files are chosen")
    assert Source.objects.count() == before
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    name = "desktop" if viewport["width"] > 400 else "phone"
    page.screenshot(path=str(ARTIFACTS / f"import-too-many-{name}.png"), full_page=True)
    page.get_by_label("Files").set_input_files(folder[:2])
    expect(status).to_have_text("")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(re.compile(r"/fieldwork/imports/\d+/$"))
    assert sent == [f"{live_server.url}/fieldwork/import/"]  # the one with two files: none before it
    page.close()
