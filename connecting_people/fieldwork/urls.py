from django.urls import path

from . import agreement_views, coding_views, coverage_views, exchange_views, search_views, views

app_name = "fieldwork"
urlpatterns = [
    path("", views.home, name="home"),
    path("import/", views.import_files, name="import"),
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:pk>/", views.import_job, name="import_job"),
    path("imports/<int:pk>/status", views.import_status, name="import_status"),
    path("search/", search_views.search_page, name="search"),
    path("exchange/", exchange_views.exchange, name="exchange"),
    path("exchange/fieldwork.qdpx", exchange_views.export_qdpx, name="export_qdpx"),
    path("exchange/codebook.qdc", exchange_views.export_qdc, name="export_qdc"),
    path("coverage/", coverage_views.coverage_page, name="coverage"),
    path("coverage.csv", coverage_views.coverage_csv, name="coverage_csv"),
    path("excerpts.csv", coverage_views.excerpts_export, name="excerpts_csv"),
    path("manifest-template.csv", views.manifest_template, name="manifest_template"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<int:pk>/", coding_views.source_detail, name="source"),
    path("sources/<int:pk>/code/", coding_views.code_passage, name="code"),
    path("sources/<int:pk>/speakers/", coding_views.link_speakers, name="link_speakers"),
    path("sources/<int:pk>/double-coding/", agreement_views.double_coding, name="double_coding"),
    path("agreement/", agreement_views.overview, name="agreement"),
    path("double-coding/<int:pk>/done/", agreement_views.double_coding_done, name="double_coding_done"),
    path("codings/<int:pk>/edit/", coding_views.excerpt_edit, name="excerpt_edit"),
    path("codings/<int:pk>/delete/", coding_views.excerpt_delete, name="excerpt_delete"),
    path("evidence/<int:pk>/", coding_views.component_evidence, name="evidence"),
    path("sources/<int:pk>/original", views.source_original, name="source_original"),
    path("sites/", views.site_list, name="sites"),
    path("sites/new/", views.site_new, name="site_new"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/visits/new/", views.visit_new, name="visit_new"),
    path("sites/<int:pk>/participants/new/", views.participant_new, name="participant_new"),
    path("participants/<int:pk>/", views.participant_edit, name="participant"),
    path("participants/<int:pk>/withdraw/", views.participant_withdraw, name="participant_withdraw"),
]
