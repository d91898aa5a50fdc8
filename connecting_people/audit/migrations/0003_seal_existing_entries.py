"""Give every existing entry about a person its subject and field names, seal its values with the person's
own key (or drop them, when the person was erased or deleted before: an earlier erasure missed them), and
replace descriptions that carried words of a record with pseudonymous ones. Entries about rows
deleted long ago find their person through the entries of the rows they hung on. On PostgreSQL the table is
then rewritten, so the values written in the open before this release leave no dead rows behind."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import migrations, transaction

from connecting_people.audit import sealing

# Which entries hang on what: (the field in the entry's changes or the live row, the kind of record it names).
PARENT = {
    "practice.session": ("person", "practice.person"), "practice.goal": ("person", "practice.person"),
    "practice.networkmap": ("person", "practice.person"), "practice.review": ("person", "practice.person"),
    "practice.goalaction": ("goal", "practice.goal"), "practice.mapmember": ("map", "practice.networkmap"),
}
PSEUDONYMOUS = {"practice.goal": "goal {id}", "practice.goalaction": "step {id}", "practice.mapmember": "member {id}",
                "fieldwork.excerpt": "excerpt {id}"}


def forwards(apps: Any, schema_editor: Any) -> None:
    entry_model = apps.get_model("audit", "AuditEntry")
    key_model = apps.get_model("audit", "SubjectKey")
    user_model = apps.get_model("accounts", "User")
    live = {label: apps.get_model(*label.split(".")) for label in PARENT}
    individuals = set(user_model.objects.filter(role="individual").values_list("id", flat=True))
    people = {str(pk) for pk in apps.get_model("practice", "Person").objects.values_list("id", flat=True)}
    parents: dict[tuple[str, str], str | None] = {}

    def parent_of(object_type: str, object_id: str) -> str | None:
        """The id of the record this one hung on, from the live row or from any entry about it."""
        if (object_type, object_id) not in parents:
            name, _ = PARENT[object_type]
            found = live[object_type].objects.filter(pk=object_id).values_list(f"{name}_id", flat=True).first()
            if found is None:
                for changes in entry_model.objects.filter(object_type=object_type, object_id=object_id).values_list(
                        "changes", flat=True):
                    pair = changes.get(name) or [None, None]
                    found = pair[1] or pair[0]
                    if found:
                        break
            parents[(object_type, object_id)] = None if found is None else str(found)
        return parents[(object_type, object_id)]

    def subject_of(object_type: str, object_id: str) -> str:
        if object_type == "accounts.user":
            return f"accounts.user:{object_id}" if object_id.isdigit() and int(object_id) in individuals else ""
        while object_type in PARENT and object_id:
            object_id = parent_of(object_type, object_id) or ""
            object_type = PARENT[object_type][1]
        return f"practice.person:{object_id}" if object_type == "practice.person" and object_id else ""

    made: dict[str, bytes] = {}

    def key_for(subject: str) -> bytes:
        if subject not in made:
            row = key_model.objects.filter(subject=subject).first()
            if row is None:
                made[subject] = sealing.new_key()
                key_model.objects.create(subject=subject, wrapped=sealing.wrap(settings.CPI_MASTER_KEY, made[subject], subject))
            else:
                made[subject] = sealing.unwrap(settings.CPI_MASTER_KEY, bytes(row.wrapped), subject)
        return made[subject]

    with transaction.atomic(using=schema_editor.connection.alias):
        for entry in entry_model.objects.order_by("id").iterator(chunk_size=2000):
            subject = subject_of(entry.object_type, entry.object_id) if entry.object_type.startswith(("practice.", "accounts.user")) else ""
            update: dict[str, Any] = {"fields": sorted(entry.changes)}
            gone = subject.startswith("practice.person:") and subject.split(":")[1] not in people
            if subject:
                update["subject"] = subject
                if gone:  # values an earlier erasure or deletion missed: removed, not sealed under a new key
                    update["changes"] = {}
                elif entry.changes:
                    update.update(sealed=sealing.seal(key_for(subject), entry.changes, subject), changes={})
            if entry.object_type in PSEUDONYMOUS and entry.object_repr != "(erased)":
                update["object_repr"] = PSEUDONYMOUS[entry.object_type].format(id=entry.object_id)
            if entry.object_type == "accounts.user" and subject:
                update["object_repr"] = f"account {entry.object_id}"
            entry_model.objects.filter(pk=entry.pk).update(**update)
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute('VACUUM FULL "audit_auditentry"')


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run inside a transaction

    dependencies = [
        ("audit", "0002_subjectkey_auditentry_fields_auditentry_sealed_and_more"),
        ("accounts", "0001_initial"),
        ("practice", "0005_stage_reached"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
