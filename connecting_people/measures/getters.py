"""Permission-checked loading of measures. A person's completions are reached through the practice getter,
so they are visible exactly when the person's record is; a personal link reaches its own completion only."""

from __future__ import annotations

import hmac

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from connecting_people.accounts.models import Organisation, User
from connecting_people.consult.tokens import digest
from connecting_people.practice.getters import get_person_for_user, people_for_user
from connecting_people.practice.models import Person

from .models import (
    CompletedBy,
    Completion,
    FidelityRating,
    FidelityScale,
    Instrument,
    MeasureLink,
    ScheduledMeasure,
)


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
    """The completion a personal link opens. Unknown tokens are 404; used, withdrawn and expired links say
    so."""
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


def fidelity_scales_of(organisation_id: int) -> QuerySet[FidelityScale]:
    return FidelityScale.objects.filter(organisation_id=organisation_id).defer("source")


def fidelity_scale_of(organisation_id: int) -> FidelityScale | None:
    """The scale an organisation rates with: the one it loaded last."""
    return FidelityScale.objects.filter(organisation_id=organisation_id).order_by("-loaded_at", "-id").first()


def comparable_scales(scale: FidelityScale) -> list[int]:
    """The versions of `scale` whose ratings are read with it: the organisation's versions of the same
    scale whose anchors run over the same values with the same scoring rule, so a new version that only
    rewords (or adds plain words) keeps every rating made before it. Items are read by key: a statement a
    version no longer has is left out of the profile's components, its score still counted."""
    current = scale.definition()
    return [
        other.pk
        for other in FidelityScale.objects.filter(organisation_id=scale.organisation_id, key=scale.key)
        if other.pk == scale.pk
        or ((data := other.definition()).values == current.values and data.rule == current.rule)
    ]


def get_person_for_fidelity(user: User, pk: int) -> Person:
    """A supervisor (a manager) rates and reads fidelity; anyone else is refused, as the schedule does. The
    person comes through the practice getter, so someone in another organisation is a 404."""
    if not user.caps.can_schedule_measures:
        raise PermissionDenied("Supervisors (managers) rate how closely the work follows the model.")
    return get_person_for_user(user, pk)


def organisation_for_fidelity(user: User) -> Organisation:
    """The organisation whose fidelity profile a manager (a supervisor) reads: counts by component and
    rater, never a name."""
    if not user.caps.can_schedule_measures or user.organisation is None:
        raise PermissionDenied("Supervisors (managers) see the organisation's fidelity profile.")
    return user.organisation


def get_worker_for_profile(user: User, pk: int) -> User:
    """A worker's fidelity profile: the worker's own, and any of their organisation's workers' for a
    manager, including those who have left (whose ratings stay in the organisation's record and on its
    list of workers). Anyone else's is a 404, so ids reveal nothing."""
    if user.pk == pk and user.caps.rates_own_practice:
        return user
    if user.caps.can_schedule_measures and user.organisation_id is not None:
        found = User.objects.filter(pk=pk, organisation_id=user.organisation_id).first()
        if found is not None and found.caps.can_view_person_records:
            return found
    raise Http404("No such worker")


def get_pair_for_profile(user: User, worker_pk: int, person_pk: int) -> tuple[User, Person]:
    """A worker–person pair: the worker as `get_worker_for_profile` allows, the person through the practice
    getter (the worker's own caseload, a manager's organisation), and the two working together or rated
    together before; else a 404."""
    worker = get_worker_for_profile(user, worker_pk)
    person = get_person_for_user(user, person_pk)
    if not (
        person.workers.filter(pk=worker.pk).exists()
        or FidelityRating.objects.filter(worker=worker, person=person).exists()
    ):
        raise Http404("This worker does not work with this person")
    return worker, person


def own_practice_people(user: User) -> QuerySet[Person]:
    """The people a worker may rate their own practice with: those they work with."""
    if not user.caps.rates_own_practice or user.organisation_id is None:
        raise PermissionDenied("Workers rate their own practice.")
    return Person.objects.filter(workers=user, organisation_id=user.organisation_id).order_by("reference")


def own_person_record(user: User) -> Person:
    """The person supported's own record, for rating their worker from their own account."""
    if not user.caps.is_individual:
        raise PermissionDenied("The person supported rates their own worker here.")
    person = Person.objects.filter(account=user).first()
    if person is None:
        raise Http404("Your account is not linked to a record yet")
    return person


def people_rated_with(user: User, worker: User) -> QuerySet[Person]:
    """The people a worker works with or was rated with, among those `user` may see (for the links to
    each pair's profile)."""
    return (
        people_for_user(user)
        .filter(Q(workers=worker) | Q(fidelity_ratings__worker=worker))
        .distinct()
        .order_by("reference")
    )
