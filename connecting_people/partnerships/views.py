"""The organisation's partners and its co-production log: staff read them, managers keep them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render

from connecting_people.accounts.models import Organisation
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

PARTNER_FORM, ACTIVITY_FORM = "partnerships/partner_form.html", "partnerships/activity_form.html"


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


def _save_partner(request: AuthenticatedHttpRequest, organisation: Organisation, form: PartnerForm) -> str:
    return f"Saved {do_save_partner(request.user, organisation, form.instance).name}."


def _save_activity(request: AuthenticatedHttpRequest, organisation: Organisation, form: ActivityForm) -> str:
    saved = do_save_activity(request.user, organisation, form.instance, list(form.cleaned_data["partners"]))
    return f"Saved “{saved.title}” in the co-production log."


def _kept_form(
    request: AuthenticatedHttpRequest,
    form_class: type[PartnerForm] | type[ActivityForm],
    instance: Partner | CoProduction,
    save: Callable[[AuthenticatedHttpRequest, Organisation, Any], str],
    template: str,
    done: str,
) -> HttpResponse:
    """The form for a partner or an activity the manager's organisation keeps: `save` saves it through its
    action and says what was saved; a refusal is shown on the form, nothing saved."""
    organisation = organisation_for_user(request.user, write=True)
    form = form_class(request.POST or None, instance=instance, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            message = save(request, organisation, form)
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, message)
            return redirect(done)
    name = "partner" if isinstance(instance, Partner) else "activity"
    return render(request, template, {"form": form, name: instance})


@login_required
def partner_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _kept_form(request, PartnerForm, Partner(), _save_partner, PARTNER_FORM, "partners:home")


@login_required
def partner_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk, write=True)
    return _kept_form(request, PartnerForm, partner, _save_partner, PARTNER_FORM, "partners:home")


@login_required
def activities(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = activities_for_user(request.user).prefetch_related("partners")
    return render(
        request,
        "partnerships/activities.html",
        {"activities": found, "can_edit": request.user.caps.can_manage_partners},
    )


@login_required
def activity_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _kept_form(
        request, ActivityForm, CoProduction(), _save_activity, ACTIVITY_FORM, "partners:activities"
    )


@login_required
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    return _kept_form(request, ActivityForm, activity, _save_activity, ACTIVITY_FORM, "partners:activities")
