from django.urls import path

from . import views

app_name = "interventions"
urlpatterns = [
    path("", views.home, name="home"),
    path("import/", views.import_version, name="import"),
    path("diff/", views.diff_view, name="diff"),
    path("v/<int:pk>/", views.version_detail, name="version"),
    path("v/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("v/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("v/<int:pk>/new-draft/", views.version_new_draft, name="version_new_draft"),
    path("v/<int:pk>/delete/", views.version_delete, name="version_delete"),
    path("v/<int:pk>/diagram.svg", views.diagram_svg, name="diagram_svg"),
    path("v/<int:pk>/diagram.png", views.diagram_png, name="diagram_png"),
    path("v/<int:pk>/export.yaml", views.export_yaml, name="export"),
    path("v/<int:pk>/components/new/", views.component_new, name="component_new"),
    path("v/<int:pk>/c/<slug:key>/", views.component_detail, name="component"),
    path("v/<int:pk>/c/<slug:key>/edit/", views.component_edit, name="component_edit"),
    path("v/<int:pk>/c/<slug:key>/delete/", views.component_delete, name="component_delete"),
]
