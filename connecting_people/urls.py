from django.contrib import admin
from django.urls import include, path

from connecting_people.community.middleware import API_ROOT
from connecting_people.core import errors

urlpatterns = [
    path("", include("connecting_people.core.urls")),
    path("accounts/", include("connecting_people.accounts.urls")),
    path("audit/", include("connecting_people.audit.urls")),
    path("model/", include("connecting_people.interventions.urls")),
    path("fieldwork/", include("connecting_people.fieldwork.urls")),
    path("people/", include("connecting_people.practice.urls")),
    path("measures/", include("connecting_people.measures.urls")),
    path("guide/", include("connecting_people.guide.urls")),
    path("consult/", include("connecting_people.consult.urls")),
    path("community/", include("connecting_people.community.find_urls")),
    path(API_ROOT, include("connecting_people.community.urls")),
    path("partners/", include("connecting_people.partnerships.urls")),
    path("admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.forbidden
handler404 = errors.not_found
handler500 = errors.server_error
