"""Coverage of the evidence: counts per component and perspective or site, gaps, where next,
CSV in the web and on the command line, and withdrawn participants not counted."""

from __future__ import annotations

import csv
import datetime as dt
import io
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.actions import do_save_participant, do_save_site, do_withdraw_participant
from connecting_people.fieldwork.coverage import coverage, where_next
from connecting_people.fieldwork.models import Participant, Site

from .conftest import Cast


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
