from django.urls import path

from . import views

app_name = "community"

# The standard's paths, relative to a directory's base address /api/oruk/NAME/. The base without its slash
# is the meta too, not a redirect: every answer under /api/oruk/ is JSON, and anything else there is the
# API's JSON 404 (`middleware.refusal`).
urlpatterns = [
    path("<slug:api_name>/", views.api_meta, name="api_meta"),
    path("<slug:api_name>", views.api_meta),
    path("<slug:api_name>/services", views.api_services, name="api_services"),
    path("<slug:api_name>/services/<str:oruk_id>", views.api_service, name="api_service"),
    path(
        "<slug:api_name>/service_at_locations",
        views.api_service_at_locations,
        name="api_service_at_locations",
    ),
    path(
        "<slug:api_name>/service_at_locations/<str:oruk_id>",
        views.api_service_at_location,
        name="api_service_at_location",
    ),
    path("<slug:api_name>/organizations", views.api_organizations, name="api_organizations"),
    path("<slug:api_name>/organizations/<str:oruk_id>", views.api_organization, name="api_organization"),
    path("<slug:api_name>/taxonomies", views.api_taxonomies, name="api_taxonomies"),
    path("<slug:api_name>/taxonomies/<str:oruk_id>", views.api_taxonomy, name="api_taxonomy"),
    path("<slug:api_name>/taxonomy_terms", views.api_taxonomy_terms, name="api_taxonomy_terms"),
    path("<slug:api_name>/taxonomy_terms/<str:oruk_id>", views.api_taxonomy_term, name="api_taxonomy_term"),
]
