"""Fidelity scales as data (docs/fidelity-file.md): every problem by line, items whose component is not in
the published model refused by name, loading through `cpi measures load` with nothing written on a
problem, the shipped scale ours and matching its schema, and the high/low grouping at the cut-off."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import CommandError, call_command

from connecting_people.audit.models import AuditEntry
from connecting_people.measures.fidelity import FidelityFileError, parse
from connecting_people.measures.models import FidelityScale, Instrument

from .conftest import Cast

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
    assert "Loaded How closely the work follows the model, version 1.0" in out.getvalue()
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
