from django.urls import path

from . import find_views

app_name = "directory"

urlpatterns = [
    path("find/", find_views.find, name="find"),
    path("find/<int:pk>/suggest/", find_views.suggest, name="suggest"),
    path("find/<int:pk>/check/", find_views.check, name="check"),
]
