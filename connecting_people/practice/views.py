from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.links import link
from connecting_people.lib.dates import uk_day_month

from .actions import do_record_person_view, do_save_person
from .caseload import attach, caseload_page
from .forms import PersonForm
from .getters import get_person_for_user, people_for_user
from .models import Person
from .record import load_record
from .rights import NOT_YET_COMPACTED, do_erase_person
from .timeline import KINDS, timeline


@login_required
def people(request: HttpRequest) -> HttpResponse:
    caps = request.user.caps
    if caps.is_individual:
        own = people_for_user(request.user).first()
        if own is None:
            raise PermissionDenied("Your account is not linked to a record yet; ask your worker.")
        return redirect("practice:person", pk=own.pk)
    if not caps.can_view_person_records:
        raise PermissionDenied("Your role does not include people's records.")
    # each row links to the list's address + pk + "/": one reverse per page, not one per row
    page = caseload_page(request.user, request.GET.get("page"), reverse("practice:people"))
    return render(
        request, "practice/people.html", {"page": page, "can_create": caps.can_create_person_records}
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    do_record_person_view(request.user, person)
    is_individual = request.user.caps.is_individual
    record = load_record(person, for_the_person=is_individual)
    for goal in record.goals:
        for step in goal.steps:
            _present_step(step, is_individual)
    remember = next((s for s in record.sessions if s.status == "held" and s.remember_items), None)
    attach(person)
    events = timeline(sessions=record.sessions, goals=record.goals, maps=record.maps, reviews=record.reviews)
    kind = request.GET.get("show", "")
    shown = [e for e in events if e.kind == kind] if kind in KINDS else events
    last_review = record.reviews[0] if record.reviews else None
    return render(
        request,
        "practice/person.html",
        {
            "person": person,
            "workers": record.workers,
            "can_edit": not is_individual,
            "remember": remember,
            "goals": record.goals,
            "is_individual": is_individual,
            "maps": record.maps,
            "events": shown,
            "kinds": KINDS,
            "showing": kind if kind in KINDS else "",
            "review_due": _review_due(person, last_review, record.sessions)
            if last_review or not is_individual
            else None,
            "today": timezone.localdate(),
        },
    )


def _present_step(step: Any, is_individual: bool) -> None:
    """What the record page prints for one next step, worked out here rather than in the template."""
    done = step.done_at is not None
    step.can_tick = not is_individual or step.person_may_tick
    step.toggle_url = link("practice:action_toggle", step.pk)
    step.tick_label = "Mark not done" if done else "Mark done"
    step.box = "☑" if done else "☐"
    step.note = ", ".join(
        [step.get_owner_display().lower()]
        + ([f"by {uk_day_month(step.due_on)}"] if step.due_on else [])
        + (["done"] if done else [])
    )


def _review_due(person: Person, last_review: Any, sessions: list[Any]) -> Any:
    """When the next review is due, from what the page has already loaded."""
    from .reviews import due_from

    return due_from(
        person,
        last_review.next_review_on if last_review else None,
        min((s.date for s in sessions), default=None),
    )


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
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
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person, organisation_id=person.organisation_id)
    if request.method == "POST" and form.is_valid():
        updated = form.save(commit=False)
        do_save_person(request.user, updated, list(form.cleaned_data["workers"]))
        messages.success(request, f"Saved {person.reference}.")
        return redirect("practice:person", pk=person.pk)
    return render(request, "practice/person_form.html", {"form": form, "person": person})


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    from .rights import export_person

    if not request.user.caps.can_exercise_data_rights:
        raise PermissionDenied("Managers give people a copy of their data.")
    person = get_person_for_user(request.user, pk)
    data = export_person(request.user, person, include_private=request.GET.get("private") == "1")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{person.reference}-record.zip"'
    return response


@login_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
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
    return render(request, "practice/erase.html", {"person": person, "error": error})
