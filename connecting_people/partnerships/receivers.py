"""Partnerships tell the guide's self-assessment what they hold as evidence for the agency part of the
model (partnerships -> guide)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from connecting_people.accounts.models import Organisation
from connecting_people.guide.signals import agency_evidence

from .evidence import agency_evidence as evidence_for


@receiver(agency_evidence)
def partnership_evidence(
    sender: Any, organisation: Organisation, components: list[str], **_: Any
) -> dict[str, list[str]]:
    return evidence_for(organisation, timezone.localdate(), components)
