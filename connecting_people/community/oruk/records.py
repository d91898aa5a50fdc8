"""Plain records read from a data package or ORUK JSON, the typed values they hold, and the problems
found reading them. Nothing here touches the database."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from connecting_people.lib import nul

from .spec import BY_NAME, ID_MAX_LENGTH, REQUIRED_TABLES, TABLES, Column, Kind, Table

LONDON = ZoneInfo("Europe/London")
# Numbers are kept to seven decimal places (a latitude to about a centimetre).
PLACES = decimal.Decimal("0.0000001")
MAX_PROBLEMS = 200

Value = str | decimal.Decimal | dt.date | dt.time | dt.datetime | None


@dataclass
class Record:
    """One row of a table: its identifier, the modelled values and everything else as `extra`."""

    table: str
    oruk_id: str
    values: dict[str, Value]
    extra: dict[str, Any]
    where: str


@dataclass
class OtherRow:
    """A row of a table we do not model (funding.csv, languages.csv, ...), kept to give back on export."""

    file: str
    oruk_id: str
    data: dict[str, str]
    where: str


@dataclass
class Bundle:
    """Everything read from one import: records by table, other tables' rows, and the problems found."""

    kind: str  # "datapackage" or "oruk-json"
    records: dict[str, list[Record]] = field(default_factory=lambda: {t.name: [] for t in TABLES})
    other_rows: list[OtherRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Where a reference that is not found should have been, e.g. "organizations.csv".
    reference_home: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Lists of objects found nested where we do not read them ("service_at_location.contacts"), counted:
    # each is kept as written in its record's other fields, and the report says so.
    unread: Counter[str] = field(default_factory=Counter)

    def problem(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append("... and more problems: only the first 200 are listed.")


class ImportRefused(Exception):
    """The import was checked and refused; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_value(column: Column, raw: Any) -> tuple[Value, str]:
    """The typed value of `raw` (a CSV cell or a JSON value) for `column`, or an error message."""
    if raw is None or raw == "":
        return ("" if column.kind == Kind.TEXT else None), ""
    if isinstance(raw, bool | dict | list):
        return None, f"{column.name} should be a {column.kind.value}, not {json.dumps(raw)[:40]}"
    text = str(raw)
    try:
        match column.kind:
            case Kind.TEXT:
                if column.choices and text not in column.choices:
                    allowed = ", ".join(repr(c) for c in column.choices)
                    return None, f"{column.name} {text!r} is not one of {allowed}"
                if column.max_length and len(text.strip()) > column.max_length:
                    return None, f"{column.name} {text[:40]!r} is longer than {column.max_length} characters"
                return text, ""
            case Kind.DATE:
                return dt.date.fromisoformat(text.strip()), ""
            case Kind.TIME:
                return _time(text.strip()), ""
            case Kind.DATETIME:
                moment = dt.datetime.fromisoformat(text.strip())
                return (moment if moment.tzinfo else moment.replace(tzinfo=LONDON)), ""
            case Kind.NUMBER:
                number = decimal.Decimal(text.strip()).quantize(PLACES)
                if not number.is_finite() or abs(number) >= 10**8:
                    raise ValueError
                return number, ""
    except (ValueError, decimal.InvalidOperation):
        pass
    expected = {
        Kind.DATE: "a date written YYYY-MM-DD",
        Kind.TIME: "a time written HH:MM or HH:MM:SS",
        Kind.DATETIME: "a date and time written YYYY-MM-DDTHH:MM:SS",
        Kind.NUMBER: "a number",
    }[column.kind]
    return None, f"{column.name} {text[:40]!r} is not {expected}"


def _time(text: str) -> dt.time:
    moment = dt.time.fromisoformat(text)
    if moment.tzinfo is not None:  # "10:00:00Z": the directory's local time is what a person needs
        moment = moment.replace(tzinfo=None)
    return moment


def format_value(value: Value) -> str:
    """A value as the standard writes it (in CSV; JSON uses `json_value`)."""
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def json_value(value: Value) -> Any:
    """A value for ORUK JSON: numbers as numbers, empty as null."""
    if value is None or value == "":
        return None
    if isinstance(value, decimal.Decimal):
        integral = value == value.to_integral_value()
        return int(value) if integral else float(value)
    return format_value(value)


def id_too_long(oruk_id: str, where: str, bundle: Bundle) -> bool:
    if len(oruk_id.strip()) <= ID_MAX_LENGTH:
        return False
    bundle.problem(f"{where}: id {oruk_id[:40]!r}... is longer than {ID_MAX_LENGTH} characters")
    return True


def has_nul(raw: dict[str, Any], where: str, bundle: Bundle) -> bool:
    """Whether a row or object holds a NUL in any field, nested ones included; each such field is a
    problem of the row."""
    found = nul.fields_with_nul(raw)
    for key in found:
        bundle.problem(f"{where}: {key} {nul.PROBLEM}")
    return bool(found)


def record_from(table: Table, raw: dict[str, Any], where: str, bundle: Bundle) -> Record | None:
    """A record of `table` from a row or object; problems go to `bundle` (then None)."""
    oruk_id = raw.get("id")
    if oruk_id is None or str(oruk_id).strip() == "":
        bundle.problem(f"{where}: id is empty; every {table.name} needs its identifier")
        return None
    if id_too_long(str(oruk_id), where, bundle) or has_nul(raw, where, bundle):
        return None
    values: dict[str, Value] = {}
    errors: dict[str, str] = {}
    for column in table.columns:
        value, error = parse_value(column, raw.get(column.name))
        if column.references and isinstance(value, str):
            value = value.strip()  # an identifier, compared with ids that are stripped too
        values[column.name] = value
        if error:
            errors[column.name] = error
    for name, other in table.same_as:
        if values[name] in (None, "") and other not in errors:
            values[name] = values[other]
    for column in table.columns:
        if column.name in errors:
            bundle.problem(f"{where}: {errors[column.name]}")
        elif column.required and values[column.name] in (None, "") and not column.references:
            bundle.problem(f"{where}: {column.name} is empty but the standard requires it")
            errors[column.name] = "empty"
    failed = bool(errors)
    known = {"id", *(c.name for c in table.columns)}
    extra = {k: v for k, v in raw.items() if k not in known}
    return None if failed else Record(table.name, str(oruk_id).strip(), values, extra, where)


def check_bundle(bundle: Bundle, existing: dict[str, set[str]]) -> None:
    """Whole-import checks: required tables, repeated identifiers and references that lead nowhere.

    `existing` holds the identifiers already in the directory, by table, which a reference may also use."""
    if bundle.kind == "datapackage":
        for name in REQUIRED_TABLES:
            if not bundle.records[name] and not existing.get(name):
                bundle.problem(f"{BY_NAME[name].file} is missing: a directory needs its {name} table")
    present: dict[str, set[str]] = {}
    for table in TABLES:
        ids: dict[str, str] = {}
        for record in bundle.records[table.name]:
            first = ids.get(record.oruk_id)
            if first is not None:
                bundle.problem(f"{record.where}: id {record.oruk_id!r} is used twice (also {first})")
            ids[record.oruk_id] = record.where
        present[table.name] = set(ids)
    for table in TABLES:
        for record in bundle.records[table.name]:
            for column in table.references:
                target = record.values.get(column.name)
                if target in (None, ""):
                    if column.required:
                        bundle.problem(f"{record.where}: {column.name} is empty but the standard requires it")
                    continue
                if target in present[column.references] or target in existing.get(column.references, set()):
                    continue
                home = bundle.reference_home.get(
                    column.references, f"this import's {column.references} records"
                )
                bundle.problem(
                    f"{record.where}: {column.name} {target!r} is not in {home} nor already in the directory"
                )
