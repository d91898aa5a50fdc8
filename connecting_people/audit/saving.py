"""Saving and deleting a record with its audit entry in one transaction: the shared body of most do_*
actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction

from connecting_people.accounts.models import User

from . import log

M = TypeVar("M", bound=models.Model)


def save_with_audit(
    acting_user: User | None,
    obj: M,
    fields: Iterable[str],
    *,
    m2m: dict[str, Iterable[Any]] | None = None,
    note: str = "",
) -> M:
    """Create or update `obj` (and set its many-to-many fields), recording the fields that changed."""
    fields = tuple(fields)
    with transaction.atomic():
        creating = obj.pk is None
        before = {} if creating else log.snapshot(type(obj)._default_manager.get(pk=obj.pk), fields)
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        changes = log.changes_between(before, log.snapshot(obj, fields))
        if creating or changes:
            log.record(
                acting_user,
                log.Action.CREATE if creating else log.Action.UPDATE,
                obj,
                changes=changes,
                note=note,
            )
    return obj


def delete_with_audit(
    acting_user: User | None, obj: models.Model, fields: Iterable[str], note: str = ""
) -> None:
    with transaction.atomic():
        log.record_deleted(acting_user, obj, fields, note=note)
        obj.delete()
