"""Consultation tells the guide which responses to publish with its next draft (consult -> guide)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from connecting_people.guide.models import Guide
from connecting_people.guide.signals import published_responses

from .models import Round
from .report import public_summary


@receiver(published_responses)
def closed_rounds_to_publish(sender: Any, guide: Guide, **_: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Closed rounds on this guide's drafts whose response the team chose to publish, oldest first."""
    rounds = Round.objects.filter(
        draft__guide=guide, publish_response=True, closes_at__lte=timezone.now()
    ).order_by("closes_at", "id")
    return tuple(public_summary(r) for r in rounds)
