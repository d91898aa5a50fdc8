"""The reviewer's pages: read the draft section by section, comment on passages, rate each section, and
submit. One set of views reached two ways (`urls.py` mounts them twice): by the reviewer's personal link,
which is the only key and reaches nothing else, or signed in to a reviewer's account, their own invitation
loaded through `getters.get_invitation_to_review`. Either way the view is given a `Review`: the invitation,
who acts (nobody by the link, the account signed in) and the addresses of its pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from connecting_people.accounts.models import User
from connecting_people.accounts.requests import signed_in_user

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
from .getters import get_invitation_to_review
from .models import Comment, Rating, Reviewer, SectionNote
from .report import rows_for
from .text import find_words, section_titles, sections_of
from .tokens import LinkClosed, check_open, reviewer_for_token


@dataclass(frozen=True)
class Review:
    """A reviewer's invitation as it was reached: by the personal link (`key` is the token, and nobody
    signed in acts) or signed in (`key` is the invitation's id, and the account acts). Its pages'
    addresses follow the way in, so the reviewer stays on the way they came."""

    reviewer: Reviewer
    key: str | int
    acting_user: User | None = None

    @property
    def signed_in(self) -> bool:
        return self.acting_user is not None

    def url(self, name: str, *args: Any) -> str:
        """The address of one of the reviewer's pages, `name` as the personal link's pages are named."""
        return reverse(f"consult:{'my_' if self.signed_in else ''}{name}", args=[self.key, *args])


def _closed(request: HttpRequest, problem: LinkClosed, *, signed_in: bool) -> HttpResponse:
    context = {"message": str(problem), "signed_in": signed_in}
    return render(request, "consult/link_closed.html", context, status=410)


def _seen(reviewer: Reviewer) -> None:
    Reviewer.objects.filter(pk=reviewer.pk).update(last_seen_at=timezone.now())


def by_link(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The reviewer whose link this is, passed to the view; a withdrawn or expired link gets a page
    saying so, an unknown one a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            reviewer = reviewer_for_token(token)
        except LinkClosed as exc:
            return _closed(request, exc, signed_in=False)
        _seen(reviewer)
        return view(request, Review(reviewer, token), *args, **kwargs)

    return wrapper


def by_account(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The signed-in reviewer's own invitation (anyone else's is a 404), passed to the view as the link
    passes it; a withdrawn invitation, or a round closed or not yet open, gets the page the link gets."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, invitation: int, *args: Any, **kwargs: Any) -> HttpResponse:
        user = signed_in_user(request)
        reviewer = get_invitation_to_review(user, invitation)
        try:
            check_open(reviewer, by_link=False)
        except LinkClosed as exc:
            return _closed(request, exc, signed_in=True)
        _seen(reviewer)
        return view(request, Review(reviewer, invitation, user), *args, **kwargs)

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
    url: str


def _progress(review: Review) -> list[SectionProgress]:
    """Every section of the round in order, with whether this reviewer has answered all its questions
    and how many comments they have left on it (titles only: no section is rendered)."""
    reviewer = review.reviewer
    questions = len(reviewer.round.question_keys)
    answered = Counter(Rating.objects.filter(reviewer=reviewer).values_list("section", flat=True))
    comments = Counter(Comment.objects.filter(reviewer=reviewer).values_list("section", flat=True))
    return [
        SectionProgress(
            key, title, number, answered[key] >= questions, comments[key], review.url("section", key)
        )
        for number, (key, title) in enumerate(section_titles(reviewer.round), start=1)
    ]


def _context(review: Review, progress: list[SectionProgress]) -> dict[str, Any]:
    reviewer = review.reviewer
    rated = sum(1 for s in progress if s.rated)
    return {
        "reviewer": reviewer,
        "round": reviewer.round,
        "signed_in": review.signed_in,  # the site's header then; the link's pages have none
        "urls": {name: review.url(name) for name in ("review", "rate", "rate_section", "comment", "submit")},
        "progress": progress,
        "rated": rated,
        "unrated": [s for s in progress if not s.rated],
        "comment_count": sum(s.comments for s in progress),
        "submitted": reviewer.submitted_at is not None,
    }


def review(request: HttpRequest, review: Review) -> HttpResponse:
    """The reviewer's starting page: what to do, the sections with their progress, where to carry on."""
    progress = _progress(review)
    context = _context(review, progress)
    context["carry_on"] = next((s for s in progress if not s.rated), None)
    context["delphi"] = review.reviewer.round.follows_id is not None
    return render(request, "consult/review.html", context)


def section(request: HttpRequest, review: Review, key: str) -> HttpResponse:
    """One section: its text, the comment form, the reviewer's comments and the rating form."""
    reviewer = review.reviewer
    progress = _progress(review)
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
    context = _context(review, progress)
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
            "comments": [
                (c, review.url("comment_delete", c.pk))
                for c in Comment.objects.filter(reviewer=reviewer, section=key).order_by("pk")
            ],
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
    review: Review,
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
        return redirect(review.url("review"))
    return redirect(review.url("section", section) + (f"#{about}-form" if about else ""))


@require_POST
def rate(request: HttpRequest, review: Review) -> HttpResponse:
    reviewer = review.reviewer
    key = request.POST.get("section", "")
    section = _section(reviewer, key)
    try:
        for question in reviewer.round.question_keys:
            raw = request.POST.get(f"q-{question}")
            if raw is None or raw == "":
                continue
            do_rate(
                review.acting_user,
                reviewer,
                section.key,
                question,
                None if raw == "na" else int(raw) if raw.isdigit() else -1,
            )
        if "note" in request.POST:
            do_note(review.acting_user, reviewer, section.key, request.POST["note"])
    except ConsultError as exc:
        return _answer(request, review, str(exc), error=True, section=key, about="rating")
    return _answer(request, review, f"Saved your ratings for “{section.title}”.", section=key, about="rating")


def _after(review: Review, key: str) -> str:
    """Where a reviewer goes once a section is rated: the next section, or the summary after the last."""
    keys = [k for k, _title in section_titles(review.reviewer.round)]
    at = keys.index(key) if key in keys else len(keys)
    if at + 1 < len(keys):
        return review.url("section", keys[at + 1])
    return review.url("submit")


@require_POST
def rate_section(request: HttpRequest, review: Review) -> HttpResponse:
    """One rating for the whole section, given to every question in one tap; then on to the next section
    (the page's script saves it without a reload and follows `next`; without JavaScript, a redirect)."""
    key = request.POST.get("section", "")
    section = _section(review.reviewer, key)
    form = WholeSectionForm(request.POST)
    if not form.is_valid():
        problem = form.errors.get("value", ["Choose a rating from 1 to 5, or not applicable."])[0]
        return _answer(request, review, str(problem), error=True, section=key, about="whole")
    value = form.cleaned_data["value"]
    try:
        do_rate_section(review.acting_user, review.reviewer, section.key, value)
    except ConsultError as exc:
        return _answer(request, review, str(exc), error=True, section=key, about="whole")
    given = "not applicable" if value is None else str(value)
    message = f"Saved: “{section.title}” rated {given} on every question."
    messages.success(request, message)  # shown at the top of the page the reviewer goes on to
    then = _after(review, section.key)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"ok": message, "next": then})
    return redirect(then)


@require_POST
def comment(request: HttpRequest, review: Review) -> HttpResponse:
    key = request.POST.get("section", "")
    section = _section(review.reviewer, key)
    start, end = request.POST.get("start", ""), request.POST.get("end", "")
    quote = request.POST.get("quote", "").strip()
    if not (start.isdigit() and end.isdigit()) and quote:
        # Without JavaScript the reviewer copies the words instead of selecting them; line breaks and
        # runs of spaces in what they copied need not match the text's exactly.
        found = find_words(section.text, quote)
        if found is None:
            return _answer(
                request,
                review,
                "Those words are not in this section as written; copy them exactly.",
                error=True,
                section=key,
                about="comment",
            )
        start, end = str(found[0]), str(found[1])
    try:
        saved = do_comment(
            review.acting_user,
            review.reviewer,
            section,
            int(start) if start.isdigit() else -1,  # anything else is no selection, which is refused
            int(end) if end.isdigit() else -1,
            request.POST.get("text", ""),
        )
    except ConsultError as exc:
        return _answer(request, review, str(exc), error=True, section=key, about="comment")
    return _answer(
        request,
        review,
        f"Comment saved on “{section.title}”.",
        section=key,
        about="comment",
        extra={
            "comment": {
                "words": " ".join(saved.exact.split()),
                "text": saved.text,
                "remove": review.url("comment_delete", saved.pk),
            }
        },
    )


@require_POST
def comment_delete(request: HttpRequest, review: Review, pk: int) -> HttpResponse:
    found = Comment.objects.filter(pk=pk, reviewer=review.reviewer).first()  # only the reviewer's own
    if found is None:
        raise Http404("No such comment")
    try:
        do_delete_comment(review.acting_user, review.reviewer, found)
    except ConsultError as exc:
        return _answer(request, review, str(exc), error=True, section=found.section, about="comment")
    return _answer(request, review, "Comment removed.", section=found.section, about="comment")


def submit(request: HttpRequest, review: Review) -> HttpResponse:
    """A summary before submitting (which sections are not rated, how many comments), and the submission
    itself once the reviewer confirms on that page."""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            do_submit(review.acting_user, review.reviewer)
        except ConsultError as exc:
            return _answer(request, review, str(exc), error=True)
        return _answer(
            request,
            review,
            "Thank you: your response is submitted. You can still read the draft here until the deadline.",
        )
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "consult/review_submit.html", _context(review, _progress(review)))
