"""Permission-checked loading. The guide's working pages (with provenance: sites, participants) belong to
the research team that writes it; drafts are anonymised and readable by reviewers and managers too;
releases are public."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from connecting_people.accounts.models import Organisation, User

from .models import Draft, Example, Guide, NameQuestion, Section, WorkingStyle


def guides_for_user(user: User) -> QuerySet[Guide]:
    if not user.caps.can_edit_guide or user.organisation_id is None:
        return Guide.objects.none()
    return Guide.objects.filter(team_id=user.organisation_id).select_related("version__model", "team")


def get_guide_for_user(user: User, pk: int) -> Guide:
    if not user.caps.can_edit_guide:
        raise PermissionDenied("Researchers write the guide.")
    try:
        return guides_for_user(user).get(pk=pk)
    except Guide.DoesNotExist:
        raise Http404("No such guide") from None


def get_section_for_user(user: User, pk: int) -> Section:
    if not user.caps.can_edit_guide:
        raise PermissionDenied("Researchers write the guide.")
    try:
        return Section.objects.select_related("guide__version", "component").get(
            pk=pk, guide__team_id=user.organisation_id
        )
    except Section.DoesNotExist:
        raise Http404("No such section") from None


def get_example_for_user(user: User, pk: int) -> Example:
    if not user.caps.can_edit_guide:
        raise PermissionDenied("Researchers write the guide.")
    try:
        return Example.objects.select_related("section__guide").get(
            pk=pk, section__guide__team_id=user.organisation_id
        )
    except Example.DoesNotExist:
        raise Http404("No such example") from None


def get_name_question_for_user(user: User, pk: int) -> NameQuestion:
    if not user.caps.can_edit_guide:
        raise PermissionDenied("Researchers write the guide.")
    try:
        return NameQuestion.objects.select_related("guide").get(pk=pk, guide__team_id=user.organisation_id)
    except NameQuestion.DoesNotExist:
        raise Http404("No such question") from None


def drafts_for_user(user: User) -> QuerySet[Draft]:
    caps = user.caps
    drafts = Draft.objects.select_related("guide").defer("snapshot")
    if caps.can_edit_guide:
        return drafts.filter(guide__team_id=user.organisation_id)
    if caps.can_read_guide_drafts:
        return drafts
    return drafts.filter(released_at__isnull=False)


def get_draft_for_user(user: User, pk: int, *, write: bool = False) -> Draft:
    try:
        draft = Draft.objects.select_related("guide").get(pk=pk)
    except Draft.DoesNotExist:
        raise Http404("No such draft") from None
    caps = user.caps
    own_team = caps.can_edit_guide and draft.guide.team_id == user.organisation_id
    if write and not own_team:
        raise PermissionDenied("Only the research team that writes this guide can change its drafts.")
    if not (own_team or (caps.can_read_guide_drafts and not caps.can_edit_guide) or draft.is_release):
        raise Http404("No such draft")
    return draft


def released_draft(number: str | None = None) -> Draft:
    """Public: the latest release, or a named one. No user needed."""
    releases = Draft.objects.filter(released_at__isnull=False).order_by("-released_at", "-id")
    draft = releases.filter(number=number).first() if number else releases.first()
    if draft is None:
        raise Http404("No release of the guide with that number")
    return draft


def guide_for_assessment() -> Guide:
    """Organisations compare themselves with the gold standard of the guide most recently released."""
    draft = (
        Draft.objects.filter(released_at__isnull=False)
        .select_related("guide__version")
        .order_by("-released_at")
        .first()
    )
    if draft is None:
        raise Http404("No guide has been released yet, so there is no gold standard to compare with.")
    return draft.guide


def organisation_for_plan(user: User, pk: int) -> Organisation:
    """The organisation whose self-assessment, tailored guide and action plan a manager may read: their
    own, and no other (someone else's is a 404)."""
    if not user.caps.sees_whole_organisation_caseload or user.organisation is None:
        raise PermissionDenied("Managers see the guide tailored to their organisation.")
    if user.organisation.pk != pk:
        raise Http404("No such organisation")
    return user.organisation


def own_working_style(user: User) -> WorkingStyle | None:
    """The worker's own working style (None before they first rate); only workers have one."""
    if not user.caps.rates_own_practice:
        raise PermissionDenied("Workers rate their own practice.")
    return WorkingStyle.objects.filter(worker=user).first()


def shared_working_styles(user: User) -> QuerySet[WorkingStyle]:
    """The working styles shared with a manager: their own organisation's workers', and only shared ones."""
    if not user.caps.sees_whole_organisation_caseload or user.organisation_id is None:
        return WorkingStyle.objects.none()
    return WorkingStyle.objects.filter(
        shared_with_supervisor=True, worker__organisation_id=user.organisation_id, worker__is_active=True
    ).select_related("worker")


def get_shared_working_style(user: User, pk: int) -> WorkingStyle:
    """A worker's working style for their supervisor, read only. Not shared, another organisation's, or
    asked for by anyone but a manager: a 404, so ids reveal nothing."""
    try:
        return shared_working_styles(user).get(pk=pk)
    except WorkingStyle.DoesNotExist:
        raise Http404("No such working style") from None
