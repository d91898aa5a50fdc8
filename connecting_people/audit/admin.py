"""Audit entries are read in the audit pages; the admin site shows them read-only, with the same limits
(own organisations; field names, never the values of people's records)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from connecting_people.accounts.requests import signed_in_user

from .disclosure import entries_for
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_repr", "object_id")
    fields = (
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "organisation_id",
        "subject",
        "fields",
        "note",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        return entries_for(signed_in_user(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
