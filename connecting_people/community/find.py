"""Finding opportunities in the organisation's own directory, with a person: by interest or need (taxonomy
terms), area (a postcode district, or a place name in the address), day of the week and time of day, free
or paid, and accessibility. Results are cards a worker can show the person: what it is, when, where, what it
costs, who it suits and when the entry was last checked. One query for the page of services, one for the
count and one per kind of detail prefetched, however many results there are."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from connecting_people.accounts.models import User

from . import postcodes
from .models import Accessibility, Address, Attribute, CostOption, Schedule, Service, ServiceAtLocation

DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
# Parts of the day as people say them, each a span of clock time: a schedule is in one when its hours
# overlap it (a group open 11:00-13:00 suits someone free in the morning and someone free after lunch).
TIMES_OF_DAY = {
    "morning": ("In the morning (before 12:00)", dt.time(0, 0), dt.time(12, 0)),
    "afternoon": ("In the afternoon (12:00 to 17:00)", dt.time(12, 0), dt.time(17, 0)),
    "evening": ("In the evening (after 17:00)", dt.time(17, 0), dt.time(23, 59, 59)),
}
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")  # a postcode's first half: "NB4", "CM12", "SW1A"
PER_PAGE = 12


@dataclass(frozen=True)
class Filters:
    words: str = ""
    term: int | None = None  # a TaxonomyTerm's pk
    area: str = ""
    day: str = ""
    time_of_day: str = ""  # a key of TIMES_OF_DAY: on the day given (or any day), at that time
    cost: str = ""  # "free", "paid" or ""
    access: str = ""  # a place's accessibility as the directory words it (`access_label`)
    due: bool = False  # only entries due a check
    near: tuple[float, float] | None = None  # a postcode's centre (latitude, longitude), with `miles`
    miles: float = 0


def check_due_before(now: dt.datetime | None = None) -> dt.datetime:
    """Entries last checked before this (or never) are due a check (CPI_DIRECTORY_CHECK_DAYS)."""
    return (now or timezone.now()) - dt.timedelta(days=settings.CPI_DIRECTORY_CHECK_DAYS)


def due_a_check(services: QuerySet[Service], now: dt.datetime | None = None) -> QuerySet[Service]:
    return services.filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=check_due_before(now)))


def search(services: QuerySet[Service], filters: Filters, today: dt.date) -> QuerySet[Service]:
    """The active services matching every filter given, by name. A filter on a service's details is the
    list of services whose details match, read once (`pk IN (...)`), so a service with several matching
    places or times is listed once, without DISTINCT, and no filter is worked out again for each service
    (which SQLite's planner does for a correlated EXISTS across a join)."""
    found = services.filter(status="active")
    if filters.words:
        found = found.filter(Q(name__icontains=filters.words) | Q(description__icontains=filters.words))
    if filters.term is not None:
        found = found.filter(
            pk__in=Attribute.objects.filter(taxonomy_term_id=filters.term, service__isnull=False).values(
                "service"
            )
        )
    if filters.area:
        found = found.filter(pk__in=_places(Q(location__addresses__in=_addresses_in(filters.area))))
    if filters.day or filters.time_of_day:
        # A schedule belongs to a service directly or through one of its places: one list of both, so
        # PostgreSQL can join it like the other filters instead of testing every service against two lists
        # (an OR of two `IN`s), and without matching the day's schedules to themselves again. Day and time
        # must hold for the same schedule: Tuesday mornings, not a Tuesday and some other morning.
        on_day = Schedule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        if filters.day:
            on_day = on_day.filter(byday__icontains=filters.day)
        if filters.time_of_day:
            _label, starts, ends = TIMES_OF_DAY[filters.time_of_day]
            on_day = on_day.filter(opens_at__lt=ends, closes_at__gt=starts)
        direct = on_day.filter(service__isnull=False).values_list("service", flat=True)
        at_places = on_day.filter(service_at_location__isnull=False).values_list(
            "service_at_location__service", flat=True
        )
        found = found.filter(pk__in=direct.union(at_places))
    if filters.cost:
        paid = Exists(CostOption.objects.filter(service=OuterRef("pk"), amount__gt=0))
        found = found.filter(paid if filters.cost == "paid" else ~paid)
    if filters.access:
        described = Accessibility.objects.annotate(label=access_label()).filter(label=filters.access)
        found = found.filter(pk__in=_places(Q(location__in=described.values("location"))))
    if filters.due:
        found = due_a_check(found) | found.filter(alert__startswith="Reported as moved")
    if filters.near is not None:
        return near(found, filters.near, filters.miles)
    return found.order_by("name", "id")


def access_label() -> Case:
    """What an accessibility row says, as the finder offers and matches it: its `description` (HSDS 3.0),
    else the UK profile's `accessibility`, which rows imported before both were filled may hold alone."""
    return Case(When(description="", then=F("accessibility")), default=F("description"))


def near(found: QuerySet[Service], centre: tuple[float, float], miles: float) -> QuerySet[Service]:
    """The services with a place within `miles` of the centre, nearest first (by their nearest place)."""
    nearest = (
        ServiceAtLocation.objects.filter(service=OuterRef("pk"), location__point_latitude__isnull=False)
        .annotate(flat=_flat_distance(centre))
        .order_by("flat")
        .values("flat")[:1]
    )
    return (
        found.filter(pk__in=_within(ServiceAtLocation.objects.all(), centre, miles).values("service"))
        .annotate(flat_distance=Subquery(nearest, output_field=FloatField()))
        .order_by("flat_distance", "name", "id")
    )


def places_near(
    places: QuerySet[ServiceAtLocation], centre: tuple[float, float], miles: float
) -> QuerySet[ServiceAtLocation]:
    """The services at a location (ORUK service_at_location) within `miles` of the centre, nearest first."""
    return (
        _within(places, centre, miles)
        .annotate(flat_distance=_flat_distance(centre))
        .order_by("flat_distance", "service__name", "id")
    )


def _within(
    places: QuerySet[ServiceAtLocation], centre: tuple[float, float], miles: float
) -> QuerySet[ServiceAtLocation]:
    """The places within `miles` of the centre, all in the database: those in the square around the circle
    (read by the index on their points) whose distance on the flat map of `_flat_distance` is within it. Over
    tens of miles that differs from the great-circle distance the cards show by well under 0.1%."""
    (lat_lo, lat_hi), (lon_lo, lon_hi) = postcodes.box(centre, miles)
    reach = math.degrees(miles / postcodes.EARTH_MILES)  # `miles` in degrees of latitude
    return (
        places.filter(
            location__point_latitude__range=(lat_lo, lat_hi),
            location__point_longitude__range=(lon_lo, lon_hi),
        )
        .alias(flat=_flat_distance(centre))
        .filter(flat__lte=reach * reach)
    )


def _flat_distance(centre: tuple[float, float]) -> ExpressionWrapper:
    """A place's squared distance from the centre on a flat map, in degrees of latitude: not a distance, but
    in the same order as the true ones at these distances, and cheap enough for the database to sort by."""
    lat0, lon0 = centre
    stretch = math.cos(math.radians(lat0))  # a degree of longitude is shorter than one of latitude
    north = F("location__point_latitude") - lat0
    east = (F("location__point_longitude") - lon0) * stretch
    return ExpressionWrapper(north * north + east * east, output_field=FloatField())


def _places(where: Q) -> QuerySet[ServiceAtLocation, int]:
    """The ids of the services at a place matching `where` (for `pk__in`)."""
    return ServiceAtLocation.objects.filter(where).values_list("service", flat=True)


def _addresses_in(area: str) -> QuerySet[Address]:
    """Addresses in the area: a postcode district matches postcodes that start with it (NB4 is not NB40);
    anything else is looked for in the postcode, street, town and place name."""
    area = " ".join(area.split())
    addresses = Address.objects.all()
    if DISTRICT.match(area.upper()):
        district = area.upper()
        return addresses.filter(Q(postal_code__istartswith=f"{district} ") | Q(postal_code__iexact=district))
    return addresses.filter(
        Q(postal_code__istartswith=area)
        | Q(city__icontains=area)
        | Q(address_1__icontains=area)
        | Q(region__icontains=area)
        | Q(location__name__icontains=area)
    )


def with_card_details(services: QuerySet[Service]) -> QuerySet[Service]:
    places = ServiceAtLocation.objects.select_related("location").prefetch_related(
        "location__addresses", "location__accessibility", "schedules"
    )
    return services.select_related("organization", "last_checked_by").prefetch_related(
        "schedules",
        Prefetch("service_at_locations", queryset=places),
        "cost_options",
        Prefetch("attributes", queryset=Attribute.objects.select_related("taxonomy_term")),
    )


@dataclass(frozen=True)
class Card:
    service: Service
    when: list[str]
    where: list[str]
    cost: str
    suits: list[str]
    access: list[str]
    checked_on: dt.datetime | None
    checked_by: str
    due_check: bool  # not checked for CPI_DIRECTORY_CHECK_DAYS, or never
    miles: float | None = None  # from the postcode searched near, to its nearest place


def card(service: Service, due_before: dt.datetime, near: tuple[float, float] | None = None) -> Card:
    """A service with its details prefetched (with_card_details), in words; checked before `due_before`
    (check_due_before), or never, it is due a check; how far its nearest place is from `near`."""
    places = list(service.service_at_locations.all())
    schedules = list(service.schedules.all()) + [s for p in places for s in p.schedules.all()]
    where = []
    access: list[str] = []
    for place in places:
        location = place.location
        for address in location.addresses.all():
            parts = [location.name, address.address_1, address.city, address.postal_code]
            where.append(", ".join(dict.fromkeys(p for p in parts if p)))
        if not location.addresses.all() and location.name:
            where.append(location.name)
        access += [a.description or a.accessibility for a in location.accessibility.all()]
    suits = [a.taxonomy_term.name for a in service.attributes.all()]
    if service.minimum_age is not None or service.maximum_age is not None:
        suits.append(_ages(_decimal(service.minimum_age), _decimal(service.maximum_age)))
    checker = service.last_checked_by
    return Card(
        service=service,
        when=[w for w in (schedule_words(s) for s in schedules) if w],
        where=where,
        cost=cost_words(list(service.cost_options.all()), service.fees),
        suits=suits,
        access=list(dict.fromkeys(a for a in access if a)),
        checked_on=service.last_checked_at,
        checked_by=checker.display_name if checker else "",
        due_check=service.last_checked_at is None or service.last_checked_at < due_before,
        miles=_nearest(places, near),
    )


def _nearest(places: list[ServiceAtLocation], near: tuple[float, float] | None) -> float | None:
    points = [
        (p.location.point_latitude, p.location.point_longitude)
        for p in places
        if p.location.point_latitude is not None and p.location.point_longitude is not None
    ]
    if near is None or not points:
        return None
    return min(postcodes.miles_between(near, (lat, lon)) for lat, lon in points)


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _ages(low: Decimal | None, high: Decimal | None) -> str:
    if low is not None and high is not None:
        return f"Ages {low:.0f} to {high:.0f}"
    return f"Ages {low:.0f} and over" if low is not None else f"Ages up to {high:.0f}"


def schedule_words(schedule: Schedule) -> str:
    """ "Tuesdays, 10:00 to 12:00", "The first Monday of the month, 19:00 to 21:00", or the description."""
    days = []
    for token in filter(None, (t.strip().upper() for t in schedule.byday.split(","))):
        match = re.fullmatch(r"(-?\d)?([A-Z]{2})", token)
        if match is None or match.group(2) not in DAYS:
            continue
        day = DAYS[match.group(2)]
        number = match.group(1)
        days.append(f"the {ORDINALS[number]} {day} of the month" if number in ORDINALS else f"{day}s")
    words = " and ".join(days)
    words = words[:1].upper() + words[1:]
    if schedule.opens_at and schedule.closes_at:
        words = f"{words}, {schedule.opens_at:%H:%M} to {schedule.closes_at:%H:%M}".lstrip(", ")
    if schedule.description:
        words = f"{words} ({schedule.description})" if words else schedule.description
    return words


def cost_words(options: list[CostOption], fees: str) -> str:
    paid = [(o, amount) for o in options if (amount := _decimal(o.amount)) is not None and amount > 0]
    if not paid:
        return fees or "Free"
    return "; ".join(
        f"£{amount:.2f}"
        + (f" ({o.amount_description or o.option})" if o.amount_description or o.option else "")
        for o, amount in paid
    )


def staff_may_find(user: User) -> bool:
    return bool(user.caps.can_view_person_records and user.organisation_id is not None)
