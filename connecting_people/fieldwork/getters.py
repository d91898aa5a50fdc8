"""Permission-checked loading of fieldwork records: researchers see their own research team's evidence only."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from connecting_people.accounts.models import User

from .models import Excerpt, Participant, Site, Source, Visit

M = TypeVar("M", bound=Model)


def require_fieldwork(user: Any) -> None:
    if not user.caps.can_handle_fieldwork or user.organisation_id is None:
        raise PermissionDenied("Fieldwork evidence is open to researchers only.")


def fieldwork_team(user: User | AnonymousUser) -> int:
    """The research team of a researcher (refused to anyone else): the scope of every fieldwork page."""
    if not isinstance(user, User):
        raise PermissionDenied("Fieldwork evidence is open to researchers only.")
    require_fieldwork(user)
    assert user.organisation_id is not None  # require_fieldwork refuses a user without one
    return user.organisation_id


def sites_for_user(user: Any) -> QuerySet[Site]:
    require_fieldwork(user)
    return Site.objects.filter(team_id=user.organisation_id)


def sources_for_user(user: Any) -> QuerySet[Source]:
    require_fieldwork(user)
    return Source.objects.filter(team_id=user.organisation_id)


def participants_for_user(user: Any) -> QuerySet[Participant]:
    require_fieldwork(user)
    return Participant.objects.filter(site__team_id=user.organisation_id)


def visits_for_user(user: Any) -> QuerySet[Visit]:
    require_fieldwork(user)
    return Visit.objects.filter(site__team_id=user.organisation_id)


def _get(queryset: QuerySet[M], pk: int, what: str) -> M:
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404(f"No such {what} in your team's fieldwork") from None


def get_site_for_user(user: Any, pk: int) -> Site:
    return _get(sites_for_user(user), pk, "site")


def get_source_for_user(user: Any, pk: int) -> Source:
    return _get(sources_for_user(user).select_related("site", "visit"), pk, "source")


def get_participant_for_user(user: Any, pk: int) -> Participant:
    return _get(participants_for_user(user).select_related("site"), pk, "participant")


def get_visit_for_user(user: Any, pk: int) -> Visit:
    return _get(visits_for_user(user).select_related("site"), pk, "visit")


def excerpts_for_user(user: Any) -> QuerySet[Excerpt]:
    require_fieldwork(user)
    return Excerpt.objects.filter(source__team_id=user.organisation_id)


def get_excerpt_for_user(user: Any, pk: int, *, write: bool = False) -> Excerpt:
    """Everyone in the team reads every coding; only its coder changes it, so nobody overwrites another's work."""
    excerpt = _get(excerpts_for_user(user).select_related("source", "coder"), pk, "coding")
    if write and excerpt.coder_id != user.pk:
        raise PermissionDenied(
            "This coding belongs to another researcher; add your own coding of the passage instead."
        )
    return excerpt
