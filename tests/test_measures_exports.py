"""Exports of an organisation's measures for analysts (issue 16): `cpi measures export` and the download
on the analysis page, in CSV, XLSX, SPSS and Stata, read back (pyreadstat, openpyxl) with their variable
and value labels and data dictionary; pseudonymous, spreadsheet-safe, licensed item texts only when the
licence is confirmed, and every export audited."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from connecting_people.accounts.models import Organisation
from connecting_people.audit.models import AuditEntry
from connecting_people.measures.actions import do_complete, do_load_instrument, do_record_missed
from connecting_people.measures.dataset import study_id
from connecting_people.measures.models import CompletedBy
from connecting_people.practice.models import Person

from .conftest import Cast
from .test_measures_analysis import HIGH_SCORES, LOW_SCORES, MEASURES_DATA, build_study

LICENSED_TEXT = "I have felt at ease with the world this week."


def _licensed(cast: Cast, study: dict[str, object]) -> None:
    """A licensed scale Harbourside loaded itself (a made-up one), answered by one of the people."""
    text = (
        (MEASURES_DATA / "connections_check.yaml")
        .read_text()
        .replace("key: connections-check", "key: licensed-ease")
        .replace("title: How connected do you feel", "title: A licensed ease scale")
        .replace("ours: true", "ours: false")
        .replace("I have someone I can call on when things go wrong.", LICENSED_TEXT)
    )
    instrument, _ = do_load_instrument(None, cast.orgs["harbourside"], text, licence_held=True)
    person = study["people"]["HI-0"]  # type: ignore[index]
    answers = {i.key: 3 for i in instrument.definition().items}
    do_complete(None, person, instrument, 0, answers, finished_on=dt.date(2026, 1, 7))


def _exports() -> list[str]:
    return list(AuditEntry.objects.filter(action="export").order_by("id").values_list("note", flat=True))


def _checklist(cast: Cast, study: dict[str, Any]) -> None:
    """HI-0 also has the resource checklist: at baseline answered by a proxy (yes to the first seven kinds
    of help, no to the next four, the last not answered), at 3 months missed, with the worker's reason."""
    checklist, _ = do_load_instrument(
        None, cast.orgs["harbourside"], (MEASURES_DATA / "resource_checklist.yaml").read_text()
    )
    keys = [i.key for i in checklist.definition().items]
    answers: dict[str, int | None] = {k: int(n < 7) for n, k in enumerate(keys[:11])}
    person = study["people"]["HI-0"]
    do_complete(
        None,
        person,
        checklist,
        0,
        answers,
        completed_by=CompletedBy.PROXY,
        proxy="Her sister",
        finished_on=dt.date(2026, 1, 6),
    )
    do_record_missed(None, person, checklist, 3, "Bryn Carew had moved to her daughter's.")


def test_one_row_per_person_and_time_point_in_spss_and_stata_with_their_labels(
    cast: Cast, tmp_path: Path
) -> None:
    study = build_study(cast, HIGH_SCORES, LOW_SCORES)
    _checklist(cast, study)
    for fmt, read in (("sav", pyreadstat.read_sav), ("dta", pyreadstat.read_dta)):
        out = tmp_path / f"measures.{fmt}"
        printed = io.StringIO()
        call_command(
            "measures",
            "export",
            "--format",
            fmt,
            "--out",
            str(out),
            "--organisation",
            "Harbourside Connections",
            stdout=printed,
        )
        assert f"Wrote {out} and {tmp_path / 'measures-dictionary.csv'}." in printed.getvalue().replace(
            "\n", ""
        )
        frame, meta = read(str(out))
        # One row per person and time point: 10 people rated high or low, NR-0 and MS-0 at baseline and 3
        # months, NB-0 at 3 months only; HI-0's checklist sits beside their check, not on rows of its own.
        assert frame.shape[0] == 2 * 10 + 2 * 2 + 1
        assert not frame.duplicated(["study_id", "time_point"]).any()
        assert list(frame.columns) == [
            "study_id",
            "organisation",
            "time_point",
            "connections_check_version",
            "connections_check_date",
            "connections_check_by",
            "connections_check_status",
            "connections_check_connected",
            *(f"connections_check_i{n:02d}" for n in range(1, 7)),
            "resource_checklist_version",
            "resource_checklist_date",
            "resource_checklist_by",
            "resource_checklist_status",
            "resource_checklist_total",
            "resource_checklist_at_home",
            "resource_checklist_advice",
            "resource_checklist_skills",
            "resource_checklist_alongside",
            *(f"resource_checklist_i{n:02d}" for n in range(1, 13)),
            "fidelity_score",
            "fidelity_group",
        ]
        hi = frame[frame.study_id == study_id(study["people"]["HI-0"].pk)].sort_values("time_point")
        base, later = (hi.iloc[n].to_dict() for n in range(2))
        start = dt.date(2026, 1, 5)
        assert base["time_point"] == 0 and later["time_point"] == 3
        assert base["organisation"] == "Harbourside Connections"
        # The connections check, completed by the worker with the person both times (score 2, then 4).
        assert base["connections_check_version"] == "1.0"
        assert base["connections_check_date"] == start + dt.timedelta(days=2)
        assert later["connections_check_date"] == start + dt.timedelta(days=92)
        assert (base["connections_check_by"], base["connections_check_status"]) == (2, 1)
        assert (base["connections_check_connected"], later["connections_check_connected"]) == (2.0, 4.0)
        assert (base["connections_check_i01"], base["connections_check_i04"]) == (2, 4)  # i04 is reversed
        # The checklist: by a proxy at baseline, 7 of 11 answered yes, prorated to 12 items: 7 × 12 / 11;
        # "someone alongside" allows no missing item and one is missing, so it has no score.
        assert base["resource_checklist_date"] == dt.date(2026, 1, 6)
        assert (base["resource_checklist_by"], base["resource_checklist_status"]) == (3, 1)
        assert base["resource_checklist_total"] == pytest.approx(84 / 11)
        assert [base[f"resource_checklist_{k}"] for k in ("at_home", "advice", "skills")] == [3, 3, 1]
        assert math.isnan(base["resource_checklist_alongside"])
        assert [base[f"resource_checklist_i{n:02d}"] for n in (1, 7, 8, 11)] == [1, 1, 0, 0]
        assert math.isnan(base["resource_checklist_i12"])
        # At 3 months it was missed: the status says so; nobody completed it, on no date, with no score.
        assert later["resource_checklist_version"] == "1.0" and later["resource_checklist_status"] == 3
        assert math.isnan(later["resource_checklist_by"])
        assert pd.isna(later["resource_checklist_date"])
        assert all(math.isnan(later[f"resource_checklist_{k}"]) for k in ("total", "i01", "i12"))
        assert (base["fidelity_group"], later["fidelity_group"]) == (1, 1)
        assert (base["fidelity_score"], later["fidelity_score"]) == (3.0, 3.0)
        # Someone without the checklist: its block is empty.
        other = frame[frame.study_id == study_id(study["people"]["HI-1"].pk)].iloc[0].to_dict()
        assert other["resource_checklist_version"] == "" and math.isnan(other["resource_checklist_status"])
        missed = frame[frame.study_id == study_id(study["people"]["MS-0"].pk)].sort_values("time_point")
        assert list(missed.connections_check_status) == [1, 3]

        labels = meta.column_names_to_labels
        assert labels["study_id"] == "Pseudonymous study id of the person"
        assert labels["connections_check_connected"] == (
            "How connected do you feel: How connected (average, 1 to 5)"
        )
        assert labels["connections_check_i01"].startswith(
            "How connected do you feel: I have someone I can call on"
        )
        assert labels["resource_checklist_by"] == (
            "Who could help? A resource checklist: who completed it (empty when missed)"
        )
        assert labels["resource_checklist_total"] == (
            "Who could help? A resource checklist: Kinds of help within reach (0 to 12)"
        )
        values = {k: {int(c): v for c, v in codes.items()} for k, codes in meta.variable_value_labels.items()}
        assert values["fidelity_group"] == {1: "high", 2: "low", 3: "not rated"}
        assert values["time_point"] == {0: "Baseline", 3: "3 months"}
        for key in ("connections_check", "resource_checklist"):
            assert values[f"{key}_by"] == {
                1: "The person, on their own",
                2: "The worker with the person",
                3: "Someone answering for the person (proxy)",
            }
            assert values[f"{key}_status"] == {1: "scored", 2: "too many items missing", 3: "missed"}
        assert values["connections_check_i01"][5] == "Always"
        assert values["resource_checklist_i12"] == {1: "Yes", 0: "No"}
        assert "reference" not in frame.columns
        assert "resource_checklist_total" not in values  # a score is a number, not a code

        # The dictionary lists every column with its full label, its instrument and its codes.
        with (tmp_path / "measures-dictionary.csv").open(newline="") as f:
            header, *dictionary = list(csv.reader(f))
        assert header[:4] == ["variable", "label", "kind", "instrument (key; empty: the person's)"]
        assert [row[0] for row in dictionary] == list(frame.columns)
        by_name = {row[0]: row for row in dictionary}
        for name, label in labels.items():
            assert by_name[name][1].startswith(label)  # whole in the dictionary, cut at 80 in Stata
        assert by_name["resource_checklist_status"][2:] == [
            "code",
            "resource-checklist",
            "1 = scored; 2 = too many items missing; 3 = missed",
            "Harbourside Connections",
            "1.0",
        ]
        assert by_name["fidelity_group"][2:] == ["code", "", "1 = high; 2 = low; 3 = not rated", "", ""]
        assert by_name["resource_checklist_date"][2:4] == ["date", "resource-checklist"]
    raw = out.read_bytes() + (tmp_path / "measures.sav").read_bytes()
    for word in (b"Named Person", b"HI-0", b"hospital", b"Bryn", b"daughter", b"Her sister"):
        assert word not in raw
    assert _exports() == [
        "exported 25 rows about 13 people as sav, pseudonymised",
        "exported 25 rows about 13 people as dta, pseudonymised",
    ]


def test_variable_names_stay_valid_for_long_keys(cast: Cast, tmp_path: Path) -> None:
    """A key too long for a prefix, and a score key too long for what is left, are shortened the same
    way each time (first characters, "_", four hex digits of the SHA-256 of the whole); two keys that begin
    alike still differ, and Stata (32 characters at most) takes the file."""
    study = build_study(cast, HIGH_SCORES, LOW_SCORES)
    text = (MEASURES_DATA / "connections_check.yaml").read_text()
    loaded = []
    for key in ("wellbeing-scale-for-adults-short", "wellbeing-scale-for-adults-long"):
        changed = (
            text.replace("key: connections-check", f"key: {key}")
            .replace("title: How connected do you feel", f"title: {key}")
            .replace("key: connected", "key: how-connected-people-feel-on-average-overall")
        )
        loaded.append(do_load_instrument(None, cast.orgs["harbourside"], changed)[0])
    person = study["people"]["HI-0"]
    for instrument in loaded:
        answers = {i.key: 3 for i in instrument.definition().items}
        do_complete(None, person, instrument, 0, answers, finished_on=dt.date(2026, 1, 7))
    out = tmp_path / "long.dta"
    call_command("measures", "export", "--format", "dta", "--out", str(out), stdout=io.StringIO())
    frame, _ = pyreadstat.read_dta(str(out))

    def digits(name: str) -> str:
        return hashlib.sha256(name.encode()).hexdigest()[:4]

    short = f"wellbeing_scal_{digits('wellbeing_scale_for_adults_short')}"
    long = f"wellbeing_scal_{digits('wellbeing_scale_for_adults_long')}"
    assert short != long and len(short) == 19
    score = "how_connected_people_feel_on_average_overall"
    assert f"{short}_how_con_{digits(score)}" in frame.columns  # 12 characters left: 7, "_", 4
    assert f"{long}_date" in frame.columns and f"{short}_i06" in frame.columns
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,31}", name) for name in frame.columns)
    assert len(set(frame.columns)) == len(frame.columns)
    assert frame.shape[0] == 25


WELLBEING = """\
schema: cpi-instrument/1
key: wellbeing
title: {title}
version: "{version}"
licence: {{ours: true, note: Written by the organisation for itself.}}
completed_by: [person]
response_sets:
  answers:
{responses}
items:
{items}
scores:
  - {{key: {score}, label: {score_label}, rule: {rule}}}
"""


def _wellbeing(
    cast: Cast,
    org: str,
    title: str,
    answers: list[str],
    items: list[str],
    score: str,
    version: str = "1.0",
    rule: str = "",
) -> Any:
    """An instrument keyed `wellbeing` that the organisation `org` wrote for itself."""
    text = WELLBEING.format(
        title=title,
        version=version,
        responses="\n".join(f"    - {{value: {n}, label: {a}}}" for n, a in enumerate(answers)),
        items="\n".join(f"  - {{key: q{n}, text: {t}, responses: answers}}" for n, t in enumerate(items, 1)),
        score=score,
        score_label=f"{score.capitalize()} of the answers",
        rule=rule or ("sum" if score == "total" else "mean"),
    )
    return do_load_instrument(None, cast.orgs[org], text)[0]


def test_two_organisations_instruments_with_one_key_each_keep_their_own_columns(
    cast: Cast, tmp_path: Path
) -> None:
    """Harbourside and Northbridge each wrote an instrument keyed `wellbeing`, with different items and
    scores; both also use our connections check. An export of one organisation reads its own instrument;
    an export of both gives Northbridge's its own numbered columns, and the labels and dictionary say
    whose each is, while the connections check, alike in both, shares its columns."""
    ours = _wellbeing(
        cast,
        "harbourside",
        "Harbourside wellbeing",
        ["No", "Yes"],
        ["Slept well", "Ate well", "Went out"],
        "total",
    )
    theirs = _wellbeing(
        cast, "northbridge", "Northbridge mood", ["Low", "Middling", "Good"], ["Mood this week"], "average"
    )
    start = dt.date(2026, 1, 5)
    check = MEASURES_DATA / "connections_check.yaml"
    people = {}
    for org, ref, instrument, answers in (
        ("harbourside", "HAR-1", ours, {"q1": 1, "q2": 0, "q3": 1}),
        ("northbridge", "NOR-1", theirs, {"q1": 2}),
    ):
        person = cast.people[ref]
        Person.objects.filter(pk=person.pk).update(consent_to_work_on=start)
        do_complete(None, person, instrument, 0, answers, finished_on=start)
        connections, _ = do_load_instrument(None, cast.orgs[org], check.read_text())
        do_complete(
            None,
            person,
            connections,
            0,
            dict.fromkeys(["someone-to-call", "known-somewhere"], 4)
            | {"cut-off": 2, "enjoy-with-others": 4, "know-where-to-go": 4, "ask-without-burden": 4},
            finished_on=start,
        )
        people[ref] = study_id(person.pk)

    # Northbridge's manager downloads Northbridge's: its `wellbeing` is Northbridge's mood question.
    response = cast.client("other_manager").post(reverse("measures:analysis_export"), {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    header, *rows = list(book["Data"].iter_rows(values_only=True))
    assert [h for h in header if str(h).startswith("wellbeing")] == [
        "wellbeing_version",
        "wellbeing_date",
        "wellbeing_by",
        "wellbeing_status",
        "wellbeing_average",
        "wellbeing_i01",
    ]
    assert len(rows) == 1 and rows[0][header.index("wellbeing_i01")] == "Good"
    assert rows[0][header.index("wellbeing_average")] == 2
    labels = {row[0]: row[1] for row in book["Dictionary"].iter_rows(values_only=True)}
    assert labels["wellbeing_i01"] == "Northbridge mood: Mood this week"

    # Both organisations at once: Harbourside's (first by name) keeps `wellbeing_`, Northbridge's is
    # `wellbeing_2_`, each person's answers in their own organisation's columns only.
    out = tmp_path / "both.sav"
    call_command("measures", "export", "--format", "sav", "--out", str(out), stdout=io.StringIO())
    frame, meta = pyreadstat.read_sav(str(out))
    names = list(frame.columns)
    assert [n for n in names if n.startswith("wellbeing")] == [
        *(f"wellbeing_{p}" for p in ("version", "date", "by", "status", "total", "i01", "i02", "i03")),
        *(f"wellbeing_2_{p}" for p in ("version", "date", "by", "status", "average", "i01")),
    ]
    assert [n for n in names if n.startswith("connections_check")][:2] == [
        "connections_check_version",
        "connections_check_date",
    ]
    assert not any(n.startswith("connections_check_2") for n in names)  # alike in both: shared
    har = frame[frame.study_id == people["HAR-1"]].iloc[0].to_dict()
    nor = frame[frame.study_id == people["NOR-1"]].iloc[0].to_dict()
    assert (har["wellbeing_total"], har["wellbeing_i02"]) == (2.0, 0.0)
    assert har["wellbeing_2_version"] == "" and math.isnan(har["wellbeing_2_i01"])
    assert (nor["wellbeing_2_average"], nor["wellbeing_2_i01"]) == (2.0, 2.0)
    assert nor["wellbeing_version"] == "" and math.isnan(nor["wellbeing_i01"])
    assert har["connections_check_connected"] == nor["connections_check_connected"] == 4.0
    labels = meta.column_names_to_labels
    assert labels["wellbeing_i01"] == "Harbourside wellbeing (Harbourside Connections): Slept well"
    assert labels["wellbeing_2_i01"] == "Northbridge mood (Northbridge CMHT): Mood this week"
    assert labels["connections_check_i01"].startswith("How connected do you feel: I have someone")
    values = {k: {int(c): v for c, v in codes.items()} for k, codes in meta.variable_value_labels.items()}
    assert values["wellbeing_i01"] == {0: "No", 1: "Yes"}
    assert values["wellbeing_2_i01"] == {0: "Low", 1: "Middling", 2: "Good"}
    with (tmp_path / "both-dictionary.csv").open(newline="") as f:
        header_row, *dictionary = list(csv.reader(f))
    assert header_row[-2:] == [
        "organisations whose instrument it is (empty: the person's)",
        "versions of the instrument (empty: the person's)",
    ]
    whose = {row[0]: (row[3], row[-2]) for row in dictionary}
    assert whose["wellbeing_i01"] == ("wellbeing", "Harbourside Connections")
    assert whose["wellbeing_2_i01"] == ("wellbeing", "Northbridge CMHT")
    assert whose["connections_check_i01"] == (
        "connections-check",
        "Harbourside Connections; Northbridge CMHT",
    )
    assert whose["study_id"] == ("", "")


def test_each_row_is_read_with_the_version_it_was_completed_with(cast: Cast) -> None:
    """Harbourside's own wellbeing questions: version 1.0 had three; 1.1 fixed a typo in the file's notes
    and laid out alike; 2.0 dropped the third and asked about friends instead; 2.1 kept 2.0's questions
    and score label but took the mean. A row completed with 1.0 keeps its third answer in 1.0's columns,
    shared with 1.1; 2.0 and 2.1 have numbered columns of their own (a total and a mean are not one
    measure), and the labels say which versions each block holds."""
    three, two = ["Slept well", "Ate well", "Went out"], ["Slept well", "Saw a friend"]

    def version(items: list[str], number: str, rule: str = "") -> Any:
        return _wellbeing(
            cast, "harbourside", "Harbourside wellbeing", ["No", "Yes"], items, "total", number, rule
        )

    first, same, second = version(three, "1.0"), version(three, "1.1"), version(two, "2.0")
    start = dt.date(2026, 1, 5)
    alys, bryn = cast.people["HAR-1"], cast.people["HAR-2"]
    for person in (alys, bryn):
        Person.objects.filter(pk=person.pk).update(consent_to_work_on=start)
    do_complete(None, alys, first, 0, {"q1": 1, "q2": 0, "q3": 1}, finished_on=start)
    do_complete(None, bryn, same, 0, {"q1": 0, "q2": 0, "q3": 1}, finished_on=start)
    do_complete(None, alys, second, 3, {"q1": 1, "q2": 1}, finished_on=dt.date(2026, 4, 6))
    averaged = version(two, "2.1", rule="mean")
    do_complete(None, bryn, averaged, 3, {"q1": 1, "q2": 0}, finished_on=dt.date(2026, 4, 6))

    response = cast.client("manager").post(reverse("measures:analysis_export"), {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    header, *rows = list(book["Data"].iter_rows(values_only=True))
    assert [h for h in header if str(h).startswith("wellbeing")] == [
        *(f"wellbeing_{p}" for p in ("version", "date", "by", "status", "total", "i01", "i02", "i03")),
        *(f"wellbeing_2_{p}" for p in ("version", "date", "by", "status", "total", "i01", "i02")),
        *(f"wellbeing_3_{p}" for p in ("version", "date", "by", "status", "total", "i01", "i02")),
    ]
    by_row = {
        (r[header.index("study_id")], r[header.index("time_point")]): dict(zip(header, r, strict=True))
        for r in rows
    }
    baseline, later = by_row[study_id(alys.pk), "Baseline"], by_row[study_id(alys.pk), "3 months"]
    assert (baseline["wellbeing_version"], baseline["wellbeing_i03"], baseline["wellbeing_total"]) == (
        "1.0",
        "Yes",
        2,
    )
    assert baseline["wellbeing_2_version"] is None and baseline["wellbeing_2_i02"] is None
    assert (later["wellbeing_2_version"], later["wellbeing_2_i02"], later["wellbeing_2_total"]) == (
        "2.0",
        "Yes",
        2,
    )
    assert later["wellbeing_version"] is None and later["wellbeing_i03"] is None
    assert by_row[study_id(bryn.pk), "Baseline"]["wellbeing_version"] == "1.1"
    bryn_later = by_row[study_id(bryn.pk), "3 months"]
    assert (bryn_later["wellbeing_3_total"], bryn_later["wellbeing_2_total"]) == (0.5, None)
    labels = {row[0]: row[1] for row in book["Dictionary"].iter_rows(values_only=True)}
    assert labels["wellbeing_i03"] == "Harbourside wellbeing (versions 1.0, 1.1): Went out"
    assert labels["wellbeing_2_i02"] == "Harbourside wellbeing (version 2.0): Saw a friend"
    assert labels["wellbeing_3_total"] == "Harbourside wellbeing (version 2.1): Total of the answers"
    versions = {row[0]: row[-1] for row in book["Dictionary"].iter_rows(values_only=True)}
    assert (versions["wellbeing_i03"], versions["wellbeing_2_i02"]) == ("1.0; 1.1", "2.0")
    assert versions["study_id"] is None  # an empty cell: the person's own variable


def test_several_organisations_with_several_versions_are_told_apart(cast: Cast, tmp_path: Path) -> None:
    """Harbourside has two versions of its wellbeing questions; Northbridge's version 2.0 is the same file
    as Harbourside's 1.0. In an export of both, the first block holds Harbourside's 1.0 and Northbridge's
    2.0 and the second Harbourside's 2.0, and the labels and dictionary say so organisation by
    organisation, so that neither block seems to hold the other's rows."""
    answers, two = ["No", "Yes"], ["Slept well", "Ate well"]
    old = _wellbeing(cast, "harbourside", "Wellbeing", answers, two, "total")
    new = _wellbeing(
        cast, "harbourside", "Wellbeing", answers, ["Slept well", "Saw a friend"], "total", "2.0"
    )
    theirs = _wellbeing(cast, "northbridge", "Wellbeing", answers, two, "total", "2.0")
    start = dt.date(2026, 1, 5)
    for ref, instrument in (("HAR-1", old), ("HAR-2", new), ("NOR-1", theirs)):
        Person.objects.filter(pk=cast.people[ref].pk).update(consent_to_work_on=start)
        do_complete(None, cast.people[ref], instrument, 0, {"q1": 1, "q2": 1}, finished_on=start)
    out = tmp_path / "both.csv"
    call_command("measures", "export", "--format", "csv", "--out", str(out), stdout=io.StringIO())
    with (tmp_path / "both-dictionary.csv").open(newline="") as f:
        rows = {row[0]: row for row in csv.reader(f)}
    shared, own = "Harbourside Connections 1.0; Northbridge CMHT 2.0", "Harbourside Connections 2.0"
    assert rows["wellbeing_i02"][1] == f"Wellbeing ({shared}): Ate well"
    assert rows["wellbeing_2_i02"][1] == f"Wellbeing ({own}): Saw a friend"
    assert rows["wellbeing_i02"][-2:] == ["Harbourside Connections; Northbridge CMHT", shared]
    assert rows["wellbeing_2_i02"][-2:] == ["Harbourside Connections", "2.0"]
    with out.open(newline="") as f:
        data = {r["study_id"]: r for r in csv.DictReader(f)}
    assert data[study_id(cast.people["NOR-1"].pk)]["wellbeing_i02"] == "Yes"
    assert data[study_id(cast.people["HAR-2"].pk)]["wellbeing_2_i02"] == "Yes"
    assert data[study_id(cast.people["HAR-2"].pk)]["wellbeing_i02"] == ""


def test_licensed_item_texts_only_with_the_licence_confirmed(cast: Cast, tmp_path: Path) -> None:
    _licensed(cast, build_study(cast, HIGH_SCORES, LOW_SCORES))
    out = tmp_path / "plain.sav"
    call_command("measures", "export", "--format", "sav", "--out", str(out), stdout=io.StringIO())
    _, meta = pyreadstat.read_sav(str(out))
    assert (
        meta.column_names_to_labels["licensed_ease_i01"]
        == "A licensed ease scale: item 1 (text withheld: licensed)"
    )
    assert (
        "licensed_ease_i01" not in meta.variable_value_labels
    )  # the answer labels are the licensed text too
    for path in (out, tmp_path / "plain-dictionary.csv"):
        assert LICENSED_TEXT.encode() not in path.read_bytes()
    confirmed = tmp_path / "confirmed.xlsx"
    call_command(
        "measures",
        "export",
        "--format",
        "xlsx",
        "--out",
        str(confirmed),
        "--licence-confirmed",
        "--with-reference",
        stdout=io.StringIO(),
    )
    book = load_workbook(confirmed)
    dictionary = {row[0]: row[1] for row in book["Dictionary"].iter_rows(values_only=True)}
    assert dictionary["licensed_ease_i01"] == f"A licensed ease scale: {LICENSED_TEXT}"
    header, *rows = list(book["Data"].iter_rows(values_only=True))
    assert header[:3] == ("study_id", "reference", "organisation")
    assert {r[1] for r in rows} >= {"HI-0", "LO-1"}
    assert _exports()[-1] == (
        "exported 25 rows about 13 people as xlsx, with references; licensed item texts included, licence "
        "confirmed"
    )
    assert _exports()[0].endswith("pseudonymised; licensed item texts withheld")


def test_csv_and_xlsx_are_safe_in_a_spreadsheet(cast: Cast, tmp_path: Path) -> None:
    build_study(cast, HIGH_SCORES, LOW_SCORES)
    Organisation.objects.filter(pk=cast.orgs["harbourside"].pk).update(name='=HYPERLINK("x")')
    out = tmp_path / "m.csv"
    call_command("measures", "export", "--format", "csv", "--out", str(out), stdout=io.StringIO())
    with out.open(newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header[:3] == ["study_id", "organisation", "time_point"]
    assert {r[1] for r in rows} == {'\'=HYPERLINK("x")'}
    assert {r[header.index("fidelity_group")] for r in rows} == {"high", "low", "not rated"}
    assert {r[header.index("time_point")] for r in rows} == {"Baseline", "3 months"}
    assert {r[header.index("connections_check_by")] for r in rows} == {
        "The worker with the person",
        "",  # MS-0's missed check
    }
    call_command(
        "measures", "export", "--format", "xlsx", "--out", str(tmp_path / "m.xlsx"), stdout=io.StringIO()
    )
    sheet = load_workbook(tmp_path / "m.xlsx")["Data"]
    assert {c.value for c in sheet["B"][1:]} == {'\'=HYPERLINK("x")'} and {
        c.data_type for c in sheet["B"]
    } == {"s"}


def test_bad_input_to_the_command(cast: Cast, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No organisation has any measures to export yet"):
        call_command(
            "measures", "export", "--format", "csv", "--out", str(tmp_path / "x.csv"), stdout=io.StringIO()
        )
    with pytest.raises(CommandError, match="no such folder"):
        call_command(
            "measures",
            "export",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "no" / "x.csv"),
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        call_command(
            "measures", "export", "--format", "pdf", "--out", str(tmp_path / "x.pdf"), stdout=io.StringIO()
        )
    assert not (tmp_path / "x.csv").exists() and not _exports()


def test_a_manager_downloads_from_the_analysis_page(cast: Cast) -> None:
    build_study(cast, HIGH_SCORES, LOW_SCORES)
    client, url = cast.client("manager"), reverse("measures:analysis_export")
    response = client.post(url, {"format": "dta"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    today = dt.date.today().isoformat()
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="measures-harbourside-connections-{today}.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        assert names == [
            f"measures-harbourside-connections-{today}-dictionary.csv",
            f"measures-harbourside-connections-{today}.dta",
        ]
        assert b"Named Person" not in archive.read(names[1])
    response = client.post(url, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Data", "Dictionary"]
    assert (
        len(_exports()) == 2
        and AuditEntry.objects.filter(action="export", actor=cast.users["manager"]).count() == 2
    )
    refused = client.post(url, {"format": "pdf"})
    assert refused.status_code == 400 and "Choose one of the formats offered." in refused.content.decode()
    assert len(_exports()) == 2
    assert cast.client("worker").post(url, {"format": "csv"}).status_code == 403
