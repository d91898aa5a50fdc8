"""Search at scale: a count capped at 1,000 ("more than 1,000", as search engines say) on the page and
the command, and an index keyed by each document's id that stays right through deletes, edits, the
reindex command and the migration that rebuilds it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from connecting_people.fieldwork import finder, search
from connecting_people.fieldwork.coding import (
    NewCoding,
    Passage,
    do_code_passage,
    do_delete_excerpt,
    do_import_codings,
    do_update_excerpt,
    locate,
)
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt, Source
from connecting_people.interventions.models import Component

from .conftest import Cast, sign_in

LINES = 1100


def make_many(cast: Cast) -> dict[str, object]:
    """A source of 1,100 lines that all mention the lido, each coded; the last says it five times."""
    lines = [f"Line {i} about the lido swim{' with cake' if i % 400 == 7 else ''}." for i in range(LINES - 1)]
    lines.append("The lido, the lido, the lido: lido lido.")
    text = "\n".join(lines)
    result = import_one(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        ImportItem("lido.txt", text.encode, site=cast.fieldwork["site"]),
    )
    source = Source.objects.get(pk=result.source_id)
    component = Component.objects.get(version=cast.published, key="find-opportunities")
    starts = [m.start() for m in re.finditer(r"^", source.text, re.MULTILINE)]
    codings = [
        NewCoding(Passage(start, start + len(line)), [component], [], "", None, "")
        for start, line in zip(starts, source.text.split("\n"), strict=False)
        if line
    ]
    excerpts = do_import_codings(cast.users["researcher"], source, codings, "bulk test")
    return {"source": source, "loudest": max(excerpts, key=lambda e: e.text.count("lido"))}


@pytest.fixture
def many(cast: Cast) -> dict[str, object]:
    return make_many(cast)


def status(html: str) -> str:
    found = re.search(r'<p role="status">(.*?)</p>', html, re.S)
    assert found
    return " ".join(found.group(1).split())


def test_page_says_more_than_1000_and_pages_through_the_best_1000(
    cast: Cast,
    many: dict[str, object],
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = cast.client("researcher")
    client.get(reverse("fieldwork:search"), {"q": "lido"})
    with django_assert_max_num_queries(10):
        html = client.get(reverse("fieldwork:search"), {"q": "lido"}).content.decode()
    assert status(html).startswith("More than 1,000 excerpts found")
    first = re.search(r"#excerpt-(\d+)", html)
    assert first and int(first.group(1)) == many["loudest"].pk  # type: ignore[attr-defined]
    last = client.get(reverse("fieldwork:search"), {"q": "lido", "page": 50}).content.decode()
    assert len(re.findall(r'<p class="snippet">', last)) == 20
    beyond = client.get(reverse("fieldwork:search"), {"q": "lido", "page": 51}).content.decode()
    assert re.findall(r"#excerpt-\d+", beyond) == re.findall(r"#excerpt-\d+", last)  # the last page again
    narrow = client.get(reverse("fieldwork:search"), {"q": "lido cake"}).content.decode()
    assert status(narrow).startswith("3 excerpts found.")
    sources = client.get(reverse("fieldwork:search"), {"q": "lido", "scope": "sources"}).content.decode()
    assert status(sources).startswith("1 source found.")
    filtered = client.get(
        reverse("fieldwork:search"), {"q": "lido", "component": "find-opportunities", "kind": "example"}
    ).content.decode()
    assert status(filtered).startswith("More than 1,000 excerpts found")
    none = client.get(
        reverse("fieldwork:search"), {"q": "lido", "component": "link-and-introduce"}
    ).content.decode()
    assert status(none).startswith("0 excerpts found.")


def test_command_says_more_than_1000(cast: Cast, many: dict[str, object]) -> None:
    out = StringIO()
    call_command("fieldwork", "search", "lido", "--team", "Fernhill Research Unit", stdout=out)
    assert "more than 1,000 found" in out.getvalue()
    out = StringIO()
    call_command("fieldwork", "search", "lido cake", "--team", "Fernhill Research Unit", stdout=out)
    assert "3 found" in out.getvalue()


def everything(cast: Cast) -> dict[str, list[int]]:
    team = cast.orgs["fernhill"].pk
    answers = {}
    for words in ("bus", "allotment", "the", '"to the allotment"', "fare", "thursdays", "singing"):
        query = search.parse_query(words)
        answers[words] = sorted(e.pk for e in finder.excerpts(team, query, finder.Filters()))
        answers[f"sources: {words}"] = sorted(s.pk for s in finder.sources(team, query, finder.Filters()))
    return answers


def test_deletes_and_edits_replace_only_their_own_document(cast: Cast, corpus: dict) -> None:
    e = corpus["excerpts"]
    researcher = cast.users["researcher"]
    source = e["fare"].source
    twin = do_code_passage(
        researcher,
        source,
        locate(source.text, None, None, "We walked to the allotment together; the bus fare was paid."),
        components=list(e["fare"].components.all()),
        kind="tip",
    )
    team = cast.orgs["fernhill"].pk
    bus = search.parse_query("bus")
    assert sorted(search.raw_ids("excerpt", team, bus)) == sorted([e["fare"].pk, e["dear"].pk, twin.pk])
    do_delete_excerpt(researcher, Excerpt.objects.get(pk=e["fare"].pk))
    assert sorted(search.raw_ids("excerpt", team, bus)) == sorted([e["dear"].pk, twin.pk])
    assert sorted(x.pk for x in finder.excerpts(team, bus, finder.Filters())) == sorted(
        [e["dear"].pk, twin.pk]
    )
    do_update_excerpt(
        researcher,
        twin,
        twin.revision,
        locate(source.text, None, None, "The café"),
        components=list(twin.components.all()),
        kind="tip",
        memo="singing on thursdays",
        tags=[],
    )
    assert search.raw_ids("excerpt", team, bus) == [e["dear"].pk]
    assert search.raw_ids("excerpt", team, search.parse_query("singing")) == [twin.pk]
    assert sorted(search.raw_ids("source", team, search.parse_query("fare"))) == sorted(
        [corpus["sources"]["a.txt"].pk, corpus["sources"]["c.txt"].pk]
    )


def test_reindex_gives_the_same_answers_and_keeps_working(cast: Cast, corpus: dict) -> None:
    before = everything(cast)
    assert before["bus"] and before["sources: fare"]
    out = StringIO()
    call_command("fieldwork", "reindex", stdout=out)
    assert "Indexed" in out.getvalue()
    call_command("fieldwork", "reindex", stdout=StringIO())  # twice: nothing is indexed twice
    assert everything(cast) == before
    team = cast.orgs["fernhill"].pk
    assert len(search.raw_ids("excerpt", team, search.parse_query("the"))) == len(before["the"])
    do_delete_excerpt(cast.users["researcher"], Excerpt.objects.get(pk=corpus["excerpts"]["dear"].pk))
    assert search.raw_ids("excerpt", team, search.parse_query("bus")) == [corpus["excerpts"]["fare"].pk]


@pytest.mark.django_db(transaction=True)
def test_the_migration_rebuilds_the_index_from_what_is_held(cast: Cast, corpus: dict) -> None:
    before = everything(cast)
    call_command("migrate", "fieldwork", "0011", verbosity=0)
    try:
        assert search.TABLES["excerpt"] not in connection.introspection.table_names()
    finally:
        call_command("migrate", "fieldwork", verbosity=0)
    assert everything(cast) == before


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_capped_count_on_desktop_and_phone(browser, live_server, live_cast: Cast, width: int) -> None:  # type: ignore[no-untyped-def]
    make_many(live_cast)
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/search/")
    page.get_by_label("Words to find").fill("lido")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("status").inner_text().startswith("More than 1,000 excerpts found")
    assert "Page 1 of 50" in page.get_by_role("navigation", name="Pages").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than a phone
    page.get_by_role("link", name="Next").click()
    assert "Page 2 of 50" in page.get_by_role("navigation", name="Pages").inner_text()
    assert page.get_by_role("status").inner_text().startswith("More than 1,000 excerpts found")
    page.close()
