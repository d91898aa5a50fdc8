"""The research team's working pages: guides, sections with live preview, and curating evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.lib.markdown import render_markdown

from .actions import (
    GuideError,
    do_choose_example,
    do_create_guide,
    do_move_example,
    do_remove_example,
    do_save_examples,
    do_save_guide,
    do_save_section,
)
from .assemble import ensure_sections, pairs
from .curation import balance, candidates
from .forms import ExampleForm, GuideForm, NewGuideForm, SectionForm
from .getters import (
    drafts_for_user,
    get_guide_for_user,
    get_section_for_user,
    guides_for_user,
)
from .models import Example, Group, Section


def _require_editor(request: AuthenticatedHttpRequest) -> None:
    if not request.user.caps.can_edit_guide:
        raise PermissionDenied("Researchers write the guide.")


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Researchers: their team's guides. Reviewers and managers: the drafts they can read."""
    caps = request.user.caps
    if not (caps.can_edit_guide or caps.can_read_guide_drafts):
        raise PermissionDenied("Your role reads the guide as published, at /guide/.")
    form = NewGuideForm(request.POST or None) if caps.can_edit_guide else None
    if request.method == "POST" and form is not None and form.is_valid():
        team = request.user.organisation
        if team is None:
            raise PermissionDenied("Researchers write the guide for their research team.")
        try:
            guide = do_create_guide(
                request.user,
                team,
                form.cleaned_data["version"],
                form.cleaned_data["title"],
            )
        except GuideError as exc:
            form.add_error("version", str(exc))
        else:
            messages.success(request, "Guide started: it has a section for every component of the model.")
            return redirect("guide:guide", pk=guide.pk)
    return render(
        request,
        "guide/home.html",
        {
            "guides": guides_for_user(request.user),
            "form": form,
            "drafts": drafts_for_user(request.user).order_by("-created_at")[:30],
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def guide_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, pk)
    form = GuideForm(request.POST or None, instance=guide)
    if request.method == "POST" and form.is_valid():
        do_save_guide(request.user, form.save(commit=False))
        messages.success(request, "Saved.")
        return redirect("guide:guide", pk=guide.pk)
    sections = ensure_sections(guide)
    counts = dict(
        Example.objects.filter(section__guide=guide)
        .values("section_id")
        .annotate(n=Count("id"))
        .values_list("section_id", "n")
    )
    parts: dict[str, list[tuple[Section, int]]] = {}
    for section in sections:
        parts.setdefault(section.component.get_part_display(), []).append(
            (section, counts.get(section.pk, 0))
        )
    return render(
        request,
        "guide/guide.html",
        {"guide": guide, "form": form, "parts": parts, "drafts": guide.drafts.defer("snapshot")},
    )


@login_required
def section_edit(
    request: AuthenticatedHttpRequest, pk: int, example_forms: list[ExampleForm] | None = None
) -> HttpResponse:
    """A section's page. `examples_edit` shows it again with its refused example forms."""
    section = get_section_for_user(request.user, pk)
    form = SectionForm(
        request.POST if example_forms is None and request.method == "POST" else None, instance=section
    )
    if example_forms is None and request.method == "POST" and form.is_valid():
        do_save_section(request.user, form.save(commit=False))
        messages.success(request, f"Saved “{section.component.title}”.")
        return redirect("guide:section", pk=section.pk)
    chosen = list(section.examples.select_related("excerpt__source__site", "excerpt__participant"))
    pool = list(candidates(section.guide.team_id, section.component, exclude={e.excerpt_id for e in chosen}))
    shortlist = balance(
        pool, limit=12, chosen=[(e.excerpt.source.site_id, e.excerpt.perspective) for e in chosen]
    )
    pair = pairs(section.guide.version).get(section.component_id)
    groups = [(value, label, [e for e in chosen if e.group == value]) for value, label in Group.choices]
    return render(
        request,
        "guide/section.html",
        {
            "section": section,
            "guide": section.guide,
            "component": section.component,
            "form": form,
            "groups": groups,
            "shortlist": shortlist,
            "pool_size": len(pool),
            "pair": pair,
            "example_forms": {
                f.instance.pk: f
                for f in example_forms or [ExampleForm(instance=e, prefix=f"ex{e.pk}") for e in chosen]
            },
            "introduction_preview": render_markdown(form["introduction"].value() or ""),
            "good_preview": render_markdown(form["good_practice"].value() or ""),
        },
        status=400 if form.errors or any(f.errors for f in example_forms or []) else 200,
    )


@login_required
@require_POST
def preview(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Live preview of Markdown as the reader will see it, sanitised exactly as published."""
    _require_editor(request)
    text = request.POST.get("text", "")
    if len(text) > 100_000:
        return JsonResponse(
            {"error": "That text is too long to preview (100,000 characters at most)."}, status=400
        )
    return JsonResponse({"html": str(render_markdown(text))})


@login_required
@require_POST
def choose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk)
    raw = request.POST.get("excerpt", "")
    allowed = candidates(section.guide.team_id, section.component)
    excerpt = allowed.filter(pk=int(raw)).first() if raw.isdigit() else None
    if excerpt is None:
        messages.error(
            request,
            "That excerpt cannot be used here: it is not coded to this part of the model, its "
            "passage is offered through another researcher's coding, or its speaker withdrew or "
            "did not agree to be quoted.",
        )
        return redirect("guide:section", pk=section.pk)
    try:
        example = do_choose_example(request.user, section, excerpt, request.POST.get("group", ""))
    except GuideError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Added under “{example.get_group_display()}”. Edit the wording below if it needs it."
        )
    return redirect("guide:section", pk=section.pk)


@login_required
@require_POST
def examples_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every chosen example of a section in one form: saving keeps every edit, and moving or taking
    one out saves the others' edits first, so nothing typed is lost."""
    section = get_section_for_user(request.user, pk)
    chosen = list(section.examples.all())
    forms = [ExampleForm(request.POST, instance=e, prefix=f"ex{e.pk}") for e in chosen]
    if not all(form.is_valid() for form in forms):
        return section_edit(request, pk, example_forms=forms)
    edited = [form.save(commit=False) for form in forms if form.has_changed()]
    try:
        do_save_examples(request.user, edited)
    except GuideError as exc:
        messages.error(request, str(exc))
        return redirect(f"{_section_url(section.pk)}#chosen")
    saved = f"Saved {len(edited)} example{pluralize(len(edited))}. " if edited else ""
    verb, _, raw = request.POST.get("action", "save").partition(":")
    target = next((e for e in chosen if str(e.pk) == raw), None)
    if target is not None and verb in ("up", "down"):
        do_move_example(request.user, target, -1 if verb == "up" else 1)
        messages.success(request, f"{saved}Moved the example {verb}.")
    elif target is not None and verb == "remove":
        do_remove_example(request.user, target)
        messages.success(
            request, f"{saved}Example taken out of the section. The excerpt stays in the evidence."
        )
    else:
        messages.success(request, saved.strip() or "No changes to save.")
    return redirect(f"{_section_url(section.pk)}#chosen")


def _section_url(pk: int) -> str:
    return reverse("guide:section", args=[pk])
