"""The read-only Open Referral UK API of an organisation's published directory: JSON for other local
services' systems, no sign-in, the paths, paging and filters of the standard's OpenAPI (profile 3.0):
`/`, `/services`, `/service_at_locations`, `/taxonomies` and `/taxonomy_terms`, each list with its
`/{id}`. Paging and filters are read in `api_query.py`, records written in `serialise.py`; answers for
browsers' pages on other sites (CORS) are `middleware.OrukApiCorsMiddleware`'s."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .api_query import BadParameter, Paging, ServiceFilters, page, taxonomies, taxonomy_terms
from .getters import of_directory, published_owner
from .models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .oruk.spec import OPENAPI_URL, ORUK_VERSION, PROFILE_URL
from .serialise import (
    flat,
    full_places,
    full_services,
    place_full,
    place_summary,
    service_full,
    service_summary,
    taxonomy_full,
)

View = Callable[..., HttpResponse]


def oruk_api(view: View) -> View:
    """An endpoint of the API: GET only (a preflight OPTIONS is answered by the CORS middleware), and
    each refusal as JSON with its message: 404 for a directory that is not published (so nothing shows
    that it exists) or an id it does not hold, 400 for a parameter that cannot be read or answered."""

    @wraps(view)
    def endpoint(request: HttpRequest, *args: str, **kwargs: str) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return JsonResponse({"error": str(error) or "Not found."}, status=404)
        except BadParameter as error:
            return JsonResponse({"error": str(error)}, status=400)

    return require_GET(endpoint)


@oruk_api
def api_meta(request: HttpRequest, api_name: str) -> HttpResponse:
    published_owner(api_name)
    return JsonResponse({"version": ORUK_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL})


@oruk_api
def api_services(request: HttpRequest, api_name: str) -> HttpResponse:
    owner = published_owner(api_name)
    paging, filters = Paging.read(request.GET), ServiceFilters.read(request.GET)
    services = filters.services(of_directory(Service, owner)).select_related("organization")
    return JsonResponse(page(services, paging, service_summary))


@oruk_api
def api_service(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponse:
    service = full_services(of_directory(Service, published_owner(api_name)).filter(oruk_id=oruk_id)).first()
    if service is None:
        raise Http404("No service with that id.")
    return JsonResponse(service_full(service))


@oruk_api
def api_service_at_locations(request: HttpRequest, api_name: str) -> HttpResponse:
    owner = published_owner(api_name)
    paging, filters = Paging.read(request.GET), ServiceFilters.read(request.GET)
    places = filters.places(of_directory(ServiceAtLocation, owner), of_directory(Service, owner))
    return JsonResponse(
        page(places.select_related("location", "service__organization"), paging, place_summary)
    )


@oruk_api
def api_service_at_location(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponse:
    places = of_directory(ServiceAtLocation, published_owner(api_name)).filter(oruk_id=oruk_id)
    place = full_places(places).first()
    if place is None:
        raise Http404("No service at a location with that id.")
    return JsonResponse(place_full(place))


@oruk_api
def api_taxonomies(request: HttpRequest, api_name: str) -> HttpResponse:
    owner = published_owner(api_name)
    paging = Paging.read(request.GET)
    found = taxonomies(request.GET, of_directory(Taxonomy, owner))
    return JsonResponse(page(found, paging, lambda taxonomy: flat(taxonomy, "taxonomy")))


@oruk_api
def api_taxonomy(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponse:
    owner = published_owner(api_name)
    taxonomy = of_directory(Taxonomy, owner).filter(oruk_id=oruk_id).first()
    if taxonomy is None:
        raise Http404("No taxonomy with that id.")
    terms = of_directory(TaxonomyTerm, owner).filter(taxonomy_id=taxonomy.oruk_id).order_by("name", "pk")
    return JsonResponse(taxonomy_full(taxonomy, terms))


@oruk_api
def api_taxonomy_terms(request: HttpRequest, api_name: str) -> HttpResponse:
    owner = published_owner(api_name)
    paging = Paging.read(request.GET)
    found = taxonomy_terms(request.GET, of_directory(TaxonomyTerm, owner), of_directory(Taxonomy, owner))
    return JsonResponse(page(found, paging, lambda term: flat(term, "taxonomy_term")))


@oruk_api
def api_taxonomy_term(request: HttpRequest, api_name: str, oruk_id: str) -> HttpResponse:
    term = of_directory(TaxonomyTerm, published_owner(api_name)).filter(oruk_id=oruk_id).first()
    if term is None:
        raise Http404("No taxonomy term with that id.")
    return JsonResponse(flat(term, "taxonomy_term"))
