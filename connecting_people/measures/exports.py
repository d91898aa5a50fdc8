"""Exports of an organisation's measures for analysts: CSV, XLSX, SPSS (.sav) and Stata (.dta), one row
per person and time point, pseudonymous by default.

**The layout.** A row is one person (their study id) at one time point at which they have anything
recorded. Each instrument has a block of columns named with the instrument's prefix (below): its
version (`_version`), when it was completed (`_date`), by whom (`_by`: the person, the worker with the
person, or a proxy), whether it was scored or why not (`_status`: too many items missing, or missed), each
of its scores and each item's answer (`_i01`, ...). A block is empty when nothing of that instrument is
recorded for the person at that time point. The person's fidelity score and group close the row. This is
the layout analysts model change with (Stata's `reshape long` or R's `pivot_longer` makes one row per
instrument of it when one is wanted), so no second layout is written.
The rows come from the data set (`dataset.py`, one row per person, instrument and time point, which the
analysis reads too), so the two never disagree.

**Variable names** are what SPSS and Stata both accept: lowercase letters, digits and underscores, a letter
first, at most 32 characters (Stata's limit; SPSS allows 64), the same in every format; a coded variable's
at most 28, because Stata names its value labels too, with the same limit, and pyreadstat names them after
the variable with its number among the coded ones after it (room for 10,000). An instrument's prefix is
its key with every run of other characters made one underscore (`connections-check` →
`connections_check`; a key beginning with a digit gets `v_` in front). A prefix longer than 19 characters
(so that `<prefix>_status` stays within 28), and a score's part of a name that would take the whole name
past 32, are shortened the same way every time: their first characters, an underscore and the first four
hex digits of the SHA-256 of the whole part (`shortened`), so this year's export and next year's name the
same things alike, and two long keys that begin alike still differ. Should two names still coincide, the
later one (in the order of the columns) ends in `_2`, `_3`, ... instead. The data dictionary gives each
variable's instrument key, so a shortened prefix is never a puzzle.

**One key, several instruments.** Each organisation loads its own instruments, and loads a new version of
one when its wording or scoring changes, while what was completed with the old version keeps it. An
export may so meet several instruments under one key: two organisations' (`cpi measures export` without
`--organisation`) or two versions of one organisation's. Each row is read with the version it was
completed with, in its own organisation, and a block's columns mean one thing: versions that lay out
alike (the same title, items, answer labels and scores, each score reckoned alike, as when two
organisations loaded the same file) share a block; a different one gets a block of its own after it, its
prefix numbered (`wellbeing_2_...`, `wellbeing_3_...`, in the order the data sets and versions come), its
labels naming what sets it apart: the organisations whose it is, its versions, or both. The dictionary
names each instrument variable's organisations and versions.

Every export comes with a **data dictionary**: each variable's name, label, kind, instrument and, for a
coded variable, its values. In an XLSX file it is the second sheet ("Dictionary"); with CSV, SPSS and Stata
it is a CSV file beside the data, named `<data file>-dictionary.csv` (on the web the two come together in
one .zip). SPSS and Stata files also carry the labels themselves: a variable label on every variable
(Stata's are cut at 80 characters, its limit; the dictionary has them whole) and value labels on the coded
ones (time point, completed by, status, fidelity group, and items whose answers are labelled). CSV and XLSX
write a coded variable's label as text ("high"); SPSS and Stata write its number and label it.

Items are variables with neutral names (`<prefix>_i01`, ...). An instrument written by this project has
its item texts as labels; a licensed instrument's item texts and answer labels appear only when the person
exporting confirms the recipient may see them under the organisation's licence (`licence_confirmed`),
otherwise the label says the text is withheld. Text cells are made safe for spreadsheets
(`lib/csvsafe.safe_cell`) in CSV and XLSX alike."""

from __future__ import annotations

import datetime as dt
import hashlib
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

from .dataset import GROUPS, MISSED, STATUSES, Dataset, Row
from .instrument import InstrumentData
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
CODED_MAX = NAME_MAX - 4  # a coded variable's: pyreadstat names its value labels `<name><n>`, n < 10,000
PREFIX_MAX = 19  # an instrument's prefix: the longest that leaves room for "_status" within CODED_MAX
HASH_DIGITS = 4  # of the SHA-256 that ends a shortened name
LABEL_MAX_DTA = 80  # Stata's limit on a variable label
COMPLETED_BY = {1: CompletedBy.PERSON, 2: CompletedBy.WORKER, 3: CompletedBy.PROXY}
GROUP_CODES = {n: g for n, g in enumerate(GROUPS, start=1)}
STATUS_CODES = {n: s for n, s in enumerate(STATUSES, start=1)}
BY_CODE = {c.value: n for n, c in COMPLETED_BY.items()}
STATUS_CODE = {s: n for n, s in STATUS_CODES.items()}
GROUP_CODE = {g: n for n, g in GROUP_CODES.items()}
Cell = str | int | float | dt.date | None


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    kind: str  # "text", "number", "date" or "code" (a number with value labels)
    values: dict[int, str] = field(default_factory=dict)  # code -> label, for a coded variable
    instrument: str = ""  # the key of the instrument the variable belongs to; empty: the person's
    organisations: str = ""  # whose instrument it is ("; " between names); empty: the person's
    # the versions of the instrument whose rows it holds ("; " between; with several organisations, each
    # organisation's name and its versions); likewise
    versions: str = ""


@dataclass(frozen=True)
class Table:
    variables: list[Variable]
    rows: list[list[Cell]]  # in the variables' order; a coded variable holds its code, None: empty


def name_part(text: str) -> str:
    """`text` in lowercase with every run of characters other than letters and digits one underscore."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def shortened(name: str, limit: int) -> str:
    """`name` if it has at most `limit` characters, else its first characters, an underscore and the first
    four hex digits of its SHA-256: the same name always comes out the same, and two that begin alike
    differ."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:HASH_DIGITS]
    return f"{name[: limit - HASH_DIGITS - 1].rstrip('_')}_{digest}"


def instrument_prefix(key: str, n: int = 1) -> str:
    """The start of the name of every variable of the instrument `key` (its `n`th layout in the export,
    numbered from the second): a letter first, at most 19 characters."""
    name = name_part(key)
    if not name or not name[0].isalpha():
        name = "v_" + name
    return shortened(name if n == 1 else f"{name}_{n}", PREFIX_MAX)


def _unique(name: str, taken: set[str], limit: int = NAME_MAX) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        suffix = f"_{n}"
        candidate = name[: limit - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


Source = tuple[int, str]  # a data set (by its place in the export) and a version of an instrument in it


@dataclass(frozen=True)
class Block:
    """An instrument's columns: what was completed, how, and its scores and answers."""

    key: str
    variables: list[Variable]
    scores: list[str]  # score keys, in the order of their variables
    items: list[str]  # item keys, likewise
    sources: frozenset[Source] = frozenset()  # the data sets and versions it holds rows of

    def cells(self, row: Row | None) -> list[Cell]:
        """The block's cells for one person at one time point; all empty when nothing was recorded."""
        if row is None:
            return [None] * len(self.variables)
        return [
            row.instrument_version,
            row.completed_on,
            None if row.status == MISSED else BY_CODE.get(row.completed_by),  # nobody completed it
            STATUS_CODE[row.status],
            *(None if (value := row.scores.get(s)) is None else float(value) for s in self.scores),
            *(row.answers.get(i) for i in self.items),
        ]


def block(
    key: str,
    definition: InstrumentData,
    *,
    shown: bool,
    taken: set[str],
    n: int = 1,
    organisations: Sequence[str] = (),
    versions: Sequence[str] = (),
    qualifier: str = "",
    sources: frozenset[Source] = frozenset(),
) -> Block:
    """The columns of one instrument; `shown`: its item texts and answer labels may be written; `n`: its
    layout's place among those of its key in the export; `organisations`, `versions`: whose instrument
    it is and which versions of it the block holds rows of; `qualifier`: which of its key's layouts it
    is, in its labels (empty when the key has one); `sources`: the data sets and versions it holds rows
    of."""
    prefix = instrument_prefix(key, n)
    title = f"{definition.title} ({qualifier})" if qualifier else definition.title
    whose, which = "; ".join(organisations), "; ".join(versions)

    def variable(part: str, label: str, kind: str, values: dict[int, str] | None = None) -> Variable:
        limit = CODED_MAX if values else NAME_MAX
        name = f"{prefix}_{shortened(part, limit - len(prefix) - 1)}"
        return Variable(
            _unique(name, taken, limit), f"{title}: {label}", kind, values or {}, key, whose, which
        )

    variables = [
        variable("version", "version of the instrument", "text"),
        variable("date", "date completed", "date"),
        variable(
            "by",
            "who completed it (empty when missed)",
            "code",
            {n: c.label for n, c in COMPLETED_BY.items()},
        ),
        variable("status", "scored, or why not (empty: nothing recorded)", "code", dict(STATUS_CODES)),
    ]
    variables += [variable(name_part(s.key), s.label, "number") for s in definition.scores]
    for n, item in enumerate(definition.items, start=1):
        label = item.text if shown else f"item {n} (text withheld: licensed)"
        values = {r.value: r.label for r in item.responses} if shown else {}
        variables.append(variable(f"i{n:02d}", label, "code" if values else "number", values))
    return Block(
        key, variables, [s.key for s in definition.scores], [i.key for i in definition.items], sources
    )


@dataclass
class _Layout:
    """One way an instrument key is laid out in an export, and the data sets and versions it holds."""

    definition: InstrumentData
    shown: bool
    sources: list[Source]


def _same_layout(key: str, one: _Layout, definition: InstrumentData, shown: bool) -> bool:
    """Whether `definition` fills the columns of `one` with the same meaning: the same names, labels,
    kinds and codes, read from the same item keys, each item's answers the same (whether or not their
    labels may be shown) and each score reckoned alike (`InstrumentData.reckoning`)."""
    a = block(key, one.definition, shown=one.shown, taken=set())
    b = block(key, definition, shown=shown, taken=set())
    if (a.variables, a.scores, a.items) != (b.variables, b.scores, b.items):
        return False
    answers = [(i.values, i.low, i.high, i.reverse) for i in one.definition.items]
    if answers != [(i.values, i.low, i.high, i.reverse) for i in definition.items]:
        return False
    return all(one.definition.reckons_like(definition, s) for s in a.scores)


def _qualifiers(datasets: Sequence[Dataset], found: list[_Layout]) -> list[str]:
    """What tells a key's layouts apart in their labels: the organisations whose they are when only those
    differ, the versions when only those do, each organisation with its versions when both do; nothing
    when the key has one layout."""
    if len(found) == 1:
        return [""]
    whose = [tuple(dict.fromkeys(datasets[n].organisation for n, _ in one.sources)) for one in found]
    which = [tuple(dict.fromkeys(version for _, version in one.sources)) for one in found]
    if len(set(which)) == 1:
        return [", ".join(names) for names in whose]
    if len(set(whose)) == 1:
        return [("version " if len(v) == 1 else "versions ") + ", ".join(v) for v in which]
    return [_sources_words(datasets, one.sources) for one in found]


def _sources_words(datasets: Sequence[Dataset], sources: Sequence[Source]) -> str:
    """Each organisation with its versions: "Harbourside Connections 1.0, 1.1; Northbridge CMHT 2.0"."""
    by_organisation: dict[str, list[str]] = {}
    for n, version in sources:
        by_organisation.setdefault(datasets[n].organisation, []).append(version)
    return "; ".join(f"{name} {', '.join(versions)}" for name, versions in by_organisation.items())


def instrument_blocks(
    datasets: Sequence[Dataset], *, licence_confirmed: bool, taken: set[str]
) -> list[Block]:
    """A block for each instrument key the data sets have and each distinct layout of it (keys in the
    order they first appear, a key's layouts together), so that every row is read with the version of the
    instrument it was completed with, in its own organisation."""
    layouts: dict[str, list[_Layout]] = {}
    for n, data in enumerate(datasets):
        for (key, version), definition in sorted(data.versions.items(), key=lambda e: e[0][0]):
            shown = not data.licensed[key, version] or licence_confirmed
            found = layouts.setdefault(key, [])
            same = next((one for one in found if _same_layout(key, one, definition, shown)), None)
            if same is None:
                found.append(_Layout(definition, shown, [(n, version)]))
            else:
                same.sources.append((n, version))
    blocks = []
    for key, found in layouts.items():
        for n, (one, qualifier) in enumerate(zip(found, _qualifiers(datasets, found), strict=True), start=1):
            blocks.append(
                block(
                    key,
                    one.definition,
                    shown=one.shown,
                    taken=taken,
                    n=n,
                    organisations=list(dict.fromkeys(datasets[i].organisation for i, _ in one.sources)),
                    versions=(
                        [_sources_words(datasets, one.sources)]
                        if len({i for i, _ in one.sources}) > 1
                        else list(dict.fromkeys(version for _, version in one.sources))
                    ),
                    qualifier=qualifier,
                    sources=frozenset(one.sources),
                )
            )
    return blocks


def time_points(data: Dataset) -> dict[tuple[int, int], dict[str, Row]]:
    """(person id, months) -> instrument key -> the person's row for it: a row of the export each. A
    person has at most one row per instrument key and time point (`actions.do_start` and
    `do_record_missed` refuse a second, whatever its version)."""
    found: dict[tuple[int, int], dict[str, Row]] = {}
    for r in data.rows:
        found.setdefault((r.person_id, r.months), {})[r.instrument] = r
    return found


def table(datasets: Sequence[Dataset], *, licence_confirmed: bool = False) -> Table:
    """Every data set's people, one row per person and time point, with a block of columns for each
    instrument any of them has (the union of the data sets' instruments: each key once, or once for each
    distinct layout of it, `instrument_blocks`)."""
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
        Variable(
            "time_point",
            "Time point: months since the work began (0 is the baseline)",
            "code",
            {m: time_point_label(m) for m in months},
        ),
    ]
    tail = [
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
    taken = {v.name for v in variables + tail}
    blocks = instrument_blocks(datasets, licence_confirmed=licence_confirmed, taken=taken)
    variables += [v for b in blocks for v in b.variables] + tail

    rows: list[list[Cell]] = []
    for n, data in enumerate(datasets):
        found = time_points(data)
        for (_, point), by_key in sorted(
            found.items(), key=lambda e: (next(iter(e[1].values())).study_id, e[0][0], e[0][1])
        ):
            first = next(iter(by_key.values()))  # the person's own columns: alike on each of their rows
            row: list[Cell] = [first.study_id, *([first.reference] if with_reference else [])]
            row += [data.organisation, point]
            for b in blocks:
                one = by_key.get(b.key)
                row += b.cells(one if one and (n, one.instrument_version) in b.sources else None)
            row += [None if first.fidelity is None else float(first.fidelity), GROUP_CODE[first.group]]
            rows.append(row)
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
    header = [
        "variable",
        "label",
        "kind",
        "instrument (key; empty: the person's)",
        "values (SPSS and Stata: the number; CSV and XLSX: the label)",
        "organisations whose instrument it is (empty: the person's)",
        "versions of the instrument (empty: the person's)",
    ]
    return [header] + [
        [
            v.name,
            v.label,
            v.kind,
            v.instrument,
            "; ".join(f"{code} = {label}" for code, label in v.values.items()),
            v.organisations,
            v.versions,
        ]
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
    labels: dict[str, str | None] = {
        v.name: v.label[:LABEL_MAX_DTA] if fmt == "dta" else v.label for v in t.variables
    }
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
