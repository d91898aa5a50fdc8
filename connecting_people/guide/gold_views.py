"""The gold-standard organisation (researchers) and the self-assessment with a tailored guide (managers)."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from typing import Any, cast
from xml.sax.saxutils import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from connecting_people.accounts.models import Organisation
from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.fieldwork.evidence import passage_leads
from connecting_people.fieldwork.models import Excerpt, Site
from connecting_people.interventions.models import Component
from connecting_people.interventions.parts import Part
from connecting_people.lib.csvsafe import SafeWriter
from connecting_people.lib.pdf import write_pdf
from connecting_people.lib.rounding import shown

from .actions import (
    do_delete_journey_stage,
    do_save_action_plan,
    do_save_gold_profile,
    do_save_journey_stage,
    do_save_procedure,
    do_save_self_ratings,
    do_save_site_rating,
)
from .builds import document_of
from .forms import (
    GoldProfileForm,
    JourneyStageForm,
    PlannedActionFormSet,
    ProcedureForm,
    SiteRatingForm,
)
from .getters import (
    get_guide_for_user,
    guide_for_assessment,
    organisation_for_plan,
    released_draft,
    shared_working_styles,
)
from .gold import Gap, ScaleError, exemplars, gaps, procedures_for, scale, strengths_and_gaps
from .models import GoldProfile, Guide, JourneyStage, PlannedAction, Procedure, SiteRating
from .render_html import groups
from .render_print import PRINT_CSS
from .signals import agency_evidence


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
    """The research team's view of the gold standard: its profile (edited here), the journey, and every
    component with its exemplar, its procedure's state and the sites it was drawn from."""
    guide = get_guide_for_user(request.user, pk)
    profile = GoldProfile.objects.filter(guide=guide).first() or GoldProfile(guide=guide)
    form = GoldProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        do_save_gold_profile(request.user, form.save(commit=False))
        messages.success(request, "Profile saved.")
        return redirect("guide:gold", pk=guide.pk)
    rating_scale = scale()
    chosen = exemplars(guide)
    sites = Site.objects.in_bulk({s.site_id for e in chosen.values() for s in e.ranked + e.ineligible})
    procedures = procedures_for(guide)
    components = guide.version.components_in_order()
    rows = [(c, chosen.get(c.pk), p) for c, p in zip(components, procedures, strict=True)]
    titles = {c.key: c.title for c in components}
    return render(
        request,
        "guide/gold.html",
        {
            "guide": guide,
            "rows": rows,
            "sites": sites,
            "scale": rating_scale,
            "strength_label": rating_scale.label(rating_scale.strength),
            "form": form,
            "covered": sum(1 for p in procedures if p.is_gold),
            "stages": [
                (stage, [titles[c.key] for c in stage.components.all() if c.key in titles])
                for stage in JourneyStage.objects.filter(guide=guide).prefetch_related("components")
            ],
        },
        status=400 if form.errors else 200,
    )


@login_required
def journey_stage(request: AuthenticatedHttpRequest, pk: int, stage: int | None = None) -> HttpResponse:
    """Write (or add, or take out) one point of the journey and name the procedures that apply there."""
    guide = get_guide_for_user(request.user, pk)
    if stage is None:
        instance = JourneyStage(guide=guide, position=guide.journey_stages.count() + 1)
    else:
        instance = get_object_or_404(JourneyStage, guide=guide, pk=stage)
    if request.method == "POST" and "delete" in request.POST and instance.pk:
        do_delete_journey_stage(request.user, instance)
        messages.success(request, f"“{instance.title}” taken out of the journey.")
        return redirect("guide:gold", pk=guide.pk)
    form = JourneyStageForm(
        request.POST or None, instance=instance, components=guide.version.components_in_order()
    )
    if request.method == "POST" and form.is_valid():
        do_save_journey_stage(request.user, form.save(commit=False), list(form.cleaned_data["components"]))
        messages.success(request, f"“{form.instance.title}” saved.")
        return redirect("guide:gold", pk=guide.pk)
    return render(
        request,
        "guide/gold_journey.html",
        {"guide": guide, "form": form, "stage": instance},
        status=400 if form.errors else 200,
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
    sites = list(
        Site.objects.filter(team_id=guide.team_id).select_related("practice_organisation").order_by("name")
    )
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
            "site_partnerships": _site_partnerships(sites, component.key)
            if component.part == Part.AGENCY
            else [],
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
    evidence = _agency_evidence(
        organisation, [r.component.key for r in rows if r.component.part == Part.AGENCY]
    )
    return render(
        request,
        "guide/self_assessment.html",
        {
            "guide": guide,
            "scale": s,
            "rows": [(row, evidence.get(row.component.key, [])) for row in rows],
            "chart": _gap_chart(rows, s.top),
            "rated": sum(1 for r in rows if r.own is not None),
            "shared_styles": shared_working_styles(request.user),
            "has_agency_evidence": bool(evidence),
        },
    )


def _agency_evidence(organisation: Organisation, components: list[str]) -> dict[str, list[str]]:
    """By agency component's key, what the parts that keep an organisation's work with other agencies say
    of it that speaks to that component (guide/signals.py)."""
    found: dict[str, list[str]] = {}
    if not components:
        return found
    for _receiver, answer in agency_evidence.send(
        sender=Guide, organisation=organisation, components=components
    ):
        # django-stubs types every receiver's answer as `str | None`; this signal's receivers answer with
        # these.
        for key, lines in cast(dict[str, list[str]], answer).items():
            found.setdefault(key, []).extend(lines)
    return found


def _site_partnerships(sites: list[Site], component: str) -> list[tuple[Site, list[str]]]:
    """For an agency component's ratings: what the partnership records say of each site that keeps its
    records here and whose organisation agreed to share with the team (`Site.research_agreed_at`), about
    that component."""
    return [
        (site, lines)
        for site in sites
        if site.practice_organisation is not None
        and site.research_agreed_at is not None
        and (lines := _agency_evidence(site.practice_organisation, [component]).get(component))
    ]


def _tailored(organisation: Organisation) -> dict[str, Any]:
    """The guide ordered for one organisation (`tailored_for` its self-assessment), ending with its
    action plan."""
    guide = guide_for_assessment()
    return {
        **tailored_for(guide, gaps(guide, organisation)),
        "organisation": organisation,
        "plan": list(
            PlannedAction.objects.filter(guide=guide, organisation=organisation).select_related("component")
        ),
    }


def tailored_for(guide: Guide, rows: list[Gap]) -> dict[str, Any]:
    """The guide ordered for whoever rated `rows` (an organisation, or a worker's own practice), from
    the latest release: strengths (rated high in absolute terms), gaps largest first, each with the
    gold-standard procedure, the stage's guidance and its examples; what else was rated; and how many
    components are not rated yet."""
    doc = document_of(released_draft())
    rating_scale = scale()
    keep, short, rest = strengths_and_gaps(rows, rating_scale)

    def entry(gap: Gap) -> dict[str, object]:
        section = doc.section(gap.component.key)
        return {
            "gap": gap,
            "own_label": rating_scale.label(gap.own) if gap.own is not None else "",
            "section": section,
            "groups": groups(section) if section else [],
            "procedure": doc.procedure(gap.component.key),
        }

    return {
        "doc": doc,
        "guide": guide,
        "scale": rating_scale,
        "strength_label": rating_scale.label(rating_scale.strength),
        "keep": [entry(g) for g in keep],
        "short": [entry(g) for g in short],
        "rated": [entry(g) for g in rest if g.own is not None],
        "unrated": [g.component.title for g in rest if g.own is None],
        "total": len(rows),
    }


def _plan_choices(context: dict[str, Any]) -> list[Component]:
    """The gaps an action can close, largest first, and any component an earlier row was linked to."""
    choices = [e["gap"].component for e in context["short"]]
    for row in context["plan"]:
        if row.component not in choices:
            choices.append(row.component)
    return choices


@login_required
@scale_needed
def tailored(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tailored guide, ending with the action plan the manager fills in here."""
    if not request.user.caps.sees_whole_organisation_caseload or request.user.organisation is None:
        raise PermissionDenied("Managers see the guide tailored to their organisation.")
    organisation = request.user.organisation
    context = _tailored(organisation)
    guide = context["guide"]
    formset = PlannedActionFormSet(
        request.POST or None,
        queryset=PlannedAction.objects.filter(guide=guide, organisation=organisation),
        form_kwargs={"gaps": _plan_choices(context)},
        prefix="plan",
    )
    if request.method == "POST" and formset.is_valid():
        rows = []
        for form in formset.forms:
            if form in formset.deleted_forms or (not form.has_changed() and form.instance.pk is None):
                continue
            row = form.save(commit=False)
            row.guide, row.organisation = guide, organisation
            rows.append(row)
        do_save_action_plan(request.user, rows, [form.instance for form in formset.deleted_forms])
        messages.success(request, f"Action plan saved: {len(rows)} action{pluralize(len(rows))}.")
        return redirect(reverse("guide:tailored") + "#plan")
    return render(
        request,
        "guide/tailored.html",
        {**context, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@scale_needed
def tailored_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The tailored guide and its action plan as a PDF, for a manager to share or report from."""
    context = _tailored(organisation_for_plan(request.user, pk))
    html = render_to_string("guide/tailored_print.html", {**context, "today": timezone.localdate()})
    pdf = write_pdf(html, stylesheets=[PRINT_CSS], base_url=PRINT_CSS.parent)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="guide-for-{slugify(context["organisation"].name)}.pdf"'
    )
    return response


@login_required
@scale_needed
def plan_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The action plan as CSV, through the one safe writer (a cell starting "=" stays text)."""
    context = _tailored(organisation_for_plan(request.user, pk))
    gap_of = {e["gap"].component.pk: e["gap"].gap for e in context["short"]}
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["Gap", "Gap to the gold standard", "Action", "Owner", "First step", "By when"])
    for row in context["plan"]:
        gap = gap_of.get(row.component_id)
        writer.writerow(
            [
                row.component.title,
                shown(gap, 2, empty=""),
                row.action,
                row.owner,
                row.first_step,
                row.due.isoformat() if row.due else "",
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="action-plan-{slugify(context["organisation"].name)}.csv"'
    )
    return response


def _gap_chart(rows: list[Gap], top: int) -> str:
    """Horizontal bars: the organisation's rating and the gold standard's, per component, as an SVG
    that names every value in its text (the table beside it says the same)."""
    height = 26 * len(rows) + 60
    width, left = 640, 250
    scale_x = (width - left - 20) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        'class="gap-chart" aria-labelledby="gap-title">'
        '<title id="gap-title">Your ratings against the gold standard, per '
        "component. "
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
