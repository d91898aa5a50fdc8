from django.urls import path

from . import account_views, review_views, views

app_name = "consult"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/comments/", views.comments, name="comments"),
    path("rounds/<int:pk>/report/", views.report, name="report"),
    path("reviewers/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("comments/<int:pk>/", views.comment_update, name="comment_update"),
    path("outbox/", views.outbox, name="outbox"),
    path("offers/", views.offers, name="offers"),
    path("mine/", account_views.mine, name="mine"),
    path("mine/<int:pk>/link/", account_views.my_link, name="my_link"),
    path("offer/", views.offer_new, name="offer_new"),
    # The reviewer's pages: the link is the only key.
    path("r/<str:token>/", review_views.review, name="review"),
    path("r/<str:token>/sections/<str:key>/", review_views.section, name="section"),
    path("r/<str:token>/rate/", review_views.rate, name="rate"),
    path("r/<str:token>/rate-section/", review_views.rate_section, name="rate_section"),
    path("r/<str:token>/comment/", review_views.comment, name="comment"),
    path("r/<str:token>/comments/<int:pk>/delete/", review_views.comment_delete, name="comment_delete"),
    path("r/<str:token>/submit/", review_views.submit, name="submit"),
]
