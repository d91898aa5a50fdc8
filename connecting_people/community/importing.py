"""Writing a checked import into an organisation's directory: merged by the standard's identifiers (a
record met again is updated, never duplicated), in bulk, with a report for every record."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connecting_people.accounts.models import Organisation

from .models import MODELS, DirectoryRecord, OtherTableRow
from .oruk.jsonfeed import FeedError, read_json
from .oruk.package import PackageError, read_package
from .oruk.records import Bundle, ImportRefused, Value, check_bundle
from .oruk.spec import TABLES

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
BATCH = 1000


@dataclass
class Outcome:
    """What an import did, record by record: [table, id, outcome, changed fields]."""

    report: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(entry[2] for entry in self.report))


def read_import(path: Path) -> Bundle:
    """A data package (folder or .zip) or an ORUK JSON file, read and checked row by row (not yet against
    the directory: see `plan`). Raises ImportRefused when the file cannot be read at all."""
    try:
        if path.suffix.lower() == ".json":
            return read_json(path.read_bytes(), path.name)
        return read_package(path)
    except (PackageError, FeedError, OSError) as error:
        raise ImportRefused([str(error)]) from None


def existing_ids(owner: Organisation) -> dict[str, set[str]]:
    return {
        name: set(model._default_manager.filter(owner=owner).values_list("oruk_id", flat=True))
        for name, model in MODELS.items()
    }


def check(owner: Organisation, bundle: Bundle) -> None:
    """Refuse the whole import if any row has a problem, so that nothing is written."""
    check_bundle(bundle, existing_ids(owner))
    if bundle.problems:
        raise ImportRefused(bundle.problems)


def write(owner: Organisation, bundle: Bundle) -> Outcome:
    """Create or update every record of a checked bundle. Runs inside the caller's transaction."""
    outcome = Outcome(notes=list(bundle.notes))
    pks: dict[str, dict[str, int]] = {}
    for table in TABLES:
        model = MODELS[table.name]
        current = {obj.oruk_id: obj for obj in model._default_manager.filter(owner=owner)}
        references = {c.name: c.references for c in table.references}
        creating: list[DirectoryRecord] = []
        updating: list[DirectoryRecord] = []
        for record in bundle.records[table.name]:
            wanted: dict[str, Any] = {}
            for name, value in record.values.items():
                target = references.get(name)
                wanted[name] = _pk(pks, target, value) if target else value
            if table.name == "attribute":
                wanted["service_id"] = pks["service"].get(str(record.values["link_id"]))
            wanted["extra"] = record.extra
            obj = current.get(record.oruk_id)
            if obj is None:
                obj = model(owner=owner, oruk_id=record.oruk_id, **wanted)
                current[record.oruk_id] = obj
                creating.append(obj)
                outcome.report.append([table.name, record.oruk_id, CREATED, []])
                continue
            changed = [name for name, value in wanted.items() if getattr(obj, name) != value]
            for name in changed:
                setattr(obj, name, wanted[name])
            if changed:
                updating.append(obj)
                outcome.report.append([table.name, record.oruk_id, UPDATED, changed])
            else:
                outcome.report.append([table.name, record.oruk_id, UNCHANGED, []])
        model._default_manager.bulk_create(creating, batch_size=BATCH)
        if updating:
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if f.attname not in ("id", "owner_id", "oruk_id")
            ]
            model._default_manager.bulk_update(updating, fields, batch_size=BATCH)
        pks[table.name] = {oruk_id: obj.pk for oruk_id, obj in current.items()}
    _write_other_rows(owner, bundle, outcome)
    return outcome


def _pk(pks: dict[str, dict[str, int]], table: str, value: Value) -> int | None:
    return None if value in (None, "") else pks[table][str(value)]


def _write_other_rows(owner: Organisation, bundle: Bundle, outcome: Outcome) -> None:
    current = {(row.file, row.oruk_id): row for row in OtherTableRow.objects.filter(owner=owner)}
    creating: list[OtherTableRow] = []
    updating: list[OtherTableRow] = []
    for position, row in enumerate(bundle.other_rows):
        name = row.file.removesuffix(".csv")
        held = current.get((row.file, row.oruk_id))
        if held is None:
            held = OtherTableRow(
                owner=owner, oruk_id=row.oruk_id, file=row.file, position=position, extra=row.data
            )
            current[(row.file, row.oruk_id)] = held
            creating.append(held)
            outcome.report.append([name, row.oruk_id, CREATED, []])
        elif held.extra != row.data:
            changed = sorted(
                k for k in set(held.extra) | set(row.data) if held.extra.get(k) != row.data.get(k)
            )
            held.extra = row.data
            updating.append(held)
            outcome.report.append([name, row.oruk_id, UPDATED, changed])
        else:
            outcome.report.append([name, row.oruk_id, UNCHANGED, []])
    OtherTableRow.objects.bulk_create(creating, batch_size=BATCH)
    if updating:
        OtherTableRow.objects.bulk_update(updating, ["extra"], batch_size=BATCH)
