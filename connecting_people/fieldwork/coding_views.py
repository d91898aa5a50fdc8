"""The coding workbench: read a source, code passages to the model, see every coding in the margin."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.interventions.models import Component

from . import actions
from .agreement import blind_pair_for
from .coding import (
    CodingError,
    coding_components,
    do_code_passage,
    do_delete_excerpt,
    do_update_excerpt,
    locate,
    speaker_links,
    tags_from_paths,
)
from .evidence import EVIDENCE_RULE, evidence_passages
from .forms import AssignSourceForm, CodeForm, SpeakerLinksForm
from .getters import (
    get_excerpt_for_user,
    get_source_for_user,
    participants_for_user,
    require_fieldwork,
    sites_for_user,
    visits_for_user,
)
from .models import Excerpt, Source
from .vocab import Perspective
from .workbench import colours, excerpt_colour, highlighted


def _speaker_form(source: Source, data: QueryDict | None = None) -> SpeakerLinksForm:
    return SpeakerLinksForm(
        data,
        labels=[turn["speaker"] for turn in source.turns],
        participants=list(source.participants.all()),
        links=speaker_links(source),
    )


def _workbench(
    request: AuthenticatedHttpRequest,
    source: Source,
    code_form: CodeForm,
    assign_form: AssignSourceForm | None = None,
    speaker_form: SpeakerLinksForm | None = None,
    status: int = 200,
) -> HttpResponse:
    blind = blind_pair_for(request.user, source)
    shown = source.excerpts.filter(coder=request.user) if blind else source.excerpts.all()
    excerpts = list(
        shown.select_related("coder", "participant")
        .prefetch_related("components", "tags")
        .order_by("start", "id")
    )
    if assign_form is None:
        assign_form = AssignSourceForm(
            initial={
                "title": source.title,
                "kind": source.kind,
                "site": source.site,
                "visit": source.visit,
                "participants": list(source.participants.all()),
            },
            sites=sites_for_user(request.user),
            visits=visits_for_user(request.user),
            participants=participants_for_user(request.user),
        )
    palette = colours(excerpts)
    return render(
        request,
        "fieldwork/source.html",
        {
            "source": source,
            "form": assign_form,
            "code_form": code_form,
            "excerpts": excerpts,
            "codings": [(e, excerpt_colour(e, palette)) for e in excerpts],
            "legend": sorted(palette.values(), key=lambda colour: colour.index),
            "body": highlighted(source, excerpts, palette),
            "participants": source.participants.all(),
            "text_length": len(source.text),
            "blind": blind,
            "speaker_form": speaker_form or _speaker_form(source),
        },
        status=status,
    )


@login_required
def source_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = get_source_for_user(request.user, pk)
    prefetch_related_objects([source], "double_codings")
    if request.method == "POST":
        form = AssignSourceForm(
            request.POST,
            sites=sites_for_user(request.user),
            visits=visits_for_user(request.user),
            participants=participants_for_user(request.user),
        )
        if form.is_valid():
            data = form.cleaned_data
            actions.do_assign_source(
                request.user,
                source,
                site=data["site"],
                visit=data["visit"],
                participants=list(data["participants"]),
                title=data["title"],
                kind=data["kind"],
            )
            messages.success(request, "Saved." + (" It has left the inbox." if data["site"] else ""))
            return redirect("fieldwork:source", pk=source.pk)
        return _workbench(request, source, CodeForm(components=coding_components()), form)
    actions.do_record_source_view(request.user, source)
    return _workbench(request, source, CodeForm(components=coding_components()))


@login_required
@require_POST
def link_speakers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Say which participant speaks under each label of the source; its codings follow."""
    source = get_source_for_user(request.user, pk)
    if not source.turns:
        messages.error(request, "This source has no speaker labels to link.")
        return redirect("fieldwork:source", pk=source.pk)
    form = _speaker_form(source, request.POST)
    if not form.is_valid():
        return _workbench(
            request, source, CodeForm(components=coding_components()), speaker_form=form, status=400
        )
    changed = actions.do_link_speakers(request.user, source, form.links())
    # While double-coding is blind, how many codings moved could hint at what the other coder coded.
    followed = "" if blind_pair_for(request.user, source) else f" {changed} coding(s) re-attributed."
    messages.success(request, "Saved who speaks under each label." + followed)
    return redirect(reverse("fieldwork:source", args=[source.pk]) + "#speakers")


def _save_coding(
    request: AuthenticatedHttpRequest, source: Source, form: CodeForm, excerpt: Excerpt | None
) -> Excerpt:
    data = form.cleaned_data
    passage = locate(source.text, data["start"], data["end"], data["quote"])
    tags = tags_from_paths(source.team_id, data["tags"])
    components = list(data["components"])
    if excerpt is None:
        return do_code_passage(
            request.user,
            source,
            passage,
            components=components,
            kind=data["kind"],
            memo=data["memo"],
            tags=tags,
        )
    return do_update_excerpt(
        request.user,
        excerpt,
        data["revision"] or 0,
        passage,
        components=components,
        kind=data["kind"],
        memo=data["memo"],
        tags=tags,
    )


@login_required
@require_POST
def code_passage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = get_source_for_user(request.user, pk)
    form = CodeForm(request.POST, components=coding_components())
    if form.is_valid():
        try:
            excerpt = _save_coding(request, source, form, None)
        except CodingError as exc:
            form.add_error("quote", str(exc))
        else:
            messages.success(
                request,
                f"Coded “{Truncator(excerpt.text).words(12, truncate='…')}” to "
                f"{excerpt.components.count()} component(s).",
            )
            return redirect(f"{request.path.rsplit('code/', 1)[0]}#excerpt-{excerpt.pk}")
    return _workbench(request, source, form, status=400)


@login_required
def excerpt_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    excerpt = get_excerpt_for_user(request.user, pk, write=True)
    source = excerpt.source
    initial = {
        "start": excerpt.start,
        "end": excerpt.end,
        "quote": excerpt.text,
        "revision": excerpt.revision,
        "components": list(excerpt.components.all()),
        "kind": excerpt.kind,
        "memo": excerpt.memo,
        "tags": ", ".join(t.path.replace(" › ", "/") for t in excerpt.tags.all()),
    }
    # Keep the components it already has on offer, even if a newer version has been published since.
    offered = coding_components()
    offered += [c for c in excerpt.components.all() if c not in offered]
    form = CodeForm(request.POST or None, initial=initial, components=offered)
    if request.method == "POST" and form.is_valid():
        try:
            _save_coding(request, source, form, excerpt)
        except CodingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Coding saved.")
            return redirect(f"/fieldwork/sources/{source.pk}/#excerpt-{excerpt.pk}")
    if request.method == "GET":
        actions.do_record_source_view(request.user, source, "read a coded passage to change its coding")
    return render(
        request, "fieldwork/excerpt_form.html", {"form": form, "excerpt": excerpt, "source": source}
    )


@login_required
@require_POST
def excerpt_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    excerpt = get_excerpt_for_user(request.user, pk, write=True)
    source_pk = excerpt.source_id
    do_delete_excerpt(request.user, excerpt)
    messages.success(request, "Coding removed.")
    return redirect("fieldwork:source", pk=source_pk)


@login_required
def component_evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The evidence for a component (one entry per passage, by the one count of evidence), grouped by
    perspective and then by site."""
    team_id = require_fieldwork(request.user)
    try:
        component = Component.objects.select_related("version__model").get(pk=pk, version__status="published")
    except Component.DoesNotExist:
        raise Http404("No such component in a published version") from None
    found = evidence_passages(team_id, [component.key])
    leads = Excerpt.objects.select_related("source__site", "coder").in_bulk([p.lead for p in found])
    labels = dict(Perspective.choices)
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for passage in found:
        excerpt = leads[passage.lead]
        perspective = labels.get(passage.perspective, "Not attributed")
        site = excerpt.source.site.name if excerpt.source.site else "Inbox (no site yet)"
        grouped[perspective][site].append({"excerpt": excerpt, "codings": len(passage.excerpt_ids)})
    order = [*Perspective.choices, ("unattributed", "Not attributed")]
    groups: list[dict[str, Any]] = [
        {
            "perspective": p,
            "anchor": f"from-{value}",  # what the coverage heat map's cells link to
            "sites": sorted(grouped[p].items()),
            "count": sum(len(v) for v in grouped[p].values()),
        }
        for value, p in order
        if p in grouped
    ]
    missing = [label for _, label in Perspective.choices if label not in grouped]
    return render(
        request,
        "fieldwork/evidence.html",
        {
            "component": component,
            "groups": groups,
            "missing": missing,
            "total": sum(g["count"] for g in groups),
            "evidence_rule": EVIDENCE_RULE,
        },
    )
