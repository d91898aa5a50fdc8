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
from connecting_people.fieldwork.freshness import since_release
from connecting_people.interventions.parts import Part
from connecting_people.lib.markdown import render_markdown

from .actions import (
    GuideError,
    do_answer_warning,
    do_choose_example,
    do_create_guide,
    do_move_example,
    do_remove_example,
    do_save_examples,
    do_save_guide,
    do_save_section,
)
from .assemble import build_document, ensure_sections, pairs
from .completeness import front_missing, section_states
from .curation import Raised, candidates, guide_warnings, shortlist
from .forms import ExampleForm, GuideForm, NewGuideForm, SectionForm
from .front import voice
from .getters import (
    drafts_for_user,
    get_example_for_user,
    get_guide_for_user,
    get_section_for_user,
    guides_for_user,
)
from .models import Example, Group, Section
from .releases import last_release


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
    sections = ensure_sections(guide)
    present = {s.component.part for s in sections}
    parts_in_model = [(p, label) for p, label in Part.choices if p in present]
    form = GuideForm(request.POST or None, instance=guide, parts=parts_in_model)
    if request.method == "POST" and form.is_valid():
        do_save_guide(request.user, form.save(commit=False))
        messages.success(request, "Saved the title and front matter.")
        return redirect("guide:guide", pk=guide.pk)
    counts = dict(
        Example.objects.filter(section__guide=guide)
        .values("section_id")
        .annotate(n=Count("id"))
        .values_list("section_id", "n")
    )
    mark = last_release(guide)
    fresh = since_release(guide.team_id, mark)
    parts: dict[str, list[tuple[Section, int, str]]] = {}
    for section in sections:
        moved = fresh.get(section.component.key)
        parts.setdefault(section.component.get_part_display(), []).append(
            (section, counts.get(section.pk, 0), moved.sentence(mark.label) if moved and mark else "")
        )
    front_fields = [form[name] for name in ("foreword", "audience", "intervention", "acknowledgements")]
    return render(
        request,
        "guide/guide.html",
        {
            "guide": guide,
            "form": form,
            "front_editors": [
                (field, f"{field.name}-preview", render_markdown(field.value() or ""))
                for field in front_fields
            ],
            "part_editors": [
                (field, f"part-{p}-preview", render_markdown(field.value() or ""))
                for field, (p, _label) in zip(form.part_fields(), parts_in_model, strict=True)
            ],
            "parts": parts,
            "drafts": guide.drafts.defer("snapshot"),
            "release": mark,
            "revise": sum(1 for f in fresh.values() if f),
        },
        status=400 if form.errors else 200,
    )


@login_required
def completeness(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Which furniture each section has and lacks, and what the front matter lacks, as a draft made now
    would have them (evidence from anyone who withdrew since it was chosen is not counted)."""
    guide = get_guide_for_user(request.user, pk)
    doc = build_document(guide, number="")
    states = section_states(doc)
    parts = [(label, [s for s in states if s.section.part == part]) for part, label in doc.parts]
    return render(
        request,
        "guide/completeness.html",
        {
            "guide": guide,
            "parts": parts,
            "front_missing": front_missing(doc),
            "complete": sum(1 for s in states if not s.missing),
            "total": len(states),
            "section_ids": dict(guide.sections.values_list("component__key", "pk")),
        },
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
    offered, pool_size = shortlist(section, chosen)
    ids = {e.pk for e in chosen}
    warnings = [w for w in guide_warnings(section.guide) if w.example_id in ids]
    by_example: dict[int, list[Raised]] = {}
    for w in warnings:
        by_example.setdefault(w.example_id, []).append(w)
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
            "shortlist": offered,
            "pool_size": pool_size,
            "warnings": warnings,
            "warnings_by_example": by_example,
            "pair": pair,
            "voice": voice(section.component.part),
            "example_forms": {
                f.instance.pk: f
                for f in example_forms or [ExampleForm(instance=e, prefix=f"ex{e.pk}") for e in chosen]
            },
            "editors": [
                (field, f"{field.name}-preview", render_markdown(field.value() or ""))
                for field in form.text_fields()
            ],
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


@login_required
@require_POST
def answer_warning(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Keep a chosen example as it is despite a warning, with the reason; back to the section or the draft."""
    example = get_example_for_user(request.user, pk)
    draft = request.POST.get("draft", "")
    back = (
        reverse("guide:draft", args=[int(draft)]) + "#warnings"
        if draft.isdigit()
        else f"{_section_url(example.section_id)}#example-{example.pk}"
    )
    try:
        do_answer_warning(
            request.user,
            example,
            request.POST.get("kind", ""),
            request.POST.get("detail", ""),
            request.POST.get("reason", ""),
        )
    except GuideError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Answered: the example is kept as it is, with your reason.")
    return redirect(back)


def _section_url(pk: int) -> str:
    return reverse("guide:section", args=[pk])
