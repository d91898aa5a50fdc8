"""Consultation tells the guide which responses to publish with its next draft, and which comments its
changes answer (consult -> guide)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.dispatch import receiver
from django.utils import timezone

from connecting_people.guide.changes import Prompt
from connecting_people.guide.models import Guide
from connecting_people.guide.signals import comments_changed_in, published_responses

from .models import Comment, CommentStatus, Round
from .report import public_summary


@receiver(published_responses)
def closed_rounds_to_publish(sender: Any, guide: Guide, **_: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Closed rounds on this guide's drafts whose response the team chose to publish, oldest first."""
    rounds = Round.objects.filter(
        draft__guide=guide, publish_response=True, closes_at__lte=timezone.now()
    ).order_by("closes_at", "id")
    return tuple(public_summary(r) for r in rounds)


@receiver(comments_changed_in)
def comments_changed_in_draft(sender: Any, guide: Guide, number: str, **_: Any) -> tuple[Prompt, ...]:
    """Comments on this guide's drafts that the team marked as changed in draft `number`, counted per
    section and round (oldest round first): what the change log says each change answers."""
    rows = (
        Comment.objects.filter(
            reviewer__round__draft__guide=guide, status=CommentStatus.CHANGED, changed_in=number
        )
        .values("section", "reviewer__round__title", "reviewer__round__opens_at", "reviewer__round_id")
        .annotate(n=Count("id"))
        .order_by("section", "reviewer__round__opens_at", "reviewer__round_id")
    )
    return tuple(Prompt(row["section"], row["reviewer__round__title"], row["n"]) for row in rows)
