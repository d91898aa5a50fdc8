"""Personal links: an unguessable token given once to the reviewer, kept only as its SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import Reviewer


def new_token() -> tuple[str, str]:
    """(token for the link, hash to store)."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LinkClosed(Exception):
    """A real link (or a reviewer's own invitation, signed in) that no longer opens: revoked, or past the
    deadline. Carries a message for the reviewer."""


def reviewer_for_token(token: str) -> Reviewer:
    """The reviewer whose link this is. Unknown tokens are 404; revoked and expired links say so."""
    if not token or len(token) > 100:
        raise Http404("No such link")
    wanted = digest(token)
    reviewer = (
        Reviewer.objects.select_related("round__draft__guide", "round__version__model", "round__follows")
        .filter(Q(token_hash=wanted) | Q(reminder_token_hash=wanted))
        .first()
    )
    # The lookup is by hash; comparing again in constant time keeps timing independent of the token.
    if reviewer is None or not (
        hmac.compare_digest(reviewer.token_hash, wanted)
        | hmac.compare_digest(reviewer.reminder_token_hash or "", wanted)
    ):
        raise Http404("No such link")
    check_open(reviewer)
    return reviewer


def check_open(reviewer: Reviewer, *, by_link: bool = True) -> None:
    """Refuse a review that no longer opens, by its personal link or signed in to the reviewer's account
    alike: withdrawn by the research team, the round closed, or not open yet (LinkClosed says which)."""
    if reviewer.revoked_at is not None:
        raise LinkClosed(
            "This link has been withdrawn by the research team. If you think this is a mistake, reply to "
            "the email that brought you here."
            if by_link
            else "Your invitation has been withdrawn by the research team. If you think this is a mistake, "
            "reply to the email that invited you."
        )
    if timezone.now() >= reviewer.round.closes_at:
        raise LinkClosed(
            f"This consultation closed on {timezone.localtime(reviewer.round.closes_at):%d %B %Y at %H:%M}. "
            "Thank you for your interest."
        )
    if timezone.now() < reviewer.round.opens_at:
        raise LinkClosed(
            f"This consultation opens on {timezone.localtime(reviewer.round.opens_at):%d %B %Y}."
        )
