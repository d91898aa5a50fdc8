"""The agencies' network page: the organisation and its partners drawn at two dates, with the measures
and what changed, each drawing with a table of the same figures."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.practice.network import Mark

from .forms import NetworkForm
from .getters import organisation_for_user
from .network import compare, density, isolated, measures
from .network_data import agency_network
from .network_drawing import SHAPES, draw


@login_required
def network(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = organisation_for_user(request.user)
    today = timezone.localdate()
    default = {"on": today, "then": today - dt.timedelta(days=365)}
    form = NetworkForm(request.GET or None, initial=default)
    dates = form.cleaned_data if request.GET and form.is_valid() else default
    before, after = agency_network(organisation, dates["then"]), agency_network(organisation, dates["on"])
    found_before, found_after = measures(before), measures(after)
    change = compare(before, after)
    new_keys = {p.key for p in after.partners} - {p.key for p in before.partners}
    marks: dict[str, Mark] = {key: "new" for key in new_keys}
    return render(
        request,
        "partnerships/network.html",
        {
            "form": form,
            "before": before,
            "after": after,
            "found": found_after,
            "change": change,
            "density": density(after),
            "isolated": isolated(after),
            "brokers": [m for m in found_after if m.is_broker],
            # Our own SVG, every caller's text escaped by the drawing.
            "drawing_after": mark_safe(draw(after, found_after, marks=marks)),
            "drawing_before": mark_safe(draw(before, found_before, id_prefix="agencies-then")),
            "shapes": [(kind, shape) for kind, (shape, _fill) in SHAPES.items()],
        },
    )
