"""Loading workers' own contacts. A contact is its worker's; others in the team see it only when it is
shared, and nobody outside the organisation ever does. Another's private contact is a 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from connecting_people.accounts.models import User

from .models import WorkerContact


def contacts_for_user(user: User) -> QuerySet[WorkerContact]:
    """The user's own contacts and those their team shares (workers and managers only)."""
    if not user.caps.can_create_person_records or user.organisation_id is None:
        raise PermissionDenied("Workers and managers keep contacts.")
    return WorkerContact.objects.filter(
        Q(worker=user) | Q(shared_with_team=True), organisation_id=user.organisation_id
    ).select_related("worker")


def get_contact_for_user(user: User, pk: int, *, write: bool = False) -> WorkerContact:
    """A contact the user may see; changing or deleting it is for its own worker only."""
    contact = contacts_for_user(user).filter(pk=pk).first()
    if contact is None:
        raise Http404("No such contact.")
    if write and contact.worker_id != user.pk:
        raise PermissionDenied("Only the worker whose contact this is may change it.")
    return contact
