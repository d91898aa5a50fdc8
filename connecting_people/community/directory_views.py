"""Keeping the organisation's directory (`/community/directory/`): what it holds and what needs doing
(workers and managers read it), and for its managers uploading a data package or ORUK JSON file through
the command's checked import, adding and correcting entries (and the website and email of the
organisations that run them), and publishing the read-only API."""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from connecting_people.accounts.models import Organisation
from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.lib.local_url import local_url

from . import overview
from .actions import do_queue_directory_upload, do_save_entry, do_save_provider, do_set_publishing
from .directory_forms import EntryForms, ProviderForm, PublishForm, UploadForm, suggested_api_name
from .entries import REPORTED
from .getters import (
    directory_owner_for_user,
    get_entry_to_change,
    get_import_for_user,
    get_provider_to_change,
    get_upload_for_user,
    imports_for_user,
    uploads_for_user,
)
from .importing import CREATED, UNCHANGED, UPDATED
from .models import MODELS, DirectoryImport, Service, UploadState

DUE_PER_PAGE = 20
REPORTED_PER_PAGE = 20
REPORT_PER_PAGE = 100
PROBLEMS_PER_PAGE = 100
OUTCOMES = {CREATED: "Created", UPDATED: "Updated", UNCHANGED: "Unchanged"}


def _api_address(request: AuthenticatedHttpRequest, api_name: str) -> str:
    return request.build_absolute_uri(reverse("community:api_meta", args=[api_name]))


def _page(request: AuthenticatedHttpRequest, owner: Organisation, publish_form: PublishForm) -> HttpResponse:
    services = Service.objects.filter(owner=owner)
    due = Paginator(overview.due(services), DUE_PER_PAGE).get_page(request.GET.get("page"))
    reported = Paginator(overview.reported(services), REPORTED_PER_PAGE).get_page(request.GET.get("reported"))
    settings = overview.publishing(owner)
    return render(
        request,
        "community/directory.html",
        {
            "owner": owner,
            "check_days": django_settings.CPI_DIRECTORY_CHECK_DAYS,
            "totals": overview.totals(owner),
            "reports": overview.reports(reported),
            "reported": reported,
            "page": due,
            # Each list's links keep the page the other list is at.
            "due_query": f"reported={reported.number}" if reported.number > 1 else "",
            "reported_query": f"page={due.number}" if due.number > 1 else "",
            "imports": imports_for_user(request.user)
            .select_related("started_by")
            .defer("report")
            .order_by("-at", "-id")[:8],
            "uploads": uploads_for_user(request.user)
            .exclude(state=UploadState.DONE)
            .select_related("started_by")[:5],
            "settings": settings,
            "api_url": _api_address(request, settings.api_name) if settings and settings.api_name else "",
            "can_manage": request.user.caps.can_manage_directory,
            "publish_form": publish_form,
        },
    )


@login_required
def directory(request: AuthenticatedHttpRequest) -> HttpResponse:
    owner = directory_owner_for_user(request.user)
    settings = overview.publishing(owner)
    name = settings.api_name if settings and settings.api_name else suggested_api_name(owner)
    return _page(request, owner, PublishForm(owner=owner, initial={"api_name": name}))


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Publish the directory's read-only ORUK API (under a name), or stop publishing it: the same action
    as `cpi community publish`."""
    owner = directory_owner_for_user(request.user, manage=True)
    if request.POST.get("publish") != "on":
        settings = overview.publishing(owner)
        if settings is None or not settings.publish_api:
            messages.info(request, "The directory is not published, so there was nothing to stop.")
        else:
            do_set_publishing(request.user, owner, publish=False)
            messages.success(
                request, "The directory is no longer published: its address now answers “not found”."
            )
        return redirect(reverse("directory:directory") + "#api")
    form = PublishForm(request.POST, owner=owner)
    if form.is_valid():
        try:
            settings = do_set_publishing(
                request.user, owner, publish=True, api_name=form.cleaned_data["api_name"]
            )
        except ValidationError as error:
            form.add_error("api_name", " ".join(error.messages))
        else:
            messages.success(
                request,
                "Published: other services’ systems can read the directory at "
                f"{_api_address(request, settings.api_name)}",
            )
            return redirect(reverse("directory:directory") + "#api")
    return _page(request, owner, form)


@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a data package or ORUK JSON file; it is checked whole and imported in the background."""
    owner = directory_owner_for_user(request.user, manage=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        queued = do_queue_directory_upload(request.user, owner, form.cleaned_data["file"])
        return redirect("directory:upload_state", pk=queued.pk)
    return render(request, "community/directory_upload.html", {"form": form, "owner": owner})


@login_required
def upload_state(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An upload's outcome: waiting or being imported, refused with every problem by row, or imported
    (then its import's report)."""
    found = get_upload_for_user(request.user, pk)
    if found.state == UploadState.DONE and found.result_id is not None:
        return redirect("directory:import_report", pk=found.result_id)
    page = Paginator(found.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/directory_upload_state.html",
        {"upload": found, "page": page, "can_manage": request.user.caps.can_manage_directory},
    )


@login_required
def upload_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """Whether the upload is finished, for its page's script to show the outcome when it is."""
    found = get_upload_for_user(request.user, pk)
    return JsonResponse({"finished": found.finished, "state_label": found.get_state_display()})


def _names(record: DirectoryImport, rows: list[list[Any]]) -> dict[tuple[str, str], str]:
    """The names of the records on a page of the report that have one (services, organisations, ...)."""
    wanted: dict[str, list[str]] = {}
    for table, oruk_id, *_ in rows:
        wanted.setdefault(table, []).append(oruk_id)
    names: dict[tuple[str, str], str] = {}
    for table, ids in wanted.items():
        model = MODELS.get(table)
        if model is None or "name" not in {f.name for f in model._meta.get_fields()}:
            continue
        rows_of = model._default_manager.filter(owner_id=record.owner_id, oruk_id__in=ids)
        for oruk_id, name in rows_of.values_list("oruk_id", "name"):  # type: ignore[misc]
            names[(table, oruk_id)] = name
    return names


@login_required
def import_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An import's report, record by record: created, updated (with the fields that changed) or
    unchanged, a page at a time, filtered by outcome."""
    record = get_import_for_user(request.user, pk)
    show = request.GET.get("show", "")
    show = show if show in OUTCOMES else ""
    rows = [row for row in record.report if not show or row[2] == show]
    page = Paginator(rows, REPORT_PER_PAGE).get_page(request.GET.get("page"))
    names = _names(record, list(page))
    upload_row = uploads_for_user(request.user).filter(result=record).only("notes").first()
    return render(
        request,
        "community/directory_import.html",
        {
            "record": record,
            "page": page,
            "rows": [(row, names.get((row[0], row[1]), "")) for row in page],
            "show": show,
            "query": f"show={show}" if show else "",
            "outcomes": [(key, label, record.counts.get(key, 0)) for key, label in OUTCOMES.items()],
            "total": len(record.report),
            "notes": upload_row.notes if upload_row is not None else [],
        },
    )


def _entry_page(
    request: AuthenticatedHttpRequest, owner: Organisation, service: Service | None
) -> HttpResponse:
    forms = EntryForms(request.POST or None, owner, service)
    back = local_url(request, request.POST.get("next") or request.GET.get("next", "")) or ""
    if request.method == "POST" and forms.is_valid():
        saved = do_save_entry(request.user, owner, forms.entry(), service)
        if service is None:
            messages.success(request, f"Added “{saved.name}” to the directory.")
        else:
            messages.success(request, f"Saved your changes to “{saved.name}”.")
        return redirect(back or "directory:directory")
    report = service.alert if service is not None and service.alert.startswith(REPORTED) else ""
    if report and service is not None and service.check_note:
        report += f" What they said: “{service.check_note}”"
    return render(
        request,
        "community/entry_form.html",
        {"forms": forms, "service": service, "report": report, "next": back, "owner": owner},
    )


@login_required
def entry_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _entry_page(request, directory_owner_for_user(request.user, manage=True), None)


@login_required
def entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = get_entry_to_change(request.user, pk)
    return _entry_page(request, service.owner, service)


@login_required
def provider_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The website and email of an organisation that runs entries, reached from an entry's page (`next`)."""
    organization = get_provider_to_change(request.user, pk)
    initial = {"website": organization.website, "email": organization.email}
    form = ProviderForm(request.POST or None, initial=initial)
    back = local_url(request, request.POST.get("next") or request.GET.get("next", "")) or ""
    if request.method == "POST" and form.is_valid():
        do_save_provider(
            request.user, organization, website=form.cleaned_data["website"], email=form.cleaned_data["email"]
        )
        messages.success(request, f"Saved the website and email of “{organization.name}”.")
        return redirect(back or "directory:directory")
    return render(
        request,
        "community/provider_form.html",
        {
            "form": form,
            "organization": organization,
            "entries": organization.services.count(),
            "next": back,
        },
    )
