"""Workers' own contacts: the list (their own and the team's shared ones), adding, changing, deleting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest

from .actions import do_delete_contact, do_record_contacts_view, do_save_contact
from .contact_forms import ContactForm
from .contact_getters import contacts_for_user, get_contact_for_user
from .models import WorkerContact


@login_required
def contacts(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = list(contacts_for_user(request.user))
    do_record_contacts_view(request.user)
    return render(
        request,
        "community/contacts.html",
        {
            "mine": [c for c in found if c.worker_id == request.user.pk],
            "shared": [c for c in found if c.worker_id != request.user.pk],
        },
    )


@login_required
def contact_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    contacts_for_user(request.user)  # workers and managers only
    form = ContactForm(request.POST or None, instance=WorkerContact())
    if request.method == "POST" and form.is_valid():
        contact = do_save_contact(request.user, form.instance)
        messages.success(request, f"Added {contact.name} to your contacts.")
        return redirect("directory:contacts")
    return render(request, "community/contact_form.html", {"form": form, "contact": None})


@login_required
def contact_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        do_save_contact(request.user, form.instance)
        messages.success(request, f"Saved {contact.name}.")
        return redirect("directory:contacts")
    return render(request, "community/contact_form.html", {"form": form, "contact": contact})


@login_required
@require_POST
def contact_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk, write=True)
    name = contact.name
    do_delete_contact(request.user, contact)
    messages.success(
        request, f"Deleted {name} from your contacts. Links already made stay, without their name or details."
    )
    return redirect("directory:contacts")
