"""Which coded material may be used, and the one count of evidence.

A withdrawn participant's words leave every use of the evidence. `evidence_passages` is the single
definition of "evidence" that coverage, "where next", the gold standard (its evidence and threshold),
the guide's shortlist and the exports count with: distinct passages (`passages.py`), attributed through
the register as it stands now, matched to components by stable key across published versions, withdrawn
material left out. docs/methods.md writes the rule down for researchers."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import QuerySet

from connecting_people.interventions.models import VersionStatus

from .models import Excerpt, ExcerptComponent, Participant
from .passages import Coding, Passage, passages

EVIDENCE_RULE = (
    "Evidence counts distinct passages: codings of overlapping words to the same component count "
    "once, however many researchers coded them. Each passage is attributed through the register as "
    "it stands today, components are matched by key across published versions of the model, and "
    "withdrawn participants' material is left out."
)


def withdrawn_scope(team_id: int | None = None) -> tuple[list[int], list[int]]:
    """(withdrawn participant ids, ids of sources any of them took part in). Withdrawals are few, so
    these small lists keep the filters below cheap even over hundreds of thousands of excerpts."""
    withdrawn = Participant.objects.filter(withdrawn_on__isnull=False)
    if team_id is not None:
        withdrawn = withdrawn.filter(site__team_id=team_id)
    people = list(withdrawn.values_list("id", flat=True))
    sources = (
        list(
            Participant.sources.through.objects.filter(participant_id__in=people)
            .values_list("source_id", flat=True)
            .distinct()
        )
        if people
        else []
    )
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


def evidence_codings(
    team_id: int,
    keys: Collection[str] | None = None,
    *,
    sited: bool = False,
    sources: Collection[int] | None = None,
) -> list[Coding]:
    """Every usable coding of the team's excerpts to a component of a published version (optionally
    only the given component keys, only sources assigned to a site), with the current perspective."""
    links = ExcerptComponent.objects.filter(
        excerpt__source__team_id=team_id, component__version__status=VersionStatus.PUBLISHED
    )
    if keys is not None:
        links = links.filter(component__key__in=list(keys))
    if sited:
        links = links.filter(excerpt__source__site__isnull=False)
    if sources is not None:
        links = links.filter(excerpt__source_id__in=list(sources))
    people, withdrawn_sources = withdrawn_scope(team_id)
    if people:
        links = links.exclude(excerpt__participant_id__in=people)
    if withdrawn_sources:
        links = links.exclude(excerpt__participant__isnull=True, excerpt__source_id__in=withdrawn_sources)
    rows = links.values_list(
        "excerpt_id",
        "excerpt__source_id",
        "excerpt__start",
        "excerpt__end",
        "component__key",
        "excerpt__source__site_id",
        "excerpt__participant_id",
        "excerpt__participant__perspective",
        "component_id",
    )
    return [
        Coding(e, s, start, end, key, site, person, view or "", component)
        for e, s, start, end, key, site, person, view, component in rows.iterator(chunk_size=5000)
    ]


def evidence_passages(
    team_id: int, keys: Collection[str] | None = None, *, sited: bool = False
) -> list[Passage]:
    """The team's evidence as distinct passages: the one count every page and export uses."""
    return passages(evidence_codings(team_id, keys, sited=sited))


def passage_leads(team_id: int, key: str, exclude: Collection[int] = ()) -> list[int]:
    """One excerpt per passage of evidence on the component (the one the passage is attributed by), from
    sources assigned to a site, leaving out every passage that holds an excluded excerpt."""
    excluded = set(exclude)
    return [
        p.lead
        for p in evidence_passages(team_id, [key], sited=True)
        if not excluded.intersection(p.excerpt_ids)
    ]
