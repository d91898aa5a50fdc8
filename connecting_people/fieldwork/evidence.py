"""Which coded material may be used: a withdrawn participant's words leave every use of the evidence."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Excerpt, Participant


def withdrawn_scope(team_id: int | None = None) -> tuple[list[int], list[int]]:
    """(withdrawn participant ids, ids of sources any of them took part in). Withdrawals are few, so
    these small lists keep the filters below cheap even over hundreds of thousands of excerpts."""
    withdrawn = Participant.objects.filter(withdrawn_on__isnull=False)
    if team_id is not None:
        withdrawn = withdrawn.filter(site__team_id=team_id)
    people = list(withdrawn.values_list("id", flat=True))
    sources = list(Participant.sources.through.objects.filter(participant_id__in=people)
                   .values_list("source_id", flat=True).distinct()) if people else []
    return people, sources


def usable_excerpts(excerpts: QuerySet[Excerpt], team_id: int | None = None) -> QuerySet[Excerpt]:
    """Excludes excerpts said by a withdrawn participant, and unattributed excerpts of any source a
    withdrawn participant took part in (we cannot tell they are not theirs, so we leave them out)."""
    people, sources = withdrawn_scope(team_id)
    if people:
        excerpts = excerpts.exclude(participant_id__in=people)
    if sources:
        excerpts = excerpts.exclude(participant__isnull=True, source_id__in=sources)
    return excerpts
