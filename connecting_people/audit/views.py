from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.lib.csvsafe import SafeWriter

from .disclosure import entries_for, shows_values
from .filters import AuditFilterForm

PAGE_SIZE = 50


def _require_auditor(request: AuthenticatedHttpRequest) -> None:
    if not request.user.caps.can_view_audit:
        raise PermissionDenied("Only administrators can read the audit trail.")


@login_required
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_auditor(request)
    form = AuditFilterForm(request.GET or None)
    entries = entries_for(request.user)
    if form.is_bound and form.is_valid():
        entries = form.apply(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"entry": entry, "values": entry.changes if shows_values(entry) else None} for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/list.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    _require_auditor(request)
    form = AuditFilterForm(request.GET or None)
    entries = entries_for(request.user)
    if form.is_bound:
        if not form.is_valid():
            return HttpResponse(
                "The filters are not valid: " + form.errors.as_text(), status=400, content_type="text/plain"
            )
        entries = form.apply(entries)
    writer = SafeWriter(_Echo())
    header = [
        "when",
        "who",
        "action",
        "object_type",
        "object_id",
        "object",
        "organisation_id",
        "subject",
        "fields",
        "changes",
        "note",
    ]

    def rows() -> Iterator[Any]:
        yield writer.writerow(header)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(entry.at).isoformat(timespec="seconds"),
                    entry.actor_label,
                    entry.action,
                    entry.object_type,
                    entry.object_id,
                    entry.object_repr,
                    entry.organisation_id or "",
                    entry.subject,
                    " ".join(entry.fields),
                    json.dumps(entry.changes, ensure_ascii=False, sort_keys=True)
                    if shows_values(entry)
                    else "",
                    entry.note,
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
