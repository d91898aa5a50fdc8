"""Instrument files (docs/instrument-file.md): reading with every problem by line, scoring against
hand-worked examples (reverse items, subscales, prorating), answers refused outside their range, and
`cpi measures check` on files written the way people write them (a BOM and Windows line endings)."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.measures.instrument import KEY_MAX, InstrumentFileError, parse
from connecting_people.measures.models import Instrument, LoadedFile
from connecting_people.measures.scoring import AnswerError, score

from .conftest import Cast

DATA = Path(__file__).resolve().parent.parent / "connecting_people" / "measures" / "data"
SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "instrument-file.schema.json").read_text()
)

# A small licensed-style instrument of our own invention: a 1-4 set with one reversed item, a numeric
# item, a sum with one missing item allowed and a subscale mean that allows none.
SMALL = """\
schema: cpi-instrument/1
key: small-test
title: A small test scale
version: "2"
licence: {ours: false, note: "Used under the Example Council's licence (fictitious)."}
completed_by: [worker, proxy]
response_sets:
  agree:
    - {value: 1, label: Disagree}
    - {value: 2, label: Slightly disagree}
    - {value: 3, label: Slightly agree}
    - {value: 4, label: Agree}
items:
  - {key: a, text: "Item A", responses: agree}
  - {key: b, text: "Item B", responses: agree, reverse: true}
  - {key: c, text: "Item C", responses: agree}
  - {key: d, text: "Item D", responses: agree}
  - {key: visits, text: "Visits this month", range: {min: 0, max: 31}}
scores:
  - {key: total, label: Total, rule: sum, items: [a, b, c, d], missing_allowed: 1}
  - {key: first-two, label: First two, rule: mean, items: [a, b]}
  - {key: visits, label: Visits, rule: sum, items: [visits]}
"""


def by_key(results):  # type: ignore[no-untyped-def]
    return {r.key: r for r in results}


def test_the_files_we_ship_are_ours_and_match_the_published_schema() -> None:
    for path in sorted(DATA.glob("*.yaml")):
        text = path.read_text()
        if "schema: cpi-fidelity/1" in text:
            continue  # a fidelity scale: tests/test_fidelity.py
        jsonschema.validate(yaml.safe_load(text), SCHEMA)
        instrument = parse(text)
        assert instrument.ours and "not been validated" in instrument.licence, path.name
    jsonschema.validate(yaml.safe_load(SMALL), SCHEMA)


def test_reverse_items_subscales_and_prorating_worked_by_hand() -> None:
    small = parse(SMALL)
    # a=3, b=1 (reversed: 1+4-1 = 4), c=2, d=4: total 3+4+2+4 = 13; first two: (3+4)/2 = 7/2.
    results = by_key(score(small, {"a": 3, "b": 1, "c": 2, "d": 4, "visits": 0}))
    assert results["total"].value == 13 and (results["total"].lowest, results["total"].highest) == (4, 16)
    assert results["first-two"].value == Fraction(7, 2) and results["visits"].value == 0
    # d missing: allowed once; 3+4+2 = 9 over 3 items, prorated to 4 items: 9 * 4/3 = 12.
    results = by_key(score(small, {"a": 3, "b": 1, "c": 2}))
    assert results["total"].value == 12 and results["total"].prorated and results["total"].missing == 1
    # b missing too: two missing is one too many for the total, and the subscale allows none.
    results = by_key(score(small, {"a": 3, "c": 2}))
    assert results["total"].value is None
    assert results["total"].why_not == "2 of 4 items not answered; at most 1 may be missing"
    assert results["first-two"].why_not == "1 of 2 items not answered; none may be missing"
    assert results["visits"].why_not == "no items answered"


def test_the_shipped_checklist_counts_yes_and_prorates_the_total() -> None:
    checklist = parse((DATA / "resource_checklist.yaml").read_text())
    keys = [item.key for item in checklist.items]
    # Eleven answered, "spare-key" (an at-home item) left out; "yes" to the first eight answered.
    answers = {key: (1 if n < 8 else 0) for n, key in enumerate(k for k in keys if k != "spare-key")}
    results = by_key(score(checklist, answers))
    assert results["total"].value == Fraction(8 * 12, 11)  # 8 yes of 11 answered, scaled to 12 items
    assert results["at-home"].value is None and results["at-home"].missing == 1
    # Answered in order: plants-or-pet, lift, then advice (3rd-5th: yes), skills (6th-8th: yes), then
    # the three "alongside" items (9th-11th: no).
    assert results["advice"].value == 3 and results["skills"].value == 3 and results["alongside"].value == 0


def test_the_connections_check_turns_its_reversed_statement_round() -> None:
    check = parse((DATA / "connections_check.yaml").read_text())
    # 4 + (cut-off 2, reversed: 1+5-2 = 4) + 3 + 5 + 1 = 17 over five answered; one missing is allowed.
    answers = {
        "someone-to-call": 4,
        "cut-off": 2,
        "known-somewhere": 3,
        "enjoy-with-others": 5,
        "know-where-to-go": 1,
    }
    (result,) = score(check, answers)
    assert result.value == Fraction(17, 5) and not result.prorated
    (result,) = score(check, {**answers, "know-where-to-go": None, "enjoy-with-others": None})
    assert result.value is None


def test_answers_outside_an_item_are_refused_each_by_name() -> None:
    small = parse(SMALL)
    with pytest.raises(AnswerError) as refused:
        score(small, {"a": 5, "visits": 40, "z": 1})
    assert refused.value.problems == [
        "There is no question 'z' in A small test scale.",
        "“Item A”: 5 is not one of the answers (1 (Disagree), 2 (Slightly disagree), 3 (Slightly agree), "
        "4 (Agree)).",
        "“Visits this month”: 40 is outside the range 0 to 31.",
    ]


def test_every_problem_is_named_with_its_line() -> None:
    bad = (
        SMALL.replace("key: small-test", "key: Small Test")
        .replace(
            '  - {key: d, text: "Item D", responses: agree}',
            '  - {key: c, text: "Item D", responses: agreed}',
        )
        .replace("rule: mean", "rule: median")
        .replace("completed_by: [worker, proxy]", "completed_by: [worker, cat]")
    )
    with pytest.raises(InstrumentFileError) as caught:
        parse(bad)
    assert [str(p) for p in caught.value.problems] == [
        "line 2: the file: instrument key 'Small Test' must be lowercase letters, digits and hyphens",
        "line 6: completed_by 'cat' is unknown; use any of: person, worker, proxy",
        "line 17: item 'c': item key 'c' is used twice (first at line 16)",
        "line 17: item 'c': there is no response set 'agreed' (agree)",
        "line 20: score 'total': no item is called 'd'",
        "line 21: score 'first-two': rule 'median' is unknown; use one of: sum, mean, count",
    ]
    counting = SMALL.replace("rule: sum, items: [visits]", "rule: count, counts: 7, items: [a]")
    with pytest.raises(InstrumentFileError, match=r"line 22: score 'visits': 7 is not an answer to a"):
        parse(counting)
    with pytest.raises(InstrumentFileError, match="line 2, column 1: YAML syntax error: expected .,. or .]."):
        parse("schema: [unclosed\n")
    assert LoadedFile._meta.get_field("key").max_length == KEY_MAX
    long_key = "connecting-" * 6 + "check"  # 71 characters: the database keeps 64
    with pytest.raises(
        InstrumentFileError, match="line 2: the file: 'key' is 71 characters long; the limit is 64"
    ):
        parse(SMALL.replace("key: small-test", f"key: {long_key}"))


def test_the_check_command_reads_a_windows_file_and_refuses_a_broken_one(tmp_path: Path) -> None:
    windows = tmp_path / "small.yaml"
    windows.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode())  # as Notepad saves it
    out = io.StringIO()
    call_command("measures", "check", str(windows), stdout=out)
    shown = out.getvalue()
    assert "A small test scale (small-test, version 2)" in shown and "Licensed" in shown
    assert "4 to 16" in shown and "1 to 4" in shown and "Example Council" in shown
    shipped = io.StringIO()
    call_command("measures", "check", str(DATA / "resource_checklist.yaml"), stdout=shipped)
    assert "“Yes”" in shipped.getvalue() and "Written by the Connecting People" in shipped.getvalue()
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.replace("rule: mean", "rule: median"))
    with pytest.raises(CommandError, match=r"cannot be used:\n  line 21: score 'first-two'"):
        call_command("measures", "check", str(broken), stdout=io.StringIO())
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(SMALL.replace("Item A", "Item \u00e9").encode("cp1252"))
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("measures", "check", str(latin), stdout=io.StringIO())


def test_loading_keeps_the_file_needs_a_licence_for_what_is_not_ours_and_never_changes_a_version(
    cast: Cast, tmp_path: Path
) -> None:
    team = cast.orgs["harbourside"]
    out = io.StringIO()
    call_command(
        "measures",
        "load",
        str(DATA / "connections_check.yaml"),
        "--organisation",
        team.name.upper(),
        stdout=out,
    )
    loaded = Instrument.objects.get(organisation=team, key="connections-check")
    assert "Loaded How connected do you feel, version 1.0" in out.getvalue() and loaded.ours
    assert loaded.definition() == parse((DATA / "connections_check.yaml").read_text())
    assert (
        AuditEntry.objects.filter(
            object_type="measures.instrument", object_id=str(loaded.pk), action="create"
        ).count()
        == 1
    )
    again = io.StringIO()
    call_command(
        "measures", "load", str(DATA / "connections_check.yaml"), "--organisation", team.name, stdout=again
    )
    assert "Already loaded, unchanged" in again.getvalue() and Instrument.objects.count() == 1
    # The same version with a reworded item is refused: scores keep the version they were made with.
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        (DATA / "connections_check.yaml").read_text().replace("I have someone", "I've got someone")
    )
    with pytest.raises(
        CommandError, match="already loaded with different items or scoring.*Nothing was written"
    ):
        call_command("measures", "load", str(changed), "--organisation", team.name, stdout=io.StringIO())
    # A licensed measure needs the licence confirmed, and says whose licence it is.
    licensed = tmp_path / "small.yaml"
    licensed.write_text(SMALL)
    with pytest.raises(CommandError, match="Example Council's licence.*holds a licence"):
        call_command("measures", "load", str(licensed), "--organisation", team.name, stdout=io.StringIO())
    assert not Instrument.objects.filter(key="small-test").exists()
    call_command(
        "measures", "load", str(licensed), "--organisation", team.name, "--licence-held", stdout=io.StringIO()
    )
    small = Instrument.objects.get(key="small-test")
    assert not small.ours and small.licence_confirmed_at is not None and "Item A" in small.source
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.replace("key: small-test", "key: other").replace("rule: mean", "rule: median"))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "measures",
            "load",
            str(broken),
            "--organisation",
            team.name,
            "--licence-held",
            stdout=io.StringIO(),
        )
    assert Instrument.objects.count() == 2
    with pytest.raises(CommandError, match="no organisation called “Nowhere”"):
        call_command("measures", "load", str(licensed), "--organisation", "Nowhere", stdout=io.StringIO())
    listing = io.StringIO()
    call_command("measures", "list", stdout=listing)
    assert "connections-check" in listing.getvalue() and "small-test" in listing.getvalue()


def test_a_manager_loads_measure_files_on_the_web_with_problems_by_line(cast: Cast) -> None:
    """The page a manager loads questionnaires and fidelity scales on: the command's checks (every problem
    by line, the licence confirmed for a measure not ours), nothing written on a problem, each load
    audited; workers cannot reach it."""
    url = reverse("measures:files")
    assert cast.client("worker").get(url).status_code == 403
    manager = cast.client("manager")
    page = manager.get(url)
    assert page.status_code == 200 and "Nothing loaded yet." in page.content.decode()

    def upload(name: str, data: bytes, **extra: str) -> str:
        response = manager.post(url, {"file": SimpleUploadedFile(name, data), **extra})
        if response.status_code == 302:
            return manager.get(url).content.decode()
        assert response.status_code == 200
        return response.content.decode()

    broken = upload("broken.yaml", SMALL.replace("rule: mean", "rule: median").encode(), licence_held="on")
    assert "The file was not loaded" in broken and "line " in broken and "median" in broken
    refused = upload("small.yaml", SMALL.encode())
    assert "Example Council" in refused and "holds a licence" in refused
    not_text = upload("small.yaml", "key: café".encode("utf-16"), licence_held="on")
    assert "not UTF-8 text" in not_text
    assert not Instrument.objects.exists()
    loaded = upload("small.yaml", SMALL.encode(), licence_held="on")
    small = Instrument.objects.get(key="small-test")
    assert (
        small.organisation == cast.orgs["harbourside"] and small.licence_confirmed_by == cast.users["manager"]
    )
    assert "Loaded “" in loaded and "Licence held, confirmed" in loaded
    assert AuditEntry.objects.filter(
        object_type="measures.instrument",
        object_id=str(small.pk),
        action="create",
        actor=cast.users["manager"],
    ).exists()
    again = upload("small.yaml", SMALL.encode(), licence_held="on")
    assert "was already loaded; nothing changed" in again and Instrument.objects.count() == 1
    scale = upload("fidelity.yaml", (DATA / "fidelity_scale.yaml").read_bytes())
    assert "Fidelity scale" in scale and "How closely the work follows the model" in scale
    # The other organisation's manager sees none of it.
    other = cast.client("other_manager").get(url).content.decode()
    assert "Nothing loaded yet." in other
