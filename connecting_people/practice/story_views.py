"""Practice stories on a person's record: written with the person, saved as drafts, sent to the
research team (practice/stories.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.fieldwork.stories import sites_taking_stories

from .actions import do_record_person_view
from .getters import get_person_for_user, get_story_for_user
from .models import Person, PracticeStory, StoryStatus
from .stories import NO_CONSENT, StoryError, do_record_story_view, do_save_story, do_send_story
from .story_forms import StoryForm


def _require_worker(request: AuthenticatedHttpRequest) -> None:
    if not request.user.caps.can_create_person_records:
        raise PermissionDenied("Workers and managers write practice stories with the person.")


def _edit(request: AuthenticatedHttpRequest, person: Person, story: PracticeStory) -> HttpResponse:
    """The form for a draft: "Save the draft" keeps it, "Send to the research team" saves and sends. A
    story that cannot be sent stays a saved draft, and its page says why."""
    form = StoryForm(request.POST or None, instance=story)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            saved = do_save_story(request.user, form.save(commit=False))
        except StoryError as error:
            problem = str(error)
        else:
            back = reverse("practice:person", args=[person.pk]) + f"#story-{saved.pk}"
            if "send" not in request.POST:
                messages.success(request, f"Saved practice story {saved.pk} as a draft.")
                return redirect(back)
            try:
                where = do_send_story(request.user, saved)
            except StoryError as error:
                messages.error(request, str(error))
                return redirect("practice:story", pk=saved.pk)
            messages.success(
                request, f"Sent practice story {saved.pk} to {where}, without {person.reference}'s name."
            )
            return redirect(back)
    return render(
        request,
        "practice/story_form.html",
        {
            "form": form,
            "person": person,
            "story": story if story.pk else None,
            "problem": problem,
            "teams": sorted({site.team.name for site in sites_taking_stories(person.organisation_id)}),
        },
    )


@login_required
def story_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    person = get_person_for_user(request.user, pk, write=True)
    if request.method == "GET":
        do_record_person_view(request.user, person, "name and reference, to write a practice story")
    if not person.consent_to_story_use:
        return render(
            request,
            "practice/story_form.html",
            {
                "form": None,
                "person": person,
                "story": None,
                "problem": NO_CONSENT.format(reference=person.reference),
            },
        )
    return _edit(request, person, PracticeStory(person=person))


@login_required
def story_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    story = get_story_for_user(request.user, pk)
    person = story.person
    if request.method == "GET":
        do_record_story_view(request.user, story)
    if story.status == StoryStatus.DRAFT and person.consent_to_story_use:
        return _edit(request, person, story)
    problem = "" if person.consent_to_story_use else NO_CONSENT.format(reference=person.reference)
    return render(
        request,
        "practice/story_form.html",
        {"form": None, "person": person, "story": story, "problem": problem},
    )
