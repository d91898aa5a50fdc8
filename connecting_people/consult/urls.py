from collections.abc import Callable

from django.http import HttpResponse
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
    # The reviewer's pages are mounted twice over the same views, below: by the personal link, which is
    # the only key, and signed in to a reviewer's account (their own invitation, by its id).
]

REVIEWER_PAGES: list[tuple[str, Callable[..., HttpResponse], str]] = [
    ("", review_views.review, "review"),
    ("sections/<str:key>/", review_views.section, "section"),
    ("rate/", review_views.rate, "rate"),
    ("rate-section/", review_views.rate_section, "rate_section"),
    ("comment/", review_views.comment, "comment"),
    ("comments/<int:pk>/delete/", review_views.comment_delete, "comment_delete"),
    ("submit/", review_views.submit, "submit"),
]
urlpatterns += [
    path(f"r/<str:token>/{route}", review_views.by_link(view), name=name)
    for route, view, name in REVIEWER_PAGES
]
urlpatterns += [
    path(f"mine/<int:invitation>/{route}", review_views.by_account(view), name=f"my_{name}")
    for route, view, name in REVIEWER_PAGES
]
