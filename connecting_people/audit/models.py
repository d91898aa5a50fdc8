from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditImmutable(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class Action(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed"
    PUBLISH = "publish", "Published"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"
    MIGRATE = "migrate", "Migrated"


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditImmutable("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutable("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One thing someone did to personal or evidence data. Append-only."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,  # the entry must outlive the account it names
    )
    actor_label = models.CharField(
        max_length=200, help_text="Who acted, kept as text in case the account goes."
    )
    action = models.CharField(max_length=16, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True, help_text="app_label.model")
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(
        default=dict, blank=True, help_text="{field: [before, after]}; empty when sealed"
    )
    note = models.CharField(max_length=500, blank=True)
    # Whose data the entry concerns ("practice.person:12", "accounts.user:7"), set when it is written, so
    # erasure finds it even when the object it was about was deleted long before.
    subject = models.CharField(max_length=64, blank=True, db_index=True)
    fields = models.JSONField(default=list, blank=True, help_text="The names of the fields that changed.")
    sealed = models.TextField(blank=True, help_text="The changes, encrypted with the subject's own key.")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditImmutable("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutable("Audit entries cannot be deleted.")

    def __str__(self) -> str:
        return (
            f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_repr}"
        )


class SubjectKey(models.Model):
    """One subject's own key, wrapped by the master key. Deleting it is what erases the sealed values."""

    subject = models.CharField(max_length=64, unique=True)
    wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.subject
