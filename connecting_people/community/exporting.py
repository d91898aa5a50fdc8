"""Exporting an organisation's directory: a data package (every table, as a folder or a .zip) or ORUK
JSON (the list of fully nested services).

The data package's CSV files are written exactly, not through `lib/csvsafe.py`: that writer guards files
meant to be opened by people in spreadsheets, by putting an apostrophe before a cell starting with `=`, `+`,
`-` or `@`; a data package is an exchange between machines whose values must come back as they went
(a phone number "+44 ..." or a description starting with "-"), and it is read by directory tools, not
opened as a spreadsheet by our users."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from connecting_people.accounts.models import Organisation

from .models import MODELS, OtherTableRow, Service
from .oruk.records import format_value
from .oruk.spec import ORUK_VERSION, TABLES, Kind
from .serialise import full_services, service_full

DESCRIPTOR_TYPES = {
    Kind.TEXT: "string",
    Kind.DATE: "date",
    Kind.TIME: "time",
    Kind.DATETIME: "datetime",
    Kind.NUMBER: "number",
}


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def package_files(owner: Organisation) -> dict[str, bytes]:
    """The data package's files by name: one CSV per table that has rows, and datapackage.json."""
    files: dict[str, bytes] = {}
    resources: list[dict[str, Any]] = []
    ids: dict[str, dict[int, str]] = {}
    for table in TABLES:
        rows = list(MODELS[table.name]._default_manager.filter(owner=owner).order_by("pk"))
        ids[table.name] = {row.pk: row.oruk_id for row in rows}
        if not rows:
            continue
        extra_columns = sorted({key for row in rows for key in row.extra})
        header = ["id", *(c.name for c in table.columns), *extra_columns]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            cells = [row.oruk_id]
            for column in table.columns:
                value = getattr(row, column.name)
                if column.references:
                    cells.append("" if value is None else ids[column.references][value])
                else:
                    cells.append(format_value(value))
            cells += [_cell(row.extra[key]) if key in row.extra else "" for key in extra_columns]
            writer.writerow(cells)
        files[table.file] = buffer.getvalue().encode("utf-8")
        fields = [{"name": "id", "type": "string"}]
        fields += [{"name": c.name, "type": DESCRIPTOR_TYPES[c.kind]} for c in table.columns]
        fields += [{"name": key, "type": "string"} for key in extra_columns]
        schema: dict[str, Any] = {"fields": fields, "primaryKey": "id"}
        keys = [
            {"fields": c.name, "reference": {"resource": c.references, "fields": "id"}}
            for c in table.references
        ]
        if keys:
            schema["foreignKeys"] = keys
        resources.append(_resource(table.name, table.file, schema))
    others: dict[str, list[OtherTableRow]] = {}
    for other in OtherTableRow.objects.filter(owner=owner).order_by("file", "position", "pk"):
        others.setdefault(other.file, []).append(other)
    for file, other_rows in others.items():
        header = list(dict.fromkeys(key for row in other_rows for key in row.extra))
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([[row.extra.get(key, "") for key in header] for row in other_rows])
        files[file] = buffer.getvalue().encode("utf-8")
        schema = {"fields": [{"name": key, "type": "string"} for key in header]}
        resources.append(_resource(file.removesuffix(".csv"), file, schema))
    descriptor = {
        "name": "community-directory",
        "title": f"Community directory of {owner.name}",
        "profile": "tabular-data-package",
        "version": ORUK_VERSION,
        "resources": resources,
    }
    files["datapackage.json"] = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def _resource(name: str, path: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def write_package(owner: Organisation, out: Path) -> dict[str, bytes]:
    """Write the data package to `out`: a .zip file, or else a folder (made if need be)."""
    files = package_files(owner)
    if out.suffix.lower() == ".zip":
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
    return files


def oruk_json(owner: Organisation) -> list[dict[str, Any]]:
    """Every service of the directory, fully nested, as `/services/{id}` gives each."""
    services = full_services(Service.objects.filter(owner=owner).order_by("pk"))
    return [service_full(service) for service in services]


def write_json(owner: Organisation, out: Path) -> int:
    services = oruk_json(owner)
    out.write_text(json.dumps(services, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(services)
