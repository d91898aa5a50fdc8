"""Permission-checked loading of measures. A person's completions are reached through the practice getter,
so they are visible exactly when the person's record is; a personal link reaches its own completion only."""

from __future__ import annotations

import hmac

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from connecting_people.accounts.models import Organisation, User
from connecting_people.consult.tokens import digest
from connecting_people.practice.getters import get_person_for_user
from connecting_people.practice.models import Person

from .models import CompletedBy, Completion, FidelityScale, Instrument, MeasureLink, ScheduledMeasure


class LinkClosed(Exception):
    """A real link that no longer opens; carries a message for the person."""


def organisation_for_schedule(user: User) -> Organisation:
    if not user.caps.can_schedule_measures or user.organisation is None:
        raise PermissionDenied("Managers choose which measures their organisation asks for.")
    return user.organisation


def organisation_for_analysis(user: User) -> Organisation:
    """The organisation whose measures a manager may analyse and export (pseudonymised, never a name)."""
    if not user.caps.can_analyse_measures or user.organisation is None:
        raise PermissionDenied("Managers see the analysis of their organisation's measures.")
    return user.organisation


def instruments_of(organisation_id: int) -> QuerySet[Instrument]:
    return Instrument.objects.filter(organisation_id=organisation_id).defer("source")


def schedule_of(organisation_id: int) -> QuerySet[ScheduledMeasure]:
    return ScheduledMeasure.objects.filter(organisation_id=organisation_id).select_related("instrument")


def get_scheduled_for_user(user: User, pk: int) -> ScheduledMeasure:
    organisation = organisation_for_schedule(user)
    found = schedule_of(organisation.pk).filter(pk=pk).first()
    if found is None:
        raise Http404("No such measure in your schedule")
    return found


def get_completion_for_user(user: User, pk: int) -> Completion:
    """Staff who may see the person's record; the person only for a measure they answer on their own."""
    completion = Completion.objects.select_related("instrument", "person").filter(pk=pk).first()
    if completion is None:
        raise Http404("No such measure")
    get_person_for_user(user, completion.person_id)
    if user.caps.is_individual and completion.completed_by != CompletedBy.PERSON:
        raise PermissionDenied("Your worker fills this one in with you.")
    return completion


def completion_for_token(token: str) -> Completion:
    """The completion a personal link opens. Unknown tokens are 404; used, withdrawn and expired links say so."""
    if not token or len(token) > 100:
        raise Http404("No such link")
    wanted = digest(token)
    link = (
        MeasureLink.objects.select_related("completion__instrument", "completion__person")
        .filter(token_hash=wanted)
        .first()
    )
    # Found by hash; compared again in constant time, as consultation links are.
    if link is None or not hmac.compare_digest(link.token_hash, wanted):
        raise Http404("No such link")
    completion = link.completion
    if completion.finished_on is not None:
        raise LinkClosed("You have already finished this. Thank you: your worker can see your answers.")
    if link.withdrawn_at is not None:
        raise LinkClosed("This link no longer works. Ask your worker for a new one.")
    if timezone.now() >= link.expires_at:
        raise LinkClosed("This link has run out. Ask your worker for a new one.")
    return completion


def fidelity_scale_of(organisation_id: int) -> FidelityScale | None:
    """The scale an organisation rates with: the one it loaded last."""
    return FidelityScale.objects.filter(organisation_id=organisation_id).order_by("-loaded_at", "-id").first()


def get_person_for_fidelity(user: User, pk: int) -> Person:
    """A supervisor (a manager) rates and reads fidelity; anyone else is refused, as the schedule does. The
    person comes through the practice getter, so someone in another organisation is a 404."""
    if not user.caps.can_schedule_measures:
        raise PermissionDenied("Supervisors (managers) rate how closely the work follows the model.")
    return get_person_for_user(user, pk)
