"""REFI-QDA exchange in the web: download the project or codebook; upload one from another tool, see
what it holds and what will be done with it, then confirm."""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render

from connecting_people.accounts.models import Organisation, User
from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.accounts.roles import Role
from connecting_people.audit import log

from . import refi
from .coding import coding_components
from .getters import require_fieldwork, research_team
from .models import Site
from .vocab import Perspective

PENDING = re.compile(r"^[0-9a-f]{64}$")
KEEP = "keep"


class ExchangeUploadForm(forms.Form):
    file = forms.FileField(
        label="A .qdpx project or a .qdc codebook",
        help_text="Exported from NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette or Connecting People.",
    )


def _pending_path(team: Organisation, digest: str) -> str:
    return f"fieldwork/pending/{team.pk}/{digest}.qdpx"


def _coder_fields(plan: refi.Plan, team: Organisation) -> forms.Form:
    researchers = list(
        User.objects.filter(organisation=team, role=Role.RESEARCHER, is_active=True).order_by("username")
    )
    form = forms.Form()
    for coder in plan.coders:
        choices = [(KEEP, f"Keep as a coder of their own: {coder.name}")]
        choices += [(str(r.pk), f"{r.display_name} ({r.username})") for r in researchers]
        initial = str(coder.user.pk) if coder.user is not None and coder.user.is_active else KEEP
        form.fields[f"coder_{coder.guid}"] = forms.ChoiceField(
            label=f"{coder.name} ({coder.codings} codings)", choices=choices, initial=initial, required=True
        )
    return form


def _case_fields(plan: refi.Plan, team: Organisation) -> forms.Form:
    sites = [(str(site.pk), f"A participant at {site.name}") for site in Site.objects.filter(team=team)]
    form = forms.Form()
    for case in plan.project.cases:
        form.fields[f"case_{case.guid}"] = forms.ChoiceField(
            label=f"Case “{case.name}” ({len(case.sources)} source{'s' if len(case.sources) != 1 else ''})",
            choices=[(KEEP, "Attributes of its sources only"), *sites],
            initial=KEEP,
            required=True,
        )
        form.fields[f"case_{case.guid}_perspective"] = forms.ChoiceField(
            label=f"Perspective of “{case.name}”, if a participant",
            choices=Perspective.choices,
            initial=Perspective.INDIVIDUAL,
            required=True,
        )
    return form


def _chosen_cases(plan: refi.Plan, team: Organisation, data: dict[str, str]) -> dict[str, refi.CaseChoice]:
    sites = {str(site.pk): site for site in Site.objects.filter(team=team)}
    perspectives = set(Perspective.values)
    return {
        case.guid: refi.CaseChoice(
            sites[data[f"case_{case.guid}"]], data.get(f"case_{case.guid}_perspective", "")
        )
        for case in plan.project.cases
        if data.get(f"case_{case.guid}") in sites
        and data.get(f"case_{case.guid}_perspective") in perspectives
    }


def _chosen(plan: refi.Plan, team: Organisation, data: dict[str, str]) -> dict[str, User]:
    researchers = {
        str(r.pk): r for r in User.objects.filter(organisation=team, role=Role.RESEARCHER, is_active=True)
    }
    return {
        c.guid: researchers[data[f"coder_{c.guid}"]]
        for c in plan.coders
        if data.get(f"coder_{c.guid}") in researchers
    }


@login_required
def exchange(request: AuthenticatedHttpRequest) -> HttpResponse:
    team = research_team(request.user)
    form = ExchangeUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    pending = request.POST.get("pending", "")
    if request.method == "POST" and PENDING.match(pending):
        path = _pending_path(team, pending)
        if "cancel" in request.POST or not default_storage.exists(path):
            default_storage.delete(path)
            context["notice"] = "Nothing was imported."
            return render(request, "fieldwork/exchange.html", {"form": ExchangeUploadForm(), **context})
        with default_storage.open(path) as handle:
            data = handle.read()
        try:
            plan = refi.make_plan(team, refi.Archive(data), coding_components())
            context["report"] = refi.apply_plan(
                request.user,
                team,
                plan,
                _chosen(plan, team, request.POST),
                _chosen_cases(plan, team, request.POST),
            )
        except refi.RefiError as exc:
            form.add_error(None, f"Nothing was imported: {exc}")
        default_storage.delete(path)
        return render(request, "fieldwork/exchange.html", {**context, "form": ExchangeUploadForm()})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name.lower()
        try:
            if upload.size > refi.MAX_ARCHIVE_BYTES:
                raise refi.RefiError("The file is over 200 MB.")
            data = upload.read()
            if name.endswith(".qdc"):
                context["report"] = refi.do_import_codebook(request.user, team, data)
            elif name.endswith(".qdpx"):
                plan = refi.make_plan(team, refi.Archive(data), coding_components())
                digest = hashlib.sha256(data).hexdigest()
                path = _pending_path(team, digest)
                if not default_storage.exists(path):
                    default_storage.save(path, ContentFile(data))
                return render(
                    request,
                    "fieldwork/exchange_preview.html",
                    {
                        "plan": plan,
                        "pending": digest,
                        "coders": _coder_fields(plan, team),
                        "filename": upload.name,
                        "cases": _case_fields(plan, team),
                        "labels": refi.ACTION_LABELS,
                    },
                )
            else:
                raise refi.RefiError("Choose a file ending .qdpx (a project) or .qdc (a codebook).")
        except refi.RefiError as exc:
            form.add_error("file", f"Nothing was imported: {exc}")
    return render(request, "fieldwork/exchange.html", context)


def _download(
    request: AuthenticatedHttpRequest, data: bytes, filename: str, content_type: str, note: str
) -> HttpResponse:
    with transaction.atomic():
        log.record(request.user, log.Action.EXPORT, request.user.organisation, note=note)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_qdpx(request: AuthenticatedHttpRequest) -> HttpResponse:
    team = research_team(request.user)
    return _download(
        request,
        refi.export_project(team.pk, f"{team.name} fieldwork"),
        "fieldwork.qdpx",
        "application/zip",
        "REFI-QDA project",
    )


@login_required
def export_qdc(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _download(
        request,
        refi.export_codebook(require_fieldwork(request.user)),
        "codebook.qdc",
        "application/xml",
        "REFI-QDA codebook",
    )
