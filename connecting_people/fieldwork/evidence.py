"""Which coded material may be used: a withdrawn participant's words leave every use of the evidence."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Excerpt, Participant


def usable_excerpts(excerpts: QuerySet[Excerpt]) -> QuerySet[Excerpt]:
    """Excludes excerpts said by a withdrawn participant, and unattributed excerpts of any source a
    withdrawn participant took part in (we cannot tell they are not theirs, so we leave them out)."""
    withdrawn_in_source = Participant.objects.filter(sources=OuterRef("source"), withdrawn_on__isnull=False)
    return excerpts.exclude(participant__withdrawn_on__isnull=False).exclude(
        Q(participant__isnull=True) & Exists(withdrawn_in_source)
    )
