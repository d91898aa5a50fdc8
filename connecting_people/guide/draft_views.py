"""Drafts and releases: making a draft (after the anonymisation check), reading it, what changed,
building files in the background, releasing, and the public guide at /guide/."""

from __future__ import annotations

import mimetypes
import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.fieldwork.evidence import withdrawn_scope
from connecting_people.lib.anonymise import AnonymisationError
from connecting_people.lib.local_url import local_url

from .actions import (
    GuideError,
    NamesUnanswered,
    WarningsOpen,
    do_answer_name_question,
    do_make_draft,
    do_release,
    do_start_build,
)
from .builds import FORMATS, SAVED, document_of
from .changes import diff_drafts
from .curation import document_findings, raised
from .getters import get_draft_for_user, get_guide_for_user, get_name_question_for_user, released_draft
from .gold_views import scale_needed
from .models import Build, Draft, NameAnswer
from .render_html import CACHE_SECONDS, cache_key, render_site


@login_required
@require_POST
@scale_needed
def draft_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, pk)
    try:
        draft = do_make_draft(request.user, guide)
    except AnonymisationError as exc:
        return render(request, "guide/leaks.html", {"guide": guide, "leaks": exc.leaks}, status=409)
    waiting = draft.guide.name_questions.filter(answer=NameAnswer.OPEN, raised_in=draft).count()
    if waiting:
        messages.warning(
            request,
            f"Draft {draft.number} made: no registered name was found, but {waiting} "
            f"{'word looks' if waiting == 1 else 'words look'} like someone's name. "
            "Answer the questions below before it can be released.",
        )
    else:
        messages.success(request, f"Draft {draft.number} made: it passed the anonymisation check.")
    return redirect("guide:draft", pk=draft.pk)


@login_required
def draft_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_for_user(request.user, pk)
    doc = document_of(draft)
    own = request.user.caps.can_edit_guide and draft.guide.team_id == request.user.organisation_id
    others = list(
        Draft.objects.filter(guide=draft.guide).exclude(pk=draft.pk).defer("snapshot").order_by("-created_at")
    )
    questions = list(draft.guide.name_questions.select_related("answered_by")) if own else []
    warnings = raised(document_findings(doc)) if own else []
    return render(
        request,
        "guide/draft.html",
        {
            "draft": draft,
            "doc": doc,
            "own": own,
            "others": others,
            "formats": FORMATS,
            "file_labels": SAVED,
            "examples": sum(len(s.blocks) for s in doc.sections),
            "builds": draft.builds.all()[:10] if own else [],
            "open_questions": [q for q in questions if q.is_open],
            "answered_questions": [q for q in questions if not q.is_open],
            "check_log": draft.check_log.splitlines() if own else [],
            "open_warnings": [w for w in warnings if w.open],
            "kept_warnings": [w for w in warnings if not w.open],
        },
    )


@login_required
@require_POST
def answer_name(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A researcher's answer to a question about a possible name: not a person, or replaced."""
    question = get_name_question_for_user(request.user, pk)
    back = (
        reverse("guide:draft", args=[question.raised_in_id])
        if question.raised_in_id
        else reverse("guide:guide", args=[question.guide_id])
    )
    try:
        changed = do_answer_name_question(
            request.user, question, request.POST.get("answer", ""), request.POST.get("replacement", "")
        )
    except GuideError as exc:
        messages.error(request, str(exc))
        return redirect(back + "#names")
    if question.answer == NameAnswer.REPLACED:
        messages.success(
            request,
            f"“{question.found}” replaced by “{question.replacement}” in {changed} "
            f"passage{'s' if changed != 1 else ''}. Make a new draft to release without it.",
        )
    else:
        messages.success(request, f"“{question.found}” marked as not a person.")
    return redirect(back + "#names")


@login_required
def draft_compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    newer = get_draft_for_user(request.user, pk)
    other = request.GET.get("with", "")
    older: Draft | None
    if other.isdigit():
        older = get_draft_for_user(request.user, int(other))
    else:
        older = (
            Draft.objects.filter(guide=newer.guide, created_at__lt=newer.created_at)
            .order_by("-created_at")
            .first()
        )
    if older is None or older.guide_id != newer.guide_id:
        raise Http404("There is no earlier draft of this guide to compare with.")
    if older.created_at > newer.created_at:
        older, newer = newer, older
    diff = diff_drafts(document_of(older), document_of(newer))
    return render(request, "guide/draft_compare.html", {"older": older, "newer": newer, "diff": diff})


@login_required
def draft_read(request: AuthenticatedHttpRequest, pk: int, page: str = "index.html") -> HttpResponse:
    """A draft's pages, as they will be published, for the team and for reviewers and managers. Each page
    carries a bar above the guide's own header leading back to where the reader came from."""
    draft = get_draft_for_user(request.user, pk)
    response = _serve_page(draft, page)
    if page.endswith(".html"):
        bar = render_to_string("guide/draft_bar.html", {"draft": draft, **_way_back(request, draft)})
        body = response.content.decode()
        at = body.find('<header class="site-header">')
        if at != -1:
            response.content = (body[:at] + bar + body[at:]).encode()
    return response


# Where a reader came from, by the page or the part of the site the address belongs to.
BACK_LABELS = {
    "guide:draft": "Back to the draft's page",
    "consult": "Back to the consultation",
    "core": "Back to your start page",
    "guide": "Back to the guide's work",
}


def _way_back(request: AuthenticatedHttpRequest, draft: Draft) -> dict[str, str]:
    """The page a reader opened the draft from: given once as `?back=` (an address on this site) and
    remembered in their session for the draft's other pages; else the draft's own page."""
    key = f"draft-back-{draft.pk}"
    given = local_url(request, request.GET.get("back", ""))
    if given:
        request.session[key] = given
    back = request.session.get(key) or reverse("guide:draft", args=[draft.pk])
    try:
        match = resolve(back)
    except Resolver404:
        return {"back": reverse("guide:draft", args=[draft.pk]), "back_label": BACK_LABELS["guide:draft"]}
    label = BACK_LABELS.get(match.view_name) or BACK_LABELS.get(match.namespace, "Back")
    return {"back": back, "back_label": label}


@login_required
@require_POST
def draft_release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_for_user(request.user, pk, write=True)
    try:
        do_release(request.user, draft)
    except NamesUnanswered as exc:
        messages.error(request, str(exc))
        return redirect(reverse("guide:draft", args=[draft.pk]) + "#names")
    except WarningsOpen as exc:
        messages.error(request, str(exc))
        return redirect(reverse("guide:draft", args=[draft.pk]) + "#warnings")
    except AnonymisationError as exc:
        return render(request, "guide/leaks.html", {"guide": draft.guide, "leaks": exc.leaks}, status=409)
    except GuideError as exc:
        messages.error(request, str(exc))
        return redirect("guide:draft", pk=draft.pk)
    messages.success(
        request,
        f"Draft {draft.number} is now public at {reverse('guide:public_version', args=[draft.number])}.",
    )
    return redirect("guide:draft", pk=draft.pk)


@login_required
@require_POST
def build_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_for_user(request.user, pk, write=True)
    formats = [f for f in FORMATS if request.POST.get(f)] or list(FORMATS)
    build = do_start_build(request.user, draft, formats)
    messages.success(
        request, "Building: you can carry on working; the files appear here when they are ready."
    )
    return redirect(f"{reverse('guide:draft', args=[draft.pk])}#build-{build.pk}")


def _build_for_user(request: AuthenticatedHttpRequest, pk: int) -> Build:
    try:
        build = Build.objects.select_related("draft").get(pk=pk)
    except Build.DoesNotExist:
        raise Http404("No such build") from None
    get_draft_for_user(request.user, build.draft_id, write=True)
    return build


@login_required
def build_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """The Build row, as its job keeps it; a build whose worker was killed is taken up again by another."""
    build = _build_for_user(request, pk)
    return JsonResponse(
        {
            "status": build.status,
            "progress": build.progress,
            "step": build.step,
            "message": build.message,
            "files": {fmt: reverse("guide:build_file", args=[build.pk, fmt]) for fmt in build.files},
            "labels": {fmt: SAVED[fmt] for fmt in build.files},
            "done": build.finished,
        }
    )


@login_required
def build_file(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> FileResponse:
    build = _build_for_user(request, pk)
    name = build.files.get(fmt)
    if not name:
        raise Http404("That file has not been built.")
    if not default_storage.exists(name):
        raise Http404("That file is no longer on the server; build again.")
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=posixpath.basename(name)
    )


# --- Public ---------------------------------------------------------------------------------------


def public_latest(request: HttpRequest, page: str = "index.html") -> HttpResponse:
    try:
        draft = released_draft()
    except Http404:
        return render(request, "guide/no_release.html", status=404)
    return _serve_page(draft, page)


def public_version(request: HttpRequest, number: str, page: str = "index.html") -> HttpResponse:
    return _serve_page(released_draft(number), page)


def _serve_page(draft: Draft, page: str) -> HttpResponse:
    """A page of a draft's site from the cache, shared by every web process when the cache is. The key
    holds everything the pages depend on (the snapshot, whether it is released, who has withdrawn since,
    the code that renders it), so a page cached before a change is never found after it, by any process.
    On a miss the whole site is rendered and every page cached, with the list of its pages."""
    people, sources = withdrawn_scope(draft.guide.team_id)
    site = cache_key(
        "site", [draft.pk, draft.content_hash, draft.is_release, sorted(people), sorted(sources)]
    )
    pages = cache.get(site)
    content = cache.get(f"{site}:{page}") if pages is not None and page in pages else None
    if pages is None or (page in pages and content is None):
        files = render_site(document_of(draft))
        cache.set_many({f"{site}:{name}": body for name, body in files.items()}, CACHE_SECONDS)
        cache.set(site, sorted(files), CACHE_SECONDS)
        pages, content = list(files), files.get(page)
    if page not in pages or content is None:
        raise Http404("No such page in the guide")
    content_type = mimetypes.guess_type(page)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith("javascript"):
        content_type += "; charset=utf-8"
    return HttpResponse(content, content_type=content_type)
