from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.lib.forms import as_id

from . import actions
from .forms import ParticipantForm, SiteForm, UploadForm, VisitForm, WithdrawForm
from .getters import (
    IN_INBOX,
    NOBODY_LINKED,
    get_import_for_user,
    get_participant_for_user,
    get_site_for_user,
    get_source_for_user,
    imports_for_user,
    participants_for_user,
    require_fieldwork,
    research_team,
    sites_for_user,
    sources_for_user,
)
from .importing import DUPLICATE, FAILED, IMPORTED
from .manifest import TEMPLATE, ManifestError, match_rows, parse_manifest
from .models import ImportFile, ImportJob, Participant, Site, Visit
from .vocab import SourceKind

STATUS_LABELS = {
    ImportFile.WAITING: "Waiting",
    IMPORTED: "Imported",
    DUPLICATE: "Duplicate",
    FAILED: "Failed",
}


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_fieldwork(request.user)
    sources = sources_for_user(request.user)
    return render(
        request,
        "fieldwork/home.html",
        {
            "site_count": sites_for_user(request.user).count(),
            "participant_count": participants_for_user(request.user).count(),
            "source_count": sources.count(),
            "inbox_count": sources.filter(IN_INBOX).count(),
        },
    )


@login_required
def source_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    sources = sources_for_user(request.user).select_related("site").order_by("-imported_at", "-id")
    inbox = request.GET.get("inbox") == "1"
    unlinked = request.GET.get("linked") == "none"
    site_id = request.GET.get("site", "")
    if inbox:
        sources = sources.filter(IN_INBOX)
    elif (site := as_id(site_id)) is not None:
        sources = sources.filter(site_id=site)
    if unlinked:
        sources = sources.filter(NOBODY_LINKED)
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
            "unlinked": unlinked,
            "sites": sites_for_user(request.user),
            "site_id": site_id,
            "kinds": SourceKind.choices,
            "kind": kind,
            "query": query.urlencode(),
        },
    )


@login_required
def source_original(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    source = get_source_for_user(request.user, pk)
    if not source.original:
        raise Http404("The original file was deleted when a participant withdrew; the text is kept.")
    actions.do_record_source_view(request.user, source, "downloaded the original file")
    return FileResponse(source.original.open("rb"), as_attachment=True, filename=source.original_name)


@login_required
def manifest_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_fieldwork(request.user)
    response = HttpResponse(TEMPLATE, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fieldwork-manifest.csv"'
    return response


@login_required
def import_files(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload: the files are kept and imported in the background; the import's own page shows how far
    it has got."""
    user = request.user
    team = research_team(user)
    sites = sites_for_user(user)
    form = UploadForm(request.POST or None, request.FILES or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        rows = {}
        manifest = form.cleaned_data["manifest"]
        if manifest is not None:
            try:
                rows = parse_manifest(manifest.read())
            except ManifestError as exc:
                form.add_error("manifest", f"The manifest could not be read: {exc}")
        if not form.errors:
            uploads = form.cleaned_data["files"]
            matched, unmatched = match_rows(rows, [(u.name or "", u.name or "") for u in uploads])
            job = actions.do_queue_import(
                user,
                team,
                uploads,
                site=form.cleaned_data["site"],
                kind=form.cleaned_data["kind"],
                manifest=matched,
                sites={s.name.casefold(): s for s in sites.prefetch_related("participants")},
            )
            for line in unmatched:
                messages.warning(request, line[:1].upper() + line[1:] + ".")
            return redirect("fieldwork:import_job", pk=job.pk)
    recent = imports_for_user(user)[:5]
    return render(request, "fieldwork/import.html", {"form": form, "recent": recent})


@login_required
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(imports_for_user(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "fieldwork/imports.html", {"page": page})


def _import_files(job: ImportJob) -> list[dict[str, Any]]:
    return [
        {
            "name": f.name,
            "status": f.status,
            "label": STATUS_LABELS.get(f.status, f.status),
            "message": f.message,
            "source_url": reverse("fieldwork:source", args=[f.source_id]) if f.source_id else "",
        }
        for f in job.files.only("name", "status", "message", "source_id", "job_id")
    ]


def _import_summary(job: ImportJob, files: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {status: sum(1 for f in files if f["status"] == status) for status in STATUS_LABELS}
    return {
        "state": job.state,
        "state_label": job.get_state_display(),
        "finished": job.finished,
        "message": job.message,
        "total": job.total,
        "done": job.total - counts[ImportFile.WAITING],
        "summary": (
            f"{counts[IMPORTED]} imported, {counts[DUPLICATE]} skipped as duplicates, {counts[FAILED]} failed"
            + (f", {counts[ImportFile.WAITING]} waiting" if counts[ImportFile.WAITING] else "")
        ),
        "files": files,
    }


@login_required
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_import_for_user(request.user, pk)
    return render(
        request, "fieldwork/import_job.html", {"job": job, **_import_summary(job, _import_files(job))}
    )


@login_required
def import_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """What the import's page shows, for its script to keep the page current."""
    job = get_import_for_user(request.user, pk)
    return JsonResponse(_import_summary(job, _import_files(job)))


@login_required
def site_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    sites = sites_for_user(request.user).annotate(
        n_participants=Count("participants", distinct=True),
        n_sources=Count("sources", distinct=True),
        n_visits=Count("visits", distinct=True),
    )
    return render(request, "fieldwork/sites.html", {"sites": sites})


@login_required
def site_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    team_id = require_fieldwork(request.user)
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site: Site = form.save(commit=False)
        site.team_id = team_id
        if Site.objects.filter(team_id=site.team_id, name__iexact=site.name).exists():
            form.add_error("name", "Your team already has a site with this name.")
        else:
            actions.do_save_site(request.user, site)
            return redirect("fieldwork:site", pk=site.pk)
    return render(request, "fieldwork/form.html", {"form": form, "title": "Add a site"})


@login_required
def site_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def site_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    site = get_site_for_user(request.user, pk)
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        actions.do_save_site(request.user, form.save(commit=False))
        return redirect("fieldwork:site", pk=site.pk)
    return render(request, "fieldwork/form.html", {"form": form, "title": f"Edit {site.name}", "back": site})


@login_required
def visit_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def participant_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def participant_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk)
    form = ParticipantForm(request.POST or None, instance=participant)
    withdraw = WithdrawForm(initial={"withdrawn_on": dt.date.today()})
    if request.method == "POST" and form.is_valid():
        actions.do_save_participant(request.user, form.save(commit=False))
        return redirect("fieldwork:site", pk=participant.site_id)
    if request.method == "GET":
        actions.do_record_participant_view(request.user, participant)
    return render(
        request,
        "fieldwork/participant.html",
        {"form": form, "participant": participant, "withdraw": withdraw},
    )


@login_required
@require_POST
def participant_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date and tick the box to confirm the withdrawal.")
        return redirect("fieldwork:participant", pk=pk)
    actions.do_withdraw_participant(request.user, participant, form.cleaned_data["withdrawn_on"])
    messages.success(request, f"{participant.pseudonym}'s consent is recorded as withdrawn.")
    return redirect("fieldwork:site", pk=participant.site_id)
