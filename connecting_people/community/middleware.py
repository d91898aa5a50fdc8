"""Cross-origin reading of the public ORUK API (CORS), as the Open Referral UK compliance guidance asks: a
directory's data is read by other services' web pages as well as by their servers. Only the API's address
gets these headers; no other page of the site may be read from another site. And every answer under that
address is JSON: a refusal that no API view wrote (an address the API does not have, a NUL refused before
any view, a server error) is given as the API's own refusals are, `{"error": ...}` with its status."""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

API_ROOT = "api/oruk/"  # where `connecting_people/urls.py` mounts the API
ALLOWED_METHODS = "GET, OPTIONS"
# Header names a preflight may ask for, as a comma-separated list (RFC 9110 tokens), echoed back.
HEADER_NAMES = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$")
MESSAGES = {
    400: "The request could not be read.",
    404: "This API has no such address.",
    500: "The server could not answer; please try again later.",
}


def under_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/" + API_ROOT)


def refusal(request: HttpRequest, status: int, message: str = "") -> JsonResponse:
    """The API's JSON refusal with `status`, for one that no view of the API explains itself (the site's
    error handlers give it under the API's address, with the reason where they know it)."""
    if status == 405:
        message = f"{request.method} is not allowed: this API is only read, with GET."
    response = JsonResponse(
        {"error": message or MESSAGES.get(status) or f"{HTTPStatus(status).phrase}."}, status=status
    )
    if status == 405:
        response["Allow"] = ALLOWED_METHODS
    return response


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class OrukApiCorsMiddleware:
    """Every response under /api/oruk/ (the JSON answers, their 400s and 404s, a 405, a 404 for an address
    the API does not have) carries `Access-Control-Allow-Origin: *`; a preflight `OPTIONS` is answered 204
    with the methods allowed (GET and OPTIONS) and the headers asked for. The API is read-only and reads no
    cookie or sign-in, so any site may read it; nothing can be changed through it. An error there that is
    not already JSON (the site's HTML 404, 400 or 500 page) is replaced by the API's JSON refusal."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not under_api(request):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            asked = request.headers.get("Access-Control-Request-Headers", "").strip()
            if asked and HEADER_NAMES.match(asked):
                response["Access-Control-Allow-Headers"] = asked
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            if response.status_code >= 400 and not _is_json(response):  # Django's own pages in debug
                response = refusal(request, response.status_code)
        response["Access-Control-Allow-Origin"] = "*"
        return response
