"""The coverage page's counts, kept rather than recomputed: each source's passages of evidence per
component, perspective and site (`PassageCount`), worked out with the one rule (`evidence_passages`)
whenever something that rule reads changes for that source, and their sum over the team's sources
(`PassageTotal`), changed by the difference. The actions that code, re-attribute, assign a source,
withdraw a participant or map a tag call `refresh` inside their transaction; `recount` rebuilds a
team's counts (after a bulk load, or by `cpi fieldwork reindex`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection

from django.db import transaction
from django.db.models import F, QuerySet, Sum

from .evidence import evidence_codings
from .models import PassageCount, PassageTotal, Source
from .passages import passages

Key = tuple[int, str, int | None]  # component id, perspective, site id


def refresh(source_ids: Collection[int]) -> None:
    """Count these sources' passages afresh (they may belong to different teams)."""
    by_team: dict[int, list[int]] = defaultdict(list)
    for source_id, team_id in Source.objects.filter(pk__in=list(source_ids)).values_list("id", "team_id"):
        by_team[team_id].append(source_id)
    with transaction.atomic():
        for team_id, ids in by_team.items():
            kept = PassageCount.objects.filter(source_id__in=ids)
            change = Counter[Key]()
            for key, n in _summed(kept):
                change[key] -= n
            kept.delete()
            for key, n in _write(team_id, ids).items():
                change[key] += n
            _add(team_id, {key: n for key, n in change.items() if n})


def recount(team_id: int) -> None:
    with transaction.atomic():
        PassageCount.objects.filter(team_id=team_id).delete()
        PassageTotal.objects.filter(team_id=team_id).delete()
        _add(team_id, _write(team_id, None))


def _summed(rows: QuerySet[PassageCount]) -> list[tuple[Key, int]]:
    summed = rows.values("component_id", "perspective", "site_id").annotate(n=Sum("passages"))
    return [((r["component_id"], r["perspective"], r["site_id"]), r["n"]) for r in summed]


def _write(team_id: int, source_ids: list[int] | None) -> Counter[Key]:
    """Write the sources' counts (all the team's when None) and return them summed over the sources."""
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
    total = Counter[Key]()
    for (_source, component, perspective, site), n in counted.items():
        total[(component, perspective, site)] += n
    return total


def _add(team_id: int, change: dict[Key, int]) -> None:
    """Add the change to the team's totals: an increment in the database on an existing row (so two
    changes at once both count), a new row for a key not seen before."""
    if not change:
        return
    existing: dict[Key, int] = {}
    for pk, component, perspective, site in PassageTotal.objects.filter(
        team_id=team_id, component_id__in={key[0] for key in change}
    ).values_list("pk", "component_id", "perspective", "site_id"):
        existing.setdefault((component, perspective, site), pk)
    for key, n in change.items():
        if key in existing:
            PassageTotal.objects.filter(pk=existing[key]).update(passages=F("passages") + n)
    PassageTotal.objects.bulk_create(
        [
            PassageTotal(
                team_id=team_id, component_id=component, perspective=perspective, site_id=site, passages=n
            )
            for (component, perspective, site), n in change.items()
            if (component, perspective, site) not in existing
        ],
        batch_size=2000,
    )


def counts(team_id: int, keys: Collection[str]) -> list[tuple[str, str, int | None, int]]:
    """(component key, perspective, site id, passages) for the team, summed over its sources."""
    rows = (
        PassageTotal.objects.filter(team_id=team_id, component__key__in=list(keys))
        .values("component__key", "perspective", "site_id")
        .annotate(n=Sum("passages"))
    )
    return [(r["component__key"], r["perspective"], r["site_id"], r["n"]) for r in rows if r["n"]]
