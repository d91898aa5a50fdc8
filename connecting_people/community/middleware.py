"""Cross-origin reading of the public ORUK API (CORS), as the Open Referral UK compliance guidance asks: a
directory's data is read by other services' web pages as well as by their servers. Only the API's address
gets these headers; no other page of the site may be read from another site."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_ROOT = "api/oruk/"  # where `connecting_people/urls.py` mounts the API
ALLOWED_METHODS = "GET, OPTIONS"
# Header names a preflight may ask for, as a comma-separated list (RFC 9110 tokens), echoed back.
HEADER_NAMES = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$")


class OrukApiCorsMiddleware:
    """Every response under /api/oruk/ (the JSON answers, their 400s and 404s, a 405, a 404 for an address
    the API does not have) carries `Access-Control-Allow-Origin: *`; a preflight `OPTIONS` is answered 204
    with the methods allowed (GET and OPTIONS) and the headers asked for. The API is read-only and reads no
    cookie or sign-in, so any site may read it; nothing can be changed through it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/" + API_ROOT):
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
        response["Access-Control-Allow-Origin"] = "*"
        return response
