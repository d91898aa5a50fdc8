"""Throttling behind the reverse proxy: client addresses read through the trusted proxies only, limits
per account from one address, per address and per account, counted before the password is checked,
and a back-off that passes rather than a lock that lasts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from connecting_people.accounts.backends import Backend
from connecting_people.consult.models import Offer, Round
from connecting_people.guide.actions import do_create_guide, do_make_draft
from connecting_people.lib.client_address import client_address, parse_networks

from .conftest import PASSWORD, Cast, guide_with_drafts

PROXY = "10.0.0.5"
TRUSTED = parse_networks(["10.0.0.0/24", "::1"])


def test_the_client_is_the_first_address_our_proxies_did_not_add() -> None:
    assert client_address("203.0.113.9", "", TRUSTED) == "203.0.113.9"
    # Not from a trusted proxy: its own X-Forwarded-For is not believed.
    assert client_address("203.0.113.9", "198.51.100.1", TRUSTED) == "203.0.113.9"
    assert client_address(PROXY, "198.51.100.1", TRUSTED) == "198.51.100.1"
    # The client wrote the left part itself; only what our proxies appended counts.
    assert client_address(PROXY, "1.2.3.4, 198.51.100.1, 10.0.0.7", TRUSTED) == "198.51.100.1"
    assert client_address(PROXY, "198.51.100.1:5123", TRUSTED) == "198.51.100.1"
    assert client_address(PROXY, "[2001:db8::1]:443", TRUSTED) == "2001:db8::1"
    assert client_address(PROXY, "not-an-address", TRUSTED) == PROXY
    assert client_address("garbage", "198.51.100.1", TRUSTED) is None
    with pytest.raises(ValueError, match="'10.0.0.300'"):
        parse_networks(["10.0.0.300"])


def _login(client: Client, username: str, password: str, address: str) -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_failures_by_others_behind_the_proxy_lock_nobody_else_out(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = TRUSTED
    client = Client()
    for n in range(60):  # sixty wrong passwords for many accounts from many places, all through the proxy
        _login(client, f"someone{n % 7}", "wrong password", f"198.51.100.{n}")
    assert _login(Client(), "worker", PASSWORD, "203.0.113.20").status_code == 302


def test_someone_else_cannot_lock_a_known_account(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES, settings.LOGIN_FAILURE_LIMIT = TRUSTED, 3
    attacker = Client()
    for _ in range(10):
        _login(attacker, "worker", "wrong password", "198.51.100.66")
    refused = _login(attacker, "worker", PASSWORD, "198.51.100.66")
    assert refused.status_code == 429 and "Try again in" in refused.content.decode()
    # The worker, from their own address, is not held up by the attacker's guesses.
    assert _login(Client(), "worker", PASSWORD, "203.0.113.20").status_code == 302


def test_the_wait_backs_off_and_then_passes(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_WINDOW_MINUTES = 3, 15
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            assert (
                client.post(
                    reverse("accounts:login"), {"username": "worker", "password": "wrong"}
                ).status_code
                == 200
            )
        refused = client.post(reverse("accounts:login"), {"username": "worker", "password": PASSWORD})
        assert refused.status_code == 429 and "Try again in 1 minute" in refused.content.decode()
        clock.shift(dt.timedelta(seconds=61))
        assert (
            client.post(reverse("accounts:login"), {"username": "worker", "password": "wrong"}).status_code
            == 200
        )
        # One more failure: the wait doubles.
        assert (
            "Try again in 2 minutes"
            in client.post(
                reverse("accounts:login"), {"username": "worker", "password": PASSWORD}
            ).content.decode()
        )
        clock.shift(dt.timedelta(minutes=2, seconds=1))
        assert (
            client.post(reverse("accounts:login"), {"username": "worker", "password": PASSWORD}).status_code
            == 302
        )


def test_guesses_arriving_together_are_counted_before_any_password_is_checked(
    cast: Cast, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Thirty guesses at once: the first is still checking its password while the other twenty-nine
    arrive. Each is counted when it arrives, so no more than the limit are ever checked."""
    settings.LOGIN_FAILURE_LIMIT = 5
    checked: list[str] = []
    codes: list[int] = []
    original = Backend.authenticate

    def guess(n: int) -> int:
        return (
            Client()
            .post(reverse("accounts:login"), {"username": "worker", "password": f"guess {n}"})
            .status_code
        )

    def slow_first_check(self, request, username=None, password=None, **kwargs):  # type: ignore[no-untyped-def]
        checked.append(password)
        if len(checked) == 1:
            codes.extend(guess(n) for n in range(1, 30))  # the others arrive while this one is being checked
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(Backend, "authenticate", slow_first_check)
    codes.insert(0, guess(0))
    assert len(checked) == 5
    assert codes.count(200) == 5 and codes.count(429) == 25


def _open_round(cast: Cast, team: str = "fernhill", title: str = "Round one") -> Round:
    objects = guide_with_drafts(cast)
    now = timezone.now()
    return Round.objects.create(
        team=cast.orgs[team],
        title=title,
        draft=objects["release"],
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
    )


def test_the_open_call_counts_each_client_behind_the_proxy(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = TRUSTED
    round_ = _open_round(cast)
    client = cast.client("anonymous")

    def offer(address: str, n: int) -> int:
        data = {
            "round": round_.pk,
            "name": f"Kit {n}",
            "email": f"kit{n}@example.org",
            "perspective": "lived_experience",
        }
        return client.post(
            reverse("consult:offer_new"), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address
        ).status_code

    assert [offer("198.51.100.1", n) for n in range(4)] == [200, 200, 200, 429]
    assert offer("198.51.100.2", 9) == 200 and offer("198.51.100.3", 10) == 200
    assert Offer.objects.count() == 5


def test_offers_belong_to_the_team_whose_round_they_answer(cast: Cast) -> None:
    ours = _open_round(cast)
    other_draft = do_make_draft(None, do_create_guide(None, cast.orgs["northbridge"], cast.published))
    now = timezone.now()
    theirs = Round.objects.create(
        team=cast.orgs["northbridge"],
        title="Their round",
        draft=other_draft,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
    )
    anonymous = cast.client("anonymous")
    page = anonymous.get(reverse("consult:offer_new")).content.decode()
    assert "Round one" in page and "Their round" in page
    anonymous.post(
        reverse("consult:offer_new"),
        {"round": theirs.pk, "name": "Lee Marsh", "email": "lee@example.org", "perspective": "worker"},
    )
    offer = Offer.objects.get()
    assert offer.round == theirs
    researcher = cast.client("researcher")
    assert "Lee Marsh" not in researcher.get(reverse("consult:offers")).content.decode()
    researcher.post(reverse("consult:offers"), {"offer": offer.pk, "decision": "accept", "round": ours.pk})
    assert Offer.objects.get().status == "waiting" and not ours.reviewers.exists()


def test_the_open_call_waits_for_an_open_round(cast: Cast) -> None:
    client = cast.client("anonymous")
    assert "No consultation is open just now" in client.get(reverse("consult:offer_new")).content.decode()
    refused = client.post(
        reverse("consult:offer_new"), {"name": "Kit", "email": "kit@example.org", "perspective": "worker"}
    )
    assert refused.status_code == 400 and not Offer.objects.exists()


def test_the_admin_sign_in_is_throttled_too(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        assert (
            client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"}).status_code == 200
        )
    assert client.post(reverse("admin:login"), {"username": "admin", "password": PASSWORD}).status_code == 429
    assert "_auth_user_id" not in client.session
