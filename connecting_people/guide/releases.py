"""A guide's latest release as the evidence sees it (`fieldwork.freshness.ReleaseMark`), for the guide's
team page and, through `fieldwork.signals.latest_release`, the coverage page."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.dispatch import receiver

from connecting_people.fieldwork.freshness import ReleaseMark
from connecting_people.fieldwork.signals import latest_release

from .models import Draft, Guide


def release_mark(draft: Draft | None) -> ReleaseMark | None:
    """The release's moment and, per section, the excerpts its examples were drawn from (read from the
    snapshot, which never changes)."""
    if draft is None or draft.released_at is None:
        return None
    used: dict[str, set[int]] = defaultdict(set)
    for section in draft.snapshot.get("sections", []):
        for block in section.get("blocks", []):
            excerpt = (block.get("provenance") or {}).get("excerpt")
            if isinstance(excerpt, int):
                used[section["key"]].add(excerpt)
    return ReleaseMark(f"release {draft.number}", draft.released_at, dict(used))


def last_release(guide: Guide) -> ReleaseMark | None:
    return release_mark(
        Draft.objects.filter(guide=guide, released_at__isnull=False).order_by("-released_at", "-id").first()
    )


@receiver(latest_release)
def team_latest_release(sender: Any, team_id: int, **_: Any) -> ReleaseMark | None:
    """The latest release of any of the team's guides."""
    return release_mark(
        Draft.objects.filter(guide__team_id=team_id, released_at__isnull=False)
        .order_by("-released_at", "-id")
        .first()
    )
