"""Loading a directory for the public ORUK API: only a directory its organisation publishes, else 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import DirectorySettings, Service


def published_directory(api_name: str) -> DirectorySettings:
    settings = DirectorySettings.objects.filter(api_name=api_name, publish_api=True).first()
    if settings is None:
        raise Http404("No published directory by that name.")
    return settings


def published_services(api_name: str) -> QuerySet[Service]:
    return Service.objects.filter(owner_id=published_directory(api_name).organisation_id)
