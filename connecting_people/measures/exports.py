"""Exports of an organisation's measures for analysts: CSV, XLSX, SPSS (.sav) and Stata (.dta), one row per
person, instrument and time point (`dataset.py`), pseudonymous by default.

Every export comes with a **data dictionary**: each variable's name, label, kind and, for a coded
variable, its values. In an XLSX file it is the second sheet ("Dictionary"); with CSV, SPSS and Stata it
is a CSV file beside the data, named `<data file>-dictionary.csv` (on the web the two come together in one
.zip). SPSS and Stata files also carry the labels themselves: a variable label on every variable and value
labels on the coded ones (time point, completed by, proxy, status, fidelity group). CSV and XLSX write a
coded variable's label as text ("high"); SPSS and Stata write its number and label it.

Items are variables with neutral names (`<instrument>_i01`, ...). An instrument written by this project
has its item texts as labels; a licensed instrument's item texts and answer labels appear only when the
person exporting confirms the recipient may see them under the organisation's licence
(`licence_confirmed`), otherwise the label says the text is withheld. Text cells are made safe for
spreadsheets (`lib/csvsafe.safe_cell`) in CSV and XLSX alike."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyreadstat
from openpyxl import Workbook

from connecting_people.lib.csvsafe import SafeWriter, safe_cell

from .dataset import GROUPS, STATUSES, Dataset, Row
from .models import CompletedBy, time_point_label

FORMATS = ("csv", "xlsx", "sav", "dta")
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "dta": "application/x-stata-dta",
    "zip": "application/zip",
}
NAME_MAX = 32  # Stata's limit, the tighter of the two
COMPLETED_BY = {1: CompletedBy.PERSON, 2: CompletedBy.WORKER, 3: CompletedBy.PROXY}
GROUP_CODES = {n: g for n, g in enumerate(GROUPS, start=1)}
STATUS_CODES = {n: s for n, s in enumerate(STATUSES, start=1)}
YES_NO = {0: "no", 1: "yes"}
Cell = str | int | float | dt.date | None


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    kind: str  # "text", "number", "date" or "code" (a number with value labels)
    values: dict[int, str] = field(default_factory=dict)  # code -> label, for a coded variable


@dataclass(frozen=True)
class Table:
    variables: list[Variable]
    rows: list[list[Cell]]  # in the variables' order; a coded variable holds its code, None: empty


def variable_name(*parts: str) -> str:
    """A name SPSS and Stata both accept: lowercase letters, digits and underscores, a letter first, at
    most 32 characters."""
    name = re.sub(r"[^a-z0-9]+", "_", "_".join(parts).lower()).strip("_")
    if not name or not name[0].isalpha():
        name = "v_" + name
    return name[:NAME_MAX]


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        suffix = f"_{n}"
        candidate = name[: NAME_MAX - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def table(datasets: Sequence[Dataset], *, licence_confirmed: bool = False) -> Table:
    """The rows of every data set in one table, the variables being the union of their instruments'."""
    with_reference = any(r.reference for d in datasets for r in d.rows)
    months = sorted({r.months for d in datasets for r in d.rows})
    variables = [
        Variable("study_id", "Pseudonymous study id of the person", "text"),
        *(
            [Variable("reference", "The person's reference in the organisation", "text")]
            if with_reference
            else []
        ),
        Variable("organisation", "Organisation", "text"),
        Variable("instrument", "Instrument (key)", "text"),
        Variable("instrument_version", "Version of the instrument", "text"),
        Variable(
            "time_point",
            "Time point: months since the work began (0 is the baseline)",
            "code",
            {m: time_point_label(m) for m in months},
        ),
        Variable("completed_on", "Date completed", "date"),
        Variable("completed_by", "Who completed it", "code", {n: c.label for n, c in COMPLETED_BY.items()}),
        Variable("proxy", "Answered by a proxy for the person", "code", YES_NO),
        Variable("status", "Scored, or why there is no score", "code", dict(STATUS_CODES)),
    ]
    taken = {v.name for v in variables} | {"fidelity_score", "fidelity_group"}
    scores: list[tuple[str, str, Variable]] = []  # (instrument key, score key, variable)
    items: list[tuple[str, str, Variable]] = []
    seen: set[str] = set()
    for data in datasets:
        for key, definition in sorted(data.instruments.items()):
            if key in seen:
                continue
            seen.add(key)
            for s in definition.scores:
                v = Variable(
                    _unique(variable_name(key, s.key), taken), f"{definition.title}: {s.label}", "number"
                )
                scores.append((key, s.key, v))
            shown = not data.licensed[key] or licence_confirmed
            for n, item in enumerate(definition.items, start=1):
                label = (
                    f"{definition.title}: {item.text}"
                    if shown
                    else f"{definition.title}: item {n} (text withheld: licensed)"
                )
                values = {r.value: r.label for r in item.responses} if shown else {}
                v = Variable(
                    _unique(variable_name(key, f"i{n:02d}"), taken),
                    label,
                    "code" if values else "number",
                    values,
                )
                items.append((key, item.key, v))
    variables += [v for _, _, v in scores] + [v for _, _, v in items]
    variables += [
        Variable(
            "fidelity_score", "Fidelity: mean of the ratings of the person's work with their worker", "number"
        ),
        Variable(
            "fidelity_group",
            "Fidelity group (high: mean at or above the scale's cut-off; not rated: no rating)",
            "code",
            dict(GROUP_CODES),
        ),
    ]
    group_code = {g: n for n, g in GROUP_CODES.items()}
    status_code = {s: n for n, s in STATUS_CODES.items()}
    by_code = {c.value: n for n, c in COMPLETED_BY.items()}

    def one(organisation: str, r: Row) -> list[Cell]:
        head: list[Cell] = [r.study_id]
        if with_reference:
            head.append(r.reference)
        head += [
            organisation,
            r.instrument,
            r.instrument_version,
            r.months,
            r.completed_on,
            by_code.get(r.completed_by),
            int(r.is_proxy),
            status_code[r.status],
        ]
        head += [
            None if key != r.instrument or (value := r.scores.get(score)) is None else float(value)
            for key, score, _ in scores
        ]
        head += [r.answers.get(item) if key == r.instrument else None for key, item, _ in items]
        head += [None if r.fidelity is None else float(r.fidelity), group_code[r.group]]
        return head

    rows = [
        one(d.organisation, r)
        for d in datasets
        for r in sorted(d.rows, key=lambda r: (r.study_id, r.instrument, r.months))
    ]
    return Table(variables, rows)


def _text_rows(t: Table) -> list[list[Cell]]:
    """The rows with each coded variable's label in place of its code (for CSV and XLSX)."""
    out = []
    for row in t.rows:
        out.append(
            [
                v.values.get(value, value) if v.kind == "code" and isinstance(value, int) else value
                for v, value in zip(t.variables, row, strict=True)
            ]
        )
    return out


def dictionary(t: Table) -> list[list[str]]:
    header = ["variable", "label", "kind", "values (SPSS and Stata: the number; CSV and XLSX: the label)"]
    return [header] + [
        [v.name, v.label, v.kind, "; ".join(f"{code} = {label}" for code, label in v.values.items())]
        for v in t.variables
    ]


def write_csv(rows: Sequence[Sequence[Cell]]) -> bytes:
    out = io.StringIO()
    SafeWriter(out).writerows(["" if c is None else c for c in row] for row in rows)
    return out.getvalue().encode("utf-8")


def write_xlsx(t: Table) -> bytes:
    book = Workbook(write_only=True)
    data = book.create_sheet("Data")
    data.append([v.name for v in t.variables])
    for row in _text_rows(t):
        data.append([safe_cell(c) for c in row])
    sheet = book.create_sheet("Dictionary")
    for entry in dictionary(t):
        sheet.append([safe_cell(c) for c in entry])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _frame(t: Table) -> pd.DataFrame:
    columns = {}
    for n, v in enumerate(t.variables):
        values = [row[n] for row in t.rows]
        if v.kind == "text":
            columns[v.name] = pd.Series(["" if x is None else str(x) for x in values], dtype=object)
        elif v.kind == "date":
            columns[v.name] = pd.Series(values, dtype=object)
        else:
            numbers = [
                float("nan") if x is None or isinstance(x, (str, dt.date)) else float(x) for x in values
            ]
            columns[v.name] = pd.Series(numbers, dtype="float64")
    return pd.DataFrame(columns)


def write_statistical(t: Table, fmt: str) -> bytes:
    """An SPSS or Stata file with variable and value labels (pyreadstat writes to a path)."""
    labels: dict[str, str | None] = {v.name: v.label[:80] if fmt == "dta" else v.label for v in t.variables}
    values: dict[str, dict[int | float, str]] = {
        v.name: {float(k): lab for k, lab in v.values.items()} for v in t.variables if v.values
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data.{fmt}"
        if fmt == "sav":
            pyreadstat.write_sav(_frame(t), str(path), column_labels=labels, variable_value_labels=values)
        else:
            codes: dict[str, dict[int | float, str]] = {
                name: {int(k): lab for k, lab in v.items()} for name, v in values.items()
            }
            pyreadstat.write_dta(_frame(t), str(path), column_labels=labels, variable_value_labels=codes)
        return path.read_bytes()


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes


def export_files(t: Table, fmt: str, stem: str) -> list[ExportFile]:
    """The data file and, except in XLSX (which holds it as a sheet), its dictionary beside it."""
    if fmt not in FORMATS:
        raise ValueError(f"Choose one of {', '.join(FORMATS)}; “{fmt}” is not a format we write.")
    if fmt == "xlsx":
        return [ExportFile(f"{stem}.xlsx", write_xlsx(t))]
    header: list[Cell] = [v.name for v in t.variables]
    data = write_csv([header, *_text_rows(t)]) if fmt == "csv" else write_statistical(t, fmt)
    return [ExportFile(f"{stem}.{fmt}", data), ExportFile(f"{stem}-dictionary.csv", write_csv(dictionary(t)))]


def zipped(files: list[ExportFile]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            archive.writestr(f.name, f.data)
    return out.getvalue()
