"""Smaller protections: a weak production secret key is refused, pages reached by a personal link are
never stored by a browser or proxy, and development email goes to the console, not to files."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.consult.models import Reviewer, Round
from connecting_people.consult.tokens import digest
from connecting_people.lib.env import secret_key_problem

from .checkout import ROOT, checkout_env
from .conftest import Cast, guide_with_drafts
from .test_setup import run_cpi


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("abcdef" * 10, "only 6 different characters"),
        ("abcdefghijklmnop" * 4, "a short piece repeated"),
        ("a" * 40 + "bcdefghijklmn", "bits"),
        ("django-insecure-" + "x1y2z3" * 10, "insecure"),
        ("short-but-varied-Key1!", "fewer than 50"),
    ],
)
def test_weak_secret_keys_are_named(key: str, reason: str) -> None:
    assert reason in secret_key_problem(key)


def test_production_refuses_a_weak_secret_key(tmp_path: Path) -> None:
    env = {
        "CPI_PRODUCTION": "1",
        "SECRET_KEY": "abcdef" * 10,
        "CPI_VAR_DIR": str(tmp_path),
        "CPI_ALLOWED_HOSTS": "cpi.example.org",
    }
    result = run_cpi("check", env=env)
    assert result.returncode != 0 and "too weak: it uses only 6 different characters" in result.stderr


def _reviewer_link(cast: Cast) -> str:
    objects = guide_with_drafts(cast)
    now = timezone.now()
    round_ = Round.objects.create(
        team=cast.orgs["fernhill"],
        title="Round",
        draft=objects["release"],
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=9),
    )
    token = "hardening-token-" + "z" * 30
    Reviewer.objects.create(
        round=round_,
        name="Sam Ryder",
        email="sam@example.org",
        perspective="worker",
        token_hash=digest(token),
    )
    return token


def test_pages_reached_by_a_personal_link_are_not_stored(cast: Cast) -> None:
    token = _reviewer_link(cast)
    anonymous = cast.client("anonymous")
    for response in (
        anonymous.get(reverse("consult:review", args=[token])),
        anonymous.get(reverse("consult:section", args=[token, "build-relationship"])),
        anonymous.get(reverse("consult:submit", args=[token])),
        anonymous.post(reverse("consult:submit", args=[token]), {"confirm": "yes"}),
        anonymous.get(reverse("consult:review", args=["no-such-token-" + "q" * 30])),
    ):
        assert "no-store" in response["Cache-Control"], response.status_code
    assert "Sam Ryder" in anonymous.get(reverse("consult:review", args=[token])).content.decode()
    # A public page without a personal link may be cached as usual.
    assert "no-store" not in anonymous.get(reverse("core:home")).get("Cache-Control", "")


def test_development_email_goes_to_the_console_and_never_to_files(tmp_path: Path) -> None:
    script = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Your link', 'Open http://127.0.0.1:8000/consult/r/secret-link/', None, ['a@example.org'])"
    )
    env = checkout_env(
        without=("CPI_PRODUCTION", "CPI_EMAIL_BACKEND", "DATABASE_URL"),
        DJANGO_SETTINGS_MODULE="connecting_people.settings",
        CPI_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "/consult/r/secret-link/" in result.stdout  # on the console of whoever runs the server
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name not in ("secret_key", "master_key")]
    assert written == []
