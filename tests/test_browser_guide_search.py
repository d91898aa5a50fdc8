"""The published guide's offline search finds words in any of their forms, and the browser (the site's
`search.js`) finds exactly what the header search (`render_html.search_guide`) finds."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.urls import reverse

from connecting_people.guide.actions import do_make_draft, do_release, do_save_section
from connecting_people.guide.builds import document_of
from connecting_people.guide.render_html import render_site, search_guide

from .conftest import ARTIFACTS, Cast, axe_problems, guide_with_drafts

QUERIES = {
    "names": True,  # "name badges"
    "introducing": True,  # "introduce"
    "volunteers": True,  # "volunteering"
    "badge volunteered": True,
    "stopping": True,  # "stop"
    "badger": False,
    "names pianos": False,
}


def test_the_site_and_the_header_search_find_word_forms_alike(browser, cast: Cast, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(cast)
    researcher, section = cast.users["researcher"], objects["section"]
    section.introduction = (
        "Wear name badges at the first meeting. Introduce the person to one member, and stop there; "
        "volunteering can come later."
    )
    do_save_section(researcher, section)
    draft = do_release(researcher, do_make_draft(researcher, objects["guide"]))
    doc = document_of(draft)
    for name, content in render_site(doc).items():
        (tmp_path / name).write_bytes(content)
    header = cast.client("researcher")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for query, found in QUERIES.items():
        python = [entry["url"] for entry in search_guide(doc, query)]
        assert ("build-relationship.html" in python) is found, query
        page.goto(f"file://{tmp_path}/search.html?q={quote(query)}")
        shown = page.locator("#search-results a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert shown == python, query
        results = header.get(reverse("core:search"), {"q": query}).content.decode()
        assert ('href="/guide/build-relationship.html"' in results) is found, query
    page.close()
    # The results page at a phone's width: readable, nothing sideways, no serious accessibility problem.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    phone = context.new_page()
    phone.goto(f"file://{tmp_path}/search.html?q=names")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "guide-search-stems-phone.png"), full_page=True)
    assert not axe_problems(phone, "search.html?q=names")
    context.close()
