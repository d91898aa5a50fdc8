"""In Debian's Chromium, on a 390-pixel phone: every page of the project that a role may open, opened
by that role (the pages and who may open them come from the permission matrix, so a new page is
checked as soon as it has its entry), with no serious or critical axe-core problem and nothing wider
than the screen. Files (PDF, CSV, SVG, JSON) are not pages and are left out; so is Django's admin site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import ACTORS, Cast, axe_problems, sign_in
from .test_permission_matrix import MATRIX

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844


def test_every_page_of_every_role_fits_a_phone_and_passes_axe(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    pages = {
        name: reverse(name, kwargs=kwargs(live_cast))
        for name, (method, kwargs, _) in sorted(MATRIX.items())
        if method == "get"
    }
    problems: list[str] = []
    seen = 0
    for actor in ACTORS:
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, bypass_csp=True)
        page = context.new_page()  # bypass_csp only so that the test can inject axe
        if actor != "anonymous":
            sign_in(page, live_server, actor)
        for name, path in pages.items():
            if actor not in MATRIX[name][2] or name in ("accounts:logout",):
                continue
            url = f"{live_server.url}{path}"
            head = context.request.get(url, max_redirects=0)
            if head.status != 200 or not head.headers.get("content-type", "").startswith("text/html"):
                continue  # a file, a redirect (e.g. to the page that follows) or a refused empty form
            page.goto(url)
            seen += 1
            where = f"{actor} {path} ({name})"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                problems.append(f"{where}: {width} px wide on a {WIDTH} px phone")
            problems.extend(axe_problems(page, where))
        context.close()
    assert seen > 60, f"only {seen} pages were opened: the matrix or the cast has changed"
    assert not problems, "\n".join(problems)
