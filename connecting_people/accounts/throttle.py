"""Throttling of repeated failed sign-ins: per account from one address, per address, and per account
from everywhere, with a back-off rather than a hard lock.

Every attempt is counted before its password is checked: the attempt is written (and committed) first,
then the failures are counted, its own included. However many arrive at once, the k-th to be written
sees at least k, so no more than the limit are ever checked; an attempt that is refused takes its row
back. A success clears that account's failures from that address.

Past a limit the wait doubles with each further failure (one minute, two, four...) up to the window, and
runs from the last failure: a known account is never locked for good, and someone guessing from another
address slows only their own attempts until they pass the much higher limit for the account as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from connecting_people.lib.client_address import client_address

from .models import LoginAttempt

ADDRESS_MULTIPLIER = 10  # one address may be shared by an office, so it gets more room than one account
ACCOUNT_MULTIPLIER = 20  # failures on one account from every address before it slows for everyone
BACKOFF_START = timedelta(minutes=1)


def request_address(request: HttpRequest) -> str | None:
    """The client's address, read through the trusted proxies (settings.TRUSTED_PROXIES)."""
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXIES,
    )


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def backoff(failures: int, limit: int) -> timedelta:
    """How long to wait after the last failure, with `failures` failures against a limit of `limit`."""
    if failures < limit:
        return timedelta(0)
    return min(BACKOFF_START * 2 ** min(failures - limit, 20), _window())


@dataclass(frozen=True)
class Ticket:
    """An attempt that may check its password; its row stands as a failure unless it succeeds."""

    attempt_id: int
    username: str
    address: str | None


def _wait(rows: QuerySet[LoginAttempt], limit: int, now: datetime) -> timedelta:
    stamps = list(rows.order_by("-at").values_list("at", flat=True)[: limit + 21])
    wait = backoff(len(stamps), limit)
    return max(timedelta(0), stamps[0] + wait - now) if stamps and wait else timedelta(0)


def reserve(username: str, address: str | None) -> Ticket | timedelta:
    """A ticket to check the password, or how long to wait before trying again."""
    with transaction.atomic():
        attempt = LoginAttempt.objects.create(username=username[:150], address=address or None)
    now = timezone.now()
    recent = LoginAttempt.objects.filter(at__gte=now - _window()).exclude(pk=attempt.pk)
    limit = settings.LOGIN_FAILURE_LIMIT
    same_account = recent.filter(username__iexact=username)
    waits = [
        _wait(
            same_account.filter(address=address) if address else same_account.filter(address__isnull=True),
            limit,
            now,
        ),
        _wait(same_account, limit * ACCOUNT_MULTIPLIER, now),
    ]
    if address:
        waits.append(_wait(recent.filter(address=address), limit * ADDRESS_MULTIPLIER, now))
    longest = max(waits)
    if longest:
        LoginAttempt.objects.filter(pk=attempt.pk).delete()
        return longest
    # Old rows carry no information; trimming here keeps the table small without a scheduler.
    LoginAttempt.objects.filter(at__lt=now - _window() - timedelta(days=1)).delete()
    return Ticket(attempt.pk, username, address)


def succeeded(ticket: Ticket) -> None:
    """The password was right: this attempt and the account's failures from this address are forgotten."""
    same = Q(address=ticket.address) if ticket.address else Q(address__isnull=True)
    LoginAttempt.objects.filter(
        Q(pk=ticket.attempt_id) | (Q(username__iexact=ticket.username) & same)
    ).delete()
