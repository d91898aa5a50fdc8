"""Consultations belong to the research team that runs them; reviewers reach theirs by their personal link,
or signed in to a reviewer's account (their own invitations only, found by the account's email address)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from connecting_people.accounts.models import User

from .models import Comment, Offer, Reviewer, Round


def consultation_team(user: User) -> int:
    """The id of the research team whose consultations the user runs; refused to anyone else."""
    if not user.caps.can_edit_guide or user.organisation_id is None:
        raise PermissionDenied("Researchers run consultations.")
    return user.organisation_id


def rounds_for_user(user: User) -> QuerySet[Round]:
    return Round.objects.filter(team_id=consultation_team(user)).select_related(
        "draft__guide", "version__model", "follows"
    )


def get_round_for_user(user: User, pk: int) -> Round:
    try:
        return rounds_for_user(user).get(pk=pk)
    except Round.DoesNotExist:
        raise Http404("No such round") from None


def get_reviewer_for_user(user: User, pk: int) -> Reviewer:
    team_id = consultation_team(user)
    try:
        return Reviewer.objects.select_related("round").get(pk=pk, round__team_id=team_id)
    except Reviewer.DoesNotExist:
        raise Http404("No such reviewer") from None


def get_comment_for_user(user: User, pk: int) -> Comment:
    team_id = consultation_team(user)
    try:
        return Comment.objects.select_related("reviewer__round").get(pk=pk, reviewer__round__team_id=team_id)
    except Comment.DoesNotExist:
        raise Http404("No such comment") from None


def offers_for_user(user: User) -> QuerySet[Offer]:
    """Offers through the open call belong to the research team whose round they answer."""
    return Offer.objects.filter(round__team_id=consultation_team(user)).select_related("round")


def invitations_for_account(user: User) -> QuerySet[Reviewer]:
    """A reviewer with an account: their invitations to rounds, found by the email address on the account
    (the address the research team invited), except links the team withdrew."""
    if not user.caps.can_review_by_account or not user.email:
        return Reviewer.objects.none()
    return Reviewer.objects.filter(email__iexact=user.email, revoked_at__isnull=True).select_related(
        "round__draft__guide", "round__version__model"
    )


def get_invitation_for_account(user: User, pk: int) -> Reviewer:
    try:
        return invitations_for_account(user).get(pk=pk)
    except Reviewer.DoesNotExist:
        raise Http404("No such invitation") from None


def get_invitation_to_review(user: User, pk: int) -> Reviewer:
    """A reviewer's own invitation, to rate and comment on signed in, as its personal link opens it: found
    by the account's email address, withdrawn ones too (their pages say it was withdrawn, as the link's
    do); anyone else's is a 404."""
    if not user.caps.can_review_by_account or not user.email:
        raise Http404("No such invitation")
    try:
        return Reviewer.objects.select_related(
            "round__draft__guide", "round__version__model", "round__follows"
        ).get(pk=pk, email__iexact=user.email)
    except Reviewer.DoesNotExist:
        raise Http404("No such invitation") from None
