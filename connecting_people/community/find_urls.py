from django.urls import path

from . import contact_views, find_views

app_name = "directory"

urlpatterns = [
    path("find/", find_views.find, name="find"),
    path("find/<int:pk>/suggest/", find_views.suggest, name="suggest"),
    path("find/<int:pk>/check/", find_views.check, name="check"),
    path("contacts/", contact_views.contacts, name="contacts"),
    path("contacts/new/", contact_views.contact_new, name="contact_new"),
    path("contacts/<int:pk>/", contact_views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contact_views.contact_delete, name="contact_delete"),
]
