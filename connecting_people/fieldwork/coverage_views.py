from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.audit import log
from connecting_people.lib.svgchart import HEAT_NARROW, heat_map

from .coverage import coverage, coverage_chart, default_threshold, most_useful, where_next
from .coverage_report import coverage_pdf
from .evidence import EVIDENCE_RULE
from .exports import excerpts_csv
from .freshness import ranked, since_release, team_release
from .getters import require_fieldwork, research_team


def _params(request: HttpRequest) -> tuple[str, int]:
    by = "site" if request.GET.get("by") == "site" else "perspective"
    raw = request.GET.get("threshold", "")
    threshold = int(raw) if raw.isdigit() and 0 < int(raw) <= 1000 else default_threshold()
    return by, threshold


@login_required
def coverage_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    team = require_fieldwork(request.user)
    by, threshold = _params(request)
    matrix = coverage(team, by, threshold)
    plan = where_next(team, matrix) if by == "perspective" else []
    rows = matrix.rows()
    titles = {c.key: c.title for c in matrix.components}
    mark = team_release(team)
    fresh = since_release(team, mark)
    chart = coverage_chart(matrix, rows, moved=[f.key for f in ranked(fresh)])
    return render(
        request,
        "fieldwork/coverage.html",
        {
            "matrix": matrix,
            "rows": rows,
            "by": by,
            "threshold": threshold,
            "chart": heat_map(chart, "coverage-map"),
            "narrow_chart": heat_map(chart, "coverage-map-narrow", HEAT_NARROW),
            "plan": plan,
            "first": most_useful(plan),
            "gap_count": len(matrix.gaps()),
            "evidence_rule": EVIDENCE_RULE,
            "release": mark,
            "moved": {f.key: f.sentence(mark.label) for f in ranked(fresh)} if mark else {},
            "to_revise": [
                (titles[f.key], f.sentence(mark.label)) for f in ranked(fresh) if mark and f.key in titles
            ],
        },
    )


@login_required
def coverage_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    team = require_fieldwork(request.user)
    by, threshold = _params(request)
    response = HttpResponse(coverage(team, by, threshold).as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coverage-by-{by}.csv"'
    return response


@login_required
def coverage_pdf_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coverage page as a PDF for the research team: the heat map, its table and what to strengthen."""
    team = research_team(request.user)
    by, threshold = _params(request)
    matrix = coverage(team.pk, by, threshold)
    plan = where_next(team.pk, matrix) if by == "perspective" else []
    response = HttpResponse(coverage_pdf(team, matrix, matrix.rows(), plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="coverage-by-{by}.pdf"'
    return response


@login_required
def excerpts_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    team = require_fieldwork(request.user)
    user = request.user
    text = excerpts_csv(team)
    with transaction.atomic():
        log.record(
            user,
            log.Action.EXPORT,
            user.organisation,
            object_type="fieldwork.excerpt",
            object_id="",
            note=f"{text.count(chr(10)) - 1} excerpts (pseudonymised)",
        )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coded-excerpts.csv"'
    return response
