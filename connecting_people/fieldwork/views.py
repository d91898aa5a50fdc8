from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import actions
from .forms import ParticipantForm, SiteForm, UploadForm, VisitForm, WithdrawForm
from .getters import (
    get_participant_for_user,
    get_site_for_user,
    get_source_for_user,
    participants_for_user,
    require_fieldwork,
    sites_for_user,
    sources_for_user,
)
from .importing import IMPORTED, ImportItem, ImportReport, import_one
from .manifest import TEMPLATE, ManifestError, parse_manifest, resolve_site_and_people
from .models import Participant, Site, Visit
from .vocab import SourceKind


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_fieldwork(request.user)
    sources = sources_for_user(request.user)
    return render(
        request,
        "fieldwork/home.html",
        {
            "site_count": sites_for_user(request.user).count(),
            "participant_count": participants_for_user(request.user).count(),
            "source_count": sources.count(),
            "inbox_count": sources.filter(site__isnull=True).count(),
        },
    )


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    sources = sources_for_user(request.user).select_related("site").order_by("-imported_at", "-id")
    inbox = request.GET.get("inbox") == "1"
    site_id = request.GET.get("site", "")
    if inbox:
        sources = sources.filter(site__isnull=True)
    elif site_id.isdigit():
        sources = sources.filter(site_id=int(site_id))
    kind = request.GET.get("kind", "")
    if kind in SourceKind.values:
        sources = sources.filter(kind=kind)
    page = Paginator(sources.defer("text", "turns"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fieldwork/sources.html",
        {
            "page": page,
            "inbox": inbox,
            "sites": sites_for_user(request.user),
            "site_id": site_id,
            "kinds": SourceKind.choices,
            "kind": kind,
            "query": query.urlencode(),
        },
    )


@login_required
def source_original(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_source_for_user(request.user, pk)
    if not source.original:
        raise Http404("The original file was deleted when a participant withdrew; the text is kept.")
    return FileResponse(source.original.open("rb"), as_attachment=True, filename=source.original_name)


@login_required
def manifest_template(request: HttpRequest) -> HttpResponse:
    require_fieldwork(request.user)
    response = HttpResponse(TEMPLATE, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fieldwork-manifest.csv"'
    return response


@login_required
def import_files(request: HttpRequest) -> HttpResponse:
    user = request.user
    sites = sites_for_user(user)
    form = UploadForm(request.POST or None, request.FILES or None, sites=sites)
    report: ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        rows = {}
        manifest = form.cleaned_data["manifest"]
        if manifest is not None:
            try:
                rows = parse_manifest(manifest.read().decode("utf-8-sig"))
            except (ManifestError, UnicodeDecodeError) as exc:
                form.add_error("manifest", f"The manifest could not be read: {exc}")
        if not form.errors:
            by_name = {s.name.casefold(): s for s in sites.prefetch_related("participants")}
            report = ImportReport()
            for upload in form.cleaned_data["files"]:
                item = ImportItem(
                    name=upload.name,
                    read=upload.read,
                    site=form.cleaned_data["site"],
                    kind=form.cleaned_data["kind"],
                )
                row = rows.get(upload.name)
                if row is not None:
                    site, people, problem = resolve_site_and_people(row, by_name)
                    item.site, item.participants, item.problem = site or item.site, people, problem
                    item.visit_date, item.kind, item.title = row.visit_date, row.kind or item.kind, row.title
                report.items.append(import_one(user, user.organisation, item))
    return render(request, "fieldwork/import.html", {"form": form, "report": report, "IMPORTED": IMPORTED})


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    sites = sites_for_user(request.user).annotate(
        n_participants=Count("participants", distinct=True),
        n_sources=Count("sources", distinct=True),
        n_visits=Count("visits", distinct=True),
    )
    return render(request, "fieldwork/sites.html", {"sites": sites})


@login_required
def site_new(request: HttpRequest) -> HttpResponse:
    require_fieldwork(request.user)
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site: Site = form.save(commit=False)
        site.team_id = request.user.organisation_id
        if Site.objects.filter(team_id=site.team_id, name__iexact=site.name).exists():
            form.add_error("name", "Your team already has a site with this name.")
        else:
            actions.do_save_site(request.user, site)
            return redirect("fieldwork:site", pk=site.pk)
    return render(request, "fieldwork/form.html", {"form": form, "title": "Add a site"})


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_site_for_user(request.user, pk)
    return render(
        request,
        "fieldwork/site.html",
        {
            "site": site,
            "visits": site.visits.prefetch_related("researchers"),
            "participants": site.participants.all(),
            "sources": site.sources.defer("text", "turns")[:50],
        },
    )


@login_required
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_site_for_user(request.user, pk)
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        actions.do_save_site(request.user, form.save(commit=False))
        return redirect("fieldwork:site", pk=site.pk)
    return render(request, "fieldwork/form.html", {"form": form, "title": f"Edit {site.name}", "back": site})


@login_required
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_site_for_user(request.user, pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        visit: Visit = form.save(commit=False)
        visit.site = site
        actions.do_save_visit(request.user, visit, researchers=[request.user])
        return redirect("fieldwork:site", pk=site.pk)
    return render(
        request,
        "fieldwork/form.html",
        {"form": form, "title": f"Record a visit to {site.name}", "back": site},
    )


@login_required
def participant_new(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_site_for_user(request.user, pk)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participant: Participant = form.save(commit=False)
        participant.site = site
        if site.participants.filter(pseudonym__iexact=participant.pseudonym).exists():
            form.add_error("pseudonym", "This pseudonym is already used at this site.")
        else:
            actions.do_save_participant(request.user, participant)
            return redirect("fieldwork:site", pk=site.pk)
    return render(
        request,
        "fieldwork/form.html",
        {"form": form, "title": f"Add a participant at {site.name}", "back": site},
    )


@login_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk)
    form = ParticipantForm(request.POST or None, instance=participant)
    withdraw = WithdrawForm(initial={"withdrawn_on": dt.date.today()})
    if request.method == "POST" and form.is_valid():
        actions.do_save_participant(request.user, form.save(commit=False))
        return redirect("fieldwork:site", pk=participant.site_id)
    return render(
        request,
        "fieldwork/participant.html",
        {"form": form, "participant": participant, "withdraw": withdraw},
    )


@login_required
@require_POST
def participant_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date and tick the box to confirm the withdrawal.")
        return redirect("fieldwork:participant", pk=pk)
    actions.do_withdraw_participant(request.user, participant, form.cleaned_data["withdrawn_on"])
    messages.success(request, f"{participant.pseudonym}'s consent is recorded as withdrawn.")
    return redirect("fieldwork:site", pk=participant.site_id)
