"""Sharing with research: the research teams whose fieldwork sites are linked to the organisation, and
which of them a manager agreed to share with: the organisation's practice stories (`practice/stories.py`
sends only to those) and the counts of its partnership records, which the gold standard reads beside the
agency part of the model. `fieldwork/stories.py` keeps the agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.fieldwork.stories import do_answer_story_request, sites_asking_for_stories


def _sharing_organisation(request: AuthenticatedHttpRequest) -> int:
    """The organisation whose stories the signed-in manager decides about."""
    if not request.user.caps.can_share_with_research or request.user.organisation_id is None:
        raise PermissionDenied("A manager agrees which research teams the organisation shares with.")
    return request.user.organisation_id


@login_required
def research(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The research teams whose sites are linked to the manager's organisation: which it sends its
    practice stories to, and which are waiting for an answer."""
    sites = list(sites_asking_for_stories(_sharing_organisation(request)))
    return render(
        request,
        "partnerships/research.html",
        {
            "waiting": [s for s in sites if s.research_agreed_at is None],
            "agreed": [s for s in sites if s.research_agreed_at is not None],
        },
    )


@login_required
@require_POST
def research_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(sites_asking_for_stories(_sharing_organisation(request)), pk=pk)
    answer = request.POST.get("answer")
    if answer not in ("agree", "stop"):
        messages.error(request, f"Nothing changed: choose to share with {site.team.name} or to stop sharing.")
        return redirect("partners:research")
    agree = answer == "agree"
    do_answer_story_request(request.user, site, agree)
    if agree:
        messages.success(
            request,
            f"You now share with {site.team.name}: the practice stories your workers send, and the counts "
            "of your partnership records.",
        )
    else:
        messages.success(
            request,
            f"You no longer share with {site.team.name}: no more practice stories go there, and your "
            "partnership counts are hidden from it. Stories already sent stay with the team until the "
            "person's consent ends.",
        )
    return redirect("partners:research")
