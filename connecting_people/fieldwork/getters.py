"""Permission-checked loading of fieldwork records: researchers see their own research team's evidence
only."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from connecting_people.accounts.models import Organisation, User
from connecting_people.interventions.models import Component, VersionStatus

from .models import DoubleCoding, Excerpt, ImportJob, Participant, Site, Source, Visit

M = TypeVar("M", bound=Model)


def require_fieldwork(user: User) -> int:
    """The id of the user's research team; refused to anyone who does not handle fieldwork."""
    if not user.caps.can_handle_fieldwork or user.organisation_id is None:
        raise PermissionDenied("Fieldwork evidence is open to researchers only.")
    return user.organisation_id


def research_team(user: User) -> Organisation:
    """The user's research team itself, refused as `require_fieldwork` refuses."""
    require_fieldwork(user)
    team = user.organisation
    if team is None:  # not reached: require_fieldwork refused a user without a team
        raise PermissionDenied("Fieldwork evidence is open to researchers only.")
    return team


def sites_for_user(user: User) -> QuerySet[Site]:
    return Site.objects.filter(team_id=require_fieldwork(user))


def sources_for_user(user: User) -> QuerySet[Source]:
    return Source.objects.filter(team_id=require_fieldwork(user))


# The two lists of sources waiting for a researcher, each a filter of `sources_for_user`, so that the list
# of sources, the Fieldwork page and the start page count the same rows: a source in the inbox waits for a
# site; a transcript (a source with speaker turns) with nobody linked has codings that count as "not
# attributed" and are never offered for the guide.
IN_INBOX = Q(site__isnull=True)
NOBODY_LINKED = ~Q(turns=[]) & ~Exists(Source.participants.through.objects.filter(source_id=OuterRef("pk")))


def participants_for_user(user: User) -> QuerySet[Participant]:
    return Participant.objects.filter(site__team_id=require_fieldwork(user))


def visits_for_user(user: User) -> QuerySet[Visit]:
    return Visit.objects.filter(site__team_id=require_fieldwork(user))


def _get(queryset: QuerySet[M], pk: int, what: str) -> M:
    try:
        return queryset.get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404(f"No such {what} in your team's fieldwork") from None


def get_site_for_user(user: User, pk: int) -> Site:
    return _get(sites_for_user(user), pk, "site")


def get_source_for_user(user: User, pk: int) -> Source:
    return _get(sources_for_user(user).select_related("site", "visit"), pk, "source")


def get_participant_for_user(user: User, pk: int) -> Participant:
    return _get(participants_for_user(user).select_related("site"), pk, "participant")


def get_visit_for_user(user: User, pk: int) -> Visit:
    return _get(visits_for_user(user).select_related("site"), pk, "visit")


def excerpts_for_user(user: User) -> QuerySet[Excerpt]:
    return Excerpt.objects.filter(source__team_id=require_fieldwork(user))


def get_excerpt_for_user(user: User, pk: int, *, write: bool = False) -> Excerpt:
    """Everyone in the team reads every coding; only its coder changes it, so nobody overwrites another's
    work."""
    excerpt = _get(excerpts_for_user(user).select_related("source", "coder"), pk, "coding")
    if write and excerpt.coder_id != user.pk:
        raise PermissionDenied(
            "This coding belongs to another researcher; add your own coding of the passage instead."
        )
    return excerpt


def imports_for_user(user: User) -> QuerySet[ImportJob]:
    """A researcher's own web imports."""
    require_fieldwork(user)
    return ImportJob.objects.filter(team_id=user.organisation_id, started_by_id=user.pk)


def get_import_for_user(user: User, pk: int) -> ImportJob:
    return _get(imports_for_user(user), pk, "import")


def double_codings_for_user(user: User) -> QuerySet[DoubleCoding]:
    """The team's double codings (who pairs with whom on which source; the codings stay behind their own
    rules while blind)."""
    return DoubleCoding.objects.filter(source__team_id=require_fieldwork(user))


def get_component_to_cite(user: User, pk: int) -> Component:
    """A component of a draft version of the model, for a researcher who may change the model and reads
    the team's evidence. A published version's component, or none: a 404."""
    require_fieldwork(user)
    if not user.caps.can_edit_model:
        raise PermissionDenied("Researchers who change the model cite evidence for it.")
    try:
        return Component.objects.select_related("version__model").get(
            pk=pk, version__status=VersionStatus.DRAFT
        )
    except Component.DoesNotExist:
        raise Http404("No such component in a draft version") from None
