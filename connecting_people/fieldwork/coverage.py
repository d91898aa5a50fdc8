"""Where the evidence is thin: counts of evidence (distinct passages, `evidence.evidence_passages`) per
component and perspective (or site), gaps below a threshold, and for each gap the sites most likely to
fill it."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TypedDict

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from connecting_people.interventions.getters import latest_published_components
from connecting_people.interventions.models import Component
from connecting_people.lib.csvsafe import SafeWriter
from connecting_people.lib.svgchart import HeatCell, HeatGroup, HeatMap, HeatRow

from . import evidence_counts
from .models import Participant, Site
from .vocab import Perspective

UNATTRIBUTED = ""


class Cell(TypedDict):
    value: str
    label: str
    count: int
    gap: bool
    level: int  # 0 (none) to 4, the shade of the cell
    href: str  # the evidence behind the cell, when there is any


class Row(TypedDict):
    component: Component
    cells: list[Cell]
    total: int


@dataclass
class Matrix:
    by: str  # "perspective" or "site"
    components: list[Component]
    columns: list[tuple[str, str]]  # (value, label)
    counts: dict[tuple[str, str], int]  # (component key, column value) -> passages
    threshold: int
    totals: dict[str, int] = field(default_factory=dict)
    raw: list[tuple[str, str, int | None, int]] = field(default_factory=list)

    def count(self, key: str, column: str) -> int:
        return self.counts.get((key, column), 0)

    def is_gap(self, key: str, column: str) -> bool:
        return column != UNATTRIBUTED and self.count(key, column) < self.threshold

    def rows(self) -> list[Row]:
        peak = max(self.counts.values(), default=0) or 1
        return [
            {
                "component": c,
                "cells": [
                    {
                        "value": v,
                        "label": label,
                        "count": self.count(c.key, v),
                        "gap": self.is_gap(c.key, v),
                        "level": 0
                        if not self.count(c.key, v)
                        else min(4, 1 + 4 * self.count(c.key, v) // (peak + 1)),
                        "href": evidence_link(c, self.by, v) if self.count(c.key, v) else "",
                    }
                    for v, label in self.columns
                ],
                "total": self.totals.get(c.key, 0),
            }
            for c in self.components
        ]

    def gaps(self) -> list[tuple[Component, str, str]]:
        return [(c, v, label) for c in self.components for v, label in self.columns if self.is_gap(c.key, v)]

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = SafeWriter(out)
        writer.writerow(
            ["component_key", "component", "part", *[label for _, label in self.columns], "total"]
        )
        for c in self.components:
            writer.writerow(
                [
                    c.key,
                    c.title,
                    c.get_part_display(),
                    *[self.count(c.key, v) for v, _ in self.columns],
                    self.totals.get(c.key, 0),
                ]
            )
        return out.getvalue()


def evidence_link(component: Component, by: str, column: str) -> str:
    """The component's evidence page, at the perspective's group when the columns are perspectives."""
    url = reverse("fieldwork:evidence", args=[component.pk])
    return f"{url}#from-{column or 'unattributed'}" if by == "perspective" else url


def coverage_chart(matrix: Matrix, rows: list[Row], moved: Collection[str] = ()) -> HeatMap:
    """The matrix (and its `rows`) as a heat map: components in the model's order grouped by part, a
    cell per column (linked to the evidence behind it when there is any), gaps marked, and the
    components whose evidence `moved` since the guide's release marked in their label."""
    groups: list[HeatGroup] = []
    for row in rows:
        component = row["component"]
        heat_row = HeatRow(
            f"{component.title} (new since release)" if component.key in moved else component.title,
            tuple(HeatCell(cell["count"], cell["level"], cell["gap"], cell["href"]) for cell in row["cells"]),
            row["total"],
        )
        part = component.get_part_display()
        if groups and groups[-1].label == part:
            groups[-1] = HeatGroup(part, (*groups[-1].rows, heat_row))
        else:
            groups.append(HeatGroup(part, (heat_row,)))
    across = "site" if matrix.by == "site" else "perspective"
    gaps = len(matrix.gaps())
    empty = sum(1 for row in rows for cell in row["cells"] if not cell["count"])
    return HeatMap(
        title=f"Passages of evidence per component and {across}",
        description=(
            f"{len(rows)} components in {len(groups)} parts, in the model's order, against "
            f"{len(matrix.columns)} columns ({', '.join(label for _, label in matrix.columns)}). "
            f"Each cell gives the number of passages; darker cells have more. {gaps} "
            f"cell{'s are gaps' if gaps != 1 else ' is a gap'} (fewer than {matrix.threshold}), "
            f"outlined with a dashed line; {empty} cell{'s have' if empty != 1 else ' has'} none. "
            + (
                f"{len(moved)} component{'s are' if len(moved) != 1 else ' is'} marked as having new "
                "evidence since the guide's release. "
                if moved
                else ""
            )
            + "The table below gives the same figures."
        ),
        columns=tuple(label for _, label in matrix.columns),
        groups=tuple(groups),
        gap_legend=f"gap, fewer than {matrix.threshold}",
    )


def current_components() -> list[Component]:
    return latest_published_components()


def default_threshold() -> int:
    return int(getattr(settings, "FIELDWORK_COVERAGE_THRESHOLD", 3))


def _counts(team_id: int, components: list[Component]) -> list[tuple[str, str, int | None, int]]:
    """(component key, perspective, site id, passages): the one count of evidence (distinct passages,
    current attribution, matched by key across published versions, withdrawn material left out), as
    the actions keep it per source (`evidence_counts`)."""
    return evidence_counts.counts(team_id, [c.key for c in components])


def coverage(team_id: int, by: str = "perspective", threshold: int | None = None) -> Matrix:
    components = current_components()
    raw = _counts(team_id, components)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    if by == "site":
        sites = list(Site.objects.filter(team_id=team_id).order_by("name"))
        columns = [(str(s.pk), s.name) for s in sites] + [(UNATTRIBUTED, "Inbox")]
        for key, _perspective, site_id, n in raw:
            counts[(key, str(site_id or ""))] += n
    else:
        columns = [*Perspective.choices, (UNATTRIBUTED, "Not attributed")]
        for key, perspective, _site_id, n in raw:
            counts[(key, perspective)] += n
    for key, _perspective, _site_id, n in raw:
        totals[key] += n
    matrix = Matrix(
        by,
        components,
        columns,
        dict(counts),
        default_threshold() if threshold is None else threshold,
        dict(totals),
    )
    matrix.raw = raw
    return matrix


@dataclass
class Suggestion:
    site: Site
    reason: str
    score: float


def where_next(
    team_id: int, matrix: Matrix, per_gap: int = 3
) -> list[tuple[Component, str, list[Suggestion]]]:
    """For each perspective gap: sites with participants of that perspective (fewest passages on the
    component first), then sites never visited. Ranked, best first."""
    if matrix.by != "perspective":
        raise ValueError("where_next works on the perspective matrix")
    sites = {s.pk: s for s in Site.objects.filter(team_id=team_id).annotate(n_visits=Count("visits"))}
    people: dict[tuple[int, str], int] = defaultdict(int)
    for row in (
        Participant.objects.filter(site__team_id=team_id, withdrawn_on__isnull=True)
        .values("site_id", "perspective")
        .annotate(n=Count("id"))
    ):
        people[(row["site_id"], row["perspective"])] = row["n"]
    per_site: dict[tuple[str, int | None], int] = defaultdict(int)
    for key, _perspective, site_id, n in matrix.raw:
        per_site[(key, site_id)] += n
    plan = []
    for component, perspective, label in matrix.gaps():
        suggestions = []
        for site in sites.values():
            n_people = people.get((site.pk, perspective), 0)
            if n_people:
                already = per_site.get((component.key, site.pk), 0)
                suggestions.append(
                    Suggestion(
                        site,
                        f"{n_people} {label.lower()} participant{'s' if n_people > 1 else ''} "
                        f"registered; {already} "
                        f"passage{'s' if already != 1 else ''} on this component so far",
                        2 + n_people - already / 10,
                    )
                )
            elif site.n_visits == 0:
                suggestions.append(Suggestion(site, "not visited yet", 1))
        suggestions.sort(key=lambda s: (-s.score, s.site.name))
        plan.append((component, label, suggestions[:per_gap]))
    return plan


def most_useful(
    plan: list[tuple[Component, str, list[Suggestion]]], count: int = 5
) -> list[tuple[Component, str, list[Suggestion]]]:
    """The few gaps a visit is most likely to fill, each with its best site: the gaps whose best
    suggestion scores highest (a site with participants of the missing perspective before a site not
    visited yet), one per perspective and component first so that the list is not one of them over
    again, then in the model's order."""
    ranked = sorted(
        (entry for entry in plan if entry[2]), key=lambda entry: -entry[2][0].score
    )  # sorted() is stable: equal scores keep the model's order
    chosen: list[tuple[Component, str, list[Suggestion]]] = []
    for entry in ranked:
        if len(chosen) < count and all(entry[0] != other[0] and entry[1] != other[1] for other in chosen):
            chosen.append(entry)
    for entry in ranked:
        if len(chosen) < count and entry not in chosen:
            chosen.append(entry)
    return [(component, label, suggestions[:1]) for component, label, suggestions in chosen]
