"""In Debian's Chromium: a researcher uploads an NVivo project, sees what it holds and what will be done,
chooses which researcher a coder is, and imports it; at desktop and phone sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from connecting_people.fieldwork.models import Excerpt, ExternalCoder

from .conftest import ARTIFACTS, Cast, sign_in
from .qda.generate import Sel, build, gid
from .test_refi_tools import project

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 780)], ids=["desktop", "phone"])
def test_researcher_checks_a_project_then_imports_it(
    browser,
    live_server,
    live_cast: Cast,
    tmp_path,  # type: ignore[no-untyped-def]
    width: int,
    height: int,
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = tmp_path / "zoe.qdpx"
    nvivo = project("nvivo", links=1)
    nvivo.codes.append(("Worker wheel", None))  # the model's part, coded at itself as NVivo allows
    nvivo.sources[0].selections.append(Sel("Who helped?", ["Worker wheel"], user="Ann"))
    path.write_bytes(build(nvivo))
    page = browser.new_page(viewport={"width": width, "height": height})
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/exchange/")
    page.get_by_label("A .qdpx project or a .qdc codebook").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check the project before importing").wait_for()
    expect(page.get_by_text("0 sets and 1 link between items")).to_be_visible()
    expect(page.get_by_text("1 coding to the model's part “Worker wheel” itself")).to_be_visible()
    assert not Excerpt.objects.filter(source__title="Zoë interview").exists()
    page.get_by_label("Bob (3 codings)").select_option(value=str(live_cast.users["researcher"].pk))
    page.screenshot(path=str(ARTIFACTS / f"refi-preview-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    page.get_by_role("button", name="Import", exact=True).click()
    page.screenshot(path=str(ARTIFACTS / f"refi-after-{width}.png"), full_page=True)
    page.get_by_role("heading", name="Codings by coder").wait_for()
    page.screenshot(path=str(ARTIFACTS / f"refi-report-{width}.png"), full_page=True)
    expect(page.get_by_text("a passage coded only to the model's part “Worker wheel” itself")).to_be_visible()
    assert (
        Excerpt.objects.filter(source__title="Zoë interview", coder=live_cast.users["researcher"]).count()
        == 2
    )
    assert ExternalCoder.objects.get(guid=gid("p", "user", "Ann")).user.is_active is False
    page.close()
