"""Permission-checked loading of people's records. Views never load a Person any other way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from connecting_people.accounts.models import User

from .models import (
    CommunityLink,
    Goal,
    GoalAction,
    MapMember,
    NetworkMap,
    Person,
    PracticeStory,
    Review,
    Session,
)


def people_for_user(user: User) -> QuerySet[Person]:
    """The records this user may see: the person's own, a worker's assigned caseload, a manager's
    organisation."""
    people = Person.objects.select_related("organisation")
    if user.caps.is_individual:
        return people.filter(account=user)
    whole = staff_scope(user)
    if whole is None or user.organisation_id is None:
        return people.none()
    return visible_people(people, user.organisation_id, user.pk, whole_organisation=whole)


def staff_scope(user: User) -> bool | None:
    """For staff who may see people's records: whether they see their whole organisation (else only the
    people assigned to them). None for everyone else, the people supported included."""
    caps = user.caps
    if caps.is_individual or not caps.can_view_person_records or user.organisation_id is None:
        return None
    return bool(caps.sees_whole_organisation_caseload)


def visible_people(
    people: QuerySet[Person], organisation_id: int, user_id: int, *, whole_organisation: bool
) -> QuerySet[Person]:
    """The staff rule of people_for_user, in plain ids (shared by the list, one record and the caseload):
    the people of the organisation, and for a worker only those assigned to them."""
    people = people.filter(organisation_id=organisation_id)
    if whole_organisation:
        return people
    # Driven from the worker's own assignments (an index on the user), not by scanning the whole
    # organisation's people and checking each: a worker's page costs the same in a service of 50,000.
    assigned = Person.workers.through.objects.filter(user_id=user_id).values("person_id")
    return people.filter(id__in=assigned)


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    """Someone else's record is 404, not 403, so ids do not reveal who exists."""
    person = (
        people_for_user(user)
        .select_related("worker_wheel_at__version", "individual_wheel_at__version")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("No such person on your caseload")
    if write and user.caps.is_individual:
        raise PermissionDenied(
            "Your worker keeps these details up to date; ask them to change anything here."
        )
    return person


def _through_person(
    user: User, queryset: QuerySet[Any], pk: int, what: str, person_id: Any, *, write: bool = False
) -> Any:
    """Load something that hangs on a person's record; it is visible exactly when that record is."""
    try:
        found = queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404(f"No such {what}") from None
    get_person_for_user(user, person_id(found), write=write)
    return found


def get_session_for_user(user: User, pk: int, *, write: bool = False) -> Session:
    return _through_person(
        user, Session.objects.select_related("person"), pk, "session", lambda s: s.person_id, write=write
    )


def get_goal_for_user(user: User, pk: int, *, write: bool = False) -> Goal:
    return _through_person(
        user, Goal.objects.select_related("person"), pk, "goal", lambda g: g.person_id, write=write
    )


def get_action_for_user(user: User, pk: int) -> GoalAction:
    """Actions are ticked by the worker, or by the person when the action is theirs (or shared)."""
    action = _through_person(
        user, GoalAction.objects.select_related("goal__person"), pk, "action", lambda a: a.goal.person_id
    )
    if user.caps.is_individual and not action.person_may_tick:
        raise PermissionDenied("This action is your worker's to tick.")
    return action


def get_map_for_user(user: User, pk: int) -> NetworkMap:
    """The person and their worker or manager all work on the map: adding to it is co-production."""
    return _through_person(
        user, NetworkMap.objects.select_related("person"), pk, "map", lambda m: m.person_id
    )


def get_member_for_user(user: User, pk: int) -> MapMember:
    return _through_person(
        user,
        MapMember.objects.select_related("map__person"),
        pk,
        "member of a map",
        lambda m: m.map.person_id,
    )


def get_review_for_user(user: User, pk: int) -> Review:
    """Reviews are written with the person, who can read them."""
    return _through_person(user, Review.objects.select_related("person"), pk, "review", lambda r: r.person_id)


def get_link_for_user(user: User, pk: int, *, write: bool = False) -> CommunityLink:
    """A person's community link, visible exactly when their record is; only staff move it on."""
    return _through_person(
        user, CommunityLink.objects.select_related("person"), pk, "link", lambda k: k.person_id, write=write
    )


def get_story_for_user(user: User, pk: int) -> PracticeStory:
    """A practice story is written by staff with the person: visible exactly when the record is to staff
    who may change it (the person's own sign-in does not reach it)."""
    return _through_person(
        user,
        PracticeStory.objects.select_related("person__organisation", "person__account", "written_by"),
        pk,
        "practice story",
        lambda s: s.person_id,
        write=True,
    )
