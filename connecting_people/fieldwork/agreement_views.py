from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from connecting_people.accounts.models import User
from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.accounts.roles import Role
from connecting_people.lib.forms import UserChoiceField, model_choice_field

from .agreement import (
    AgreementError,
    compute,
    do_mark_done,
    do_start_double_coding,
    record_view,
    still_coding,
)
from .getters import double_codings_for_user, get_source_for_user
from .models import DoubleCoding
from .sentences import RULE


class StartForm(forms.Form):
    coder_a = UserChoiceField(queryset=User.objects.none(), label="First coder")
    coder_b = UserChoiceField(queryset=User.objects.none(), label="Second coder")

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        researchers = User.objects.filter(organisation_id=team_id, role=Role.RESEARCHER, is_active=True)
        model_choice_field(self, "coder_a").queryset = researchers
        model_choice_field(self, "coder_b").queryset = researchers


@login_required
def double_coding(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = get_source_for_user(request.user, pk)
    form = StartForm(request.POST or None, team_id=source.team_id, initial={"coder_a": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            do_start_double_coding(
                request.user, source, form.cleaned_data["coder_a"], form.cleaned_data["coder_b"]
            )
        except AgreementError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "Double coding set up. Each coder sees only their own codings on this source until both mark "
                "theirs done.",
            )
            return redirect("fieldwork:double_coding", pk=source.pk)
    pairs = []
    for pair in source.double_codings.select_related("coder_a", "coder_b"):
        results = None if pair.is_blind else compute(pair)
        if results is not None:
            record_view(request.user, pair)
        pairs.append(
            {
                "pair": pair,
                "results": results,
                "can_mark": still_coding(pair, request.user),
            }
        )
    return render(
        request,
        "fieldwork/double_coding.html",
        {"source": source, "form": form, "pairs": pairs, "rule": RULE},
    )


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every double coding of the team: who codes which source, how far each has got, and where agreement
    can be read (on each source's double-coding page, which computes and records it)."""
    pairs = list(
        double_codings_for_user(request.user)
        .select_related("source", "coder_a", "coder_b")
        .defer("source__text", "source__turns")
        .order_by("-created_at", "-id")
    )
    mine = [p for p in pairs if still_coding(p, request.user)]
    return render(
        request,
        "fieldwork/agreement.html",
        {
            "pairs": pairs,
            "mine": mine,
            "finished": sum(1 for p in pairs if not p.is_blind),
        },
    )


@login_required
@require_POST
def double_coding_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        pair = double_codings_for_user(request.user).select_related("source").get(pk=pk)
    except DoubleCoding.DoesNotExist:
        raise Http404("No such double coding in your team") from None
    try:
        pair = do_mark_done(request.user, pair)
    except AgreementError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Marked done." + ("" if pair.is_blind else " Both coders are done: the agreement is below."),
        )
    return redirect("fieldwork:double_coding", pk=pair.source_id)
