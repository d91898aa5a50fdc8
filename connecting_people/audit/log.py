"""Writing audit entries. Called by the do_* actions inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connection, models

from connecting_people.accounts.models import User

from . import keys, sealing
from .models import Action, AuditEntry

__all__ = [
    "Action",
    "AuditEntry",
    "changes_between",
    "opened",
    "record",
    "record_created",
    "record_deleted",
    "record_many",
    "record_updated",
    "snapshot",
]

Snapshot = dict[str, Any]


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> Snapshot:
    """The current values of the named fields (foreign keys by id)."""
    values: Snapshot = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = (
                sorted(str(pk) for pk in getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
            )
        elif isinstance(field, models.Field) and field.is_relation:
            values[name] = plain(getattr(obj, field.attname))
        else:
            values[name] = plain(getattr(obj, name))
    return values


def changes_between(before: Snapshot, after: Snapshot) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "system (command line)"
    return f"{actor.username} ({actor.get_role_display()})"


def record(
    actor: User | None,
    action: Action | str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    organisation_id: int | None = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one entry. Must run inside the caller's transaction, so a failed change leaves none.

    An object about someone's data names its subject (`audit_subject`) and a pseudonymous description
    (`audit_repr`); the entry then keeps the names of the changed fields in the open and their values
    sealed with that subject's own key."""
    _require_transaction()
    entry = _entry(
        actor,
        action,
        obj,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        organisation_id=organisation_id,
        changes=changes,
        note=note,
    )
    entry.save()
    return entry


def record_many(
    actor: Any, action: Action | str, entries: Iterable[tuple[models.Model, dict[str, list[Any]], str]]
) -> list[AuditEntry]:
    """Write one entry per (object, changes, note) in one insert, as `record` would write each (a batch
    of imported files); inside the caller's transaction."""
    _require_transaction()
    return AuditEntry.objects.bulk_create(
        [_entry(actor, action, obj, changes=changes, note=note) for obj, changes, note in entries]
    )


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError(
            "audit.record must be called inside transaction.atomic() with the change it records"
        )


def _entry(
    actor: Any,
    action: Action | str,
    obj: models.Model | None,
    *,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    organisation_id: int | None = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEntry:
    subject = ""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or getattr(obj, "audit_repr", "") or str(obj)
        subject = getattr(obj, "audit_subject", "") or ""
        if organisation_id is None:
            organisation_id = getattr(obj, "audit_organisation_id", None)
    values = plain(changes or {})
    sealed = sealing.seal(keys.key_for(subject), values, subject) if subject and values else ""
    return AuditEntry(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor)[:200],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        organisation_id=organisation_id,
        changes={} if sealed else values,
        note=note[:500],
        subject=subject,
        fields=sorted(values),
        sealed=sealed,
    )


def record_created(
    actor: User | None, obj: models.Model, fields: Iterable[str], note: str = ""
) -> AuditEntry:
    after = snapshot(obj, fields)
    return record(actor, Action.CREATE, obj, changes={k: [None, v] for k, v in after.items()}, note=note)


def record_updated(
    actor: User | None, obj: models.Model, before: Snapshot, fields: Iterable[str], note: str = ""
) -> AuditEntry | None:
    """Write an entry only when something really changed; returns it, or None."""
    diff = changes_between(before, snapshot(obj, fields))
    if not diff:
        return None
    return record(actor, Action.UPDATE, obj, changes=diff, note=note)


def record_deleted(
    actor: User | None, obj: models.Model, fields: Iterable[str], note: str = ""
) -> AuditEntry:
    before = snapshot(obj, fields)
    return record(actor, Action.DELETE, obj, changes={k: [v, None] for k, v in before.items()}, note=note)


def opened(entries: Iterable[AuditEntry]) -> list[tuple[AuditEntry, dict[str, Any] | None]]:
    """Each entry with its changes, sealed ones opened; None where the subject's key was destroyed.
    Only for readers who may open the record the entry is about (the subject-access copy)."""
    entries = list(entries)
    found = keys.existing_keys(e.subject for e in entries if e.sealed)
    return [
        (e, sealing.open_sealed(found[e.subject], e.sealed, e.subject) if e.subject in found else None)
        if e.sealed
        else (e, e.changes)
        for e in entries
    ]
