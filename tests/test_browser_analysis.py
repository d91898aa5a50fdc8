"""In Debian's Chromium: a manager goes from the organisation's change page to the high-versus-low fidelity
analysis, reads the table, the caution and how many people were erased, and downloads the data for SPSS, at
desktop (1366 px) and on a phone (390 px). axe-core finds no serious problem and no page is wider than the
screen."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from connecting_people.audit.models import AuditEntry
from connecting_people.practice.rights import do_erase_person

from .conftest import ARTIFACTS, Cast, axe_problems, sign_in
from .test_measures_analysis import HIGH_SCORES, LOW_SCORES, build_study

pytestmark = pytest.mark.browser


def _look(page: Any, name: str, width: int, problems: list[str]) -> None:
    page.screenshot(path=str(ARTIFACTS / f"analysis-{name}-{width}.png"), full_page=True)
    problems.extend(axe_problems(page, f"{name} at {width}px"))
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"{name} at {width}px is wider than the screen")


def test_a_manager_reads_the_analysis_and_downloads_the_data(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    study = build_study(live_cast, HIGH_SCORES, LOW_SCORES)
    with transaction.atomic():  # the rows' removal from disk is erasure's own test; not needed here
        do_erase_person(live_cast.users["manager"], study["people"]["NR-0"])
    problems: list[str] = []
    sizes = [({"width": 1366, "height": 900}, False, "xlsx"), ({"width": 390, "height": 844}, True, "sav")]
    for viewport, mobile, fmt in sizes:
        context = browser.new_context(
            viewport=viewport, bypass_csp=True, is_mobile=mobile, accept_downloads=True
        )
        page = context.new_page()
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/measures/change/")
        page.get_by_role("link", name="High and low fidelity compared").click()
        page.get_by_role(
            "heading", name="How connected do you feel: How connected (average, 1 to 5), 3 months"
        ).wait_for()
        assert "not a trial" in page.get_by_role("note").inner_text()
        assert page.get_by_role("row", name="Hedges' g (95% CI)").is_visible() or mobile
        erased = page.get_by_text("1 person's records were erased at their request and are not included.")
        assert erased.first.is_visible()
        _look(page, "page", viewport["width"], problems)
        page.get_by_label("Format").select_option(fmt)
        with page.expect_download() as caught:
            page.get_by_role("button", name="Download").click()
        download = caught.value
        saved = Path(download.path())
        if fmt == "xlsx":
            assert download.suggested_filename.endswith(".xlsx") and saved.read_bytes()[:2] == b"PK"
        else:
            assert download.suggested_filename.endswith(".zip")
            with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as archive:
                assert sorted(n.rsplit(".", 1)[1] for n in archive.namelist()) == ["csv", "sav"]
        context.close()
    assert not problems, "\n".join(problems)
    assert AuditEntry.objects.filter(action="export").count() == 2
