"""An entry of the directory as a manager adds or corrects it on a page: the service with its organisation,
one place with its address and accessibility, its times, a cost, the interests or needs it suits (taxonomy
terms) and a contact, in ORUK's field names.

`Entry` holds what the page's forms gave; `write_entry` writes it inside `actions.do_save_entry`'s
transaction, changing only the fields the page shows, so what an import keeps in `extra`, and the rows the
page does not show (a second place, a second cost, a schedule it cannot put in words), stay as they were.
A place other entries share is not changed under them: an entry that moved gets a place of its own.
`entry_facts` is the entry in words, before and after, for its audit entry."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from connecting_people.accounts.models import Organisation

from . import postcodes
from .find import DAYS, cost_words, schedule_words
from .models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

SERVICE_FIELDS = ("name", "description", "status", "url", "email", "minimum_age", "maximum_age", "alert")
ADDRESS_FIELDS = ("address_1", "city", "state_province", "postal_code", "country")
WEEKS = {
    "": "Every week",
    "1": "The first",
    "2": "The second",
    "3": "The third",
    "4": "The fourth",
    "-1": "The last",
}
REPORTED = "Reported as "  # how do_check_service begins an alert it writes


def new_id() -> str:
    """A new record's identifier, a UUID as the standard advises."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class NewOrganization:
    name: str
    description: str
    website: str = ""
    email: str = ""


@dataclass(frozen=True)
class Place:
    name: str
    address: dict[str, str]  # ADDRESS_FIELDS; empty for a place without an address
    accessibility: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleLine:
    """One time the entry runs: an existing schedule of the entry (`schedule`) or a new one (None)."""

    schedule: Schedule | None
    delete: bool = False
    kept: bool = False  # a schedule the page cannot put in its fields: kept as it is unless deleted
    byday: str = ""
    freq: str = ""
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    description: str = ""


@dataclass(frozen=True)
class Entry:
    service: dict[str, Any]  # SERVICE_FIELDS
    organization: Organization | NewOrganization
    place: Place | None
    schedules: tuple[ScheduleLine, ...] = ()
    amount: Decimal | None = None
    amount_description: str = ""
    terms: tuple[TaxonomyTerm, ...] = ()
    contact: dict[str, str] = field(default_factory=dict)  # name, title
    phone: str = ""


# The rows of an entry the page shows: its first place, first cost and first contact (by when they were
# added); every schedule of the service and of its places.


def first_link(service: Service) -> ServiceAtLocation | None:
    return service.service_at_locations.select_related("location").order_by("pk").first()


def first_address(location: Location) -> Address | None:
    return location.addresses.order_by("pk").first()


def access_lines(location: Location) -> list[str]:
    """A place's accessibility as the find page words it (find.card)."""
    lines = (a.description or a.accessibility for a in location.accessibility.order_by("pk"))
    return list(dict.fromkeys(line for line in lines if line))


def entry_schedules(service: Service) -> QuerySet[Schedule]:
    return Schedule.objects.filter(
        Q(service=service) | Q(service_at_location__service=service), owner_id=service.owner_id
    ).order_by("pk")


def first_cost(service: Service) -> CostOption | None:
    return service.cost_options.order_by("pk").first()


def first_contact(service: Service) -> Contact | None:
    return service.contacts.order_by("pk").first()


def first_phone(contact: Contact | None) -> Phone | None:
    return contact.phones.order_by("pk").first() if contact is not None else None


def service_terms(service: Service) -> list[TaxonomyTerm]:
    return [a.taxonomy_term for a in service.attributes.select_related("taxonomy_term").order_by("pk")]


DAY_TOKEN = re.compile(r"^(-?[1-4])?(MO|TU|WE|TH|FR|SA|SU)$")


def schedule_fields(schedule: Schedule) -> dict[str, Any] | None:
    """A schedule as the page's fields (days, which week of the month, opening and closing times, words),
    or None when they cannot hold it without losing something (every other week, days of the month, a
    mix of weeks): such a line is kept as it is."""
    tokens = [t.strip().upper() for t in schedule.byday.split(",") if t.strip()]
    matches = [DAY_TOKEN.match(t) for t in tokens]
    if any(m is None for m in matches) or schedule.bymonthday.strip():
        return None
    if schedule.interval not in (None, 1) and Decimal(str(schedule.interval)) != 1:
        return None
    weeks = {m.group(1) or "" for m in matches if m is not None}
    week = weeks.pop() if len(weeks) == 1 else ""
    if weeks or (week and schedule.freq != "MONTHLY") or (not week and schedule.freq == "MONTHLY"):
        return None
    return {
        "byday": [m.group(2) for m in matches if m is not None],
        "week": week,
        "opens_at": schedule.opens_at,
        "closes_at": schedule.closes_at,
        "description": schedule.description,
    }


def byday_of(days: list[str], week: str) -> tuple[str, str]:
    """(byday, freq) in the standard's words: "TU,TH" weekly, or "1MO" monthly for the first Monday."""
    ordered = [d for d in DAYS if d in days]
    if not ordered:
        return "", ""
    return ",".join(f"{week}{d}" for d in ordered), "MONTHLY" if week else "WEEKLY"


def entry_facts(service: Service) -> dict[str, Any]:
    """The entry as the page shows it, in words (for the audit entry's before and after)."""
    facts: dict[str, Any] = {name: _plain(getattr(service, name)) for name in SERVICE_FIELDS}
    facts["organization"] = service.organization.name
    link = first_link(service)
    if link is not None:
        location = link.location
        address = first_address(location)
        parts = [location.name] + ([getattr(address, f) for f in ADDRESS_FIELDS] if address else [])
        facts["location"] = ", ".join(p for p in parts if p)
        facts["accessibility"] = access_lines(location)
    facts["schedules"] = [schedule_words(s) or "(no days or times)" for s in entry_schedules(service)]
    cost = first_cost(service)
    facts["cost_option"] = cost_words([cost], "") if cost is not None else ""
    if cost is not None and cost.amount_description:
        facts["cost_option"] += f" ({cost.amount_description})"
    facts["attributes"] = sorted(t.name for t in service_terms(service))
    contact = first_contact(service)
    phone = first_phone(contact)
    facts["contact"] = (
        ", ".join(p for p in (contact.name, contact.title, phone.number if phone else "") if p)
        if contact
        else ""
    )
    return facts


def _plain(value: Any) -> Any:
    """A number as the same words whether it was read back (Decimal("18.0000000")) or just given (18)."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return f"{Decimal(str(value)).normalize():f}"
    return value


def write_entry(owner: Organisation, service: Service | None, entry: Entry) -> Service:
    """Write the entry: a new service when `service` is None. Runs inside the caller's transaction."""
    organization = entry.organization
    if isinstance(organization, NewOrganization):
        organization = Organization.objects.create(
            owner=owner,
            oruk_id=new_id(),
            name=organization.name,
            description=organization.description,
            website=organization.website,
            email=organization.email,
        )
    if service is None:
        service = Service(owner=owner, oruk_id=new_id())
    for name, value in entry.service.items():
        setattr(service, name, value)
    service.organization = organization
    service.last_modified = timezone.now()
    service.save()
    if entry.place is not None:
        _write_place(owner, service, entry.place)
    _write_schedules(owner, service, entry.schedules)
    _write_cost(owner, service, entry.amount, entry.amount_description)
    _write_terms(owner, service, entry.terms)
    _write_contact(owner, service, entry.contact, entry.phone)
    return service


def _write_place(owner: Organisation, service: Service, place: Place) -> None:
    link = first_link(service)
    location = link.location if link is not None else None
    if location is not None and link is not None and _differs(location, place):
        shared = ServiceAtLocation.objects.filter(location=location).exclude(service=service).exists()
        if shared:  # the others still meet there: this entry gets a place of its own
            location = None
    if location is None:
        location = Location.objects.create(owner=owner, oruk_id=new_id(), location_type="physical")
        if link is None:
            ServiceAtLocation.objects.create(
                owner=owner, oruk_id=new_id(), service=service, location=location
            )
        else:
            link.location = location
            link.save(update_fields=["location"])
    if location.name != place.name:
        location.name = place.name
        location.save(update_fields=["name"])
    _write_address(owner, location, place.address)
    _write_access(owner, location, place.accessibility)
    postcodes.place([location])


def _differs(location: Location, place: Place) -> bool:
    address = first_address(location)
    held = {f: getattr(address, f) for f in ADDRESS_FIELDS} if address else {}
    wanted = {f: v for f, v in place.address.items() if v}
    return (
        location.name != place.name
        or {f: v for f, v in held.items() if v} != wanted
        or access_lines(location) != list(place.accessibility)
    )


def _write_address(owner: Organisation, location: Location, wanted: dict[str, str]) -> None:
    address = first_address(location)
    if not wanted:
        if address is not None:
            address.delete()
        return
    if address is None:
        address = Address(owner=owner, oruk_id=new_id(), location=location, address_type="physical")
    moved = address.postal_code != wanted["postal_code"]
    for name in ADDRESS_FIELDS:
        setattr(address, name, wanted[name])
    address.save()
    if moved and (location.latitude is not None or location.longitude is not None):
        # Its own coordinates were for where it was; its new postcode's centre places it from now on.
        location.latitude = location.longitude = None
        location.save(update_fields=["latitude", "longitude"])


def _write_access(owner: Organisation, location: Location, lines: tuple[str, ...]) -> None:
    held: set[str] = set()
    for row in location.accessibility.order_by("pk"):
        shown = row.description or row.accessibility
        if shown in lines and shown not in held:
            held.add(shown)
        else:
            row.delete()
    for line in lines:
        if line not in held:
            # HSDS 3.0's `description` and the UK profile's `accessibility` both hold it, as an import does.
            Accessibility.objects.create(
                owner=owner, oruk_id=new_id(), location=location, description=line, accessibility=line
            )


def _write_schedules(owner: Organisation, service: Service, lines: tuple[ScheduleLine, ...]) -> None:
    for line in lines:
        schedule = line.schedule
        if schedule is not None and line.delete:
            schedule.delete()
            continue
        if line.kept or line.delete:
            continue
        if schedule is None:
            schedule = Schedule(owner=owner, oruk_id=new_id(), service=service)
        schedule.byday, schedule.freq = line.byday, line.freq
        schedule.opens_at, schedule.closes_at = line.opens_at, line.closes_at
        schedule.description = line.description
        schedule.save()


def _write_cost(owner: Organisation, service: Service, amount: Decimal | None, words: str) -> None:
    cost = first_cost(service)
    if amount is None and not words:
        if cost is not None:
            cost.delete()
        return
    if cost is None:
        cost = CostOption(owner=owner, oruk_id=new_id(), service=service)
    cost.amount, cost.amount_description = amount, words
    cost.save()


def _write_terms(owner: Organisation, service: Service, terms: tuple[TaxonomyTerm, ...]) -> None:
    wanted = {t.pk: t for t in terms}
    for attribute in service.attributes.all():
        if attribute.taxonomy_term_id in wanted:
            wanted.pop(attribute.taxonomy_term_id)
        else:
            attribute.delete()
    Attribute.objects.bulk_create(
        Attribute(
            owner=owner,
            oruk_id=new_id(),
            link_id=service.oruk_id,
            link_type="service",
            taxonomy_term=term,
            service=service,
        )
        for term in wanted.values()
    )


def _write_contact(owner: Organisation, service: Service, wanted: dict[str, str], number: str) -> None:
    contact = first_contact(service)
    if not any(wanted.values()) and not number:
        if contact is not None:
            contact.delete()
        return
    if contact is None:
        contact = Contact(owner=owner, oruk_id=new_id(), service=service)
    contact.name, contact.title = wanted.get("name", ""), wanted.get("title", "")
    contact.save()
    phone = first_phone(contact)
    if not number:
        if phone is not None:
            phone.delete()
        return
    if phone is None:
        phone = Phone(owner=owner, oruk_id=new_id(), contact=contact)
    phone.number = number
    phone.save()
