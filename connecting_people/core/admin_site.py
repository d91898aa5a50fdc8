"""The admin site (Django's, named for us), which signs in through our own throttled page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from connecting_people.accounts.views import login_view


class CpiAdminSite(admin.AdminSite):
    site_header = "Connecting People administration"
    site_title = "Connecting People"
    index_title = "Organisations, users and settings"

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """The admin site signs in through our own page, so its sign-in is throttled like every other."""
        return login_view(request)
