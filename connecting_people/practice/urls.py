from django.urls import path

from . import link_views, map_views, review_views, story_views, views, work_views

app_name = "practice"
urlpatterns = [
    path("", views.people, name="people"),
    path("new/", views.person_new, name="person_new"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/export.zip", views.person_export, name="person_export"),
    path("<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("<int:pk>/sessions/new/", work_views.session_new, name="session_new"),
    path("sessions/<int:pk>/", work_views.session_edit, name="session"),
    path("<int:pk>/goals/new/", work_views.goal_new, name="goal_new"),
    path("goals/<int:pk>/", work_views.goal_edit, name="goal"),
    path("actions/<int:pk>/toggle/", work_views.action_toggle, name="action_toggle"),
    path("<int:pk>/reviews/new/", review_views.review_new, name="review_new"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review"),
    path("<int:pk>/stories/new/", story_views.story_new, name="story_new"),
    path("stories/<int:pk>/", story_views.story_detail, name="story"),
    path("<int:pk>/links/new/", link_views.link_new, name="link_new"),
    path("links/<int:pk>/move/", link_views.link_move, name="link_move"),
    path("links/<int:pk>/stop/", link_views.link_stop, name="link_stop"),
    path("links/<int:pk>/on-map/", link_views.link_on_map, name="link_on_map"),
    path("links/<int:pk>/type/", link_views.link_type, name="link_type"),
    path("<int:pk>/maps/new/", map_views.map_new, name="map_new"),
    path("maps/<int:pk>/", map_views.map_detail, name="map"),
    path("maps/<int:pk>/members/new/", map_views.member_new, name="member_new"),
    path("maps/<int:pk>/compare/", map_views.map_compare, name="map_compare"),
    path("maps/<int:pk>/map.svg", map_views.map_image, {"fmt": "svg"}, name="map_svg"),
    path("maps/<int:pk>/map.png", map_views.map_image, {"fmt": "png"}, name="map_png"),
    path("members/<int:pk>/", map_views.member_edit, name="member"),
    path("members/<int:pk>/ties/", map_views.member_ties, name="member_ties"),
    path("members/<int:pk>/delete/", map_views.member_delete, name="member_delete"),
    path("members/<int:pk>/circle/", map_views.member_circle, name="member_circle"),
]
