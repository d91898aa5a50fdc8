"""What an administrator reading the audit trail may see. Administrators administer; they do not read care
records: every entry of their own organisations (and its teams) and of the installation as a whole shows who,
when, what was done to which object and which fields changed. Values are shown only for the records
administrators themselves administer (organisations, staff accounts, intervention models); the values of
entries about a person are sealed with that person's key and are opened only in the subject-access copy,
by those who may open the record."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from connecting_people.accounts.models import Organisation, User

from .models import AuditEntry

ADMINISTERED_APPS = ("accounts", "interventions")


def organisation_tree(organisation_id: int | None) -> list[int]:
    """The organisation and every team under it (none for a user of no organisation)."""
    if organisation_id is None:
        return []
    found, frontier = [organisation_id], [organisation_id]
    while frontier:
        frontier = list(
            Organisation.objects.filter(parent_id__in=frontier)
            .exclude(id__in=found)
            .values_list("id", flat=True)
        )
        found += frontier
    return found


def entries_for(user: User) -> QuerySet[AuditEntry]:
    """Entries of the administrator's own organisations, those that belong to no organisation, and their own
    actions (creating another organisation and its first users, say)."""
    return AuditEntry.objects.filter(
        Q(organisation_id__in=organisation_tree(user.organisation_id))
        | Q(organisation_id__isnull=True)
        | Q(actor_id=user.pk)
    )


def shows_values(entry: AuditEntry) -> bool:
    return not entry.sealed and not entry.subject and entry.object_type.split(".")[0] in ADMINISTERED_APPS
