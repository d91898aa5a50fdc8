"""The signed-in user of a request, typed as our `User`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in (django-stubs' documented pattern).

    Views behind `login_required` take this type, so `request.user` is our `User` rather than
    `User | AnonymousUser`. It is only an annotation: Django still passes its own `HttpRequest`."""

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that must be signed in (where the signature is Django's, as in the admin)."""
    if not isinstance(request.user, User):
        raise PermissionDenied("Sign in first.")
    return request.user
