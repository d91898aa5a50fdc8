"""Full-text search: the same answers from SQLite FTS5 and PostgreSQL (this file runs on both in CI),
filters, phrases, highlighted and escaped snippets, and withdrawn participants' words never found."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from connecting_people.fieldwork import finder, search
from connecting_people.fieldwork.actions import do_withdraw_participant
from connecting_people.fieldwork.coding import do_code_passage, do_delete_excerpt, do_update_excerpt, locate
from connecting_people.fieldwork.importing import POOL_FROM, ImportItem, import_items, import_one
from connecting_people.fieldwork.models import Excerpt
from connecting_people.fieldwork.search import postgres
from connecting_people.interventions import actions as model_actions
from connecting_people.interventions.models import Component

from .conftest import Cast


def found(cast: Cast, text: str, **filters: str) -> list[int]:
    return sorted(
        e.pk
        for e in finder.excerpts(
            cast.orgs["fernhill"].pk, search.parse_query(text), finder.Filters(**filters)
        )
    )


def test_backends_agree_on_the_test_corpus(cast: Cast, corpus: dict) -> None:
    e = corpus["excerpts"]
    ids = lambda *names: sorted(e[n].pk for n in names)  # noqa: E731
    assert found(cast, "bus") == ids("fare", "dear")
    assert found(cast, "allotment walked") == ids("fare")  # every word must appear
    assert found(cast, "walk") == ids("group")  # no stemming: walk is not walked
    assert found(cast, "BUS Fare") == ids("fare")  # case does not matter
    assert found(cast, '"to the allotment"') == ids("fare", "group")
    assert found(cast, '"allotment to the"') == []  # a phrase keeps its order
    assert found(cast, "production") == ids("group")  # hyphenated words match by part
    assert found(cast, "café") == ids("choir") and found(cast, "cafe") == []  # accents are kept
    assert found(cast, "choir") == ids("choir") and found(cast, "b") == ids("choir")  # markup is plain text
    assert found(cast, "bus", perspective="individual") == ids("dear")
    assert found(cast, "allotment", component="find-opportunities") == ids("group")
    assert found(cast, "bus", kind="barrier", site="Riverside Project") == ids("dear")
    assert found(cast, "bus", region="wales") == []
    assert found(cast, "bus", researcher="researcher") == ids("fare", "dear")
    source_ids = sorted(
        s.pk for s in finder.sources(cast.orgs["fernhill"].pk, search.parse_query("fare"), finder.Filters())
    )
    assert source_ids == sorted([corpus["sources"]["a.txt"].pk, corpus["sources"]["c.txt"].pk])
    assert sorted(search.raw_ids("excerpt", cast.orgs["fernhill"].pk, search.parse_query("bus"))) == ids(
        "fare", "dear"
    )


def test_other_teams_text_is_never_found(cast: Cast, corpus: dict) -> None:
    assert (
        finder.sources(cast.orgs["fernhill"].pk, search.parse_query("Hilltop"), finder.Filters()).count() == 0
    )
    assert (
        finder.sources(cast.orgs["northbridge"].pk, search.parse_query("Hilltop"), finder.Filters()).count()
        == 1
    )


def test_index_follows_edits_and_deletes(cast: Cast, corpus: dict) -> None:
    choir = corpus["excerpts"]["choir"]
    source = choir.source
    do_update_excerpt(
        cast.users["researcher"],
        choir,
        choir.revision,
        locate(source.text, None, None, "The café"),
        components=list(choir.components.all()),
        kind="tip",
        memo="singing on thursdays",
        tags=[],
    )
    assert found(cast, "choir") == [] and found(cast, "singing") == [choir.pk]
    do_delete_excerpt(cast.users["researcher"], Excerpt.objects.get(pk=choir.pk))
    assert found(cast, "singing") == []


def test_withdrawal_removes_words_from_search(cast: Cast, corpus: dict) -> None:
    do_withdraw_participant(cast.users["researcher"], corpus["i1"], dt.date(2026, 6, 1))
    assert found(cast, "bus") == [corpus["excerpts"]["fare"].pk]
    assert found(cast, "allotment") == [corpus["excerpts"]["fare"].pk]
    source_hits = finder.sources(cast.orgs["fernhill"].pk, search.parse_query("anxious"), finder.Filters())
    assert source_hits.count() == 0


def test_search_page_highlights_and_escapes(cast: Cast, corpus: dict) -> None:
    page = cast.client("researcher").get(reverse("fieldwork:search"), {"q": "choir"}).content.decode()
    assert "1 excerpt found" in page
    assert "&lt;b&gt;<mark>choir</mark>&lt;/b&gt;" in page
    sources = (
        cast.client("researcher")
        .get(reverse("fieldwork:search"), {"q": "fare", "scope": "sources"})
        .content.decode()
    )
    assert "2 sources found" in sources and "<mark>fare</mark>" in sources
    empty = cast.client("researcher").get(reverse("fieldwork:search"), {"q": "!!!"}).content.decode()
    assert "Type at least one word" in empty


def test_search_page_names_coders_and_lists_components_in_the_models_order(cast: Cast, corpus: dict) -> None:
    client = cast.client("researcher")
    page = client.get(reverse("fieldwork:search"), {"q": "bus", "researcher": "researcher"}).content.decode()
    assert "coded by Rosa Penhallow" in page and "coded by researcher" not in page
    assert '<option value="researcher" selected>Rosa Penhallow</option>' in page
    options = re.findall(
        r'<option value="([a-z-]+)"', page.split('name="component"')[1].split("</select>")[0]
    )
    in_order = [c.key for c in cast.published.components_in_order()]
    assert options == in_order  # pre-requisites first, the worker's wheel stage by stage, ...
    assert client.get(reverse("fieldwork:search"), {"q": "bus", "researcher": "nobody"}).status_code == 200
    assert (
        "Select a valid choice"
        in client.get(reverse("fieldwork:search"), {"q": "bus", "researcher": "nobody"}).content.decode()
    )


def test_search_page_lists_a_newly_published_components_at_once(cast: Cast, corpus: dict) -> None:
    """The component choices are cached under the newest published version: a publish shows at once."""
    client = cast.client("researcher")

    def offered() -> list[str]:
        page = client.get(reverse("fieldwork:search"), {"q": "bus"}).content.decode()
        return re.findall(
            r'<option value="([a-z-]+)"', page.split('name="component"')[1].split("</select>")[0]
        )

    assert "move-on" not in offered() and offered() == [c.key for c in cast.published.components_in_order()]
    model_actions.do_save_component(
        None, Component(version=cast.draft, key="move-on", part="worker_wheel", title="Move on")
    )
    model_actions.do_publish_version(None, cast.draft)
    assert offered() == [c.key for c in cast.draft.components_in_order()] and "move-on" in offered()


def test_search_page_query_count_is_flat(cast: Cast, corpus: dict, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    client.get(reverse("fieldwork:search"), {"q": "the"})
    with django_assert_max_num_queries(10):
        client.get(reverse("fieldwork:search"), {"q": "the"})
    source = corpus["sources"]["c.txt"]
    for word in ("members", "cooked", "together", "walked", "garden", "Nobody", "mentioned"):
        do_code_passage(
            cast.users["researcher"],
            source,
            locate(source.text, None, None, word),
            components=[Component.objects.get(version=cast.published, key="find-opportunities")],
            kind="example",
        )
    with django_assert_max_num_queries(10):
        client.get(reverse("fieldwork:search"), {"q": "the"})


def test_command_line_search(cast: Cast, corpus: dict) -> None:
    out = StringIO()
    call_command(
        "fieldwork",
        "search",
        "bus",
        "--perspective",
        "individual",
        "--json",
        "--team",
        "Fernhill Research Unit",
        stdout=out,
    )
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["excerpt_id"] for r in rows] == [corpus["excerpts"]["dear"].pk]
    assert rows[0]["components"] == ["support-and-tackle-barriers"] and "[bus]" in rows[0]["snippet"].lower()
    table = StringIO()
    call_command("fieldwork", "search", "fare", "--sources", "--team", "Fernhill Research Unit", stdout=table)
    assert "2 found" in table.getvalue() and "[fare]" in table.getvalue()
    with pytest.raises(CommandError, match="at least one word"):
        call_command("fieldwork", "search", "...", "--team", "Fernhill Research Unit")


def test_reindex_rebuilds_the_same_answers(cast: Cast, corpus: dict) -> None:
    before = found(cast, "allotment")
    search.clear()
    assert found(cast, "allotment") == []
    out = StringIO()
    call_command("fieldwork", "reindex", stdout=out)
    assert "Indexed" in out.getvalue() and found(cast, "allotment") == before


def test_accents_written_as_combining_marks_are_found_by_the_letters_typed(cast: Cast) -> None:
    """A PDF's text layer or a Mac application may write "Zoë" as "Zoe" and a combining diaeresis: the
    search finds it from "Zoë" as typed, and the snippet marks the name; the other way round too."""
    client = cast.client("researcher")
    decomposed = "Interviewer: Who came?\n\nP1: Zoe\u0308 and Sia\u0302n from the cafe\u0301 choir.\n"
    composed = "Field notes: Siân led the café quiz.\n"
    client.post(
        reverse("fieldwork:import"),
        {
            "files": [
                SimpleUploadedFile("mac.txt", decomposed.encode()),
                SimpleUploadedFile("notes.txt", composed.encode()),
            ]
        },
    )
    page = client.get(reverse("fieldwork:search"), {"q": "Zoë", "scope": "sources"}).content.decode()
    assert "1 source found" in page and "<mark>Zoë</mark>" in page
    for typed in ["Siân", "Sia\u0302n"]:  # as typed on a Windows keyboard, and as a Mac may send it
        page = client.get(reverse("fieldwork:search"), {"q": typed, "scope": "sources"}).content.decode()
        assert "2 sources found" in page and page.count("<mark>Siân</mark>") == 2
    page = client.get(reverse("fieldwork:search"), {"q": '"café choir"', "scope": "sources"}).content.decode()
    assert "1 source found" in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_again_the_documents_written_with_combining_marks(cast: Cast) -> None:
    team = cast.orgs["fernhill"]
    item = ImportItem("mac.txt", lambda: "Zoe\u0308 came to the choir.".encode(), title="Visit")
    source_id = import_one(cast.users["researcher"], team, item).source_id
    assert source_id is not None
    backend = search.backend()  # the words as the index held them before: the letters around the mark
    backend.index(
        search.TABLES["source"], source_id, team.pk, backend.document("visit zoe came to the choir")
    )
    assert search.raw_ids("source", team.pk, search.parse_query("Zoë")) == []
    call_command("migrate", "fieldwork", "0022", verbosity=0)
    call_command("migrate", "fieldwork", verbosity=0)
    assert search.raw_ids("source", team.pk, search.parse_query("Zoë")) == [source_id]


def test_inbox_sources_are_searchable(cast: Cast) -> None:
    import_one(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        ImportItem("later.txt", lambda: b"Notes about the lido swim."),
    )
    hits = finder.sources(cast.orgs["fernhill"].pk, search.parse_query("lido"), finder.Filters())
    assert [s.original_name for s in hits] == ["later.txt"] and hits[0].site is None


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(st.characters(codec="utf-8"), max_size=60))
def test_the_index_words_are_the_runs_of_letters_and_digits_case_folded(text: str) -> None:
    """Whatever the characters (combining accents, other scripts' digits, no-break spaces, underscores,
    ligatures that fold to two letters), the index words are what the definition gives: the runs of
    letters and digits once accented letters are composed."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text))
    assert search.normalise(text) == " ".join(w.casefold() for w in words)


@given(st.text(st.characters(codec="ascii"), max_size=60))
def test_ascii_text_takes_the_quicker_way_to_the_same_words(text: str) -> None:
    """Text of ASCII characters only (every punctuation mark, control character and underscore among
    them) is split by a table rather than word by word, into the words the definition gives."""
    assert search.normalise(text) == " ".join(w.casefold() for w in re.findall(r"[^\W_]+", text))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector is PostgreSQL's")
@pytest.mark.django_db
def test_the_tsvector_written_by_the_app_is_the_one_the_server_makes_from_the_same_words() -> None:
    """Positions from 1, a word's first 255 kept, positions past 16,383 counted as 16,383, and a word
    too long to index left out and not counted, as `to_tsvector('simple', ...)` does."""
    texts = [
        "Zoë’s café: the walk, the choir and the walk again; 2 o'clock at St Luke's.",
        " ".join(["kettle"] * 300 + ["garden", "kettle"]),
        " ".join(["b"] * 16390 + ["a", "a", "a"]),
        " ".join([f"w{n % 400}" for n in range(16382)] + ["q", "z", "q", "w1"]),  # q at 16,383 and after
        " ".join(f"word{n % 3000}" for n in range(150_000)),  # long enough to be measured, and fits
        "before " + "x" * 2048 + " after " + "y" * 2047 + " " + "é" * 1024,
        "",
    ]
    with connection.cursor() as cursor:
        for text in texts:
            words = search.normalise(text)
            cursor.execute(
                "SELECT %s::tsvector = to_tsvector('simple', %s)", [postgres.document(words), words]
            )
            assert cursor.fetchone() == (True,), text[:40]


def test_words_normalised_in_the_import_pool_index_as_a_reindex_does(cast: Cast) -> None:
    """An import normalises each text in its pool and joins the title's words to it; the index must hold
    what a rebuild from the rows holds, accents, apostrophes and all."""
    team = cast.orgs["fernhill"]
    items = [
        ImportItem(
            f"visit-{n}.txt",
            lambda n=n: f"Zoë's naïve question {n}:\r\nwhere's the ÉCOLE café?".encode(),
            title=f"Café Ünïon{n}",
        )
        for n in range(POOL_FROM + 1)  # enough files for the pool to read them
    ]
    report = import_items(cast.users["researcher"], team, items)
    assert [r.status for r in report.items] == ["imported"] * len(items)
    queries = ["café", "ünïon3", "zoë", "naïve", "école", "question 4", "where"]

    def ids(words: str) -> list[int]:
        return sorted(search.raw_ids("source", team.pk, search.parse_query(words)))

    imported = {q: ids(q) for q in queries}
    call_command("fieldwork", "reindex", stdout=StringIO())
    assert {q: ids(q) for q in queries} == imported
    assert len(imported["café"]) == len(items) and len(imported["ünïon3"]) == len(imported["question 4"]) == 1


def test_a_report_too_long_for_one_tsvector_imports_beside_a_transcript_and_is_found(cast: Cast) -> None:
    """PostgreSQL refuses a tsvector over 1 MB of words and positions. A long report (here 90,000
    different words, 1.8 MB with their positions) imports in the same batch as an ordinary transcript,
    and is found by every word and by a phrase near its start; on SQLite the same file is indexed whole."""
    team = cast.orgs["fernhill"]
    report = "Annual report of the Riverside befriending scheme. " + " ".join(
        f"item{n}x" for n in range(90_000)
    )
    items = [
        ImportItem("annual-report.txt", lambda: report.encode(), title="Annual report"),
        ImportItem("visit.txt", lambda: b"Interviewer: How was the walk?\nP1: The walk was lovely."),
    ]
    result = import_items(cast.users["researcher"], team, items)
    assert [r.status for r in result.items] == ["imported", "imported"], result.summary
    long_report, transcript = (r.source_id for r in result.items)

    def ids(words: str) -> list[int]:
        return search.raw_ids("source", team.pk, search.parse_query(words))

    assert ids('"riverside befriending scheme"') == [long_report]
    assert ids("item5x") == ids("item89999x") == [long_report]
    assert ids("walk lovely") == [transcript]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT length(vector) FROM fieldwork_search_source WHERE obj_id = %s", [long_report]
            )
            assert cursor.fetchone()[0] == 90_007  # every word, the earliest with a position
