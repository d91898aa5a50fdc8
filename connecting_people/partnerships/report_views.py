"""The commissioner report for managers: a web page for a period, and the same report as a PDF (through
lib/pdf.py) or a CSV (through lib/csvsafe.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from connecting_people.accounts.requests import AuthenticatedHttpRequest

from .forms import PeriodForm
from .getters import organisation_for_user
from .report import build, file_name, report_csv, report_pdf


@login_required
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = organisation_for_user(request.user, write=True)  # managers
    today = timezone.localdate()
    default = {"start": today - dt.timedelta(days=364), "end": today}
    asked = {k: v for k, v in request.GET.items() if k in ("start", "end")}
    form = PeriodForm(asked or None, initial=default)
    if asked and not form.is_valid():
        return render(request, "partnerships/report.html", {"form": form, "report": None}, status=400)
    period = form.cleaned_data if asked else default
    found = build(organisation, period["start"], period["end"])
    name = file_name(found)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        response = HttpResponse(report_csv(found), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "pdf":
        response = HttpResponse(report_pdf(found), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    query = f"start={found.start.isoformat()}&end={found.end.isoformat()}"
    return render(request, "partnerships/report.html", {"form": form, "report": found, "query": query})
