"""The coverage page's kept counts equal the one count of evidence worked out afresh, after every kind
of change the actions make: coding, a second coder, editing, deleting, a register correction, a
withdrawal, assigning a source, an import from another tool and mapping its tags, and a rebuild."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from connecting_people.accounts.actions import do_create_user
from connecting_people.fieldwork import refi
from connecting_people.fieldwork.actions import do_save_participant, do_withdraw_participant
from connecting_people.fieldwork.coding import (
    Passage,
    coding_components,
    do_code_passage,
    do_delete_excerpt,
    do_update_excerpt,
)
from connecting_people.fieldwork.evidence import evidence_passages
from connecting_people.fieldwork.models import PassageCount, PassageTotal, Tag

from .conftest import Cast
from .qda.generate import build
from .test_refi_tools import project


def kept(team_id: int) -> Counter[tuple[str, str, int | None]]:
    """The kept counts per source, summed; checked equal to the team's kept totals the page reads."""
    out: Counter[tuple[str, str, int | None]] = Counter()
    totals: Counter[tuple[str, str, int | None]] = Counter()
    fields = ("component__key", "perspective", "site_id", "passages")
    for key, perspective, site, n in PassageCount.objects.filter(team_id=team_id).values_list(*fields):
        out[(key, perspective, site)] += n
    for key, perspective, site, n in PassageTotal.objects.filter(team_id=team_id).values_list(*fields):
        totals[(key, perspective, site)] += n
    assert +totals == out
    return out


def worked_out(team_id: int) -> Counter[tuple[str, str, int | None]]:
    return Counter((p.key, p.perspective, p.site_id) for p in evidence_passages(team_id))


def test_kept_counts_follow_every_change(cast: Cast, corpus: dict) -> None:
    team = cast.orgs["fernhill"]

    def same() -> None:
        assert kept(team.pk) == worked_out(team.pk) and sum(kept(team.pk).values()) > 0

    same()
    components = {c.key: c for c in coding_components()}
    choir = corpus["excerpts"]["choir"]
    second = do_create_user(
        None, password=None, username="second-coder", organisation=team, role="researcher"
    )
    do_code_passage(
        second,
        choir.source,
        Passage(choir.start, choir.end),
        components=[components["find-opportunities"]],
        kind="example",
    )  # the same passage by another coder: still one passage
    same()
    before = sum(kept(team.pk).values())
    fare = corpus["excerpts"]["fare"]
    do_update_excerpt(
        cast.users["researcher"],
        fare,
        fare.revision,
        Passage(fare.start, fare.end),
        components=[components["find-opportunities"], components["link-and-introduce"]],
        kind="example",
        memo="",
        tags=[],
    )
    same()
    assert sum(kept(team.pk).values()) == before + 1
    do_delete_excerpt(cast.users["researcher"], corpus["excerpts"]["group"])
    same()
    w1 = corpus["w1"]
    w1.perspective = "volunteer"
    do_save_participant(cast.users["researcher"], w1)  # a register correction moves the counts
    same()
    assert any(perspective == "volunteer" for _, perspective, _ in kept(team.pk))
    do_withdraw_participant(cast.users["researcher"], corpus["i1"], dt.date(2026, 11, 1))
    same()
    refi.do_import_project(cast.users["researcher"], team, build(project("nvivo")))
    same()
    refi.do_map_tag_to_component(
        None, Tag.objects.get(team=team, name="Belonging"), components["build-relationship"]
    )
    same()
    inbox = refi.do_import_project(cast.users["researcher"], team, build(project("qualcoder", seed="second")))
    assert inbox.sources[0].status in ("added", "unchanged")
    response = cast.client("researcher").get(reverse("fieldwork:coverage"))
    assert response.status_code == 200
    PassageCount.objects.filter(team=team).delete()
    PassageTotal.objects.filter(team=team).delete()
    out = StringIO()
    call_command("fieldwork", "reindex", stdout=out)
    assert "counted the evidence again" in out.getvalue()
    same()


def test_the_coverage_page_reads_the_kept_counts_in_a_fixed_number_of_queries(
    cast: Cast, corpus: dict, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    client.get(reverse("fieldwork:coverage"))
    with django_assert_max_num_queries(20):
        client.get(reverse("fieldwork:coverage"))
