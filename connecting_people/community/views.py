"""The read-only Open Referral UK API of an organisation's published directory: JSON for other local
services' systems, no sign-in, the paths, paging and filters of the standard's OpenAPI (profile 3.0):
`/`, `/services`, `/service_at_locations`, `/taxonomies` and `/taxonomy_terms`, each list with its
`/{id}`, and HSDS 3.0's `/organizations` with its `/{id}` (which the UK profile leaves out). Paging, the
shape of each item and the filters are read in `api_query.py`, records written in `serialise.py`; answers
for browsers' pages on other sites (CORS), and JSON for what no view answers, are
`middleware.OrukApiCorsMiddleware`'s."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt

from .api_query import (
    MINIMAL_PER_PAGE,
    BadParameter,
    Paging,
    ServiceFilters,
    Shape,
    ndjson_lines,
    organizations,
    page,
    taxonomies,
    taxonomy_terms,
)
from .getters import of_directory, published_owner
from .middleware import refusal
from .models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .oruk.spec import OPENAPI_URL, ORUK_VERSION, PROFILE_URL
from .serialise import (
    flat,
    full_organizations,
    full_places,
    full_services,
    organization_full,
    place_full,
    place_summary,
    service_full,
    service_minimal,
    service_summary,
    taxonomy_full,
)

View = Callable[..., HttpResponseBase]
M = TypeVar("M", bound=Model)
NDJSON = "application/x-ndjson"


def oruk_api(view: View) -> View:
    """An endpoint of the API: GET only (a preflight OPTIONS is answered by the CORS middleware; any other
    method is a JSON 405, never a CSRF page, since nothing here reads a cookie or changes anything), and
    each refusal as JSON with its message: 404 for a directory that is not published (so nothing shows
    that it exists) or an id it does not hold, 400 for a parameter that cannot be read or answered."""

    @wraps(view)
    def endpoint(request: HttpRequest, *args: str, **kwargs: str) -> HttpResponseBase:
        if request.method != "GET":
            return refusal(request, 405)
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return JsonResponse({"error": str(error) or "Not found."}, status=404)
        except BadParameter as error:
            return JsonResponse({"error": str(error)}, status=400)

    return csrf_exempt(endpoint)


def listing(items: QuerySet[M], paging: Paging, serialise: Callable[[M], dict[str, Any]]) -> HttpResponseBase:
    """A list as the standard's page of JSON, or every item as NDJSON (`format=ndjson`)."""
    if paging.everything:
        return StreamingHttpResponse(ndjson_lines(items, serialise), content_type=NDJSON)
    return JsonResponse(page(items, paging, serialise))


@oruk_api
def api_meta(request: HttpRequest, api_name: str) -> HttpResponseBase:
    published_owner(api_name)
    return JsonResponse({"version": ORUK_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL})


@oruk_api
def api_services(request: HttpRequest, api_name: str) -> HttpResponseBase:
    owner = published_owner(api_name)
    shape = Shape.read(request.GET)
    paging = (
        Paging.read(request.GET, most=MINIMAL_PER_PAGE, usual=MINIMAL_PER_PAGE)
        if shape.minimal
        else Paging.read(request.GET)
    )
    services = ServiceFilters.read(request.GET).services(of_directory(Service, owner))
    if shape.minimal:
        return listing(services.only("oruk_id", "last_modified"), paging, service_minimal)
    if shape.full:
        return listing(full_services(services), paging, service_full)
    return listing(services.select_related("organization"), paging, service_summary)


@oruk_api
def api_service(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponseBase:
    service = full_services(of_directory(Service, published_owner(api_name)).filter(oruk_id=oruk_id)).first()
    if service is None:
        raise Http404("No service with that id.")
    return JsonResponse(service_full(service))


@oruk_api
def api_service_at_locations(request: HttpRequest, api_name: str) -> HttpResponseBase:
    owner = published_owner(api_name)
    shape, paging, filters = (
        Shape.read(request.GET),
        Paging.read(request.GET),
        ServiceFilters.read(request.GET),
    )
    places = filters.places(of_directory(ServiceAtLocation, owner), of_directory(Service, owner))
    if shape.full:
        return listing(full_places(places), paging, place_full)
    return listing(places.select_related("location", "service__organization"), paging, place_summary)


@oruk_api
def api_service_at_location(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponseBase:
    places = of_directory(ServiceAtLocation, published_owner(api_name)).filter(oruk_id=oruk_id)
    place = full_places(places).first()
    if place is None:
        raise Http404("No service at a location with that id.")
    return JsonResponse(place_full(place))


@oruk_api
def api_taxonomies(request: HttpRequest, api_name: str) -> HttpResponseBase:
    owner = published_owner(api_name)
    paging = Paging.read(request.GET)
    found = taxonomies(request.GET, of_directory(Taxonomy, owner))
    return listing(found, paging, lambda taxonomy: flat(taxonomy, "taxonomy"))


@oruk_api
def api_taxonomy(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponseBase:
    owner = published_owner(api_name)
    taxonomy = of_directory(Taxonomy, owner).filter(oruk_id=oruk_id).first()
    if taxonomy is None:
        raise Http404("No taxonomy with that id.")
    terms = of_directory(TaxonomyTerm, owner).filter(taxonomy_id=taxonomy.oruk_id).order_by("name", "pk")
    return JsonResponse(taxonomy_full(taxonomy, terms))


@oruk_api
def api_taxonomy_terms(request: HttpRequest, api_name: str) -> HttpResponseBase:
    owner = published_owner(api_name)
    paging = Paging.read(request.GET)
    found = taxonomy_terms(request.GET, of_directory(TaxonomyTerm, owner), of_directory(Taxonomy, owner))
    return listing(found, paging, lambda term: flat(term, "taxonomy_term"))


@oruk_api
def api_taxonomy_term(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponseBase:
    term = of_directory(TaxonomyTerm, published_owner(api_name)).filter(oruk_id=oruk_id).first()
    if term is None:
        raise Http404("No taxonomy term with that id.")
    return JsonResponse(flat(term, "taxonomy_term"))


@oruk_api
def api_organizations(request: HttpRequest, api_name: str) -> HttpResponseBase:
    """The directory's organizations: each one's own fields, or with `full` (or `full_service`) each with
    its services as `/organizations/{id}` gives them."""
    owner = published_owner(api_name)
    shape, paging = Shape.read(request.GET), Paging.read(request.GET)
    found = organizations(request.GET, of_directory(Organization, owner))
    if shape.full or shape.full_service:
        found = full_organizations(found, of_directory(Service, owner), full_service=shape.full_service)
        return listing(found, paging, lambda o: organization_full(o, full_service=shape.full_service))
    return listing(found, paging, lambda organization: flat(organization, "organization"))


@oruk_api
def api_organization(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponseBase:
    """One organization with its services: their own fields, or fully nested with `full_service`."""
    owner = published_owner(api_name)
    shape = Shape.read(request.GET)
    found = of_directory(Organization, owner).filter(oruk_id=oruk_id)
    organization = full_organizations(
        found, of_directory(Service, owner), full_service=shape.full_service
    ).first()
    if organization is None:
        raise Http404("No organization with that id.")
    return JsonResponse(organization_full(organization, full_service=shape.full_service))
