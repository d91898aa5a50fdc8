"""The organisation's partners and its co-production log: staff read them, managers keep them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render

from connecting_people.accounts.requests import AuthenticatedHttpRequest

from .actions import Refused, do_save_activity, do_save_partner
from .forms import ActivityForm, PartnerForm
from .getters import (
    activities_for_user,
    get_activity_for_user,
    get_partner_for_user,
    organisation_for_user,
    partners_for_user,
)
from .models import CoProduction, Partner


@login_required
def partners(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = partners_for_user(request.user).annotate(activity_count=Count("activities"))
    return render(
        request,
        "partnerships/partners.html",
        {
            "partners": found.select_related("directory_organization"),
            "can_edit": request.user.caps.can_manage_partners,
        },
    )


def _partner_form(request: AuthenticatedHttpRequest, partner: Partner) -> HttpResponse:
    organisation = organisation_for_user(request.user, write=True)
    form = PartnerForm(request.POST or None, instance=partner, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            saved = do_save_partner(request.user, organisation, form.instance)
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect("partners:home")
    return render(request, "partnerships/partner_form.html", {"form": form, "partner": partner})


@login_required
def partner_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_for_user(request.user, write=True)
    return _partner_form(request, Partner())


@login_required
def partner_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _partner_form(request, get_partner_for_user(request.user, pk, write=True))


@login_required
def activities(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = activities_for_user(request.user).prefetch_related("partners")
    return render(
        request,
        "partnerships/activities.html",
        {"activities": found, "can_edit": request.user.caps.can_manage_partners},
    )


def _activity_form(request: AuthenticatedHttpRequest, activity: CoProduction) -> HttpResponse:
    organisation = organisation_for_user(request.user, write=True)
    form = ActivityForm(request.POST or None, instance=activity, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            saved = do_save_activity(
                request.user, organisation, form.instance, list(form.cleaned_data["partners"])
            )
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Saved “{saved.title}” in the co-production log.")
            return redirect("partners:activities")
    return render(request, "partnerships/activity_form.html", {"form": form, "activity": activity})


@login_required
def activity_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_for_user(request.user, write=True)
    return _activity_form(request, CoProduction())


@login_required
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _activity_form(request, get_activity_for_user(request.user, pk, write=True))
