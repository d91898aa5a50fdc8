from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from connecting_people.accounts.views import login_view
from connecting_people.core import errors

admin.site.site_header = "Connecting People administration"
admin.site.site_title = "Connecting People"
admin.site.index_title = "Organisations, users and settings"


def _admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin site signs in through our own page, so its sign-in is throttled like every other."""
    return login_view(request)


admin.site.login = _admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("", include("connecting_people.core.urls")),
    path("accounts/", include("connecting_people.accounts.urls")),
    path("audit/", include("connecting_people.audit.urls")),
    path("model/", include("connecting_people.interventions.urls")),
    path("fieldwork/", include("connecting_people.fieldwork.urls")),
    path("people/", include("connecting_people.practice.urls")),
    path("guide/", include("connecting_people.guide.urls")),
    path("consult/", include("connecting_people.consult.urls")),
    path("admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.forbidden
handler404 = errors.not_found
handler500 = errors.server_error
