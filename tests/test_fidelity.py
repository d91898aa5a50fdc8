"""Fidelity scales as data (docs/fidelity-file.md): every problem by line, items whose component is not in
the published model refused by name, loading through `cpi measures load` with nothing written on a
problem, the shipped scale ours and matching its schema, and the high/low grouping at the cut-off."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.interventions import actions as model_actions
from connecting_people.interventions.models import Component, VersionMigration
from connecting_people.measures.actions import MeasureError, do_load_fidelity_scale, do_rate_fidelity
from connecting_people.measures.dataset import person_fidelity
from connecting_people.measures.fidelity import FidelityFileError, parse
from connecting_people.measures.getters import comparable_scales
from connecting_people.measures.models import FidelityRating, FidelityScale, Instrument, RaterRole
from connecting_people.practice.rights import do_erase_person, subject_access

from .conftest import Cast, build_fidelity

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "connecting_people" / "measures" / "data" / "fidelity_scale.yaml"
SCHEMA = json.loads((ROOT / "docs" / "fidelity-file.schema.json").read_text())

SMALL = """\
schema: cpi-fidelity/1
key: small-fidelity
title: A small fidelity scale
version: "1"
licence: {ours: true, note: "Ours, unvalidated (a test)."}
rated_by: [supervisor, worker]
rating:
  - {value: 0, label: Not at all}
  - {value: 1, label: Partly}
  - {value: 2, label: Fully}
items:
  - {key: goals, component: set-goals-together, text: Goals are the person's own.}
  - {key: links, component: link-and-introduce, text: The worker goes along.}
  - {key: review, component: review-together, text: Progress is reviewed together.}
score: {rule: mean, missing_allowed: 1, high_from: 1.5}
"""


def test_the_shipped_scale_is_ours_points_at_the_worker_wheel_and_matches_its_schema() -> None:
    text = SHIPPED.read_text()
    jsonschema.validate(yaml.safe_load(text), SCHEMA)
    jsonschema.validate(yaml.safe_load(SMALL), SCHEMA)
    scale = parse(text)
    assert scale.ours and "not been validated" in scale.licence
    assert scale.rated_by == ("supervisor", "worker", "person")
    assert scale.values == (0, 1, 2, 3, 4) and scale.high_from == Fraction(5, 2)
    assert len(scale.items) == 8 and "help-move-on" in scale.components


def test_scores_are_the_mean_of_rated_items_and_high_starts_at_the_cut_off() -> None:
    scale = parse(SMALL)
    # 1 and 2 rated, one item left unrated (allowed): mean 3/2, exactly at the cut-off, so high.
    assert scale.score({"goals": 1, "links": 2, "review": None}) == Fraction(3, 2)
    assert scale.is_high(Fraction(3, 2)) is True
    assert scale.score({"goals": 1, "links": 2, "review": 1}) == Fraction(4, 3)
    assert scale.is_high(Fraction(4, 3)) is False
    assert scale.score({"goals": 2}) is None and scale.is_high(None) is None


def test_every_problem_is_named_with_its_line() -> None:
    bad = (
        SMALL.replace("key: small-fidelity", "key: Small Fidelity")
        .replace("rated_by: [supervisor, worker]", "rated_by: [supervisor, cat]")
        .replace("{value: 1, label: Partly}", "{value: 0, label: Partly}")
        .replace("{key: links, component", "{key: goals, component")
        .replace("high_from: 1.5", "high_from: 7")
    )
    with pytest.raises(FidelityFileError) as caught:
        parse(bad)
    assert [str(p) for p in caught.value.problems] == [
        "line 2: the file: scale key 'Small Fidelity' must be lowercase letters, digits and hyphens",
        "line 6: rated_by 'cat' is unknown; use any of: supervisor, worker, person",
        "line 9: rating: the value 0 is given twice",
        "line 13: item 'goals': item key 'goals' is used twice (first at line 12)",
        "line 15: score: high_from (7) must be above the lowest rating (0) and at most the highest (2)",
    ]
    with pytest.raises(FidelityFileError, match=r"line 12: item 'goals' is missing 'component'"):
        parse(SMALL.replace("component: set-goals-together, ", ""))
    with pytest.raises(FidelityFileError, match=r"line 15: score: 'high_from' must be a number"):
        parse(SMALL.replace("high_from: 1.5", "high_from: high"))


def test_loading_refuses_unknown_components_by_line_and_writes_nothing(cast: Cast, tmp_path: Path) -> None:
    team = cast.orgs["harbourside"]
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(SMALL.replace("component: link-and-introduce", "component: go-fishing"))
    with pytest.raises(CommandError) as refused:
        call_command("measures", "load", str(wrong), "--organisation", team.name, stdout=io.StringIO())
    assert str(refused.value) == (
        f"{wrong} cannot be loaded; nothing was written:\n"
        f"  line 13: item 'links': there is no component 'go-fishing' in the published model (version "
        f"{cast.published.label})"  # type: ignore[union-attr]
    )
    assert not FidelityScale.objects.exists() and not Instrument.objects.exists()
    checked = io.StringIO()
    call_command("measures", "check", str(SHIPPED), stdout=checked)
    assert "a fidelity scale" in checked.getvalue() and "high fidelity from 2.50" in checked.getvalue()


def test_the_shipped_scale_loads_through_the_measures_command_with_audit(cast: Cast, tmp_path: Path) -> None:
    team = cast.orgs["harbourside"]
    out = io.StringIO()
    call_command("measures", "load", str(SHIPPED), "--organisation", team.name, stdout=out)
    assert "Loaded How closely the work follows the model, version 1.1" in out.getvalue()
    scale = FidelityScale.objects.get(organisation=team)
    assert scale.model_version == cast.published and scale.ours
    assert scale.definition() == parse(SHIPPED.read_text())
    assert AuditEntry.objects.filter(
        object_type="measures.fidelityscale", object_id=str(scale.pk), action="create"
    ).exists()
    again = io.StringIO()
    call_command("measures", "load", str(SHIPPED), "--organisation", team.name, stdout=again)
    assert "Already loaded, unchanged" in again.getvalue() and FidelityScale.objects.count() == 1
    changed = tmp_path / "changed.yaml"
    changed.write_text(SHIPPED.read_text().replace("high_from: 2.5", "high_from: 3"))
    with pytest.raises(CommandError, match="already loaded with different items or scoring"):
        call_command("measures", "load", str(changed), "--organisation", team.name, stdout=io.StringIO())


def _post(scale_items: list[str], ratings: list[int | None], worker_pk: int) -> dict[str, str]:
    data = {"worker": str(worker_pk), "rated_on": "2026-03-02"}
    for key, value in zip(scale_items, ratings, strict=True):
        data[f"item_{key}"] = "" if value is None else str(value)
    return data


def test_a_supervisor_rates_a_worker_with_a_person_and_sees_the_group_at_the_cut_off(cast: Cast) -> None:
    scale = build_fidelity(cast)["scale"]
    keys = [i.key for i in scale.definition().items]
    person, worker = cast.people["HAR-1"], cast.users["worker"]
    manager = cast.client("manager")
    form = manager.get(reverse("measures:fidelity_rate", args=[person.pk]))
    assert form.status_code == 200
    page = form.content.decode()
    assert "How closely the work follows the model" in page and "4: Fully and routinely" in page
    assert "Not rated" in page and "> Wil Carden</label>" in page and "(worker)" not in page
    # Seven rated, one left unrated (allowed): 2,3,3,2,3,2,2 -> 17/7 = 2.43, just below 2.5: low.
    low = manager.post(
        reverse("measures:fidelity_rate", args=[person.pk]),
        _post(keys, [2, 3, 3, 2, 3, 2, 2, None], worker.pk),
    )
    assert low.status_code == 302 and low["Location"] == reverse("measures:fidelity_person", args=[person.pk])
    # The item left at "Not rated" (the form's default) is pointed out, in case it was missed by mistake.
    assert "Saved the fidelity rating. 1 of 8 items was left not rated." in manager.get(
        low["Location"]
    ).content.decode().replace("&#x27;", "'")
    first = FidelityRating.objects.get()
    assert first.score_value == Fraction(17, 7) and first.rater_role == "supervisor"
    assert first.rater == cast.users["manager"] and first.worker == worker and first.person == person
    assert AuditEntry.objects.filter(
        object_type="measures.fidelityrating", object_id=str(first.pk), action="create"
    ).exists()
    # Exactly at the cut-off is high: 2,3,2,3,2,3,2,3 -> 20/8 = 2.5.
    every = manager.post(
        reverse("measures:fidelity_rate", args=[person.pk]), _post(keys, [2, 3, 2, 3, 2, 3, 2, 3], worker.pk)
    )
    assert "Saved the fidelity rating.</" in manager.get(every["Location"]).content.decode()
    second = FidelityRating.objects.exclude(pk=first.pk).get()
    assert second.score_value == Fraction(5, 2)
    before = AuditEntry.objects.filter(action="view").count()
    profile = manager.get(reverse("measures:fidelity_person", args=[person.pk])).content.decode()
    assert "2.43" in profile and "2.50" in profile
    assert (
        "<td>Wil Carden</td>" in profile
        and "Supervisor: Mina Hartigan" in profile
        and "(worker)" not in profile
    )
    assert profile.count(">High<") == 1 and profile.count(">Low<") == 1
    assert AuditEntry.objects.filter(action="view").count() == before + 1  # reading the ratings is audited
    # Two left unrated is one too many: nothing is saved, and the form says why.
    refused = manager.post(
        reverse("measures:fidelity_rate", args=[person.pk]),
        _post(keys, [4, 4, 4, 4, 4, 4, None, None], worker.pk),
    )
    assert refused.status_code == 200 and "Rate at least 7 of the 8 items" in refused.content.decode()
    assert FidelityRating.objects.count() == 2


def test_a_worker_cannot_rate_and_other_organisations_cannot_reach_the_person(cast: Cast) -> None:
    scale = build_fidelity(cast)["scale"]
    keys = [i.key for i in scale.definition().items]
    person, worker = cast.people["HAR-1"], cast.users["worker"]
    url = reverse("measures:fidelity_rate", args=[person.pk])
    assert cast.client("worker").get(url).status_code == 403
    assert cast.client("worker").post(url, _post(keys, [4] * 8, worker.pk)).status_code == 403
    assert cast.client("other_manager").post(url, _post(keys, [4] * 8, worker.pk)).status_code == 404
    assert cast.client("worker").get(reverse("measures:fidelity_person", args=[person.pk])).status_code == 403
    assert not FidelityRating.objects.exists()


def test_the_rating_action_checks_the_role_the_worker_and_the_values(cast: Cast) -> None:
    scale = build_fidelity(cast)["scale"]
    person, worker = cast.people["HAR-1"], cast.users["worker"]
    manager = cast.users["manager"]
    day = cast.people["HAR-1"].created_at.date()
    with pytest.raises(MeasureError, match="does not work with this person"):
        do_rate_fidelity(manager, scale, manager, person, "supervisor", {"relationship": 3}, day)
    with pytest.raises(MeasureError, match="A rating is one of 0, 1, 2, 3, 4; relationship is not"):
        do_rate_fidelity(manager, scale, worker, person, "supervisor", {"relationship": 5}, day)
    with pytest.raises(MeasureError, match="is not rated by the cat"):
        do_rate_fidelity(manager, scale, worker, person, "cat", {"relationship": 3}, day)
    overall = do_rate_fidelity(
        worker, scale, worker, None, "worker", {i.key: 4 for i in scale.definition().items}, day
    )
    assert overall.person is None and overall.score_value == 4


def test_the_worker_page_shows_each_workers_ratings_over_time_without_naming_anyone(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    scale = build_fidelity(cast)["scale"]
    keys = [i.key for i in scale.definition().items]
    person, worker, manager = cast.people["HAR-1"], cast.users["worker"], cast.users["manager"]
    url = reverse("measures:fidelity_workers")
    empty = cast.client("manager").get(url).content.decode()
    assert "No one has been rated yet" in empty
    first, later = dt.date(2026, 1, 5), dt.date(2026, 4, 6)
    do_rate_fidelity(manager, scale, worker, person, "supervisor", dict.fromkeys(keys, 1), first)
    do_rate_fidelity(manager, scale, worker, None, "supervisor", dict.fromkeys(keys, 3), later)
    client = cast.client("manager")
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert '<h2 id="worker-1">Wil Carden</h2>' in page and "5 January 2026" in page and "6 April 2026" in page
    assert "Wil Carden's fidelity profile" in page and "(worker)" not in page  # a name, not an account
    assert "With one person" in page and "Overall" in page
    assert "Latest, 6 April 2026: <strong>3.00</strong>" in page and page.count(">High<") == 2
    assert (
        page.count(">Low<") == 1 and "<td>Help the person move on</td>" in page and ">2.0<" in page
    )  # (1 + 3) / 2
    assert "HAR-1" not in page and person.full_name not in page
    assert cast.client("worker").get(url).status_code == 403
    other = cast.client("other_manager").get(url).content.decode()
    assert "Wil Carden" not in other and "No fidelity scale is loaded" in other


def test_ratings_are_in_the_subject_access_copy_and_go_with_erasure(cast: Cast) -> None:
    scale = build_fidelity(cast)["scale"]
    person, worker, manager = cast.people["HAR-1"], cast.users["worker"], cast.users["manager"]
    day = dt.date(2026, 2, 2)
    given = {i.key: 3 for i in scale.definition().items} | {"reviews": 4, "moving-on": None}
    do_rate_fidelity(manager, scale, worker, person, "supervisor", given, day)
    copy = subject_access(person)
    assert [r["score"] for r in copy["fidelity_ratings"]] == ["22/7"]
    assert copy["fidelity_ratings"][0]["ratings"]["reviews"] == 4
    do_erase_person(manager, person)
    assert not FidelityRating.objects.exists()


def test_a_reworded_version_keeps_earlier_ratings_and_new_anchors_do_not(cast: Cast) -> None:
    """Loading version 2 of a scale that only rewords its statements keeps every rating made with version 1
    in the groups and the profile; version 3, rated on other anchors, starts afresh."""
    team, person, worker = cast.orgs["harbourside"], cast.people["HAR-1"], cast.users["worker"]
    first, _ = do_load_fidelity_scale(None, team, SMALL)
    do_rate_fidelity(
        cast.users["manager"],
        first,
        worker,
        person,
        RaterRole.SUPERVISOR,
        {"goals": 2, "links": 1, "review": 2},
        dt.date(2026, 3, 2),
    )
    manager = cast.client("manager")

    def supervisor_ratings() -> str:
        page = manager.get(reverse("measures:fidelity_organisation")).content.decode()
        return re.search(r"Ratings by supervisor: (\d+)", page).group(1)  # type: ignore[union-attr]

    assert supervisor_ratings() == "1"
    reworded, _ = do_load_fidelity_scale(
        None,
        team,
        SMALL.replace('version: "1"', 'version: "2"').replace("The worker goes along.", "Goes along."),
    )
    assert comparable_scales(reworded) == [first.pk, reworded.pk]
    assert person_fidelity(comparable_scales(reworded), {person.pk}, ("supervisor",)) == {
        person.pk: Fraction(5, 3)
    }
    assert supervisor_ratings() == "1"
    other_anchors = SMALL.replace('version: "1"', 'version: "3"')
    for before, after in (("value: 2,", "value: 3,"), ("value: 1,", "value: 2,"), ("value: 0,", "value: 1,")):
        other_anchors = other_anchors.replace(before, after)
    renumbered, _ = do_load_fidelity_scale(None, team, other_anchors)
    assert comparable_scales(renumbered) == [renumbered.pk]
    assert person_fidelity(comparable_scales(renumbered), {person.pk}, ("supervisor",)) == {}
    assert supervisor_ratings() == "0"


def test_items_move_with_the_model_when_a_component_is_renamed(cast: Cast, tmp_path: Path) -> None:
    """The scale's items point at components: `cpi model migrate-evidence` moves them to their successors in
    a new version, reports any left behind, and the profile reads ratings against the components as they
    are now."""
    team, person, worker = cast.orgs["harbourside"], cast.people["HAR-1"], cast.users["worker"]
    scale, _ = do_load_fidelity_scale(None, team, SMALL)
    assert cast.published is not None and cast.draft is not None
    old = {c.key: c for c in cast.published.components.all()}
    assert dict(scale.placed_items.values_list("key", "component")) == {
        "goals": old["set-goals-together"].pk,
        "links": old["link-and-introduce"].pk,
        "review": old["review-together"].pk,
    }
    do_rate_fidelity(
        cast.users["manager"],
        scale,
        worker,
        person,
        RaterRole.SUPERVISOR,
        {"goals": 2, "links": 1, "review": 2},
        dt.date(2026, 3, 2),
    )
    # Version 1.1: link-and-introduce becomes go-along (a new title); review-together is dropped.
    for component in Component.objects.filter(
        version=cast.draft, key__in=["link-and-introduce", "review-together"]
    ):
        model_actions.do_delete_component(None, component)
    model_actions.do_save_component(
        None, Component(version=cast.draft, key="go-along", part="worker_wheel", title="Go along together")
    )
    model_actions.do_publish_version(None, cast.draft)
    mapping = tmp_path / "map.csv"
    mapping.write_text("old_key,new_key\nlink-and-introduce,go-along\n")
    dry = io.StringIO()
    call_command("model", "migrate-evidence", "1.0", "1.1", "--map", str(mapping), "--dry-run", stdout=dry)
    assert "measures.fidelityscaleitem.component" in dry.getvalue()
    call_command("model", "migrate-evidence", "1.0", "1.1", "--map", str(mapping), stdout=io.StringIO())
    record = VersionMigration.objects.get()
    assert record.report["moved"]["measures.fidelityscaleitem.component"] == 2
    assert record.report["stranded"]["measures.fidelityscaleitem.component"] == {"review-together": 1}
    new = {c.key: c.pk for c in cast.draft.components.all()}
    assert dict(scale.placed_items.values_list("key", "component")) == {
        "goals": new["set-goals-together"],
        "links": new["go-along"],
        "review": old["review-together"].pk,  # no successor: left where it was, and reported above
    }
    data, titles = scale.placed_definition()
    assert [i.component for i in data.items] == ["set-goals-together", "go-along", "review-together"]
    assert titles["go-along"] == "Go along together"
    # The rating made before is read against the renamed component, under its new title.
    page = cast.client("manager").get(reverse("measures:fidelity_organisation")).content.decode()
    assert "Go along together" in page and old["link-and-introduce"].title not in page
    workers = cast.client("manager").get(reverse("measures:fidelity_workers")).content.decode()
    assert "<td>Go along together</td>" in workers


def test_a_scale_not_written_by_the_project_needs_its_licence_confirmed(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = cast.orgs["harbourside"]
    monkeypatch.setenv("COLUMNS", "200")  # the listing's table on one line a row
    licensed = SMALL.replace(
        'licence: {ours: true, note: "Ours, unvalidated (a test)."}',
        'licence: {ours: false, note: "Published by another team; used under licence."}',
    )
    with pytest.raises(MeasureError, match="holds a licence"):
        do_load_fidelity_scale(None, team, licensed)
    assert not FidelityScale.objects.exists()
    scale, new = do_load_fidelity_scale(cast.users["manager"], team, licensed, licence_held=True)
    assert new and scale.licence_confirmed_at is not None
    assert scale.licence_confirmed_by == cast.users["manager"]
    assert scale.licence_state.startswith("licence held, confirmed ")
    out = io.StringIO()
    call_command("measures", "list", "--organisation", team.name, stdout=out)
    assert "fidelity scale" in out.getvalue() and "A small fidelity scale" in out.getvalue()
    assert "licence held" in out.getvalue()
