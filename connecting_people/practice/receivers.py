"""Practice answers the model's signals (practice -> interventions, never the reverse)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from connecting_people.interventions.models import ModelVersion
from connecting_people.interventions.signals import evidence_moved

from .models import SessionComponent
from .summary import touch


@receiver(evidence_moved)
def new_page_versions(sender: Any, source: ModelVersion, target: ModelVersion, **_: Any) -> None:
    """Sessions now name the target version's components: the pages that list them get a new version."""
    touch(
        SessionComponent.objects.filter(component__version=target)
        .values_list("session__person_id", flat=True)
        .distinct()
    )
