"""The reviewer's pages, reached by their personal link only: read the draft section by section, comment
on passages, rate each section, and submit. Nothing else is reachable from a link."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .actions import (
    ConsultError,
    do_comment,
    do_delete_comment,
    do_note,
    do_rate,
    do_rate_section,
    do_submit,
)
from .aggregate import aggregate
from .forms import WholeSectionForm
from .models import Comment, Rating, Reviewer, SectionNote
from .report import rows_for
from .text import find_words, section_titles, sections_of
from .tokens import LinkClosed, reviewer_for_token


def by_link(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The reviewer whose link this is, passed to the view; a withdrawn or expired link gets a page
    saying so, an unknown one a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            reviewer = reviewer_for_token(token)
        except LinkClosed as exc:
            return render(request, "consult/link_closed.html", {"message": str(exc)}, status=410)
        Reviewer.objects.filter(pk=reviewer.pk).update(last_seen_at=timezone.now())
        return view(request, token, reviewer, *args, **kwargs)

    return wrapper


def _delphi(reviewer: Reviewer) -> dict[tuple[str, str], tuple[float | None, int | None]]:
    """For a follow-up round: (section, question) -> (the group's median last round, this reviewer's
    rating)."""
    earlier = reviewer.round.follows
    if earlier is None:
        return {}
    group = aggregate(rows_for(earlier), earlier.question_keys, earlier.consensus)
    mine = dict(
        ((s, q), v)
        for s, q, v in Rating.objects.filter(
            reviewer__round=earlier, reviewer__email=reviewer.email, reviewer__submitted_at__isnull=False
        ).values_list("section", "question", "value")
    )
    out = {}
    for key, result in group.items():
        for question, summary in result.questions.items():
            out[(key, question)] = (summary.median, mine.get((key, question)))
    return out


@dataclass(frozen=True)
class SectionProgress:
    """One section as the reviewer's contents list shows it."""

    key: str
    title: str
    number: int
    rated: bool
    comments: int


def _progress(reviewer: Reviewer) -> list[SectionProgress]:
    """Every section of the round in order, with whether this reviewer has answered all its questions
    and how many comments they have left on it (titles only: no section is rendered)."""
    questions = len(reviewer.round.question_keys)
    answered = Counter(Rating.objects.filter(reviewer=reviewer).values_list("section", flat=True))
    comments = Counter(Comment.objects.filter(reviewer=reviewer).values_list("section", flat=True))
    return [
        SectionProgress(key, title, number, answered[key] >= questions, comments[key])
        for number, (key, title) in enumerate(section_titles(reviewer.round), start=1)
    ]


def _context(reviewer: Reviewer, token: str, progress: list[SectionProgress]) -> dict[str, Any]:
    rated = sum(1 for s in progress if s.rated)
    return {
        "reviewer": reviewer,
        "round": reviewer.round,
        "token": token,
        "progress": progress,
        "rated": rated,
        "unrated": [s for s in progress if not s.rated],
        "comment_count": sum(s.comments for s in progress),
        "submitted": reviewer.submitted_at is not None,
    }


@by_link
def review(request: HttpRequest, token: str, reviewer: Reviewer) -> HttpResponse:
    """The reviewer's starting page: what to do, the sections with their progress, where to carry on."""
    progress = _progress(reviewer)
    context = _context(reviewer, token, progress)
    context["carry_on"] = next((s for s in progress if not s.rated), None)
    context["delphi"] = reviewer.round.follows_id is not None
    return render(request, "consult/review.html", context)


@by_link
def section(request: HttpRequest, token: str, reviewer: Reviewer, key: str) -> HttpResponse:
    """One section: its text, the comment form, the reviewer's comments and the rating form."""
    progress = _progress(reviewer)
    keys = [s.key for s in progress]
    if key not in keys:
        raise Http404("No such section in this draft")
    at = keys.index(key)
    shown = _section(reviewer, key)
    given = list(
        Rating.objects.filter(reviewer=reviewer, section=key).values_list(
            "question", "value", "whole_section"
        )
    )
    ratings = {question: value for question, value, _whole in given}
    delphi = _delphi(reviewer)
    questions: list[dict[str, Any]] = []
    for q in reviewer.round.questions:
        median, previous = delphi.get((key, q["key"]), (None, None))
        questions.append(
            {
                "key": q["key"],
                "label": q["label"],
                "value": ratings.get(q["key"]),
                "answered": q["key"] in ratings,
                "median": median,
                "previous": previous,
            }
        )
    context = _context(reviewer, token, progress)
    context.update(
        {
            "section": shown,
            "current": progress[at],
            "previous": progress[at - 1] if at > 0 else None,
            "next": progress[at + 1] if at + 1 < len(progress) else None,
            "questions": questions,
            "note": SectionNote.objects.filter(reviewer=reviewer, section=key)
            .values_list("text", flat=True)
            .first()
            or "",
            "comments": Comment.objects.filter(reviewer=reviewer, section=key).order_by("pk"),
            "scale": range(1, 6),
            "whole": _whole_value(given, len(questions)),
            "one_by_one": any(not whole for _q, _v, whole in given),
        }
    )
    return render(request, "consult/review_section.html", context)


def _whole_value(given: list[tuple[str, int | None, bool]], questions: int) -> str:
    """The rating given to the whole section ("1" to "5", or "na"), when every question has it that
    way; otherwise ""."""
    values = {value for _q, value, whole in given if whole}
    if len(given) < questions or not all(whole for _q, _v, whole in given) or len(values) != 1:
        return ""
    value = values.pop()
    return "na" if value is None else str(value)


def _section(reviewer: Reviewer, key: str) -> Any:
    found = sections_of(reviewer.round, only=key)
    if not found:
        raise Http404("No such section in this draft")
    return found[0]


def _answer(
    request: HttpRequest,
    token: str,
    message: str,
    *,
    error: bool = False,
    section: str = "",
    about: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """JSON for the page's script; otherwise back to the section, the message shown beside the form it
    concerns (`about`: "rating" or "comment")."""
    if request.headers.get("Accept", "").startswith("application/json"):
        body = {"error": message} if error else {"ok": message, **(extra or {})}
        return JsonResponse(body, status=400 if error else 200)
    (messages.error if error else messages.success)(request, message, extra_tags=about)
    if not section:
        return redirect(reverse("consult:review", args=[token]))
    return redirect(reverse("consult:section", args=[token, section]) + (f"#{about}-form" if about else ""))


@require_POST
@by_link
def rate(request: HttpRequest, token: str, reviewer: Reviewer) -> HttpResponse:
    key = request.POST.get("section", "")
    section = _section(reviewer, key)
    try:
        for question in reviewer.round.question_keys:
            raw = request.POST.get(f"q-{question}")
            if raw is None or raw == "":
                continue
            do_rate(
                reviewer, section.key, question, None if raw == "na" else int(raw) if raw.isdigit() else -1
            )
        if "note" in request.POST:
            do_note(reviewer, section.key, request.POST["note"])
    except ConsultError as exc:
        return _answer(request, token, str(exc), error=True, section=key, about="rating")
    return _answer(request, token, f"Saved your ratings for “{section.title}”.", section=key, about="rating")


def _after(reviewer: Reviewer, token: str, key: str) -> str:
    """Where a reviewer goes once a section is rated: the next section, or the summary after the last."""
    keys = [k for k, _title in section_titles(reviewer.round)]
    at = keys.index(key) if key in keys else len(keys)
    if at + 1 < len(keys):
        return reverse("consult:section", args=[token, keys[at + 1]])
    return reverse("consult:submit", args=[token])


@require_POST
@by_link
def rate_section(request: HttpRequest, token: str, reviewer: Reviewer) -> HttpResponse:
    """One rating for the whole section, given to every question in one tap; then on to the next section
    (the page's script saves it without a reload and follows `next`; without JavaScript, a redirect)."""
    key = request.POST.get("section", "")
    section = _section(reviewer, key)
    form = WholeSectionForm(request.POST)
    if not form.is_valid():
        problem = form.errors.get("value", ["Choose a rating from 1 to 5, or not applicable."])[0]
        return _answer(request, token, str(problem), error=True, section=key, about="whole")
    value = form.cleaned_data["value"]
    try:
        do_rate_section(reviewer, section.key, value)
    except ConsultError as exc:
        return _answer(request, token, str(exc), error=True, section=key, about="whole")
    given = "not applicable" if value is None else str(value)
    message = f"Saved: “{section.title}” rated {given} on every question."
    messages.success(request, message)  # shown at the top of the page the reviewer goes on to
    then = _after(reviewer, token, section.key)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"ok": message, "next": then})
    return redirect(then)


@require_POST
@by_link
def comment(request: HttpRequest, token: str, reviewer: Reviewer) -> HttpResponse:
    key = request.POST.get("section", "")
    section = _section(reviewer, key)
    start, end = request.POST.get("start", ""), request.POST.get("end", "")
    quote = request.POST.get("quote", "").strip()
    if not (start.isdigit() and end.isdigit()) and quote:
        # Without JavaScript the reviewer copies the words instead of selecting them; line breaks and
        # runs of spaces in what they copied need not match the text's exactly.
        found = find_words(section.text, quote)
        if found is None:
            return _answer(
                request,
                token,
                "Those words are not in this section as written; copy them exactly.",
                error=True,
                section=key,
                about="comment",
            )
        start, end = str(found[0]), str(found[1])
    try:
        saved = do_comment(
            reviewer,
            section,
            int(start) if start.isdigit() else -1,  # anything else is no selection, which is refused
            int(end) if end.isdigit() else -1,
            request.POST.get("text", ""),
        )
    except ConsultError as exc:
        return _answer(request, token, str(exc), error=True, section=key, about="comment")
    return _answer(
        request,
        token,
        f"Comment saved on “{section.title}”.",
        section=key,
        about="comment",
        extra={
            "comment": {
                "words": " ".join(saved.exact.split()),
                "text": saved.text,
                "remove": reverse("consult:comment_delete", args=[token, saved.pk]),
            }
        },
    )


@require_POST
@by_link
def comment_delete(request: HttpRequest, token: str, reviewer: Reviewer, pk: int) -> HttpResponse:
    found = Comment.objects.filter(pk=pk, reviewer=reviewer).first()  # only the reviewer's own
    if found is None:
        raise Http404("No such comment")
    try:
        do_delete_comment(reviewer, found)
    except ConsultError as exc:
        return _answer(request, token, str(exc), error=True, section=found.section, about="comment")
    return _answer(request, token, "Comment removed.", section=found.section, about="comment")


@by_link
def submit(request: HttpRequest, token: str, reviewer: Reviewer) -> HttpResponse:
    """A summary before submitting (which sections are not rated, how many comments), and the submission
    itself once the reviewer confirms on that page."""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            do_submit(reviewer)
        except ConsultError as exc:
            return _answer(request, token, str(exc), error=True)
        return _answer(
            request,
            token,
            "Thank you: your response is submitted. You can still read the draft here until the deadline.",
        )
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "consult/review_submit.html", _context(reviewer, token, _progress(reviewer)))
