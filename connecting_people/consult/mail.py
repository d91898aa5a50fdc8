"""Messages to reviewers, through Django's email backend (SMTP from the environment in production, a
console in development, never files). Every message is kept in the outbox, sent or not."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboxMessage

KEPT_LINK = "[the reviewer's personal link: sent, never kept]"


def send(kind: str, to: str, context: dict[str, Any], *, round_: Any = None, reviewer: Any = None) -> OutboxMessage:
    """Send, and keep a copy in the outbox with the personal link left out: whoever reads the outbox must
    not be able to open a reviewer's page as them."""
    subject = render_to_string(f"consult/email/{kind}_subject.txt", context).strip()
    body = render_to_string(f"consult/email/{kind}.txt", context)
    kept = render_to_string(f"consult/email/{kind}.txt", {**context, "link": KEPT_LINK}) if "link" in context else body
    error = ""
    try:
        send_mail(subject, body, None, [to])
    except Exception as exc:
        error = f"Not sent: {exc.__class__.__name__}: {exc}"[:500]
    return OutboxMessage.objects.create(round=round_, reviewer=reviewer, kind=kind, to=to, subject=subject, body=kept,
                                        error=error)


def link_for(token: str) -> str:
    from django.conf import settings
    from django.urls import reverse

    return getattr(settings, "CPI_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + reverse("consult:review", args=[token])


def deadline(round_: Any) -> str:
    return f"{timezone.localtime(round_.closes_at):%-d %B %Y at %H:%M}"
