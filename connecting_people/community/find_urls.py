from django.urls import path

from . import contact_views, directory_views, find_views

app_name = "directory"

urlpatterns = [
    path("find/", find_views.find, name="find"),
    path("find/<int:pk>/suggest/", find_views.suggest, name="suggest"),
    path("find/<int:pk>/check/", find_views.check, name="check"),
    path("directory/", directory_views.directory, name="directory"),
    path("directory/publish/", directory_views.publish, name="publish"),
    path("directory/upload/", directory_views.upload, name="upload"),
    path("directory/uploads/<int:pk>/", directory_views.upload_state, name="upload_state"),
    path("directory/uploads/<int:pk>/status/", directory_views.upload_status, name="upload_status"),
    path("directory/imports/<int:pk>/", directory_views.import_report, name="import_report"),
    path("directory/entries/new/", directory_views.entry_new, name="entry_new"),
    path("directory/entries/<int:pk>/", directory_views.entry_edit, name="entry_edit"),
    path("directory/organisations/<int:pk>/", directory_views.provider_edit, name="provider_edit"),
    path("contacts/", contact_views.contacts, name="contacts"),
    path("contacts/new/", contact_views.contact_new, name="contact_new"),
    path("contacts/<int:pk>/", contact_views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contact_views.contact_delete, name="contact_delete"),
]
