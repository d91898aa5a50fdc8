"""Directory records as the standard writes them: CSV rows for a data package and nested ORUK JSON
objects for the API and the JSON export. The field names and nesting are the standard's."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    DirectoryRecord,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from .oruk.records import json_value
from .oruk.spec import BY_NAME


def flat(obj: DirectoryRecord, table: str, ids: dict[str, dict[int, str]] | None = None) -> dict[str, Any]:
    """The record's own (one-to-one) fields in JSON form, references by the standard's identifiers.

    `ids` maps our keys to the standard's identifiers for referenced tables; without it the referenced
    object is read (prefetched or selected by the caller)."""
    out: dict[str, Any] = {"id": obj.oruk_id}
    for column in BY_NAME[table].columns:
        if column.references:
            pk = getattr(obj, column.name)
            if pk is None:
                out[column.name] = None
            elif ids is not None:
                out[column.name] = ids[column.references][pk]
            else:
                out[column.name] = getattr(obj, column.name.removesuffix("_id")).oruk_id
        else:
            out[column.name] = json_value(getattr(obj, column.name))
    out.update(obj.extra)
    return out


def _organization(service: Service) -> dict[str, Any]:
    return flat(service.organization, "organization")


def service_summary(service: Service) -> dict[str, Any]:
    """A service as the paged list gives it: its one-to-one fields and its organization."""
    out = flat(service, "service")
    out["organization"] = _organization(service)
    return out


def _location(location: Location) -> dict[str, Any]:
    out = flat(location, "location")
    out["addresses"] = [_child(a, "address", "location_id", location) for a in location.addresses.all()]
    out["accessibility"] = [
        _child(a, "accessibility", "location_id", location) for a in location.accessibility.all()
    ]
    return out


def _child(obj: DirectoryRecord, table: str, column: str, parent: DirectoryRecord) -> dict[str, Any]:
    """A nested record whose reference to the record it is nested in is known without a query."""
    out: dict[str, Any] = {"id": obj.oruk_id}
    for col in BY_NAME[table].columns:
        if col.name == column:
            out[col.name] = parent.oruk_id
        elif col.references:
            related = getattr(obj, col.name.removesuffix("_id"))
            out[col.name] = related.oruk_id if related is not None else None
        else:
            out[col.name] = json_value(getattr(obj, col.name))
    out.update(obj.extra)
    return out


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service, as `/services/{id}` gives it (load it through `full_services`)."""
    out = flat(service, "service")
    out["schedules"] = [_child(s, "schedule", "service_id", service) for s in service.schedules.all()]
    out["service_areas"] = [
        _child(a, "service_area", "service_id", service) for a in service.service_areas.all()
    ]
    places = []
    for sal in service.service_at_locations.all():
        place = _child(sal, "service_at_location", "service_id", service)
        place["location"] = _location(sal.location)
        places.append(place)
    out["service_at_locations"] = places
    out["cost_options"] = [
        _child(c, "cost_option", "service_id", service) for c in service.cost_options.all()
    ]
    contacts = []
    for contact in service.contacts.all():
        item = _child(contact, "contact", "service_id", service)
        item["phones"] = [_child(p, "phone", "contact_id", contact) for p in contact.phones.all()]
        contacts.append(item)
    out["contacts"] = contacts
    attributes = []
    for attribute in service.attributes.all():
        item = flat(attribute, "attribute")
        item["taxonomy_term"] = flat(attribute.taxonomy_term, "taxonomy_term")
        attributes.append(item)
    out["attributes"] = attributes
    out["organization"] = _organization(service)
    return out


def full_services(services: QuerySet[Service]) -> QuerySet[Service]:
    """`services` with everything `service_full` reads, in a fixed number of queries, in a stable order."""
    return services.select_related("organization").prefetch_related(
        Prefetch("schedules", queryset=Schedule.objects.select_related("service_at_location").order_by("pk")),
        Prefetch("service_areas", queryset=ServiceArea.objects.order_by("pk")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location")
            .prefetch_related(
                Prefetch("location__addresses", queryset=Address.objects.order_by("pk")),
                Prefetch("location__accessibility", queryset=Accessibility.objects.order_by("pk")),
            )
            .order_by("pk"),
        ),
        Prefetch("cost_options", queryset=CostOption.objects.order_by("pk")),
        Prefetch(
            "contacts",
            queryset=Contact.objects.prefetch_related(
                Prefetch("phones", queryset=Phone.objects.order_by("pk"))
            ).order_by("pk"),
        ),
        Prefetch("attributes", queryset=Attribute.objects.select_related("taxonomy_term").order_by("pk")),
    )
