"""Reviews of the work together, every few weeks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.lib.forms import DateField, DateInput

from .actions import do_record_person_view, do_record_review
from .getters import get_person_for_user, get_review_for_user
from .reviews import start_of_work, summarise


class ReviewForm(forms.Form):
    held_on = DateField(label="Date of the review", widget=DateInput())
    agreed = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What we agreed for the next weeks",
        help_text="The person can read this.",
    )
    next_review_on = DateField(
        required=False,
        label="Next review",
        widget=DateInput(),
        help_text="Leave empty to use the usual interval for this person.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held, following = data.get("held_on"), data.get("next_review_on")
        if held and held > timezone.localdate():
            self.add_error("held_on", "A review is written on or after the day it happens, not before.")
        if held and following and following <= held:
            self.add_error("next_review_on", "The next review must come after this one.")
        return data


@login_required
def review_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not request.user.caps.can_create_person_records:
        raise PermissionDenied("Workers and managers write reviews with the person.")
    person = get_person_for_user(request.user, pk, write=True)
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        review = do_record_review(
            request.user,
            person,
            form.cleaned_data["held_on"],
            form.cleaned_data["agreed"],
            form.cleaned_data["next_review_on"],
        )
        messages.success(
            request,
            "Review saved. The next one is due on "
            f"{date_format(review.next_review_on, 'SHORT_DATE_FORMAT')}.",
        )
        return redirect("practice:review", pk=review.pk)
    if request.method == "GET":
        do_record_person_view(request.user, person, "the work since the last review, to write a review")
    last = person.reviews.first()
    covers_from = last.held_on if last else start_of_work(person)
    return render(
        request,
        "practice/review_form.html",
        {
            "person": person,
            "form": form,
            "last": last,
            "due": person.review_due,
            "preview": summarise(person, covers_from, today),
        },
        status=400 if form.errors else 200,
    )


@login_required
def review_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk)
    do_record_person_view(
        request.user, review.person, f"review of {date_format(review.held_on, 'SHORT_DATE_FORMAT')}"
    )
    return render(
        request,
        "practice/review.html",
        {"review": review, "person": review.person, "is_individual": request.user.caps.is_individual},
    )
