"""Sessions, goals and actions, reached through the person's record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest

from .actions import do_record_person_view, do_save_action, do_save_goal, do_save_session, do_toggle_action
from .getters import get_action_for_user, get_goal_for_user, get_person_for_user, get_session_for_user
from .models import Goal, GoalAction, Session
from .work_forms import ActionForm, GoalForm, SessionForm


def _require_worker(request: AuthenticatedHttpRequest) -> None:
    if not request.user.caps.can_create_person_records:
        raise PermissionDenied("Only workers and managers record sessions and goals.")


@login_required
def session_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    person = get_person_for_user(request.user, pk, write=True)
    form = SessionForm(request.POST or None, instance=Session(person=person))
    if request.method == "POST" and form.is_valid():
        do_save_session(
            request.user, form.save(commit=False), list(form.cleaned_data["components"]), form.chosen_links()
        )
        messages.success(request, "Session recorded.")
        return redirect("practice:person", pk=person.pk)
    if request.method == "GET":
        do_record_person_view(
            request.user, person, "links and what to remember from the last session, to record a session"
        )
    last = person.sessions.filter(status="held").exclude(remember_next="").first()
    return render(request, "practice/session_form.html", {"form": form, "person": person, "remember": last})


@login_required
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    session = get_session_for_user(request.user, pk, write=True)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        do_save_session(
            request.user, form.save(commit=False), list(form.cleaned_data["components"]), form.chosen_links()
        )
        messages.success(request, "Session saved.")
        return redirect("practice:person", pk=session.person_id)
    if request.method == "GET":
        do_record_person_view(
            request.user, session.person, f"session of {date_format(session.date, 'SHORT_DATE_FORMAT')}"
        )
    return render(
        request, "practice/session_form.html", {"form": form, "person": session.person, "session": session}
    )


@login_required
def goal_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    person = get_person_for_user(request.user, pk, write=True)
    form = GoalForm(request.POST or None, instance=Goal(person=person))
    if request.method == "POST" and form.is_valid():
        do_save_goal(request.user, form.save(commit=False))
        return redirect("practice:person", pk=person.pk)
    if request.method == "GET":
        do_record_person_view(request.user, person, "name and reference, to set a goal")
    return render(request, "practice/goal_form.html", {"form": form, "person": person})


@login_required
def goal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    goal = get_goal_for_user(request.user, pk, write=True)
    form = GoalForm(request.POST or None, instance=goal)
    action_form = ActionForm(
        request.POST if "add_action" in request.POST else None,
        instance=GoalAction(goal=goal),
        prefix="action",
    )
    if request.method == "POST":
        if "add_action" in request.POST:
            if action_form.is_valid():
                do_save_action(request.user, action_form.save(commit=False))
                return redirect("practice:goal", pk=goal.pk)
        elif form.is_valid():
            do_save_goal(request.user, form.save(commit=False))
            return redirect("practice:person", pk=goal.person_id)
    else:
        do_record_person_view(request.user, goal.person, f"goal {goal.pk}")
    return render(
        request,
        "practice/goal_form.html",
        {
            "form": form,
            "person": goal.person,
            "goal": goal,
            "action_form": action_form,
            "actions": goal.actions.all(),
        },
    )


@login_required
@require_POST
def action_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk)
    action = do_toggle_action(request.user, action)
    messages.success(request, f"“{action.description}” marked {'done' if action.done_at else 'not done'}.")
    # Back to the step itself, which stays where it was and shows whether it is done.
    return redirect(reverse("practice:person", args=[action.goal.person_id]) + f"#step-{action.pk}")
