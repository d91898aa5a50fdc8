"""Citing evidence for a change to a draft component of the model (see `citations.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse

from connecting_people.accounts.requests import AuthenticatedHttpRequest

from .actions import do_cite_evidence
from .citations import citable, cited
from .forms import CiteEvidenceForm
from .getters import get_component_to_cite, require_fieldwork


@login_required
def cite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Tick the excerpts, from the component's own evidence, that explain its change in this draft."""
    component = get_component_to_cite(request.user, pk)
    team_id = require_fieldwork(request.user)
    options = citable(team_id, component)
    already = [e.pk for e in cited(team_id, component.version).get(component.key, [])]
    form = CiteEvidenceForm(request.POST or None, citable=options, initial={"excerpts": already})
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["excerpts"])
        do_cite_evidence(request.user, component, team_id, chosen)
        messages.success(request, f"{len(chosen)} excerpt{pluralize(len(chosen))} cited for this change.")
        return redirect("fieldwork:cite", pk=component.pk)
    return render(
        request,
        "fieldwork/cite.html",
        {
            "component": component,
            "form": form,
            "count": len(options),
            "component_url": reverse("interventions:component", args=[component.version_id, component.key]),
        },
        status=400 if form.errors else 200,
    )
