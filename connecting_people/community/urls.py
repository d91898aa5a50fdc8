from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("<slug:api_name>/", views.api_meta, name="api_meta"),
    path("<slug:api_name>/services", views.api_services, name="api_services"),
    path("<slug:api_name>/services/<str:oruk_id>", views.api_service, name="api_service"),
]
