"""A guide that knows it is out of date: per section, the evidence coded since the guide's last release
(new passages, new sites, perspectives heard for the first time) and the examples the release used that
have since been withdrawn, on the guide's team page and the coverage page, for the research team only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.fieldwork.actions import do_save_participant, do_save_site, do_withdraw_participant
from connecting_people.fieldwork.coding import do_code_passage, do_update_excerpt, locate
from connecting_people.fieldwork.freshness import since
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt, ExcerptComponent, Participant, Site, Source
from connecting_people.interventions.models import Component

from .conftest import Cast, guide_with_drafts

LINES = [
    "I came along as a volunteer and we agreed to meet every Tuesday, which made it easy to trust.",
    "She remembered my dog's name the second week, and that made me feel I mattered to her.",
]


def _new_evidence(cast: Cast, objects: dict[str, Any], key: str = "build-relationship") -> Site:
    """After the release: a new site, a volunteer (a perspective not heard on the section before), two
    passages coded, and one more passage from an existing site and perspective."""
    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    component = Component.objects.get(version=cast.published, key=key)
    site = do_save_site(
        None, Site(team=team, name="Brookvale Befrienders", sector="third_sector", region="wales")
    )
    volunteer = do_save_participant(
        None, Participant(site=site, pseudonym="B-V", perspective="volunteer", consent_to_quote=True)
    )
    text = "\n\n".join(f"B-V: {line}" for line in LINES)
    result = import_one(
        researcher, team, ImportItem("B-V.txt", text.encode, site=site, participants=[volunteer])
    )
    source = Source.objects.get(pk=result.source_id)
    for line in LINES:
        do_code_passage(
            researcher, source, locate(source.text, None, None, line), components=[component], kind="example"
        )
    # A second transcript from an existing speaker: a new passage, from a site and a perspective the
    # section already had.
    moorside = objects["speakers"]["M-W"]
    line = "We sit down with a cup of tea first and only then talk about what they want to do."
    result = import_one(
        researcher,
        team,
        ImportItem("M-W-again.txt", f"M-W: {line}".encode, site=moorside.site, participants=[moorside]),
    )
    again = Source.objects.get(pk=result.source_id)
    do_code_passage(
        researcher, again, locate(again.text, None, None, line), components=[component], kind="example"
    )
    # The same words as a passage the release already had, coded again: not a new passage.
    old = objects["excerpts"]["M-W-0"]
    do_code_passage(
        researcher,
        old.source,
        locate(old.source.text, None, None, old.text),
        components=[component],
        kind="example",
    )
    return site


def test_new_evidence_and_withdrawn_examples_are_counted_since_the_release(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    release = objects["release"]
    assert since(cast.orgs["fernhill"].pk, release.released_at) == {}
    site = _new_evidence(cast, objects)
    # The release's example came from R-W, who now withdraws.
    do_withdraw_participant(None, objects["speakers"]["R-W"], dt.date(2026, 3, 1))
    researcher = cast.client("researcher")

    page = researcher.get(reverse("guide:guide", args=[objects["guide"].pk]))
    assert page.status_code == 200
    text = page.content.decode()
    sentence = (
        "3 new passages from 2 sites (1 new to this section) since release 0.1, including the first "
        "from a volunteer; 1 example withdrawn"
    )
    assert sentence in text
    assert "1 section has new evidence or withdrawn examples since the guide's release 0.1" in text

    coverage = researcher.get(reverse("fieldwork:coverage"))
    text = coverage.content.decode()
    assert "Sections to revise" in text and sentence in text
    assert "New since release 0.1" in text  # the row of the table
    assert "Build a relationship (new since release)" in text  # the heat map's row label
    listed = text.split('id="to-revise"')[1].split("</ol>")[0]
    assert site.name not in listed  # sites are counted there, not named


def test_sections_to_revise_are_ordered_by_how_much_moved(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    _new_evidence(cast, objects)
    _new_evidence_elsewhere(cast, objects)
    text = cast.client("researcher").get(reverse("fieldwork:coverage")).content.decode()
    listed = text.split('id="to-revise"')[1]
    assert listed.index("Build a relationship") < listed.index("Explore")


def _new_evidence_elsewhere(cast: Cast, objects: dict[str, Any]) -> None:
    """One passage on another component: words already coded elsewhere, new to this component."""
    component = Component.objects.get(version=cast.published, key="explore-network-strengths")
    old = objects["excerpts"]["M-W-1"]
    do_code_passage(
        cast.users["researcher"],
        old.source,
        locate(old.source.text, None, None, old.text),
        components=[component],
        kind="example",
    )


def test_a_code_added_to_an_older_excerpt_is_new_evidence_for_that_section_only(cast: Cast) -> None:
    """An excerpt the release already had, given one more code after it: new for the section of the new
    code, not for the sections it was coded to before (their codes keep the date they were first given)."""
    objects = guide_with_drafts(cast)
    old = objects["excerpts"]["M-W-1"]
    had = [link.component for link in ExcerptComponent.objects.filter(excerpt=old)]
    explore = Component.objects.get(version=cast.published, key="explore-network-strengths")
    assert explore not in had
    do_update_excerpt(
        cast.users["researcher"],
        old,
        old.revision,
        locate(old.source.text, None, None, old.text),
        components=[*had, explore],
        kind=old.kind,
        memo=old.memo,
        tags=[],
    )
    moved = since(cast.orgs["fernhill"].pk, objects["release"].released_at)
    assert list(moved) == ["explore-network-strengths"] and moved["explore-network-strengths"].passages == 1
    text = cast.client("researcher").get(reverse("fieldwork:coverage")).content.decode()
    assert "Explore" in text.split('id="to-revise"')[1].split("</ol>")[0]


def test_queries_do_not_grow_with_the_sections_that_moved(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    objects = guide_with_drafts(cast)
    _new_evidence(cast, objects)
    researcher = cast.client("researcher")
    pages = [reverse("guide:guide", args=[objects["guide"].pk]), reverse("fieldwork:coverage")]
    for url in pages:
        researcher.get(url)

    def counted() -> list[int]:
        counts = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert researcher.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    one_section = counted()
    _new_evidence_elsewhere(cast, objects)
    assert counted() == one_section  # a second section moved, and no page asks more
    with django_assert_max_num_queries(24):
        researcher.get(pages[0])
    with django_assert_max_num_queries(24):
        researcher.get(pages[1])


def test_only_the_research_team_sees_what_moved(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    _new_evidence(cast, objects)
    for actor in ("manager", "worker", "reviewer", "anonymous"):
        for url in (reverse("guide:guide", args=[objects["guide"].pk]), reverse("fieldwork:coverage")):
            response = cast.client(actor).get(url)
            assert response.status_code in (302, 403, 404), (actor, url)
    public = cast.client("anonymous").get(reverse("guide:public"), follow=True).content.decode()
    assert "new passage" not in public and "since release" not in public


@pytest.mark.django_db(transaction=True)
def test_codes_made_before_the_date_was_kept_take_their_excerpts_date(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    excerpt = objects["excerpts"]["M-W-1"]
    try:
        MigrationExecutor(connection).migrate([("fieldwork", "0017_evidence_citations")])
        MigrationExecutor(connection).migrate([("fieldwork", "0018_excerptcomponent_coded_at")])
        coded = set(ExcerptComponent.objects.filter(excerpt=excerpt).values_list("coded_at", flat=True))
        assert coded == {Excerpt.objects.get(pk=excerpt.pk).created_at}
    finally:  # later tests need every migration applied again
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
