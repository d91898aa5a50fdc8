"""Loading a directory: for the public ORUK API only a directory its organisation publishes, else 404; for
finding opportunities with people, only the user's own organisation's directory."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from connecting_people.accounts.models import User

from .models import DirectoryRecord, DirectorySettings, Service

R = TypeVar("R", bound=DirectoryRecord)


def published_directory(api_name: str) -> DirectorySettings:
    settings = DirectorySettings.objects.filter(api_name=api_name, publish_api=True).first()
    if settings is None:
        raise Http404("No published directory by that name.")
    return settings


def published_owner(api_name: str) -> int:
    """The organisation whose directory is published under `api_name` (else 404): every query of the
    API is its records only, through `of_directory`."""
    return published_directory(api_name).organisation_id


def of_directory(model: type[R], owner_id: int) -> QuerySet[R]:
    return model._default_manager.filter(owner_id=owner_id)


def directory_for_user(user: User) -> QuerySet[Service]:
    """The directory of the user's own organisation, for staff who work with people (workers and
    managers). Another organisation's directory is never reached this way, published or not."""
    if not user.caps.can_view_person_records or user.organisation_id is None:
        raise PermissionDenied("Workers and managers find opportunities with people.")
    return Service.objects.filter(owner_id=user.organisation_id)


def get_service_for_user(user: User, pk: int) -> Service:
    service = directory_for_user(user).filter(pk=pk, status="active").first()
    if service is None:
        raise Http404("No such opportunity in your directory.")
    return service
