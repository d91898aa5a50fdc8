"""Administrators create organisations and users here; every save and delete goes through the audited
actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest

from . import actions
from .models import Organisation, User
from .requests import signed_in_user
from .roles import Role

admin.site.unregister(Group)  # roles replace Django's groups


class AuditedAdmin(admin.ModelAdmin):
    """Routes the admin's saves and deletes through the do_* actions so they are audited."""

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "sector", "region", "parent")
    list_filter = ("sector", "region")
    search_fields = ("name",)

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        actions.do_save_organisation(signed_in_user(request), obj)

    def delete_model(self, request: HttpRequest, obj: Organisation) -> None:
        actions.do_delete_organisation(signed_in_user(request), obj)


class CpiUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):  # type: ignore[name-defined]  # django-stubs declares no Meta here
        model = User
        fields = ("username", "organisation", "role")


class CpiUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]  # django-stubs declares no Meta here
        model = User


@admin.register(User)
class CpiUserAdmin(AuditedAdmin, UserAdmin):
    form = CpiUserChangeForm
    add_form = CpiUserCreationForm
    list_display = ("username", "staff_name", "organisation", "role", "is_active", "last_login")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email", "job_title")}),
        ("Organisation and role", {"fields": ("organisation", "role", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "organisation", "role", "password1", "password2")},
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description="Name")
    def staff_name(self, obj: User) -> str:
        """Staff by name; a person supported's name and contact stay on their record, not in the admin."""
        return "—" if obj.role == Role.INDIVIDUAL else obj.get_full_name()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[User], search_term: str
    ) -> tuple[QuerySet[User], bool]:
        """Staff are found by username, name or email; a person supported by username only: their name
        and email are on their account, and a search by them would tell whether someone is supported."""
        staff, may_have_duplicates = super().get_search_results(
            request, queryset.exclude(role=Role.INDIVIDUAL), search_term
        )
        people = queryset.filter(role=Role.INDIVIDUAL)
        for word in search_term.split():
            people = people.filter(username__icontains=word)
        return staff | people, may_have_duplicates

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.role == Role.INDIVIDUAL:
            return [(name, options) for name, options in fieldsets if name != "Person"]
        return fieldsets

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        actions.do_save_user(signed_in_user(request), obj)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        actions.do_delete_user(signed_in_user(request), obj)
