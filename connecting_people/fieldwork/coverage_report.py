"""The coverage of the evidence as a PDF for the research team: the heat map with the table of the same
figures, the components to strengthen (their gaps, fewest passages first, and where to look first) and
the rule that counts the evidence. Written through `lib/pdf.py` like every PDF the app makes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from connecting_people.accounts.models import Organisation
from connecting_people.interventions.models import Component
from connecting_people.lib.pdf import write_pdf
from connecting_people.lib.svgchart import heat_map

from .coverage import Matrix, Row, Suggestion, coverage_chart, most_useful
from .evidence import EVIDENCE_RULE

Plan = list[tuple[Component, str, list[Suggestion]]]

# A4 less the margins (18 mm each side), in millimetres, and the room the headings above the chart take.
PAGE = (174.0, 261.0)
HEADINGS = 70.0
_VIEW_BOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def chart_width(svg: str, landscape: bool) -> float:
    """The width in millimetres at which the chart fills the page's width without running off its
    foot (the chart keeps its proportions)."""
    found = _VIEW_BOX.search(svg)
    if found is None:
        raise ValueError("A chart without a viewBox cannot be sized.")
    width, height = float(found.group(1)), float(found.group(2))
    across, down = (PAGE[1], PAGE[0]) if landscape else PAGE
    return round(min(across, (down - HEADINGS) * width / height), 1)


@dataclass(frozen=True)
class Weak:
    """A component with at least one gap: each gap's column and count, and the site to try first."""

    component: Component
    gaps: tuple[tuple[str, int], ...]
    total: int
    first: Suggestion | None

    @property
    def gap_text(self) -> str:
        return "; ".join(f"{label} {count}" for label, count in self.gaps)


def to_strengthen(matrix: Matrix, plan: Plan) -> list[Weak]:
    """The components with gaps, most gaps first, then fewest passages, ties in the model's order; each
    with the best-scoring site of its gaps from "where next" (perspective columns only)."""
    best: dict[int, Suggestion] = {}
    for component, _label, suggestions in plan:
        if suggestions and (component.pk not in best or suggestions[0].score > best[component.pk].score):
            best[component.pk] = suggestions[0]
    weak = []
    for component in matrix.components:
        gaps = tuple(
            (label, matrix.count(component.key, value))
            for value, label in matrix.columns
            if matrix.is_gap(component.key, value)
        )
        if gaps:
            total = matrix.totals.get(component.key, 0)
            weak.append(Weak(component, gaps, total, best.get(component.pk)))
    order = {c.pk: n for n, c in enumerate(matrix.components)}
    return sorted(weak, key=lambda w: (-len(w.gaps), w.total, order[w.component.pk]))


def coverage_pdf(team: Organisation, matrix: Matrix, rows: list[Row], plan: Plan) -> bytes:
    across = "site" if matrix.by == "site" else "perspective"
    landscape = len(matrix.columns) > 8
    chart = heat_map(coverage_chart(matrix, rows), "coverage-map")
    html = render_to_string(
        "fieldwork/coverage_print.html",
        {
            "team": team,
            "matrix": matrix,
            "rows": rows,
            "across": across,
            "chart": chart,
            "chart_width": f"{chart_width(chart, landscape):.1f}mm",
            "weak": to_strengthen(matrix, plan),
            "first": most_useful(plan),
            "gap_count": len(matrix.gaps()),
            "made": date_format(timezone.localdate(), "DATE_FORMAT"),
            "evidence_rule": EVIDENCE_RULE,
            "landscape": landscape,
        },
    )
    return write_pdf(html, identifier=f"cpi-coverage-{team.pk}-{across}-{matrix.threshold}")
