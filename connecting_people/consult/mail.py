"""Messages to reviewers, through Django's email backend (SMTP from the environment in production, a
console in development, never files). Every message is kept in the outbox, sent or not. Sending is a
background job queued when the transaction that wrote the message commits, so a slow mail server never
holds up a page and a message is never sent for a change that was rolled back."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from connecting_people.core.jobs import enqueue
from connecting_people.lib.site_url import site_reverse

from .models import OutboxMessage, Reviewer, Round

KEPT_LINK = "[the reviewer's personal link: sent, never kept]"


def send(
    kind: str,
    to: str,
    context: dict[str, Any],
    *,
    round_: Round | None = None,
    reviewer: Reviewer | None = None,
) -> OutboxMessage:
    """Send, and keep a copy in the outbox with the personal link left out: whoever reads the outbox must
    not be able to open a reviewer's page as them."""
    subject = render_to_string(f"consult/email/{kind}_subject.txt", context).strip()
    body = render_to_string(f"consult/email/{kind}.txt", context)
    kept = (
        render_to_string(f"consult/email/{kind}.txt", {**context, "link": KEPT_LINK})
        if "link" in context
        else body
    )
    message = OutboxMessage.objects.create(
        round=round_, reviewer=reviewer, kind=kind, to=to, subject=subject, body=kept
    )
    enqueue("connecting_people.consult.mail.deliver", message.pk, body)
    return message


def deliver(pk: int, body: str) -> None:
    """The mail job: hand the message (with the link the outbox copy leaves out) to the mail server, once.
    The message's row is locked while it is sent, so a second run of the job (its worker was killed and
    the job taken again, or two workers) waits, then finds it delivered and sends nothing."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=pk, delivered_at__isnull=True).first()
        if message is None:
            return
        error = ""
        try:
            send_mail(message.subject, body, None, [message.to])
        except Exception as exc:
            error = f"Not sent: {exc.__class__.__name__}: {exc}"[:500]
        OutboxMessage.objects.filter(pk=pk).update(error=error, delivered_at=timezone.now())


def link_for(token: str) -> str:
    """The reviewer's personal link, on the site's own address (`CPI_SITE_URL`)."""
    return site_reverse("consult:review", token)


def deadline(round_: Round) -> str:
    return f"{timezone.localtime(round_.closes_at):%-d %B %Y at %H:%M}"
