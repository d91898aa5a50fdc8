"""The header's search finds only what the signed-in user may see: people by reference through the
practice getter, the team's evidence for researchers, the published guide for everyone."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from connecting_people.guide.actions import do_make_draft, do_release

from .conftest import Cast

URL = reverse("core:search")


def _groups(page: str) -> list[str]:
    return re.findall(r'<h2 id="found-(\w+)">', page)


def _search(cast: Cast, actor: str, q: str) -> str:
    response = cast.client(actor).get(URL, {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_people_by_reference_for_staff_who_may_see_them(cast: Cast) -> None:
    page = _search(cast, "worker", "har")
    assert _groups(page) == ["people", "guide"]
    assert "HAR-1" in page and "HAR-2" not in page and "NOR-1" not in page  # HAR-2 is not on their caseload
    assert reverse("practice:person", args=[cast.people["HAR-1"].pk]) in page
    manager = _search(cast, "manager", "HAR")
    assert "HAR-1" in manager and "HAR-2" in manager and "NOR-1" not in manager
    # A worker of another organisation finds nobody of Harbourside, whatever they type.
    other = _search(cast, "other_worker", "HAR-1")
    assert "HAR-1</a>" not in other and "Nothing with a reference containing" in other
    assert "NOR-1" in _search(cast, "other_worker", "nor")


def test_people_are_not_searched_for_those_without_caseloads(cast: Cast) -> None:
    for actor in ("reviewer", "individual", "researcher", "admin"):
        page = _search(cast, actor, "HAR")
        assert "people" not in _groups(page), actor
        assert "HAR-1</a>" not in page and "HAR-2" not in page, actor


def test_researchers_find_their_teams_excerpts_and_sources(cast: Cast, corpus: dict[str, Any]) -> None:
    page = _search(cast, "researcher", "allotment")
    assert _groups(page) == ["excerpts", "sources", "guide"]
    assert "<mark>allotment</mark>" in page
    assert f"#excerpt-{corpus['excerpts']['fare'].pk}" in page
    sources = page.split('id="found-sources"', 1)[1]
    assert f'href="{reverse("fieldwork:source", args=[corpus["sources"]["b.txt"].pk])}"' in sources
    # Another team's source and coding are never found.
    hilltop = _search(cast, "researcher", "hilltop")
    assert "Field notes from Hilltop" not in hilltop and "hilltop.txt" not in hilltop
    assert hilltop.count("Nothing here matches") == 2 and "No guide has been released yet." in hilltop
    # A query the evidence search refuses says why, and the other kinds are still searched.
    refused = _search(cast, "researcher", "«»")
    assert _groups(refused) == ["excerpts", "guide"] and "Type at least one word to search for." in refused


def test_everyone_finds_the_published_guide_and_a_reviewer_only_that(
    cast: Cast, guide: dict[str, Any]
) -> None:
    assert "No guide has been released yet." in _search(cast, "reviewer", "relationship")
    researcher = cast.users["researcher"]
    do_release(researcher, do_make_draft(researcher, guide["guide"]))
    title = guide["section"].component.title
    for actor in ("reviewer", "worker", "individual", "researcher", "manager", "admin"):
        page = _search(cast, actor, title.split()[0].lower())
        assert (
            title in page
            and reverse("guide:public_page", kwargs={"page": f"{guide['section'].component.key}.html"})
            in page
        ), actor
    page = _search(cast, "reviewer", title)
    assert _groups(page) == ["guide"]


def test_an_empty_search_explains_what_can_be_found(cast: Cast) -> None:
    page = cast.client("worker").get(URL).content.decode()
    assert "a person's reference" in page and _groups(page) == []
    assert cast.client("anonymous").get(URL, {"q": "HAR"}).status_code == 302
