"""State changes to organisations and users; each writes its own audit entry in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from connecting_people.audit import log

from .models import Organisation, User

ORGANISATION_FIELDS = ("name", "sector", "region", "client_group", "parent")


def do_save_organisation(acting_user: User | None, organisation: Organisation) -> Organisation:
    with transaction.atomic():
        if organisation.pk is None:
            organisation.save()
            log.record_created(acting_user, organisation, ORGANISATION_FIELDS)
        else:
            before = log.snapshot(Organisation.objects.get(pk=organisation.pk), ORGANISATION_FIELDS)
            organisation.save()
            log.record_updated(acting_user, organisation, before, ORGANISATION_FIELDS)
    return organisation


def do_delete_organisation(acting_user: User | None, organisation: Organisation) -> None:
    with transaction.atomic():
        log.record_deleted(acting_user, organisation, ORGANISATION_FIELDS)
        organisation.delete()


def do_create_user(acting_user: User | None, *, password: str | None, **fields: Any) -> User:
    with transaction.atomic():
        user = User(**fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        log.record_created(acting_user, user, User.AUDITED_FIELDS)
    return user


def do_save_user(acting_user: User | None, user: User, note: str = "") -> User:
    """Save a user edited elsewhere (a form); records the fields that changed."""
    with transaction.atomic():
        if user.pk is None:
            user.save()
            log.record_created(acting_user, user, User.AUDITED_FIELDS, note=note)
        else:
            before = log.snapshot(User.objects.get(pk=user.pk), User.AUDITED_FIELDS)
            user.save()
            log.record_updated(acting_user, user, before, User.AUDITED_FIELDS, note=note)
    return user


def do_delete_user(acting_user: User | None, user: User) -> None:
    with transaction.atomic():
        log.record_deleted(acting_user, user, User.AUDITED_FIELDS)
        user.delete()


def do_change_password(acting_user: User, user: User, new_password: str) -> None:
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        # The value itself is never logged, only that it changed.
        log.record(acting_user, log.Action.UPDATE, user, changes={"password": ["(hidden)", "(changed)"]})
