"""The published guide's offline search finds words in any of their forms, and the browser (the site's
`search.js`) finds exactly what the header search (`render_html.search_guide`) finds."""

from __future__ import annotations

from dataclasses import replace
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


def test_the_change_log_page_links_changes_to_the_response(browser, cast: Cast, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(cast)
    doc = replace(
        document_of(objects["draft"]),
        changes=(
            "Build a relationship: rewrote the introduction; added two examples from a peer worker "
            "(in response to two comments from reviewers in “First round”).",
            "Gold standard: edited the procedure for Build a relationship.",
        ),
        changes_prompted=(0,),
        responses=(
            ("First round (12 reviewers)", ("Build a relationship: agreed. 2 comments: 2 changed.",)),
        ),
    )
    for name, content in render_site(doc).items():
        (tmp_path / name).write_bytes(content)
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        page.goto(f"file://{tmp_path}/changes.html")
        items = page.locator(".change-log li")
        assert items.nth(0).get_by_role("link").get_attribute("href") == "consultation.html"
        assert items.nth(1).get_by_role("link").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(ARTIFACTS / f"guide-changes-{width}.png"), full_page=True)
        assert not axe_problems(page, f"changes.html at {width}")
        context.close()
