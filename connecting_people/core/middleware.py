"""Headers that keep every page self-contained (no outside requests, no inline script injection), and the
refusal of a request that holds a NUL character."""

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        match = getattr(request, "resolver_match", None)
        personal_link = match is not None and "token" in match.kwargs
        if personal_link or (getattr(request, "user", None) is not None and request.user.is_authenticated):
            # Pages about people, and pages reached by someone's personal link (whose address is the key),
            # must not linger in shared browser caches.
            response.headers["Cache-Control"] = "private, no-store"
        return response


class NulInRequest(SuspiciousOperation):
    """A query string or form field holding a NUL character (a zero byte): no text holds one, and
    PostgreSQL cannot compare or store it."""


class RefuseNulMiddleware:
    """Every view reads its address and parameters knowing they are text: a NUL in either (a script,
    or a damaged paste) is a 400 with a page that says so (`core.errors.bad_request`), before any view
    runs, on both databases alike. Uploaded files are the imports' to check, line by line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise NulInRequest("A NUL character in the request's address")
        for data in (request.GET, request.POST if request.method == "POST" else None):
            if data is not None and any(
                "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
            ):
                raise NulInRequest("A NUL character in the request's parameters")
        return self.get_response(request)
