"""A reviewer with an account: the rounds they were invited to, found by their account's email address,
and a new personal link by email to open one without signing in. Signed in, they rate and comment on the
reviewer's own pages (`review_views.by_account`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.lib.local_url import local_url

from .actions import ConsultError, do_new_link
from .getters import get_invitation_for_account, invitations_for_account


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.caps.can_review_by_account:
        raise PermissionDenied("Reviewers with an account see their rounds here.")
    invitations = invitations_for_account(request.user).order_by("round__closes_at", "id")
    return render(request, "consult/mine.html", {"invitations": invitations})


@login_required
@require_POST
def my_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Email the reviewer a new personal link to this round (it replaces the one sent before), so a
    reviewer who lost the invitation can open the round; audited as every new link is."""
    invitation = get_invitation_for_account(request.user, pk)
    if invitation.round.state != "open":
        messages.error(
            request, f"“{invitation.round.title}” is {invitation.round.state}: there is nothing to open."
        )
    else:
        try:
            do_new_link(request.user, invitation, send=True)
        except ConsultError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"A new personal link to “{invitation.round.title}” is on its way to {invitation.email}.",
            )
    return redirect(local_url(request, request.POST.get("next", "")) or "consult:mine")
