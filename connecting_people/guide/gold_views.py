"""The gold-standard organisation (researchers) and the self-assessment with a tailored guide (managers)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from xml.sax.saxutils import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.fieldwork.evidence import passage_leads
from connecting_people.fieldwork.models import Excerpt, Site
from connecting_people.lib.pdf import write_pdf

from .actions import do_save_procedure, do_save_self_ratings, do_save_site_rating
from .builds import document_of
from .forms import ProcedureForm, SiteRatingForm
from .getters import get_guide_for_user, guide_for_assessment, released_draft
from .gold import Gap, ScaleError, exemplars, gaps, scale, strengths_and_gaps
from .models import Procedure, SiteRating
from .render_print import PRINT_CSS


def scale_needed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that use the rating scale say plainly when its file (CPI_RATING_SCALE) cannot be read."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ScaleError as exc:
            return render(request, "guide/scale_error.html", {"message": str(exc)}, status=503)

    return wrapper


@login_required
@scale_needed
def gold_overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, pk)
    chosen = exemplars(guide)
    sites = Site.objects.in_bulk({s.site_id for e in chosen.values() for s in e.ranked + e.ineligible})
    written = set(
        Procedure.objects.filter(guide=guide).exclude(text="").values_list("component_id", flat=True)
    )
    rows = [(c, chosen.get(c.pk), c.pk in written) for c in guide.version.components_in_order()]
    return render(
        request, "guide/gold.html", {"guide": guide, "rows": rows, "sites": sites, "scale": scale()}
    )


@login_required
@scale_needed
def gold_component(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    """Rate sites on one component, and write the procedure beside the exemplar's coded practice."""
    guide = get_guide_for_user(request.user, pk)
    component = guide.version.components.filter(key=key).first()
    if component is None:
        raise Http404("No such component in this guide's model")
    s = scale()
    sites = list(Site.objects.filter(team_id=guide.team_id).order_by("name"))
    evidence = list(
        Excerpt.objects.filter(pk__in=passage_leads(guide.team_id, component.key))
        .select_related("source__site")
        .order_by("source__site__name", "id")
    )
    procedure = Procedure.objects.filter(guide=guide, component=component).first() or Procedure(
        guide=guide, component=component
    )
    rating_form = SiteRatingForm(
        request.POST if "rate" in request.POST else None,
        sites=sites,
        scale=s,
        excerpts=evidence,
        prefix="rating",
    )
    procedure_form = ProcedureForm(request.POST if "procedure" in request.POST else None, instance=procedure)
    if request.method == "POST":
        if "rate" in request.POST and rating_form.is_valid():
            data = rating_form.cleaned_data
            do_save_site_rating(
                request.user, guide, component, data["site"], data["score"], data["note"], data["excerpts"]
            )
            messages.success(request, "Rating saved.")
            return redirect("guide:gold_component", pk=guide.pk, key=key)
        if "procedure" in request.POST and procedure_form.is_valid():
            do_save_procedure(request.user, procedure_form.save(commit=False))
            messages.success(request, "Procedure saved.")
            return redirect("guide:gold_component", pk=guide.pk, key=key)
    exemplar = exemplars(guide).get(component.pk)
    best_site = exemplar.best.site_id if exemplar and exemplar.best else None
    ratings = list(
        SiteRating.objects.filter(guide=guide, component=component)
        .select_related("site", "rater")
        .prefetch_related("excerpts")
        .order_by("site__name", "rater__username")
    )
    return render(
        request,
        "guide/gold_component.html",
        {
            "guide": guide,
            "component": component,
            "scale": s,
            "exemplar": exemplar,
            "ratings": ratings,
            "sites": {site.pk: site for site in sites},
            "rating_form": rating_form,
            "procedure_form": procedure_form,
            "exemplar_practice": [e for e in evidence if e.source.site_id == best_site],
        },
        status=400 if rating_form.errors or procedure_form.errors else 200,
    )


@login_required
@scale_needed
def self_assessment(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A manager rates their own organisation on each component; the gap to the gold standard is shown."""
    organisation = request.user.organisation
    if not request.user.caps.sees_whole_organisation_caseload or organisation is None:
        raise PermissionDenied("Managers rate their own organisation.")
    guide = guide_for_assessment()
    s = scale()
    components = list(guide.version.components_in_order())
    if request.method == "POST":
        scores, errors = {}, []
        valid = {level.score for level in s.levels}
        for c in components:
            raw = request.POST.get(f"c{c.pk}", "")
            if raw == "":
                continue
            if not raw.isdigit() or int(raw) not in valid:
                errors.append(f"“{c.title}”: choose a rating from the scale.")
            else:
                scores[c.pk] = int(raw)
        if errors:
            for error in errors:
                messages.error(request, error)
        else:
            do_save_self_ratings(request.user, guide, organisation, scores)
            messages.success(request, f"Saved {len(scores)} ratings for {organisation}.")
            return redirect("guide:self_assessment")
    rows = gaps(guide, request.user.organisation)
    return render(
        request,
        "guide/self_assessment.html",
        {
            "guide": guide,
            "scale": s,
            "rows": rows,
            "chart": _gap_chart(rows, s.top),
            "rated": sum(1 for r in rows if r.own is not None),
        },
    )


@login_required
@scale_needed
def tailored(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The guide ordered for this organisation: strengths to keep, then the largest gaps with the
    gold-standard procedure and the tips and examples, then everything else."""
    if not request.user.caps.sees_whole_organisation_caseload or request.user.organisation_id is None:
        raise PermissionDenied("Managers see the guide tailored to their organisation.")
    guide = guide_for_assessment()
    doc = document_of(released_draft())
    rows = gaps(guide, request.user.organisation)
    rating_scale = scale()
    keep, short, rest = strengths_and_gaps(rows, rating_scale)
    procedures = {p.key: p for p in doc.procedures}

    def entry(gap: Gap) -> dict[str, object]:
        return {
            "gap": gap,
            "own_label": rating_scale.label(gap.own) if gap.own is not None else "",
            "section": doc.section(gap.component.key),
            "procedure": procedures.get(gap.component.key),
        }

    context: dict[str, Any] = {
        "doc": doc,
        "organisation": request.user.organisation,
        "keep": [entry(g) for g in keep],
        "short": [entry(g) for g in short],
        "rest": [entry(g) for g in rest],
    }
    if request.GET.get("format") == "pdf":
        return _tailored_pdf(context)
    return render(request, "guide/tailored.html", context)


def _tailored_pdf(context: dict[str, Any]) -> HttpResponse:
    """The same tailored guide as a PDF, for a manager to share or report from."""
    html = render_to_string("guide/tailored_print.html", {**context, "today": timezone.localdate()})
    pdf = write_pdf(html, stylesheets=[PRINT_CSS], base_url=PRINT_CSS.parent)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="guide-for-{slugify(context["organisation"].name)}.pdf"'
    )
    return response


def _gap_chart(rows: list[Gap], top: int) -> str:
    """Horizontal bars: the organisation's rating and the gold standard's, per component, as an SVG
    that names every value in its text (the table beside it says the same)."""
    height = 26 * len(rows) + 60
    width, left = 640, 250
    scale_x = (width - left - 20) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="gap-chart" '
        'aria-labelledby="gap-title"><title id="gap-title">Your ratings against the gold standard, per component. '
        "The table below gives the same figures.</title>"
    ]
    for n, row in enumerate(rows):
        y = 20 + n * 26
        title = row.component.title
        title = title if len(title) <= 38 else title[:37].rsplit(" ", 1)[0] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 13}" text-anchor="end" font-size="11" fill="#1b2628" '
            f'font-family="DejaVu Sans, Verdana, sans-serif">{escape(title)}</text>'
        )
        if row.gold is not None:
            parts.append(
                f'<rect x="{left}" y="{y}" width="{row.gold * scale_x:.1f}" height="9" fill="#84520e"/>'
            )
        if row.own is not None:
            parts.append(
                f'<rect x="{left}" y="{y + 10}" width="{row.own * scale_x:.1f}" height="9" fill="#1f5f63"/>'
            )
    axis = 20 + len(rows) * 26 + 6
    parts.append(
        f'<line x1="{left}" y1="{axis}" x2="{left + top * scale_x:.1f}" y2="{axis}" stroke="#4a5658"/>'
    )
    for tick in range(top + 1):
        x = left + tick * scale_x
        parts.append(
            f'<line x1="{x:.1f}" y1="{axis}" x2="{x:.1f}" y2="{axis + 4}" stroke="#4a5658"/>'
            f'<text x="{x:.1f}" y="{axis + 16}" text-anchor="middle" font-size="11" fill="#4a5658" '
            f'font-family="DejaVu Sans, Verdana, sans-serif">{tick}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
