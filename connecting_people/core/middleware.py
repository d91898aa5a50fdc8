"""Headers that keep every page self-contained: no outside requests, no inline script injection."""

from collections.abc import Callable

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
