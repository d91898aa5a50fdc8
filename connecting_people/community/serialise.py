"""Directory records as the standard writes them: CSV rows for a data package and nested ORUK JSON
objects for the API and the JSON export. The field names and nesting are the standard's."""

from __future__ import annotations

from collections.abc import Iterable
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
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
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


def _place(place: ServiceAtLocation, service: Service) -> dict[str, Any]:
    """A service at a location nested in its service: the place, and the times it runs there."""
    out = _child(place, "service_at_location", "service_id", service)
    out["schedules"] = [_child(s, "schedule", "service_at_location_id", place) for s in place.schedules.all()]
    out["location"] = _location(place.location)
    return out


def _service_details(service: Service, out: dict[str, Any], *, places: bool) -> None:
    """The service's nested lists (its places too, or not) and its organization, added to `out`."""
    out["schedules"] = [_child(s, "schedule", "service_id", service) for s in service.schedules.all()]
    out["service_areas"] = [
        _child(a, "service_area", "service_id", service) for a in service.service_areas.all()
    ]
    if places:
        out["service_at_locations"] = [_place(p, service) for p in service.service_at_locations.all()]
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


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service, as `/services/{id}` gives it (load it through `full_services`)."""
    out = flat(service, "service")
    _service_details(service, out, places=True)
    return out


def place_summary(place: ServiceAtLocation) -> dict[str, Any]:
    """A service at a location as the paged list gives it: the place, its location's own fields and its
    service's (with its organization)."""
    out = flat(place, "service_at_location")
    out["location"] = flat(place.location, "location")
    out["service"] = service_summary(place.service)
    return out


def place_full(place: ServiceAtLocation) -> dict[str, Any]:
    """A fully nested service at a location, as `/service_at_locations/{id}` gives it (load it through
    `full_places`): the times it runs there, its location with addresses and accessibility, and its
    service with everything but its other places."""
    out = flat(place, "service_at_location")
    out["schedules"] = [_child(s, "schedule", "service_at_location_id", place) for s in place.schedules.all()]
    out["location"] = _location(place.location)
    service = place.service
    out["service"] = flat(service, "service")
    _service_details(service, out["service"], places=False)
    return out


def service_minimal(service: Service) -> dict[str, Any]:
    """A service as `/services?minimal=true` gives it: its id and when it was last changed."""
    return {"id": service.oruk_id, "last_modified": json_value(service.last_modified)}


def organization_full(organization: Organization, *, full_service: bool = False) -> dict[str, Any]:
    """An organization with its services, as `/organizations/{id}` gives it (load it through
    `full_organizations`): each service's own fields, or with `full_service` each fully nested."""
    out = flat(organization, "organization")
    services = organization.services.all()
    out["services"] = [service_full(s) if full_service else flat(s, "service") for s in services]
    return out


def taxonomy_full(taxonomy: Taxonomy, terms: Iterable[TaxonomyTerm]) -> dict[str, Any]:
    """A taxonomy with its terms (the UK profile nests them as `taxonomy_terms`)."""
    out = flat(taxonomy, "taxonomy")
    out["taxonomy_terms"] = [flat(term, "taxonomy_term") for term in terms]
    return out


def _service_prefetches(path: str) -> list[Prefetch[Any]]:
    """What `_service_details` reads of the service at `path` ("" for the service itself)."""
    return [
        Prefetch(
            f"{path}schedules", queryset=Schedule.objects.select_related("service_at_location").order_by("pk")
        ),
        Prefetch(f"{path}service_areas", queryset=ServiceArea.objects.order_by("pk")),
        Prefetch(f"{path}cost_options", queryset=CostOption.objects.order_by("pk")),
        Prefetch(
            f"{path}contacts",
            queryset=Contact.objects.prefetch_related(
                Prefetch("phones", queryset=Phone.objects.order_by("pk"))
            ).order_by("pk"),
        ),
        Prefetch(
            f"{path}attributes", queryset=Attribute.objects.select_related("taxonomy_term").order_by("pk")
        ),
    ]


def _place_prefetches(path: str) -> list[Prefetch[Any]]:
    """What `_place` reads of the places at `path` ("" for the places themselves)."""
    return [
        Prefetch(f"{path}schedules", queryset=Schedule.objects.select_related("service").order_by("pk")),
        Prefetch(f"{path}location__addresses", queryset=Address.objects.order_by("pk")),
        Prefetch(f"{path}location__accessibility", queryset=Accessibility.objects.order_by("pk")),
    ]


def full_services(services: QuerySet[Service]) -> QuerySet[Service]:
    """`services` with everything `service_full` reads, in a fixed number of queries, in a stable order."""
    places = ServiceAtLocation.objects.select_related("location").order_by("pk")
    return services.select_related("organization").prefetch_related(
        Prefetch("service_at_locations", queryset=places),
        *_place_prefetches("service_at_locations__"),
        *_service_prefetches(""),
    )


def full_organizations(
    organizations: QuerySet[Organization], services: QuerySet[Service], *, full_service: bool = False
) -> QuerySet[Organization]:
    """`organizations` with their services among `services` (the published directory's), by name, and
    with `full_service` everything `service_full` reads of them, in a fixed number of queries."""
    services = services.order_by("name", "pk")
    return organizations.prefetch_related(
        Prefetch("services", queryset=full_services(services) if full_service else services)
    )


def full_places(places: QuerySet[ServiceAtLocation]) -> QuerySet[ServiceAtLocation]:
    """`places` with everything `place_full` reads, in a fixed number of queries."""
    return places.select_related("location", "service__organization").prefetch_related(
        *_place_prefetches(""), *_service_prefetches("service__")
    )
