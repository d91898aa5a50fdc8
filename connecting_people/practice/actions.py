from __future__ import annotations

from typing import Any

from django.db import transaction

from connecting_people.audit import log
from connecting_people.audit.saving import delete_with_audit, save_with_audit

from .models import Person


def do_record_person_view(acting_user: Any, person: Person, what: str = "record") -> None:
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, person, note=f"viewed {what}")


def do_save_person(acting_user: Any, person: Person, workers: list[Any] | None = None) -> Person:
    return save_with_audit(acting_user, person, Person.AUDITED_FIELDS, m2m=None if workers is None else {"workers": workers})


def do_delete_person(acting_user: Any, person: Person) -> None:
    delete_with_audit(acting_user, person, Person.AUDITED_FIELDS)
