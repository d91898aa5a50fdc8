from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from connecting_people.accounts.requests import AuthenticatedHttpRequest

from .actions import do_record_person_view, do_save_person
from .caseload import SHOWS, SORTS, caseload_page
from .forms import PersonForm
from .getters import get_person_for_user, people_for_user
from .models import Person
from .page import person_page
from .rights import NOT_YET_COMPACTED, do_erase_person, export_person
from .stories import withdrawn_since


@login_required
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    caps = request.user.caps
    if caps.is_individual:
        own = people_for_user(request.user).first()
        if own is None:
            raise PermissionDenied("Your account is not linked to a record yet; ask your worker.")
        return redirect("practice:person", pk=own.pk)
    if not caps.can_view_person_records:
        raise PermissionDenied("Your role does not include people's records.")
    sort, show = request.GET.get("sort", ""), request.GET.get("show", "")
    sorted_by = sort if sort in SORTS else "reference"
    shown = show if show in SHOWS else "everyone"
    today = timezone.localdate()
    return render(
        request,
        "practice/people.html",
        {
            "page": caseload_page(request.user, request.GET.get("page"), sorted_by, shown, today),
            "can_create": caps.can_create_person_records,
            "sorts": SORTS,
            "sorted": sorted_by,
            "shows": SHOWS,
            "shown": shown,
            "empty": SHOWS[shown].empty,
            "query": urlencode({"sort": sorted_by, "show": shown}),
            "today": today,
        },
    )


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    do_record_person_view(request.user, person)
    page = person_page(person, request.user, request.GET.get("show", ""))
    return render(request, "practice/person.html", {"page": page})


@login_required
def person_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not user.caps.can_create_person_records or user.organisation_id is None:
        raise PermissionDenied("Only workers and managers can add people.")
    form = PersonForm(
        request.POST or None,
        organisation_id=user.organisation_id,
        initial={"workers": [user] if not user.caps.sees_whole_organisation_caseload else []},
    )
    if request.method == "POST" and form.is_valid():
        person: Person = form.save(commit=False)
        person.organisation_id = user.organisation_id
        workers = list(form.cleaned_data["workers"])
        if not user.caps.sees_whole_organisation_caseload and user not in workers:
            workers.append(user)  # a worker must stay able to see the record they created
        do_save_person(user, person, workers)
        messages.success(request, f"Added {person.reference}.")
        return redirect("practice:person", pk=person.pk)
    return render(request, "practice/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    had_story_consent = person.consent_to_story_use  # before the form writes the answer onto the record
    form = PersonForm(request.POST or None, instance=person, organisation_id=person.organisation_id)
    if request.method == "POST" and form.is_valid():
        updated = form.save(commit=False)
        started = timezone.now()
        do_save_person(request.user, updated, list(form.cleaned_data["workers"]))
        messages.success(request, f"Saved {person.reference}.")
        if had_story_consent and not updated.consent_to_story_use:
            for line in withdrawn_since(updated, started):
                messages.warning(request, line)
        return redirect("practice:person", pk=person.pk)
    if request.method == "GET":
        do_record_person_view(request.user, person, "details, to change them")
    return render(request, "practice/person_form.html", {"form": form, "person": person})


@login_required
def person_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not request.user.caps.can_exercise_data_rights:
        raise PermissionDenied("Managers give people a copy of their data.")
    person = get_person_for_user(request.user, pk)
    data = export_person(request.user, person, include_private=request.GET.get("private") == "1")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{person.reference}-record.zip"'
    return response


@login_required
def person_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not request.user.caps.can_exercise_data_rights:
        raise PermissionDenied("Only managers can erase a person's data.")
    person = get_person_for_user(request.user, pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm", "").strip() == person.reference:
            reference = person.reference
            counts = do_erase_person(request.user, person)
            messages.success(
                request, f"{reference} has been erased. The audit trail keeps a note that names no one."
            )
            if NOT_YET_COMPACTED in counts:
                messages.warning(
                    request,
                    "Some of the deleted rows are still on the database's disk pages, because "
                    "older transactions were open. Ask your administrator to run "
                    "`cpi practice compact`.",
                )
            return redirect("practice:people")
        error = "Type the reference exactly to confirm."
    elif request.method == "GET":
        do_record_person_view(request.user, person, "name and reference, to erase the record")
    return render(request, "practice/erase.html", {"person": person, "error": error})
