"""Throttling of repeated failed sign-ins, per account name and per address."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginAttempt

ADDRESS_MULTIPLIER = 10  # one address may be shared by an office, so it gets more room than one account


def _window_start():  # type: ignore[no-untyped-def]
    return timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def is_locked(username: str, address: str | None) -> bool:
    since = _window_start()
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = LoginAttempt.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    return bool(address) and recent.filter(address=address).count() >= limit * ADDRESS_MULTIPLIER


def record_failure(username: str, address: str | None) -> None:
    LoginAttempt.objects.create(username=username[:150], address=address or None)
    # Old rows carry no information; trimming here keeps the table small without a scheduler.
    LoginAttempt.objects.filter(at__lt=_window_start() - timedelta(days=1)).delete()


def clear_failures(username: str) -> None:
    LoginAttempt.objects.filter(username__iexact=username).delete()
