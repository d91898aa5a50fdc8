"""The reviewer's pages, reached by their personal link only: read the draft section by section, comment
on passages, rate each section, and submit. Nothing else is reachable from a link."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .actions import ConsultError, do_comment, do_delete_comment, do_note, do_rate, do_submit
from .aggregate import aggregate
from .models import Comment, Rating, Reviewer, SectionNote
from .report import rows_for
from .text import sections_of
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
    """For a follow-up round: (section, question) -> (the group's median last round, this reviewer's rating)."""
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


@by_link
def review(request: HttpRequest, token: str, reviewer: Reviewer) -> HttpResponse:
    round_ = reviewer.round
    sections = sections_of(round_)
    ratings = {
        (section, question): value
        for section, question, value in Rating.objects.filter(reviewer=reviewer).values_list(
            "section", "question", "value"
        )
    }
    rated = set(ratings)
    notes = dict(SectionNote.objects.filter(reviewer=reviewer).values_list("section", "text"))
    comments: dict[str, list[Comment]] = defaultdict(list)
    for comment in Comment.objects.filter(reviewer=reviewer):
        comments[comment.section].append(comment)
    delphi = _delphi(reviewer)
    rows: list[dict[str, Any]] = []
    for section in sections:
        questions: list[dict[str, Any]] = []
        for q in round_.questions:
            key = (section.key, q["key"])
            median, previous = delphi.get(key, (None, None))
            questions.append(
                {
                    "key": q["key"],
                    "label": q["label"],
                    "value": ratings.get(key),
                    "answered": key in rated,
                    "median": median,
                    "previous": previous,
                }
            )
        rows.append(
            {
                "section": section,
                "questions": questions,
                "note": notes.get(section.key, ""),
                "comments": comments.get(section.key, []),
            }
        )
    done = sum(1 for row in rows if all(q["answered"] for q in row["questions"]))
    return render(
        request,
        "consult/review.html",
        {
            "reviewer": reviewer,
            "round": round_,
            "rows": rows,
            "token": token,
            "done": done,
            "submitted": reviewer.submitted_at is not None,
            "delphi": bool(delphi),
            "scale": range(1, 6),
        },
    )


def _section(reviewer: Reviewer, key: str) -> Any:
    found = sections_of(reviewer.round, only=key)
    if not found:
        raise Http404("No such section in this draft")
    return found[0]


def _answer(
    request: HttpRequest, token: str, message: str, *, error: bool = False, anchor: str = ""
) -> HttpResponse:
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"error": message} if error else {"ok": message}, status=400 if error else 200)
    (messages.error if error else messages.success)(request, message)
    return redirect(reverse("consult:review", args=[token]) + (f"#{anchor}" if anchor else ""))


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
        return _answer(request, token, str(exc), error=True, anchor=f"s-{key}")
    return _answer(request, token, f"Saved your ratings for “{section.title}”.", anchor=f"s-{key}")


@require_POST
@by_link
def comment(request: HttpRequest, token: str, reviewer: Reviewer) -> HttpResponse:
    key = request.POST.get("section", "")
    section = _section(reviewer, key)
    start, end = request.POST.get("start", ""), request.POST.get("end", "")
    quote = request.POST.get("quote", "").strip()
    if not (start.isdigit() and end.isdigit()) and quote:
        # Without JavaScript the reviewer copies the words instead of selecting them.
        at = section.text.find(quote)
        if at == -1:
            return _answer(
                request,
                token,
                "Those words are not in this section as written; copy them exactly.",
                error=True,
                anchor=f"s-{key}",
            )
        start, end = str(at), str(at + len(quote))
    try:
        do_comment(reviewer, section, int(start or -1), int(end or -1), request.POST.get("text", ""))
    except ConsultError as exc:
        return _answer(request, token, str(exc), error=True, anchor=f"s-{key}")
    return _answer(request, token, f"Comment saved on “{section.title}”.", anchor=f"s-{key}")


@require_POST
@by_link
def comment_delete(request: HttpRequest, token: str, reviewer: Reviewer, pk: int) -> HttpResponse:
    found = Comment.objects.filter(pk=pk, reviewer=reviewer).first()  # only the reviewer's own
    if found is None:
        raise Http404("No such comment")
    try:
        do_delete_comment(reviewer, found)
    except ConsultError as exc:
        return _answer(request, token, str(exc), error=True)
    return _answer(request, token, "Comment removed.", anchor=f"s-{found.section}")


@require_POST
@by_link
def submit(request: HttpRequest, token: str, reviewer: Reviewer) -> HttpResponse:
    try:
        do_submit(reviewer)
    except ConsultError as exc:
        return _answer(request, token, str(exc), error=True)
    return _answer(
        request,
        token,
        "Thank you: your response is submitted. You can still read the draft here until the deadline.",
    )
