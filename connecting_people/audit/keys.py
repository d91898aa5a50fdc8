"""Each subject's own key: made when the first sealed value about them is written, destroyed on erasure."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from . import sealing
from .models import SubjectKey


def key_for(subject: str) -> bytes:
    """The subject's key, made on first use (inside the caller's transaction)."""
    found = SubjectKey.objects.filter(subject=subject).values_list("wrapped", flat=True).first()
    if found is None:
        key = sealing.new_key()
        row, _ = SubjectKey.objects.get_or_create(
            subject=subject, defaults={"wrapped": sealing.wrap(settings.CPI_MASTER_KEY, key, subject)}
        )
        found = row.wrapped
    return sealing.unwrap(settings.CPI_MASTER_KEY, bytes(found), subject)


def existing_keys(subjects: Iterable[str]) -> dict[str, bytes]:
    """The keys that still exist among these subjects (an erased subject has none)."""
    rows = SubjectKey.objects.filter(subject__in=set(subjects)).values_list("subject", "wrapped")
    return {
        subject: sealing.unwrap(settings.CPI_MASTER_KEY, bytes(wrapped), subject) for subject, wrapped in rows
    }


def destroy(subjects: Iterable[str]) -> int:
    """Crypto-shredding: without its key nothing sealed for a subject opens again, wherever a copy lies."""
    return SubjectKey.objects.filter(subject__in=set(subjects)).delete()[0]
