"""Loading an organisation's partners and co-production log: staff who work with people read their own
organisation's; managers change them. Another organisation's is a 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from connecting_people.accounts.models import Organisation, User

from .models import CoProduction, Partner


def organisation_for_user(user: User, *, write: bool = False) -> Organisation:
    """The organisation whose partners the user reads (workers and managers) or keeps (managers)."""
    organisation = user.organisation if user.caps.can_read_partners else None
    if organisation is None:
        raise PermissionDenied("Workers and managers see their organisation's partners.")
    if write and not user.caps.can_manage_partners:
        raise PermissionDenied("Managers keep the partners and the co-production log.")
    return organisation


def partners_for_user(user: User, *, write: bool = False) -> QuerySet[Partner]:
    return Partner.objects.filter(organisation=organisation_for_user(user, write=write))


def activities_for_user(user: User, *, write: bool = False) -> QuerySet[CoProduction]:
    return CoProduction.objects.filter(organisation=organisation_for_user(user, write=write))


def get_partner_for_user(user: User, pk: int, *, write: bool = False) -> Partner:
    partner = partners_for_user(user, write=write).filter(pk=pk).first()
    if partner is None:
        raise Http404("No such partner.")
    return partner


def get_activity_for_user(user: User, pk: int, *, write: bool = False) -> CoProduction:
    activity = activities_for_user(user, write=write).filter(pk=pk).first()
    if activity is None:
        raise Http404("No such activity.")
    return activity
