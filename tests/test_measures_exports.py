"""Exports of an organisation's measures for analysts (issue 16): `cpi measures export` and the download
on the analysis page, in CSV, XLSX, SPSS and Stata, read back (pyreadstat, openpyxl) with their variable
and value labels and data dictionary; pseudonymous, spreadsheet-safe, licensed item texts only when the
licence is confirmed, and every export audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pyreadstat
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from connecting_people.accounts.models import Organisation
from connecting_people.audit.models import AuditEntry
from connecting_people.measures.actions import do_complete, do_load_instrument
from connecting_people.measures.dataset import study_id

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


def test_spss_and_stata_files_carry_their_labels(cast: Cast, tmp_path: Path) -> None:
    study = build_study(cast, HIGH_SCORES, LOW_SCORES)
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
        labels = meta.column_names_to_labels
        assert labels["study_id"] == "Pseudonymous study id of the person"
        assert (
            labels["connections_check_connected"]
            == "How connected do you feel: How connected (average, 1 to 5)"
        )
        assert labels["connections_check_i01"].startswith(
            "How connected do you feel: I have someone I can call on"
        )
        values = {k: {int(c): v for c, v in codes.items()} for k, codes in meta.variable_value_labels.items()}
        assert values["fidelity_group"] == {1: "high", 2: "low", 3: "not rated"}
        assert values["completed_by"][3] == "Someone answering for the person (proxy)"
        assert values["time_point"] == {0: "Baseline", 3: "3 months"}
        assert values["status"] == {1: "scored", 2: "too many items missing", 3: "missed"}
        assert values["connections_check_i01"][5] == "Always"
        assert "reference" not in frame.columns
        hi = frame[frame.study_id == study_id(study["people"]["HI-0"].pk)].sort_values("time_point")
        assert list(hi.time_point) == [0, 3] and list(hi.connections_check_connected) == [2.0, 4.0]
        assert list(hi.fidelity_group) == [1, 1] and list(hi.fidelity_score) == [3.0, 3.0]
        missed = frame[frame.study_id == study_id(study["people"]["MS-0"].pk)]
        assert list(missed.status) == [1, 3]
        assert frame.shape[0] == 2 * 5 + 2 * 5 + 2 + 2 + 1
        with (tmp_path / "measures-dictionary.csv").open(newline="") as f:
            dictionary = list(csv.reader(f))
        assert dictionary[0][:3] == ["variable", "label", "kind"]
        assert [row[0] for row in dictionary if row[3] == "1 = high; 2 = low; 3 = not rated"] == [
            "fidelity_group"
        ]
    raw = out.read_bytes() + (tmp_path / "measures.sav").read_bytes()
    assert b"Named Person" not in raw and b"HI-0" not in raw and b"hospital" not in raw
    assert _exports() == [
        "exported 25 rows about 13 people as sav, pseudonymised",
        "exported 25 rows about 13 people as dta, pseudonymised",
    ]


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
        "exported 26 rows about 13 people as xlsx, with references; licensed item texts included, licence confirmed"
    )
    assert _exports()[0].endswith("pseudonymised; licensed item texts withheld")


def test_csv_and_xlsx_are_safe_in_a_spreadsheet(cast: Cast, tmp_path: Path) -> None:
    build_study(cast, HIGH_SCORES, LOW_SCORES)
    Organisation.objects.filter(pk=cast.orgs["harbourside"].pk).update(name='=HYPERLINK("x")')
    out = tmp_path / "m.csv"
    call_command("measures", "export", "--format", "csv", "--out", str(out), stdout=io.StringIO())
    with out.open(newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header[:3] == ["study_id", "organisation", "instrument"]
    assert {r[1] for r in rows} == {'\'=HYPERLINK("x")'}
    assert {r[header.index("fidelity_group")] for r in rows} == {"high", "low", "not rated"}
    assert "Baseline" in {r[header.index("time_point")] for r in rows}
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
