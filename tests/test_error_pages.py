"""Error pages in plain words: a form refused for its CSRF token says it expired and to go back and try
again (403, nothing technical); under a reviewer's personal link, an unknown link (404) and a withdrawn or
expired one (410) keep the reviewer's layout, with no account to sign in to."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from connecting_people.consult.actions import do_revoke
from connecting_people.consult.models import Round

from .conftest import Cast
from .test_consult import _invite, _round

TECHNICAL = ("CSRF", "csrf", "token", "cookie", "Referer", "Forbidden", "Traceback", "URLconf", "DEBUG")


def _header(html: str) -> str:
    return re.search(r"<header.*?</header>", html, re.S).group(0)  # type: ignore[union-attr]


def _reviewer_layout(html: str) -> bool:
    """The reviewer's layout: the brand alone in the header, no menu, no search, no sign in."""
    header = _header(html)
    return (
        "Sign in" not in html and "Sign out" not in html and "<nav" not in header and "search" not in header
    )


def test_a_form_refused_for_its_csrf_token_says_it_expired_in_plain_words(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    login = reverse("accounts:login")
    client.get(login)
    refused = client.post(
        login,
        {"username": "worker", "password": "whatever"},
        headers={"referer": f"http://testserver{login}?next=/people/"},
    )
    html = refused.content.decode()
    assert refused.status_code == 403
    assert "<h1>This form has expired</h1>" in html
    assert "Nothing was saved" in html and "Go back to the page, reload it, and send the form again." in html
    assert f'href="{login}?next=/people/"' in html  # back to the form it came from
    body = html.split("</header>")[1]
    assert not [word for word in TECHNICAL if word in body]
    # A page on another site is never offered as the way back.
    elsewhere = client.post(login, {"username": "worker"}, headers={"referer": "https://elsewhere.example/x"})
    assert elsewhere.status_code == 403 and "elsewhere" not in elsewhere.content.decode()
    # A signed-in worker's form, refused the same way, is the same page in the signed-in layout.
    worker = Client(enforce_csrf_checks=True)
    worker.force_login(cast.users["worker"])
    page = worker.post(reverse("accounts:logout")).content.decode()
    assert "This form has expired" in page and "Sign out" in page


def test_under_a_reviewers_link_the_expired_form_keeps_the_reviewers_layout(cast: Cast) -> None:
    round_ = _round(cast)
    _reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = Client(enforce_csrf_checks=True)
    refused = client.post(reverse("consult:comment", args=[token]), {"section": "build-relationship"})
    html = refused.content.decode()
    assert refused.status_code == 403 and "<h1>This form has expired</h1>" in html
    assert _reviewer_layout(html)


def test_an_unknown_reviewer_link_is_a_404_in_the_reviewers_layout(cast: Cast) -> None:
    round_ = _round(cast)
    _reviewer, token = _invite(cast, round_, "rhian@example.org")
    anyone = cast.client("anonymous")
    for address in (
        reverse("consult:review", args=["not-a-real-link"]),
        reverse("consult:section", args=["not-a-real-link", "build-relationship"]),
        reverse("consult:section", args=[token, "no-such-section"]),
        "/consult/r/not-a-real-link/no/such/page/",
    ):
        response = anyone.get(address)
        html = response.content.decode()
        assert response.status_code == 404, address
        assert "<h1>This link does not open anything</h1>" in html, address
        assert "copied the whole link from the email" in html and _reviewer_layout(html), address
        assert "Go to the home page" not in html
    # Anywhere else, the usual page, which offers to sign in.
    elsewhere = anyone.get("/no/such/page/").content.decode()
    assert "<h1>Not found</h1>" in elsewhere and "Sign in" in _header(elsewhere)


def test_a_withdrawn_or_expired_link_is_a_410_in_the_reviewers_layout(cast: Cast) -> None:
    round_ = _round(cast)
    withdrawn, withdrawn_token = _invite(cast, round_, "gwen@example.org", name="Gwen Gone")
    do_revoke(cast.users["researcher"], withdrawn)
    late = _round(cast, title="Round gone by")
    _late, late_token = _invite(cast, late, "lena@example.org", name="Lena Late")
    Round.objects.filter(pk=late.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    anyone = cast.client("anonymous")
    for token, words in (
        (withdrawn_token, "withdrawn by the research team"),
        (late_token, "This consultation closed on"),
    ):
        response = anyone.get(reverse("consult:review", args=[token]))
        html = response.content.decode()
        assert response.status_code == 410 and "<h1>This link no longer opens</h1>" in html
        assert words in html and _reviewer_layout(html)
