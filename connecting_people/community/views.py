"""The read-only Open Referral UK API of an organisation's published directory: JSON for other local
services' systems, no sign-in, the paths, paging and filters of the standard's OpenAPI (profile 3.0)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .getters import published_directory, published_services
from .models import Service
from .oruk.records import LONDON
from .oruk.spec import OPENAPI_URL, ORUK_VERSION, PROFILE_URL
from .serialise import full_services, service_full, service_summary

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class BadParameter(ValueError):
    pass


@require_GET
def api_meta(request: HttpRequest, api_name: str) -> JsonResponse:
    published_directory(api_name)
    return JsonResponse({"version": ORUK_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL})


def _integer(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be from {low} to {high}")
    return value


def _filtered(request: HttpRequest, services: QuerySet[Service]) -> QuerySet[Service]:
    """The standard's filters for /services that our data can answer."""
    params = request.GET
    if text := params.get("search", "").strip():
        services = services.filter(Q(name__icontains=text) | Q(description__icontains=text))
    if term := params.get("taxonomy_term_id", "").strip():
        services = services.filter(attributes__taxonomy_term__oruk_id=term)
    if taxonomy := params.get("taxonomy_id", "").strip():
        services = services.filter(attributes__taxonomy_term__taxonomy_id=taxonomy)
    if organization := params.get("organization_id", "").strip():
        services = services.filter(organization__oruk_id=organization)
    for name, lookup in (("minimum_age", "minimum_age__gte"), ("maximum_age", "maximum_age__lte")):
        if raw := params.get(name, "").strip():
            try:
                number = decimal.Decimal(raw)
            except decimal.InvalidOperation:
                number = decimal.Decimal("NaN")
            if not number.is_finite():
                raise BadParameter(f"{name} must be a number")
            services = services.filter(**{lookup: number})
    if raw := params.get("modified_after", "").strip():
        try:
            moment = dt.datetime.fromisoformat(raw)
            # In UTC, as the database compares it: a moment in year 1 or 9999 may fall outside the years.
            moment = (moment if moment.tzinfo else moment.replace(tzinfo=LONDON)).astimezone(dt.UTC)
        except ValueError:
            raise BadParameter("modified_after must be a date and time written YYYY-MM-DDTHH:MM:SS") from None
        except OverflowError:
            raise BadParameter("modified_after is out of range") from None
        services = services.filter(last_modified__gte=moment)
    services = _by_schedule(
        params.get("day", ""), params.get("start_time", ""), params.get("end_time", ""), services
    )
    return services.distinct()


DAYS = {
    "MO": "monday",
    "TU": "tuesday",
    "WE": "wednesday",
    "TH": "thursday",
    "FR": "friday",
    "SA": "saturday",
    "SU": "sunday",
}


def _by_schedule(day: str, start: str, end: str, services: QuerySet[Service]) -> QuerySet[Service]:
    """Services with one schedule that runs on `day` (MO..SU or the day's name), opening at or after
    `start` and closing at or before `end`: the standard's day, start_time and end_time."""
    wanted = Q()
    if day := day.strip():
        code = day[:2].upper() if day.lower() in DAYS.values() else day.upper()
        if code not in DAYS:
            raise BadParameter("day must be one of MO, TU, WE, TH, FR, SA, SU or a day's name")
        wanted &= Q(schedules__byday__icontains=code)
    for name, raw, lookup in (
        ("start_time", start, "schedules__opens_at__gte"),
        ("end_time", end, "schedules__closes_at__lte"),
    ):
        if raw := raw.strip():
            try:
                moment = dt.time.fromisoformat(raw)
            except ValueError:
                moment = None
            if moment is None or moment.tzinfo is not None:  # schedules are local times, with no zone
                raise BadParameter(f"{name} must be a time written HH:MM")
            wanted &= Q(**{lookup: moment})
    return services.filter(wanted) if wanted else services


@require_GET
def api_services(request: HttpRequest, api_name: str) -> JsonResponse:
    services = published_services(api_name)
    try:
        per_page = _integer(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
        number = _integer(request, "page", 1, 1, 10**6)
        services = _filtered(request, services)
    except BadParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    paginator = Paginator(services.select_related("organization").order_by("name", "pk"), per_page)
    try:
        page = paginator.page(number)
        contents: list[dict[str, Any]] = [service_summary(s) for s in page.object_list]
    except EmptyPage:
        contents = []
    total_pages = paginator.num_pages if paginator.count else 0
    return JsonResponse(
        {
            "total_items": paginator.count,
            "total_pages": total_pages,
            "page_number": number,
            "size": len(contents),
            "first_page": number == 1,
            "last_page": number >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


@require_GET
def api_service(request: HttpRequest, api_name: str, oruk_id: str) -> JsonResponse:
    service = full_services(published_services(api_name).filter(oruk_id=oruk_id)).first()
    if service is None:
        return JsonResponse({"error": "No service with that id."}, status=404)
    return JsonResponse(service_full(service))
