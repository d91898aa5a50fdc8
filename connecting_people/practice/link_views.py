"""A person's community links: adding one the directory does not hold or a worker's own contact, moving
one on, stopping one. Suggesting an opportunity from the directory starts in community/find_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.community.contact_getters import contacts_for_user

from .actions import (
    LinkRefused,
    do_move_link,
    do_put_link_on_next_map,
    do_record_person_view,
    do_set_link_type,
    do_suggest_link,
)
from .getters import get_link_for_user, get_person_for_user
from .link_forms import LinkMoveForm, LinkNewForm, LinkStopForm, LinkTypeForm
from .models import LinkState


def _require_worker(request: AuthenticatedHttpRequest) -> None:
    if not request.user.caps.can_create_person_records:
        raise PermissionDenied("Only workers and managers record community links.")


def _back(person_id: int, link_id: int) -> HttpResponse:
    return redirect(reverse("practice:person", args=[person_id]) + f"#link-{link_id}")


@login_required
def link_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    person = get_person_for_user(request.user, pk, write=True)
    form = LinkNewForm(request.POST or None, contacts=contacts_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        link = do_suggest_link(
            request.user,
            person,
            contact=form.cleaned_data["contact"],
            name=form.cleaned_data["name"],
            follow_up_on=form.cleaned_data["follow_up_on"],
            note=form.cleaned_data["note"],
            opportunity_type=form.cleaned_data["opportunity_type"],
        )
        messages.success(request, f"Suggested “{link.name}”.")
        return _back(person.pk, link.pk)
    if request.method == "GET":
        do_record_person_view(request.user, person, "name and reference, to suggest a community link")
    return render(request, "practice/link_form.html", {"form": form, "person": person})


@login_required
@require_POST
def link_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    link = get_link_for_user(request.user, pk, write=True)
    form = LinkMoveForm(request.POST, link=link)
    if form.is_valid():
        try:
            do_move_link(
                request.user,
                link,
                form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                follow_up_on=form.cleaned_data["follow_up_on"],
            )
        except LinkRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"“{link.name}”: {link.get_state_display().lower()}.")
    else:
        messages.error(request, f"“{link.name}” was not moved on: choose a later step and a real date.")
    return _back(link.person_id, link.pk)


@login_required
@require_POST
def link_stop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    link = get_link_for_user(request.user, pk, write=True)
    form = LinkStopForm(request.POST)
    if form.is_valid():
        try:
            do_move_link(
                request.user,
                link,
                LinkState.STOPPED,
                stop_reason=form.cleaned_data["stop_reason"],
                note=form.cleaned_data["note"],
            )
        except LinkRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"“{link.name}” stopped: {link.get_stop_reason_display().lower()}.")
    else:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"“{link.name}” was not stopped. {problems}")
    return _back(link.person_id, link.pk)


@login_required
@require_POST
def link_on_map(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark a link's group for the person's next network map, or take the mark off."""
    _require_worker(request)
    link = get_link_for_user(request.user, pk, write=True)
    wanted = request.POST.get("wanted") == "1"
    try:
        do_put_link_on_next_map(request.user, link, wanted)
    except LinkRefused as refused:
        messages.error(request, str(refused))
    else:
        done = "will be added to the next network map" if wanted else "will not be added to the next map"
        messages.success(request, f"“{link.name}” {done}.")
    return _back(link.person_id, link.pk)


@login_required
@require_POST
def link_type(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Say or correct what kind of opportunity a link leads to."""
    _require_worker(request)
    link = get_link_for_user(request.user, pk, write=True)
    form = LinkTypeForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed for “{link.name}”: choose a type from the list.")
    else:
        do_set_link_type(request.user, link, form.cleaned_data["opportunity_type"])
        label = link.get_opportunity_type_display() or "not recorded"
        messages.success(request, f"“{link.name}”: type of opportunity {label[:1].lower() + label[1:]}.")
    return _back(link.person_id, link.pk)
