"""A worker's working style: they rate their own practice against the model on the self-assessment scale
and read a personal tailored guide, made by the same code as an organisation's (`gold_views.tailored_for`).
Private to the worker unless they share it with their supervisors, who read it and cannot change it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from connecting_people.accounts.models import User
from connecting_people.accounts.requests import AuthenticatedHttpRequest

from .actions import do_record_working_style_view, do_save_practice_ratings, do_share_working_style
from .forms import PracticeRatingsForm, ShareStyleForm
from .getters import get_shared_working_style, guide_for_assessment, own_working_style
from .gold import Gap, gaps_for, scale
from .gold_views import scale_needed, tailored_for
from .models import Guide, PracticeRating, WorkingStyle


def _rows(guide: Guide, style: WorkingStyle | None) -> list[Gap]:
    own = (
        dict(PracticeRating.objects.filter(style=style, guide=guide).values_list("component_id", "score"))
        if style is not None
        else {}
    )
    return gaps_for(guide, own)


@login_required
@scale_needed
def working_style(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The worker rates their own practice on each component; the gap to the gold standard is shown."""
    style = own_working_style(request.user)
    guide = guide_for_assessment()
    s = scale()
    components = list(guide.version.components_in_order())
    form = PracticeRatingsForm(request.POST or None, components=components, scale=s)
    if request.method == "POST" and form.is_valid():
        do_save_practice_ratings(request.user, request.user, guide, form.scores())
        rated = sum(1 for v in form.scores().values() if v is not None)
        messages.success(request, f"Saved: {rated} component{pluralize(rated)} rated.")
        return redirect("guide:working_style")
    rows = _rows(guide, style)
    if not form.is_bound:
        form = PracticeRatingsForm(
            initial={f"c{r.component.pk}": r.own for r in rows if r.own is not None},
            components=components,
            scale=s,
        )
    return render(
        request,
        "guide/working_style.html",
        {
            "style": style,
            "scale": s,
            "rows": [(r, form[f"c{r.component.pk}"]) for r in rows],
            "form": form,
            "rated": sum(1 for r in rows if r.own is not None),
            "share_form": ShareStyleForm(
                initial={"shared": style.shared_with_supervisor if style is not None else False}
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def working_style_share(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Share the working style with the worker's supervisors, or make it private again."""
    style = own_working_style(request.user)
    form = ShareStyleForm(request.POST)
    if style is None or not form.is_valid():
        messages.error(request, "Rate your practice on at least one component before sharing it.")
        return redirect("guide:working_style")
    shared = form.cleaned_data["shared"]
    if shared != style.shared_with_supervisor:
        do_share_working_style(request.user, style, shared)
    messages.success(
        request,
        "Shared with your supervisors: they can read it but not change it."
        if shared
        else "Private: only you can see your working style.",
    )
    return redirect("guide:working_style")


@login_required
@scale_needed
def working_style_guide(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The worker's personal guide: what they already do well, and their largest gaps first."""
    style = own_working_style(request.user)
    guide = guide_for_assessment()
    return render(
        request,
        "guide/working_style_guide.html",
        {**tailored_for(guide, _rows(guide, style)), "style": style, "who": "you", "own": True},
    )


@login_required
@scale_needed
def working_style_shared(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A supervisor reads a worker's shared personal guide (read only, and the reading is audited)."""
    style = get_shared_working_style(request.user, pk)
    do_record_working_style_view(request.user, style)
    guide = guide_for_assessment()
    worker: User = style.worker
    return render(
        request,
        "guide/working_style_guide.html",
        {
            **tailored_for(guide, _rows(guide, style)),
            "style": style,
            "who": worker.display_name,
            "own": False,
        },
    )
