"""The ORUK API's query parameters, read once for every list it serves: the standard's page (`page`,
`per_page` and the envelope around `contents`, or every result as NDJSON with `format=ndjson`), how much of
each item to give (`full`, `minimal`, `full_service`: `Shape`) and its filters, which `/services` and
`/service_at_locations` share (a service at a location matches when its service does, and the day and times
when the place's own opening times or its service's do). A parameter that cannot be read, or a filter this
directory cannot answer, is a `BadParameter` (the view's 400 with its message), never ignored."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import EmptyPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from . import find, postcodes
from .models import (
    Attribute,
    Organization,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .oruk.records import LONDON

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# `minimal` services are an id and a date each: the standard asks that they come in one call where it can.
MINIMAL_PER_PAGE = 10_000
NDJSON_CHUNK = 200  # items read at a time (with their prefetched records) for `format=ndjson`
METRES_IN_A_MILE = 1609.344
MAX_PROXIMITY = 1_000_000  # metres: further than the length of Great Britain
DAYS = {
    "MO": "monday",
    "TU": "tuesday",
    "WE": "wednesday",
    "TH": "thursday",
    "FR": "friday",
    "SA": "saturday",
    "SU": "sunday",
}
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no")

M = TypeVar("M", bound=Model)


class BadParameter(ValueError):
    """A query parameter that cannot be read or answered; its message says which and why."""


def _text(params: QueryDict, name: str) -> str:
    return params.get(name, "").strip()


def _integer(params: QueryDict, name: str, default: int, low: int, high: int) -> int:
    raw = _text(params, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be from {low} to {high}")
    return value


def _flag(params: QueryDict, name: str) -> bool:
    """A true-or-false parameter: true, 1 or yes; false, 0 or no (any case); absent is false."""
    value = _text(params, name).lower()
    if value and value not in TRUE + FALSE:
        raise BadParameter(f"{name} must be true or false")
    return value in TRUE


@dataclass(frozen=True)
class Paging:
    """One page of a list, or with `format=ndjson` every result at once (`everything`): the standard's
    NDJSON is the whole list without pages, one item a line, so `page` and `per_page` are refused with it."""

    number: int
    per_page: int
    everything: bool = False

    @classmethod
    def read(cls, params: QueryDict, *, most: int = MAX_PER_PAGE, usual: int = DEFAULT_PER_PAGE) -> Paging:
        kind = _text(params, "format").lower() or "json"
        if kind not in ("json", "ndjson"):
            raise BadParameter("format must be json or ndjson")
        if kind == "ndjson":
            if _text(params, "page") or _text(params, "per_page"):
                raise BadParameter("page and per_page do not go with format=ndjson, which gives every result")
            return cls(number=1, per_page=most, everything=True)
        return cls(
            number=_integer(params, "page", 1, 1, 10**6),
            per_page=_integer(params, "per_page", usual, 1, most),
        )


@dataclass(frozen=True)
class Shape:
    """How much of each item a list or record gives, as the standard's HSDS 3.0 OpenAPI names it: `full`
    (each item fully nested, as its `/{id}` gives it), `minimal` (a service's `id` and `last_modified`
    only) and `full_service` (an organization's services fully nested rather than their own fields)."""

    full: bool = False
    minimal: bool = False
    full_service: bool = False

    @classmethod
    def read(cls, params: QueryDict) -> Shape:
        shape = cls(
            full=_flag(params, "full"),
            minimal=_flag(params, "minimal"),
            full_service=_flag(params, "full_service"),
        )
        if shape.minimal and (shape.full or shape.full_service):
            raise BadParameter(
                "minimal gives only each service's id and last_modified: it cannot be full too"
            )
        return shape


def page(items: QuerySet[M], paging: Paging, serialise: Callable[[M], dict[str, Any]]) -> dict[str, Any]:
    """One page of `items` (already ordered) in the standard's envelope, each item through `serialise`."""
    paginator = Paginator(items, paging.per_page)
    try:
        contents = [serialise(item) for item in paginator.page(paging.number).object_list]
    except EmptyPage:
        contents = []
    total_pages = paginator.num_pages if paginator.count else 0
    return {
        "total_items": paginator.count,
        "total_pages": total_pages,
        "page_number": paging.number,
        "size": len(contents),
        "first_page": paging.number == 1,
        "last_page": paging.number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def ndjson_lines(items: QuerySet[M], serialise: Callable[[M], dict[str, Any]]) -> Iterator[bytes]:
    """Every one of `items` (already ordered) through `serialise`, one JSON object a line (NDJSON), read
    from the database a chunk at a time with what each chunk prefetches."""
    for item in items.iterator(chunk_size=NDJSON_CHUNK):
        yield json.dumps(serialise(item), cls=DjangoJSONEncoder).encode() + b"\n"


@dataclass(frozen=True)
class ServiceFilters:
    """The standard's filters of services, read from the query: `search`, `taxonomy_term_id`,
    `taxonomy_id`, `organization_id`, `minimum_age`, `maximum_age`, `modified_after`, `day`, `start_time`,
    `end_time` (one opening time must meet all three) and `postcode` with `proximity` (metres)."""

    search: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    minimum_age: decimal.Decimal | None = None
    maximum_age: decimal.Decimal | None = None
    modified_after: dt.datetime | None = None
    day: str = ""  # MO .. SU
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    centre: tuple[float, float] | None = None  # the postcode's centre, with `miles`
    miles: float = 0

    @classmethod
    def read(cls, params: QueryDict) -> ServiceFilters:
        centre, miles = _near(params)
        return cls(
            search=_text(params, "search"),
            taxonomy_term_id=_text(params, "taxonomy_term_id"),
            taxonomy_id=_text(params, "taxonomy_id"),
            organization_id=_text(params, "organization_id"),
            minimum_age=_number(params, "minimum_age"),
            maximum_age=_number(params, "maximum_age"),
            modified_after=_moment(params, "modified_after"),
            day=_day(params),
            start_time=_time(params, "start_time"),
            end_time=_time(params, "end_time"),
            centre=centre,
            miles=miles,
        )

    def services(self, found: QuerySet[Service]) -> QuerySet[Service]:
        """The services matching every filter: by name, or nearest first when near a postcode. A day or
        time is met by an opening time of the service or of one of its places."""
        found = self._about_the_service(found)
        if (times := self._opening_times()) is not None:
            direct = times.filter(service__isnull=False).values_list("service", flat=True)
            at_places = times.filter(service_at_location__isnull=False).values_list(
                "service_at_location__service", flat=True
            )
            found = found.filter(pk__in=direct.union(at_places))
        if self.centre is not None:
            return find.near(found, self.centre, self.miles)
        return found.order_by("name", "pk")

    def places(
        self, found: QuerySet[ServiceAtLocation], services: QuerySet[Service]
    ) -> QuerySet[ServiceAtLocation]:
        """The services at a location whose service matches every filter about services, and whose own
        opening times or their service's meet the day and times: by service, or nearest first."""
        if (narrowed := self._about_the_service(services)) is not services:
            found = found.filter(service__in=narrowed)
        if (times := self._opening_times()) is not None:
            found = found.filter(
                Q(pk__in=times.values("service_at_location")) | Q(service__in=times.values("service"))
            )
        if self.centre is not None:
            return find.places_near(found, self.centre, self.miles)
        return found.order_by("service__name", "location__name", "pk")

    def _about_the_service(self, found: QuerySet[Service]) -> QuerySet[Service]:
        """`found` narrowed by the filters on a service's own fields and terms (itself when none is given).
        A filter on the service's terms is the list of services holding one, so nothing repeats."""
        wanted = Q()
        if self.search:
            wanted &= Q(name__icontains=self.search) | Q(description__icontains=self.search)
        if self.taxonomy_term_id:
            wanted &= Q(
                pk__in=Attribute.objects.filter(
                    taxonomy_term__oruk_id=self.taxonomy_term_id, service__isnull=False
                ).values("service")
            )
        if self.taxonomy_id:
            wanted &= Q(
                pk__in=Attribute.objects.filter(
                    taxonomy_term__taxonomy_id=self.taxonomy_id, service__isnull=False
                ).values("service")
            )
        if self.organization_id:
            wanted &= Q(organization__oruk_id=self.organization_id)
        if self.minimum_age is not None:
            wanted &= Q(minimum_age__gte=self.minimum_age)
        if self.maximum_age is not None:
            wanted &= Q(maximum_age__lte=self.maximum_age)
        if self.modified_after is not None:
            wanted &= Q(last_modified__gte=self.modified_after)
        return found.filter(wanted) if wanted else found

    def _opening_times(self) -> QuerySet[Schedule] | None:
        """The opening times on the day, opening at or after `start_time` and closing by `end_time`, that have
        not ended (`valid_to`, as the finder reads them); None when none of the three is asked for."""
        wanted = Q()
        if self.day:
            wanted &= Q(byday__icontains=self.day)
        if self.start_time is not None:
            wanted &= Q(opens_at__gte=self.start_time)
        if self.end_time is not None:
            wanted &= Q(closes_at__lte=self.end_time)
        if not wanted:
            return None
        return Schedule.objects.filter(wanted).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())
        )


def _number(params: QueryDict, name: str) -> decimal.Decimal | None:
    raw = _text(params, name)
    if not raw:
        return None
    try:
        number = decimal.Decimal(raw)
    except decimal.InvalidOperation:
        number = decimal.Decimal("NaN")
    if not number.is_finite():
        raise BadParameter(f"{name} must be a number")
    return number


def _moment(params: QueryDict, name: str) -> dt.datetime | None:
    raw = _text(params, name)
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw)
        # In UTC, as the database compares it: a moment in year 1 or 9999 may fall outside the years.
        return (moment if moment.tzinfo else moment.replace(tzinfo=LONDON)).astimezone(dt.UTC)
    except ValueError:
        raise BadParameter(f"{name} must be a date and time written YYYY-MM-DDTHH:MM:SS") from None
    except OverflowError:
        raise BadParameter(f"{name} is out of range") from None


def _day(params: QueryDict) -> str:
    """MO..SU, from the code or the day's name in any case."""
    day = _text(params, "day")
    if not day:
        return ""
    code = day[:2].upper() if day.lower() in DAYS.values() else day.upper()
    if code not in DAYS:
        raise BadParameter("day must be one of MO, TU, WE, TH, FR, SA, SU or a day's name")
    return code


def _time(params: QueryDict, name: str) -> dt.time | None:
    raw = _text(params, name)
    if not raw:
        return None
    try:
        moment = dt.time.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is not None:  # opening times are local times, with no zone
        raise BadParameter(f"{name} must be a time written HH:MM")
    return moment


def _near(params: QueryDict) -> tuple[tuple[float, float] | None, float]:
    """The centre of `postcode` and the miles of `proximity`, which the standard gives in metres. Only
    with a postcode file loaded on the server (`cpi community postcodes`); the standard's other reading of
    a postcode alone, within a service area's shape, is not one this directory can answer."""
    postcode, proximity = _text(params, "postcode"), _text(params, "proximity")
    if not postcode and not proximity:
        return None, 0
    if not Postcode.objects.exists():
        raise BadParameter(
            "postcode and proximity cannot be answered here: no postcode file is loaded on this server, "
            "so no distance can be measured"
        )
    if not postcode:
        raise BadParameter("proximity needs a postcode to measure from")
    if not proximity:
        raise BadParameter(
            "postcode is answered with proximity, the distance in metres from the postcode's centre: this "
            "directory does not check postcodes against service areas"
        )
    try:
        metres = float(proximity)
    except ValueError:
        metres = math.nan
    if not (math.isfinite(metres) and 0 < metres <= MAX_PROXIMITY):
        raise BadParameter(f"proximity must be a distance in metres, above 0 and up to {MAX_PROXIMITY:,}")
    centre = postcodes.centre_of(postcode) if postcodes.looks_like_postcode(postcode) else None
    if centre is None:
        raise BadParameter(f"postcode {postcode!r} is not in the postcode file loaded on this server")
    return centre, metres / METRES_IN_A_MILE


def taxonomies(params: QueryDict, found: QuerySet[Taxonomy]) -> QuerySet[Taxonomy]:
    """Taxonomies by name; `search` looks in the name and description."""
    if text := _text(params, "search"):
        found = found.filter(Q(name__icontains=text) | Q(description__icontains=text))
    return found.order_by("name", "pk")


def taxonomy_terms(
    params: QueryDict, found: QuerySet[TaxonomyTerm], taxonomies: QuerySet[Taxonomy]
) -> QuerySet[TaxonomyTerm]:
    """Terms by name, filtered by HSDS 3.0's `taxonomy_id`, `parent_id`, `top_only` and `search` (name,
    description and term), and by `vocabulary`, the first ORUK API's name for a taxonomy: a term's own
    `taxonomy` or its taxonomy's name, in any case."""
    if taxonomy_id := _text(params, "taxonomy_id"):
        found = found.filter(taxonomy_id=taxonomy_id)
    if vocabulary := _text(params, "vocabulary"):
        named = taxonomies.filter(name__iexact=vocabulary).values("oruk_id")
        found = found.filter(Q(taxonomy__iexact=vocabulary) | Q(taxonomy_id__in=named))
    if parent_id := _text(params, "parent_id"):
        found = found.filter(parent_id=parent_id)
    if _flag(params, "top_only"):
        found = found.filter(parent_id="")
    if text := _text(params, "search"):
        found = found.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(term__icontains=text)
        )
    return found.order_by("name", "pk")


def organizations(params: QueryDict, found: QuerySet[Organization]) -> QuerySet[Organization]:
    """Organizations by name; `search` looks in the name and description."""
    if text := _text(params, "search"):
        found = found.filter(Q(name__icontains=text) | Q(description__icontains=text))
    return found.order_by("name", "pk")
