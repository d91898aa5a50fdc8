from __future__ import annotations

from typing import Any

from django.db import transaction

from connecting_people.audit import log

from .models import Person


def do_record_person_view(acting_user: Any, person: Person, what: str = "record") -> None:
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, person, note=f"viewed {what}")


def do_save_person(acting_user: Any, person: Person, workers: list[Any] | None = None) -> Person:
    with transaction.atomic():
        creating = person.pk is None
        before = {} if creating else log.snapshot(Person.objects.get(pk=person.pk), Person.AUDITED_FIELDS)
        person.save()
        if workers is not None:
            person.workers.set(workers)
        after = log.snapshot(person, Person.AUDITED_FIELDS)
        changes = log.changes_between(before, after)
        if creating or changes:
            log.record(acting_user, log.Action.CREATE if creating else log.Action.UPDATE, person, changes=changes)
    return person


def do_delete_person(acting_user: Any, person: Person) -> None:
    with transaction.atomic():
        log.record_deleted(acting_user, person, Person.AUDITED_FIELDS)
        person.delete()
