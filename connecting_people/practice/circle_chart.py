"""How a person's circles changed: how many people, groups and places were in each circle of closeness on
each of their maps, counted in one query and drawn as grouped bars (SVG on the server, every bar labelled
with its number and circle, so nothing is told by colour alone; the page gives the same counts as a table)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.db.models import Count
from django.utils.formats import date_format

from .models import MapMember, NetworkMap

FONT = "DejaVu Sans, Verdana, sans-serif"
SHADES = ("#1f5f63", "#4f8f92", "#8fbcbe", "#b7d6d7", "#d3e6e7", "#e3eeee")


@dataclass(frozen=True)
class MapCircles:
    drawn_on: dt.date
    counts: tuple[int, ...]  # people, groups and places in circle 1 (closest), 2, ...


def circle_counts(maps: list[NetworkMap]) -> list[MapCircles]:
    """The counts per circle for the given maps, oldest first, each as long as the map with most circles."""
    counted: dict[tuple[int, int], int] = {
        (map_id, circle): n
        for map_id, circle, n in MapMember.objects.filter(map__in=maps)
        .order_by()
        .values_list("map_id", "circle")
        .annotate(n=Count("id"))
    }
    widest = max((m.circles for m in maps), default=0)
    return [
        MapCircles(m.drawn_on, tuple(counted.get((m.pk, c), 0) for c in range(1, widest + 1)))
        for m in sorted(maps, key=lambda m: (m.drawn_on, m.pk))
    ]


def circle_name(circle: int) -> str:
    return "Circle 1 (closest)" if circle == 1 else f"Circle {circle}"


def draw_circle_chart(rows: list[MapCircles], title: str, id_prefix: str = "circles") -> str:
    """Grouped bars: one group per map date, one bar per circle, its number above it and the circle's
    number below."""
    if not rows:
        return ""
    widest = len(rows[0].counts)
    most = max(max(r.counts, default=0) for r in rows) or 1
    bar, gap, group_gap, left, top, height = 34, 6, 34, 16, 26, 160
    group_width = widest * (bar + gap) - gap
    width = left * 2 + len(rows) * group_width + (len(rows) - 1) * group_gap
    total = top + height + 62
    parts = [f'<rect width="{width}" height="{total}" fill="#ffffff"/>']
    base = top + height
    parts.append(f'<line x1="{left - 6}" y1="{base}" x2="{width - left + 6}" y2="{base}" stroke="#4a5658"/>')
    for g, row in enumerate(rows):
        x0 = left + g * (group_width + group_gap)
        for c, n in enumerate(row.counts):
            x = x0 + c * (bar + gap)
            h = height * n / most
            parts.append(
                f'<rect x="{x}" y="{base - h:.1f}" width="{bar}" height="{h:.1f}" '
                f'fill="{SHADES[c % len(SHADES)]}" stroke="#1b2628" stroke-width="1"/>'
                f'<text x="{x + bar / 2}" y="{base - h - 6:.1f}" text-anchor="middle" font-size="15" '
                f'font-weight="bold" fill="#1b2628" font-family="{FONT}">{n}</text>'
                f'<text x="{x + bar / 2}" y="{base + 17}" text-anchor="middle" font-size="13" fill="#1b2628" '
                f'font-family="{FONT}">{c + 1}</text>'
            )
        parts.append(
            f'<text x="{x0 + group_width / 2}" y="{base + 40}" text-anchor="middle" font-size="14" '
            'fill="#1b2628" '
            f'font-family="{FONT}">{escape(date_format(row.drawn_on, "SHORT_DATE_FORMAT"))}</text>'
        )
    first, last = rows[0], rows[-1]
    desc = (
        f"{len(rows)} maps from {date_format(first.drawn_on, 'DATE_FORMAT')} to "
        f"{date_format(last.drawn_on, 'DATE_FORMAT')}. "
    ) + " ".join(
        f"{date_format(r.drawn_on, 'DATE_FORMAT')}: "
        + ", ".join(f"{n} in circle {c}" for c, n in enumerate(r.counts, start=1))
        + "."
        for r in rows
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" class="circle-chart" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(title)}'
        f'</title><desc id="{id_prefix}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
