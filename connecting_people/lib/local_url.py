"""The one rule for an address to go back to that came with a request (`?next=`, a form's `next`):
kept only when it is a path on this site. Anything else (another site, or a bare word that `redirect`
would take for the name of a view and fail on) is ignored."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request: HttpRequest, candidate: str) -> str | None:
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, request.is_secure()
    ):
        return candidate
    return None
