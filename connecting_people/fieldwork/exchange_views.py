"""REFI-QDA exchange in the web: download the project or codebook, upload one from another tool."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from connecting_people.audit import log

from . import refi
from .getters import require_fieldwork


class ExchangeUploadForm(forms.Form):
    file = forms.FileField(label="A .qdpx project or a .qdc codebook",
                           help_text="Exported from NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette or Connecting People.")


@login_required
def exchange(request: HttpRequest) -> HttpResponse:
    require_fieldwork(request.user)
    form = ExchangeUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name.lower()
        try:
            if upload.size > refi.MAX_ARCHIVE_BYTES:
                raise refi.RefiError("The file is over 200 MB.")
            data = upload.read()
            if name.endswith(".qdc"):
                report = refi.import_codebook(request.user.organisation_id, data)
            elif name.endswith(".qdpx"):
                report = refi.import_project(request.user, request.user.organisation, data)
            else:
                raise refi.RefiError("Choose a file ending .qdpx (a project) or .qdc (a codebook).")
        except refi.RefiError as exc:
            form.add_error("file", f"Nothing was imported: {exc}")
    return render(request, "fieldwork/exchange.html", {"form": form, "report": report})


def _download(request: HttpRequest, data: bytes, filename: str, content_type: str, note: str) -> HttpResponse:
    with transaction.atomic():
        log.record(request.user, log.Action.EXPORT, request.user.organisation, note=note)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_qdpx(request: HttpRequest) -> HttpResponse:
    require_fieldwork(request.user)
    team = request.user.organisation
    return _download(request, refi.export_project(team.pk, f"{team.name} fieldwork"), "fieldwork.qdpx",
                     "application/zip", "REFI-QDA project")


@login_required
def export_qdc(request: HttpRequest) -> HttpResponse:
    require_fieldwork(request.user)
    return _download(request, refi.export_codebook(request.user.organisation_id), "codebook.qdc",
                     "application/xml", "REFI-QDA codebook")
