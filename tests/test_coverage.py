"""Coverage of the evidence: counts per component and perspective or site, gaps, where next,
CSV in the web and on the command line, and withdrawn participants not counted."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.actions import (
    do_link_speakers,
    do_save_participant,
    do_save_site,
    do_withdraw_participant,
)
from connecting_people.fieldwork.coding import Passage, do_code_passage
from connecting_people.fieldwork.coverage import coverage, most_useful, where_next
from connecting_people.fieldwork.coverage_report import to_strengthen
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Participant, Site, Source
from connecting_people.interventions.models import Component

from .conftest import ARTIFACTS, Cast
from .pdfcheck import assert_tagged, page_images, page_texts


def test_counts_and_gaps_by_perspective(cast: Cast, corpus: dict) -> None:
    team = cast.orgs["fernhill"].pk
    matrix = coverage(team, "perspective", threshold=1)
    assert matrix.count("find-opportunities", "worker") == 1  # the choir
    assert matrix.count("find-opportunities", "individual") == 1  # the co-production group
    assert matrix.count("support-and-tackle-barriers", "individual") == 1
    assert matrix.count("link-and-introduce", "worker") == 1
    assert matrix.totals["find-opportunities"] == 2
    assert not matrix.is_gap("find-opportunities", "worker") and matrix.is_gap("find-opportunities", "funder")
    assert not matrix.is_gap("find-opportunities", "")  # "not attributed" is never a gap
    assert len(matrix.gaps()) == 28 * 6 - 4
    assert coverage(team, "perspective", threshold=2).is_gap("find-opportunities", "worker")


def test_counts_by_site_and_csv(cast: Cast, corpus: dict) -> None:
    matrix = coverage(cast.orgs["fernhill"].pk, "site", threshold=1)
    site = str(cast.fieldwork["site"].pk)
    assert matrix.count("find-opportunities", site) == 2
    rows = list(csv.DictReader(io.StringIO(matrix.as_csv())))
    row = next(r for r in rows if r["component_key"] == "find-opportunities")
    assert row["Riverside Project"] == "2" and row["total"] == "2"
    out = StringIO()
    call_command("fieldwork", "coverage", "--csv", "--team", "Fernhill Research Unit", stdout=out)
    perspective_rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert next(r for r in perspective_rows if r["component_key"] == "find-opportunities")["Worker"] == "1"


def test_withdrawal_removes_counts(cast: Cast, corpus: dict) -> None:
    do_withdraw_participant(cast.users["researcher"], corpus["i1"], dt.date(2026, 6, 1))
    matrix = coverage(cast.orgs["fernhill"].pk, "perspective", threshold=1)
    assert matrix.count("support-and-tackle-barriers", "individual") == 0
    assert (
        matrix.count("find-opportunities", "individual") == 0
        and matrix.count("find-opportunities", "worker") == 1
    )


def test_where_next_ranks_sites_with_the_missing_perspective(cast: Cast, corpus: dict) -> None:
    team = cast.orgs["fernhill"]
    funders = do_save_site(None, Site(team=team, name="Fenwick Trust", region="east", sector="other"))
    do_save_participant(None, Participant(site=funders, pseudonym="F1", perspective="funder"))
    do_save_participant(None, Participant(site=funders, pseudonym="F2", perspective="funder"))
    unvisited = do_save_site(
        None, Site(team=team, name="Aldgate Arches", region="london", sector="third_sector")
    )
    plan = where_next(team.pk, coverage(team.pk, "perspective", threshold=1))
    _component, _label, suggestions = next(
        p for p in plan if p[0].key == "find-opportunities" and p[1] == "Funder"
    )
    assert [s.site for s in suggestions][:2] == [funders, unvisited]
    assert (
        "2 funder participants registered" in suggestions[0].reason
        and suggestions[1].reason == "not visited yet"
    )


def test_the_most_useful_gaps_come_first_one_perspective_at_a_time(cast: Cast, corpus: dict) -> None:
    team = cast.orgs["fernhill"]
    funders = do_save_site(None, Site(team=team, name="Fenwick Trust", region="east", sector="other"))
    for n in range(3):
        do_save_participant(None, Participant(site=funders, pseudonym=f"F{n}", perspective="funder"))
    do_save_participant(None, Participant(site=funders, pseudonym="M1", perspective="manager"))
    plan = where_next(team.pk, coverage(team.pk, "perspective", threshold=1))
    first = most_useful(plan, 4)
    # Three funders at the trust score highest, then Riverside's two individuals, then one worker there
    # and one manager at the trust (equal, in the matrix's order): one gap per perspective and
    # component first.
    assert [label for _c, label, _s in first] == [
        "Funder",
        "Individual accessing services",
        "Worker",
        "Manager",
    ]
    assert all(len(suggestions) == 1 for _c, _l, suggestions in first)
    assert first[0][2][0].site == funders and first[0][0] == plan[0][0]  # the model's order among equals
    assert len({component for component, _l, _s in first}) == 4  # and four components
    # Then the perspectives nobody registered (the trust is not visited yet), then the best again.
    more = [label for _c, label, _s in most_useful(plan, 8)][4:]
    assert more == ["Volunteer", "Linked organisation", "Funder", "Funder"]


def test_coverage_page_and_download(cast: Cast, corpus: dict, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    page = client.get(reverse("fieldwork:coverage"), {"threshold": "1"}).content.decode()
    assert "Where next" in page and "gap" in page and "Find opportunities" in page
    with django_assert_max_num_queries(14):
        client.get(reverse("fieldwork:coverage"), {"by": "site"})
    response = client.get(reverse("fieldwork:coverage_csv"), {"by": "site"})
    assert response["Content-Type"].startswith("text/csv") and b"Riverside Project" in response.content


def test_excerpt_export_is_pseudonymised_and_leaves_out_withdrawn(cast: Cast, corpus: dict, tmp_path) -> None:  # type: ignore[no-untyped-def]

    site = cast.fieldwork["site"]
    site.agreed_to_be_named = False
    do_save_site(None, site)
    cast.fieldwork["participant"].real_name = "Gwen Ashdown"
    do_withdraw_participant(cast.users["researcher"], corpus["i1"], dt.date(2026, 6, 1))
    out = tmp_path / "excerpts.csv"
    call_command(
        "fieldwork", "export-excerpts", str(out), "--team", "Fernhill Research Unit", stdout=StringIO()
    )
    text = out.read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["text"] for r in rows} == {
        "We walked to the allotment together; the bus fare was paid.",
        "The café <b>choir</b> met on Thursdays.",
    }
    assert {r["site"] for r in rows} == {f"Site {site.pk}"} and "Riverside" not in text and "Gwen" not in text
    assert {r["participant"] for r in rows} == {"W1"} and rows[0]["components"] in (
        "link-and-introduce",
        "find-opportunities",
    )
    named = tmp_path / "named.csv"
    call_command(
        "fieldwork",
        "export-excerpts",
        str(named),
        "--named-sites",
        "--team",
        "Fernhill Research Unit",
        stdout=StringIO(),
    )
    assert "Riverside Project" in named.read_text()
    assert AuditEntry.objects.filter(action="export", object_type="fieldwork.excerpt").count() == 2
    web = cast.client("researcher").get(reverse("fieldwork:excerpts_csv"))
    assert b"Riverside" not in web.content and b"W1" in web.content


def test_excerpt_export_replaces_names_in_titles_speakers_excerpts_and_memos(cast: Cast) -> None:
    """Teams and Otter label turns with people's display names, and file names carry them into titles:
    the pseudonymised export writes the participant's pseudonym instead, "[name]" where a first name is
    shared by two participants, and the code of a site that did not agree to be named."""
    site = cast.fieldwork["site"]
    site.agreed_to_be_named = False
    do_save_site(None, site)
    for pseudonym, real_name, nicknames in [("P2", "Sam Okafor", "Sammy"), ("P3", "Sam Birch", "")]:
        do_save_participant(
            None,
            Participant(
                site=site,
                pseudonym=pseudonym,
                perspective="individual",
                real_name=real_name,
                nicknames=nicknames,
            ),
        )
    transcript = (
        "Gwen Ashdown  0:03\nI go with Sammy and Sam to the Riverside garden on Tuesdays.\n\n"
        "Rowan Pell  0:41\nAnd Ms Okafor?\n\n"
        "Gwen Ashdown  0:45\nShe’s Mrs Ashdown’s neighbour now.\n\n"
        "Rowan Pell  1:02\nThank you.\n"
    )
    result = import_one(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        ImportItem("gwen ashdown interview.txt", transcript.encode, site=site, kind="interview"),
    )
    source = Source.objects.get(pk=result.source_id)
    assert source.title == "Gwen ashdown interview" and len(source.turns) == 4
    do_link_speakers(cast.users["researcher"], source, {"Gwen Ashdown": cast.fieldwork["participant"]})
    component = Component.objects.get(version=cast.published, key="find-opportunities")
    for turn in (0, 2):
        start, end = source.turns[turn]["start"], source.turns[turn]["end"]
        do_code_passage(
            cast.users["researcher"],
            source,
            Passage(start, end),
            components=[component],
            kind="example",
            memo="Gwen's route to the garden; ask Sam Birch's worker",
        )
    web = cast.client("researcher").get(reverse("fieldwork:excerpts_csv")).content.decode()
    rows = [r for r in csv.DictReader(io.StringIO(web)) if r["source_id"] == str(source.pk)]
    assert [(r["source_title"], r["speaker"], r["participant"]) for r in rows] == [
        ("[P1] interview", "[P1]", "P1"),
        ("[P1] interview", "[P1]", "P1"),
    ]
    assert [r["text"] for r in rows] == [
        f"I go with [P2] and [name] to the [Site {site.pk}] garden on Tuesdays.",
        "She’s [P1]’s neighbour now.",
    ]
    assert rows[0]["memo"] == "[P1]'s route to the garden; ask [P3]'s worker"
    for name in ("Gwen", "Ashdown", "Sammy", "Okafor", "Birch", "Riverside"):
        assert name not in web


def test_coverage_page_draws_a_heat_map_with_a_table_and_a_short_where_next(
    cast: Cast, corpus: dict, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    client.get(reverse("fieldwork:coverage"))  # the first request loads the session and the user
    # Six for the page, and one asking for the guide's latest release (there is none: nothing since).
    with django_assert_num_queries(7):
        page = client.get(reverse("fieldwork:coverage"), {"threshold": "1"}).content.decode()
    matrix = coverage(cast.orgs["fernhill"].pk, "perspective", threshold=1)
    component = next(c for c in matrix.components if c.key == "find-opportunities")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'id="coverage-map" role="img"' in page
    assert '<title id="coverage-map-title">Passages of evidence per component and perspective</title>' in page
    assert f"{len(matrix.gaps())} cells are gaps (fewer than 1)" in page
    link = reverse("fieldwork:evidence", args=[component.pk]) + "#from-worker"
    assert f'<g class="cell" data-href="{link}">' in page  # the cell, for a pointer
    assert f'<a href="{link}">1</a>' in page  # the same link in the table alternative
    assert "<summary>Table of the same figures</summary>" in page
    # Where next: the five most useful gaps, the rest behind "show all".
    plan = where_next(cast.orgs["fernhill"].pk, matrix)
    shown_first, _rest = page.split("Show all", 1)
    assert shown_first.count('<ul class="where-next">') == 1
    assert shown_first.split('<ul class="where-next">')[1].count("<li>") == 5
    assert f"Show all {len(plan)} gaps with suggestions" in page
    # The evidence page has the group the cell points at.
    evidence = client.get(reverse("fieldwork:evidence", args=[component.pk])).content.decode()
    assert '<section id="from-worker"' in evidence


def test_coverage_page_by_site_links_cells_to_the_component(
    cast: Cast, corpus: dict, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    client.get(reverse("fieldwork:coverage"))
    with django_assert_num_queries(6):
        page = client.get(reverse("fieldwork:coverage"), {"by": "site"}).content.decode()
    assert "Passages of evidence per component and site" in page and "Where next" not in page
    component = next(
        c for c in coverage(cast.orgs["fernhill"].pk, "site").components if c.key == "find-opportunities"
    )
    assert f'data-href="{reverse("fieldwork:evidence", args=[component.pk])}"' in page


def test_coverage_report_pdf_carries_the_heat_map_its_table_and_what_to_strengthen(
    cast: Cast, corpus: dict, tmp_path: Path
) -> None:
    client = cast.client("researcher")
    page = client.get(reverse("fieldwork:coverage"), {"threshold": "1"}).content.decode()
    assert f'href="{reverse("fieldwork:coverage_pdf")}?by=perspective&amp;threshold=1"' in page
    response = client.get(reverse("fieldwork:coverage_pdf"), {"threshold": "1"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="coverage-by-perspective.pdf"'
    assert_tagged(response.content, "Coverage of the evidence: Fernhill Research Unit")
    # The heat map is a figure in the structure tree, its title as the alternative text.
    figures = _structure(response.content, "/Figure")
    assert [str(f.get("/Alt")) for f in figures] == ["Passages of evidence per component and perspective"]
    pdf = tmp_path / "coverage.pdf"
    pdf.write_bytes(response.content)
    pages = page_texts(pdf)
    text = " ".join(" ".join(p.split()) for p in pages)
    matrix = coverage(cast.orgs["fernhill"].pk, "perspective", threshold=1)
    assert f"{len(matrix.gaps())} gaps in 28 components" in text
    assert "The same figures as a table" in text and "Components to strengthen" in text
    assert "Where next" in text
    # The components to strengthen: most gaps first, then fewest passages, ties in the model's order.
    weak = to_strengthen(matrix, where_next(cast.orgs["fernhill"].pk, matrix))
    assert len(weak) == 28 and weak[0].total == 0 and weak[-1].component.key == "find-opportunities"
    assert weak[-1].gap_text == "Volunteer 0; Linked organisation 0; Funder 0; Manager 0"
    strengthen = text.split("Components to strengthen", 1)[1].split("Where next", 1)[0]
    assert "The 28 components with gaps, most gaps first" in strengthen and "Try first" in strengthen
    assert weak[0].first is not None and weak[0].first.site.name in strengthen
    shutil.rmtree(ARTIFACTS / "coverage-pdf", ignore_errors=True)  # no pages left from an earlier run
    images = page_images(pdf, ARTIFACTS / "coverage-pdf", "page")
    assert len(images) == len(pages)
    # By site, too; the page's link carries the choice, and only researchers reach it.
    by_site = client.get(reverse("fieldwork:coverage_pdf"), {"by": "site"})
    assert_tagged(by_site.content, "Coverage of the evidence: Fernhill Research Unit")
    assert cast.client("worker").get(reverse("fieldwork:coverage_pdf")).status_code == 403


def _structure(pdf: bytes, kind: str) -> list[Any]:
    """The elements of one kind in the PDF's structure tree, in reading order."""
    found: list[Any] = []
    todo: list[Any] = [PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop(0)
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            continue
        if node.get("/S") == kind:
            found.append(node)
        kids = node.get("/K")
        todo.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    return found
