"""What busy pages show of published components (title, position, part, version, key) and how many
components each wheel of a published version has, kept in memory per process. A published version never
changes, so nothing kept can go stale; a version saved or deleted in this process (a new publication, a
test database reusing ids, a restore) clears it all. Components of drafts are read every time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from .models import Component, VersionStatus
from .parts import WHEELS


@dataclass(frozen=True)
class ComponentInfo:
    id: int
    version_id: int
    key: str
    part: str
    order: int
    title: str


_INFO: dict[int, ComponentInfo] = {}
_SIZES: dict[tuple[int, str], int] = {}


def forget(**_: Any) -> None:
    _INFO.clear()
    _SIZES.clear()


def components(ids: set[int] | list[int]) -> dict[int, ComponentInfo]:
    """Component id -> ComponentInfo for these ids (unknown ids are left out)."""
    found = {pk: _INFO[pk] for pk in ids if pk in _INFO}
    missing = set(ids) - set(found)
    if missing:
        for pk, version_id, key, part, order, title, status in Component.objects.filter(
            id__in=missing
        ).values_list("id", "version_id", "key", "part", "order", "title", "version__status"):
            found[pk] = info = ComponentInfo(pk, version_id, key, part, order, title)
            if status == VersionStatus.PUBLISHED:
                _INFO[pk] = info
    return found


def wheel_sizes(version_ids: set[int]) -> dict[tuple[int, str], int]:
    """(version id, wheel part) -> how many components that wheel has."""
    missing = {v for v in version_ids if not any((v, part) in _SIZES for part in WHEELS)}
    found = {key: n for key, n in _SIZES.items() if key[0] in version_ids}
    if missing:
        for row in (
            Component.objects.filter(version_id__in=missing, part__in=WHEELS)
            .values("version_id", "part", "version__status")
            .annotate(n=Count("id"))
        ):
            key = (row["version_id"], row["part"])
            found[key] = row["n"]
            if row["version__status"] == VersionStatus.PUBLISHED:
                _SIZES[key] = row["n"]
    return found
