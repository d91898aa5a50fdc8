"""What the evidence has done since a moment (the guide's last release): per component key, the passages
first coded to it after the moment (an older excerpt given a new code counts from when it was given), the
sites and perspectives they bring that had no evidence on the component before it, and the excerpts the
release used that are no longer usable (deleted, or a participant withdrew).

Counted by the one rule (`evidence.evidence_codings` merged into passages by `passages.py`), in a fixed
number of queries however many components there are: the codes given since the moment name the sources to
look at, those sources' codings are merged into passages (a passage is new only if every coding in it was
coded to the component after the moment), and one grouped query says which sites and perspectives each
component had evidence from before."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.template.defaultfilters import pluralize

from connecting_people.interventions.models import VersionStatus

from .evidence import evidence_codings, usable_excerpts
from .models import Excerpt, ExcerptComponent
from .passages import passages
from .signals import latest_release
from .vocab import Perspective


@dataclass
class Fresh:
    """One component's movement since the moment."""

    key: str
    passages: int = 0
    sites: set[int] = field(default_factory=set)  # sites the new passages come from
    new_sites: set[int] = field(default_factory=set)  # of those, sites with no evidence here before
    new_perspectives: list[str] = field(default_factory=list)  # perspective values, first heard now
    withdrawn: int = 0  # excerpts the release used that have gone

    @property
    def moved(self) -> int:
        """How much moved, for ordering "sections to revise": new passages, plus a weight for what is
        new in kind (a site or perspective never heard on it) and for each example that went."""
        return self.passages + 2 * len(self.new_sites) + 3 * len(self.new_perspectives) + 3 * self.withdrawn

    def __bool__(self) -> bool:
        return bool(self.passages or self.withdrawn)

    def sentence(self, since: str) -> str:
        """'4 new passages from 2 sites (1 new) since release 1.0, including the first from a worker;
        1 example withdrawn'."""
        parts = []
        if self.passages:
            text = f"{self.passages} new passage{pluralize(self.passages)}"
            if self.sites:
                text += f" from {len(self.sites)} site{pluralize(len(self.sites))}"
                if self.new_sites:
                    text += f" ({len(self.new_sites)} new to this section)"
            text += f" since {since}"
            if self.new_perspectives:
                labels = dict(Perspective.choices)
                text += ", including the first from " + _and(
                    [_a(labels.get(p, p).lower()) for p in self.new_perspectives]
                )
            parts.append(text)
        if self.withdrawn:
            parts.append(
                f"{self.withdrawn} example{pluralize(self.withdrawn)} withdrawn"
                + ("" if self.passages else f" since {since}")
            )
        return "; ".join(parts)


def _a(label: str) -> str:
    return ("an " if label[:1] in "aeiou" else "a ") + label


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def since(
    team_id: int, moment: dt.datetime, used: Mapping[str, Collection[int]] | None = None
) -> dict[str, Fresh]:
    """Component key -> what moved since `moment`, for the components where anything did. `used` gives,
    per component key, the excerpts a release published; those no longer usable count as withdrawn."""
    new_links = ExcerptComponent.objects.filter(
        excerpt__source__team_id=team_id,
        component__version__status=VersionStatus.PUBLISHED,
        coded_at__gt=moment,
    ).values_list("excerpt_id", "component__key", "excerpt__source_id")
    new_codes: set[tuple[int, str]] = set()  # (excerpt, component key) first coded since the moment
    touched: set[int] = set()
    for excerpt_id, key, source_id in new_links:
        new_codes.add((excerpt_id, key))
        touched.add(source_id)
    out: dict[str, Fresh] = {}
    if touched:
        fresh = [
            p
            for p in passages(evidence_codings(team_id, sources=touched))
            if new_codes.issuperset((pk, p.key) for pk in p.excerpt_ids)
        ]
        before_sites: dict[str, set[int | None]] = defaultdict(set)
        before_views: dict[str, set[str]] = defaultdict(set)
        for key, site, view in _before(team_id, moment, {p.key for p in fresh}):
            before_sites[key].add(site)
            before_views[key].add(view or "")
        for p in fresh:
            entry = out.setdefault(p.key, Fresh(p.key))
            entry.passages += 1
            if p.site_id is not None:
                entry.sites.add(p.site_id)
                if p.site_id not in before_sites[p.key]:
                    entry.new_sites.add(p.site_id)
            view = p.perspective
            if view and view not in before_views[p.key] and view not in entry.new_perspectives:
                entry.new_perspectives.append(view)
    if used:
        every = {pk for ids in used.values() for pk in ids}
        still = set(
            usable_excerpts(Excerpt.objects.filter(pk__in=every), team_id).values_list("pk", flat=True)
        )
        for key, ids in used.items():
            gone = len(set(ids) - still)
            if gone:
                out.setdefault(key, Fresh(key)).withdrawn = gone
    order = [p.value for p in Perspective]
    for entry in out.values():
        entry.new_perspectives.sort(key=lambda v: order.index(v) if v in order else len(order))
    return out


def _before(team_id: int, moment: dt.datetime, keys: set[str]) -> list[tuple[str, int | None, str]]:
    """(component key, site, perspective) for which the component had usable evidence coded by the
    moment: one grouped query."""
    links = ExcerptComponent.objects.filter(
        excerpt__source__team_id=team_id,
        component__version__status=VersionStatus.PUBLISHED,
        component__key__in=list(keys),
        coded_at__lte=moment,
        excerpt__in=usable_excerpts(Excerpt.objects.filter(source__team_id=team_id), team_id),
    )
    return list(
        links.values_list("component__key", "excerpt__source__site_id", "excerpt__participant__perspective")
        .order_by()
        .distinct()
    )


def ranked(fresh: Mapping[str, Fresh]) -> list[Fresh]:
    """The components that moved, most first (then by key, so the order is stable)."""
    return sorted((f for f in fresh.values() if f), key=lambda f: (-f.moved, f.key))


@dataclass(frozen=True)
class ReleaseMark:
    """A release as the evidence sees it: its name, its moment and the excerpts it published per key."""

    label: str  # "release 1.0"
    moment: dt.datetime
    used: Mapping[str, Collection[int]]


def since_release(team_id: int, mark: ReleaseMark | None) -> dict[str, Fresh]:
    return since(team_id, mark.moment, mark.used) if mark is not None else {}


def team_release(team_id: int) -> ReleaseMark | None:
    """The team's latest release, as whoever writes the guide answers `signals.latest_release`."""
    for _receiver, mark in latest_release.send(sender=ReleaseMark, team_id=team_id):
        if isinstance(mark, ReleaseMark):
            return mark
    return None
