"""The coverage page's counts, kept rather than recomputed: each source's passages of evidence per
component, perspective and site (`PassageCount`), worked out with the one rule (`evidence_passages`)
whenever something that rule reads changes for that source. The actions that code, re-attribute,
assign a source, withdraw a participant or map a tag call `refresh` inside their transaction;
`recount` rebuilds a team's counts (after a bulk load, or by `cpi fieldwork reindex`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from django.db.models import Sum

from .evidence import evidence_codings
from .models import PassageCount, Source
from .passages import passages


def refresh(source_ids: Collection[int]) -> None:
    """Count these sources' passages afresh (they may belong to different teams)."""
    by_team: dict[int, list[int]] = {}
    for source_id, team_id in Source.objects.filter(pk__in=list(source_ids)).values_list("id", "team_id"):
        by_team.setdefault(team_id, []).append(source_id)
    PassageCount.objects.filter(source_id__in=list(source_ids)).delete()
    for team_id, ids in by_team.items():
        _write(team_id, ids)


def recount(team_id: int) -> None:
    PassageCount.objects.filter(team_id=team_id).delete()
    _write(team_id, None)


def _write(team_id: int, source_ids: list[int] | None) -> None:
    counted: Counter[tuple[int, int, str, int | None]] = Counter(
        (p.source_id, p.component_id, p.perspective, p.site_id)
        for p in passages(evidence_codings(team_id, sources=source_ids))
    )
    PassageCount.objects.bulk_create(
        [
            PassageCount(
                source_id=source,
                team_id=team_id,
                component_id=component,
                perspective=perspective,
                site_id=site,
                passages=n,
            )
            for (source, component, perspective, site), n in counted.items()
        ],
        batch_size=2000,
    )


def counts(team_id: int, keys: Collection[str]) -> list[tuple[str, str, int | None, int]]:
    """(component key, perspective, site id, passages) for the team, summed over its sources."""
    rows = (
        PassageCount.objects.filter(team_id=team_id, component__key__in=list(keys))
        .values("component__key", "perspective", "site_id")
        .annotate(n=Sum("passages"))
    )
    return [(r["component__key"], r["perspective"], r["site_id"], r["n"]) for r in rows]
