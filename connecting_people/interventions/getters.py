"""Permission-checked loading of model versions and components. Views load them only through these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from connecting_people.accounts.models import User

from .models import Component, ModelVersion


def get_version_for_user(user: User, pk: int, *, write: bool = False) -> ModelVersion:
    caps = user.caps
    try:
        version = ModelVersion.objects.select_related("model").get(pk=pk)
    except ModelVersion.DoesNotExist:
        raise Http404("No such model version") from None
    if not version.is_published and not caps.can_view_draft_models:
        raise Http404("No such model version")
    if write and not caps.can_edit_model:
        raise PermissionDenied("Only researchers can change the intervention model.")
    return version


def get_component_for_user(user: User, version_pk: int, key: str, *, write: bool = False) -> Component:
    version = get_version_for_user(user, version_pk, write=write)
    try:
        return Component.objects.select_related("version__model").get(version=version, key=key)
    except Component.DoesNotExist:
        raise Http404("No such component in this version") from None


def visible_versions(user: User) -> QuerySet[ModelVersion]:
    versions = ModelVersion.objects.select_related("model")
    if not user.caps.can_view_draft_models:
        versions = versions.filter(status="published")
    return versions


def latest_published_components() -> list[Component]:
    """Components of the newest published version: what new records (codings, sessions) point at."""
    version = ModelVersion.objects.filter(status="published").order_by("-published_at", "-id").first()
    return version.components_in_order() if version else []
