"""Loading a directory: for the public ORUK API only a directory its organisation publishes, else 404; for
finding opportunities with people and reading the directory's page, only the user's own organisation's
directory (workers and managers); for keeping it (entries, the organisations that run them, uploads,
publishing), its managers. Another organisation's entry, import or upload is a 404."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from connecting_people.accounts.models import Organisation, User

from .models import (
    DirectoryImport,
    DirectoryRecord,
    DirectorySettings,
    DirectoryUpload,
    Organization,
    Service,
)

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


def directory_owner_for_user(user: User, *, manage: bool = False) -> Organisation:
    """The organisation whose directory the user reads (workers and managers) or keeps (managers)."""
    organisation = user.organisation if user.caps.can_view_person_records else None
    if organisation is None:
        raise PermissionDenied("Workers and managers read their organisation's directory.")
    if manage and not user.caps.can_manage_directory:
        raise PermissionDenied("Managers keep the directory.")
    return organisation


def get_entry_to_change(user: User, pk: int) -> Service:
    """An entry of the manager's own directory, whatever its status (a stopped one can be put right)."""
    owner = directory_owner_for_user(user, manage=True)
    service = Service.objects.filter(owner=owner, pk=pk).select_related("organization", "owner").first()
    if service is None:
        raise Http404("No such entry in your directory.")
    return service


def get_provider_to_change(user: User, pk: int) -> Organization:
    """An organisation that runs entries in the manager's own directory (ORUK organization)."""
    owner = directory_owner_for_user(user, manage=True)
    organization = Organization.objects.filter(owner=owner, pk=pk).first()
    if organization is None:
        raise Http404("No such organisation in your directory.")
    return organization


def imports_for_user(user: User) -> QuerySet[DirectoryImport]:
    return DirectoryImport.objects.filter(owner=directory_owner_for_user(user))


def get_import_for_user(user: User, pk: int) -> DirectoryImport:
    record = imports_for_user(user).filter(pk=pk).select_related("started_by").first()
    if record is None:
        raise Http404("No such import of your directory.")
    return record


def uploads_for_user(user: User) -> QuerySet[DirectoryUpload]:
    return DirectoryUpload.objects.filter(owner=directory_owner_for_user(user))


def get_upload_for_user(user: User, pk: int) -> DirectoryUpload:
    upload = uploads_for_user(user).filter(pk=pk).select_related("started_by").first()
    if upload is None:
        raise Http404("No such upload to your directory.")
    return upload
