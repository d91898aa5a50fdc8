from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.people, name="people"),
    path("new/", views.person_new, name="person_new"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
]
