from django.urls import path

from . import network_views, report_views, research_views, views

app_name = "partners"

urlpatterns = [
    path("", views.partners, name="home"),
    path("new/", views.partner_new, name="new"),
    path("<int:pk>/", views.partner_edit, name="edit"),
    path("activities/", views.activities, name="activities"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("network/", network_views.network, name="network"),
    path("report/", report_views.report, name="report"),
    path("research/", research_views.research, name="research"),
    path("research/<int:pk>/", research_views.research_answer, name="research_answer"),
]
