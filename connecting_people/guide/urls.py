from django.urls import path, re_path

from . import draft_views, gold_views, style_views, views

app_name = "guide"
NUMBER = r"(?P<number>\d+\.\d+)"
PAGE = r"(?P<page>[\w-]+\.(?:html|js|css))"

urlpatterns = [
    # Public: the latest release, and any release by number.
    path("", draft_views.public_latest, name="public"),
    re_path(rf"^{PAGE}$", draft_views.public_latest, name="public_page"),
    re_path(rf"^{NUMBER}/$", draft_views.public_version, name="public_version"),
    re_path(rf"^{NUMBER}/{PAGE}$", draft_views.public_version, name="public_version_page"),
    # The research team's work, and drafts for those who read them.
    path("work/", views.home, name="home"),
    path("work/preview/", views.preview, name="preview"),
    path("work/<int:pk>/", views.guide_detail, name="guide"),
    path("work/<int:pk>/completeness/", views.completeness, name="completeness"),
    path("work/<int:pk>/drafts/new/", draft_views.draft_new, name="draft_new"),
    path("work/<int:pk>/gold/", gold_views.gold_overview, name="gold"),
    path("work/<int:pk>/gold/journey/new/", gold_views.journey_stage, name="journey_new"),
    path("work/<int:pk>/gold/journey/<int:stage>/", gold_views.journey_stage, name="journey_stage"),
    path("work/<int:pk>/gold/<slug:key>/", gold_views.gold_component, name="gold_component"),
    path("work/sections/<int:pk>/", views.section_edit, name="section"),
    path("work/sections/<int:pk>/choose/", views.choose, name="choose"),
    path("work/sections/<int:pk>/examples/", views.examples_edit, name="examples"),
    path("work/examples/<int:pk>/answer/", views.answer_warning, name="answer_warning"),
    path("drafts/<int:pk>/", draft_views.draft_detail, name="draft"),
    path("drafts/<int:pk>/compare/", draft_views.draft_compare, name="draft_compare"),
    path("drafts/<int:pk>/release/", draft_views.draft_release, name="draft_release"),
    path("drafts/<int:pk>/build/", draft_views.build_new, name="build_new"),
    path("drafts/<int:pk>/read/", draft_views.draft_read, name="draft_read"),
    re_path(rf"^drafts/(?P<pk>\d+)/read/{PAGE}$", draft_views.draft_read, name="draft_read_page"),
    path("questions/<int:pk>/answer/", draft_views.answer_name, name="answer_name"),
    path("builds/<int:pk>/", draft_views.build_status, name="build_status"),
    path("builds/<int:pk>/<str:fmt>/", draft_views.build_file, name="build_file"),
    path("self-assessment/", gold_views.self_assessment, name="self_assessment"),
    path("self-assessment/tailored/", gold_views.tailored, name="tailored"),
    path("self-assessment/<int:pk>/guide.pdf", gold_views.tailored_pdf, name="tailored_pdf"),
    path("self-assessment/<int:pk>/action-plan.csv", gold_views.plan_csv, name="plan_csv"),
    path("working-style/", style_views.working_style, name="working_style"),
    path("working-style/share/", style_views.working_style_share, name="working_style_share"),
    path("working-style/guide/", style_views.working_style_guide, name="working_style_guide"),
    path("working-style/shared/<int:pk>/", style_views.working_style_shared, name="working_style_shared"),
]
