from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/<int:pk>/remove/", views.unschedule, name="unschedule"),
    path("files/", views.files, name="files"),
    path("change/", views.organisation, name="organisation"),
    path("analysis/", views.analysis, name="analysis"),
    path("analysis/export/", views.analysis_export, name="analysis_export"),
    path("people/<int:pk>/", views.person_measures, name="person"),
    path("people/<int:pk>/<slug:key>/<int:months>/fill/", views.fill, name="fill"),
    path("people/<int:pk>/<slug:key>/<int:months>/missed/", views.missed, name="missed"),
    path("people/<int:pk>/<slug:key>/<int:months>/begin/", views.begin, name="begin"),
    path("fidelity/", views.fidelity_workers, name="fidelity_workers"),
    path("fidelity/people/<int:pk>/", views.fidelity_person, name="fidelity_person"),
    path("fidelity/people/<int:pk>/rate/", views.fidelity_rate, name="fidelity_rate"),
    path("fidelity/organisation/", views.fidelity_organisation, name="fidelity_organisation"),
    path("fidelity/workers/<int:pk>/", views.fidelity_profile, name="fidelity_profile"),
    path("fidelity/workers/<int:pk>/people/<int:person_pk>/", views.fidelity_pair, name="fidelity_pair"),
    path("fidelity/own/rate/", views.fidelity_rate_own, name="fidelity_rate_own"),
    path("fidelity/my-worker/", views.fidelity_my_worker, name="fidelity_my_worker"),
    path("answers/<int:pk>/<int:n>/", views.question, name="question"),
    # The person's personal link: the token is the only key.
    path("l/<str:token>/", views.link, name="link"),
    path("l/<str:token>/<int:n>/", views.link_question, name="link_question"),
]
