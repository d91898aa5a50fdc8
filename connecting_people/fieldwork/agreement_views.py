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
from connecting_people.lib.forms import model_choice_field

from .agreement import AgreementError, compute, do_mark_done, do_start_double_coding, record_view
from .getters import get_source_for_user, require_fieldwork
from .models import DoubleCoding
from .sentences import RULE


class StartForm(forms.Form):
    coder_a = forms.ModelChoiceField(queryset=User.objects.none(), label="First coder")
    coder_b = forms.ModelChoiceField(queryset=User.objects.none(), label="Second coder")

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
                "Double coding set up. Each coder sees only their own codings on this source until both mark theirs done.",
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
                "can_mark": pair.is_blind
                and pair.involves(request.user)
                and not (pair.done_a if request.user.pk == pair.coder_a_id else pair.done_b),
            }
        )
    return render(
        request,
        "fieldwork/double_coding.html",
        {"source": source, "form": form, "pairs": pairs, "rule": RULE},
    )


@login_required
@require_POST
def double_coding_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    team_id = require_fieldwork(request.user)
    try:
        pair = DoubleCoding.objects.select_related("source").get(pk=pk, source__team_id=team_id)
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
