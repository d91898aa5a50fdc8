from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.lib.markdown import render_markdown
from connecting_people.lib.yamlfile import Problem

from . import actions, diagram, modelfile
from .data import ComponentData, VersionData
from .diff import diff_versions
from .forms import ComponentForm, DiffForm, ImportForm, NewDraftForm, VersionForm
from .getters import get_component_for_user, get_version_for_user, visible_versions
from .models import Component, ComponentLink, ModelVersion, VersionFrozen
from .parts import PART_ORDER, LinkKind, Part
from .signals import change_evidence
from .store import version_data


def _href(version: ModelVersion) -> Callable[[ComponentData], str]:
    return lambda c: reverse("interventions:component", args=[version.pk, c.key])


def _diagram(version: ModelVersion, data: VersionData, highlight: str | None = None) -> str:
    """The diagram for a page: the wide drawing and the phone's (downloads are the wide one alone)."""
    return diagram.render_for_page(data, _href(version), highlight=highlight)


def _grouped(version: ModelVersion) -> list[dict[str, Any]]:
    components = version.components_in_order()
    return [
        {"part": part, "label": Part(part).label, "components": [c for c in components if c.part == part]}
        for part in PART_ORDER
    ]


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    versions = list(visible_versions(request.user).order_by("model__name", "-created_at", "-id"))
    latest = next((v for v in versions if v.is_published), None)
    context: dict[str, Any] = {"versions": versions, "latest": latest}
    if latest is not None:
        context["diagram"] = _diagram(latest, version_data(latest))
        context["groups"] = _grouped(latest)
    return render(request, "interventions/home.html", context)


@login_required
def version_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    data = version_data(version)
    return render(
        request,
        "interventions/version.html",
        {
            "version": version,
            "diagram": _diagram(version, data),
            "groups": _grouped(version),
            "can_edit": request.user.caps.can_edit_model and not version.is_published,
            "can_draft": request.user.caps.can_edit_model,
            "draft_form": NewDraftForm(),
            "other_versions": visible_versions(request.user)
            .filter(model=version.model)
            .exclude(pk=version.pk),
        },
    )


@login_required
def diagram_svg(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    svg = diagram.render_svg(version_data(version), _href(version))
    response = HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{version.model.key}-{version.label}.svg"'
    return response


@login_required
def diagram_png(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    png = diagram.svg_to_png(diagram.render_svg(version_data(version), _href(version)))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{version.model.key}-{version.label}.png"'
    return response


@login_required
def export_yaml(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    response = HttpResponse(
        modelfile.dump(version_data(version)), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{version.model.key}-{version.label}.yaml"'
    return response


def _neighbours(component: Component) -> dict[str, Any]:
    siblings = list(component.version.components.filter(part=component.part).order_by("order"))
    index = next(i for i, c in enumerate(siblings) if c.pk == component.pk)
    is_wheel = component.part in (Part.WORKER_WHEEL, Part.INDIVIDUAL_WHEEL)
    previous = (
        siblings[index - 1] if index > 0 else (siblings[-1] if is_wheel and len(siblings) > 1 else None)
    )
    following = (
        siblings[index + 1]
        if index + 1 < len(siblings)
        else (siblings[0] if is_wheel and len(siblings) > 1 else None)
    )
    links = ComponentLink.objects.filter(version=component.version).select_related("source", "target")
    pairs = [
        link.target if link.source_id == component.pk else link.source
        for link in links
        if link.kind == LinkKind.PAIRS_WITH and component.pk in (link.source_id, link.target_id)
    ]
    related = [
        link.target if link.source_id == component.pk else link.source
        for link in links
        if link.kind == LinkKind.RELATED and component.pk in (link.source_id, link.target_id)
    ]
    return {
        "previous": previous,
        "following": following,
        "pairs": pairs,
        "related": related,
        "position": index + 1,
        "count": len(siblings),
        "is_wheel": is_wheel,
    }


@login_required
def component_detail(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    component = get_component_for_user(request.user, pk, key)
    version = component.version
    return render(
        request,
        "interventions/component.html",
        {
            "version": version,
            "component": component,
            "description": render_markdown(component.description),
            "diagram": _diagram(version, version_data(version), highlight=component.key),
            "can_edit": request.user.caps.can_edit_model and not version.is_published,
            **_neighbours(component),
        },
    )


def _edit_component(
    request: AuthenticatedHttpRequest, version: ModelVersion, component: Component | None
) -> HttpResponse:
    if version.is_published:
        messages.error(request, version.frozen_message())
        return redirect("interventions:version", pk=version.pk)
    initial: dict[str, Any] = {"part": request.GET.get("part", Part.WORKER_WHEEL.value)}
    if component is not None:
        pair, related = actions.current_links(component)
        initial = {
            "key": component.key,
            "part": component.part,
            "position": component.order,
            "title": component.title,
            "summary": component.summary,
            "description": component.description,
            "questions": "\n".join(component.questions),
            "pairs_with": pair,
            "related": related,
        }
    form = ComponentForm(request.POST or None, initial=initial, version=version, component=component)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = render_markdown(data["description"])
        else:
            target = component or Component(version=version, key=data["key"])
            for name in ("part", "title", "summary", "description", "questions"):
                setattr(target, name, data[name])
            try:
                actions.do_save_component(
                    request.user,
                    target,
                    position=data["position"],
                    pairs_with=data["pairs_with"],
                    related=list(data["related"]),
                )
            except (actions.ModelActionError, VersionFrozen) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Saved “{target.title}”.")
                return redirect("interventions:component", pk=version.pk, key=target.key)
    return render(
        request,
        "interventions/component_form.html",
        {"form": form, "version": version, "component": component, "preview": preview},
    )


@login_required
def component_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk, write=True)
    return _edit_component(request, version, None)


@login_required
def component_edit(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    component = get_component_for_user(request.user, pk, key, write=True)
    return _edit_component(request, component.version, component)


@login_required
@require_POST
def component_delete(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    component = get_component_for_user(request.user, pk, key, write=True)
    try:
        actions.do_delete_component(request.user, component)
    except VersionFrozen as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Removed “{component.title}” from this draft.")
    return redirect("interventions:version", pk=pk)


@login_required
@require_POST
def version_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk, write=True)
    try:
        actions.do_publish_version(request.user, version)
    except (actions.ModelActionError, VersionFrozen) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Version {version.label} is published. It can no longer be changed.")
    return redirect("interventions:version", pk=pk)


@login_required
@require_POST
def version_new_draft(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk, write=True)
    form = NewDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the new draft a label.")
        return redirect("interventions:version", pk=pk)
    try:
        draft = actions.do_create_draft(request.user, version, form.cleaned_data["label"])
    except actions.ModelActionError as exc:
        messages.error(request, str(exc))
        return redirect("interventions:version", pk=pk)
    messages.success(request, f"Draft {draft.label} created from version {version.label}.")
    return redirect("interventions:version", pk=draft.pk)


@login_required
def version_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk, write=True)
    if version.is_published:
        messages.error(request, version.frozen_message())
        return redirect("interventions:version", pk=pk)
    form = VersionForm(request.POST or None, initial={"label": version.label, "note": version.note})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_version(request.user, version, **form.cleaned_data)
        except (actions.ModelActionError, VersionFrozen) as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("interventions:version", pk=pk)
    return render(request, "interventions/version_form.html", {"form": form, "version": version})


@login_required
@require_POST
def version_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk, write=True)
    try:
        actions.do_delete_draft(request.user, version)
    except VersionFrozen as exc:
        messages.error(request, str(exc))
        return redirect("interventions:version", pk=pk)
    messages.success(request, f"Draft {version.label} deleted.")
    return redirect("interventions:home")


@login_required
def import_version(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.caps.can_edit_model:
        raise PermissionDenied("Only researchers can import model versions.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.MODEL_FILE_MAX_BYTES:
                raise modelfile.ModelFileError(
                    [
                        Problem(
                            0,
                            f"the file is {upload.size:,} bytes; the limit is "
                            f"{settings.MODEL_FILE_MAX_BYTES:,}",
                        )
                    ]
                )
            text = modelfile.decode(upload.read(), settings.MODEL_FILE_MAX_BYTES)
            data = modelfile.parse(text)
            version = actions.do_import_version(request.user, data, label=form.cleaned_data["label"] or None)
        except modelfile.ModelFileError as exc:
            problems = [str(p) for p in exc.problems]
        except actions.ModelActionError as exc:
            problems = [str(exc)]
        else:
            messages.success(
                request,
                f"Imported version {version.label} as a draft with {len(data.components)} components.",
            )
            return redirect("interventions:version", pk=version.pk)
    return render(request, "interventions/import.html", {"form": form, "problems": problems})


@login_required
def diff_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    versions = visible_versions(request.user).order_by("model__name", "-created_at")
    form = DiffForm(request.GET or None, versions=versions)
    result = None
    evidence: dict[str, list[tuple[str, str]]] = {}
    citable: dict[str, int] = {}
    if form.is_bound and form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        result = diff_versions(version_data(a), version_data(b))
        for _receiver, answer in change_evidence.send(sender=ModelVersion, version=b, user=request.user):
            # django-stubs types every receiver's answer as `str | None`; this signal's receivers answer so.
            for key, lines in cast(dict[str, list[tuple[str, str]]], answer).items():
                evidence.setdefault(key, []).extend(lines)
        if not b.is_published and request.user.caps.can_edit_model and request.user.caps.can_handle_fieldwork:
            citable = dict(b.components.values_list("key", "pk"))
    return render(
        request,
        "interventions/diff.html",
        {
            "form": form,
            "diff": result,
            "evidence": [(key, evidence[key]) for key in evidence],
            "citable": citable,
        },
    )
