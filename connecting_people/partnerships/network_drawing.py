"""Drawing the agencies' network as SVG, in the style of the network maps (practice/map_drawing.py, whose
label placing and marks it shares): the organisation in the middle, its partners around it with a shape
for each kind of agency (so kind is not told by colour alone), a thin line from the middle to each partner,
a heavy line between partners who worked on the same activity, a heavy outline for a broker, and a plus
for a partner new since the earlier date. Scales with its container like the maps do."""

from __future__ import annotations

import math
from collections.abc import Mapping
from xml.sax.saxutils import escape

from django.utils.formats import date_format

from connecting_people.practice.map_drawing import (
    FONT,
    FONT_SIZE,
    INK,
    MARGIN,
    SIZE,
    Box,
    mark_glyph,
    place_label,
    short_label,
)
from connecting_people.practice.network import Mark

from .network import AgencyNetwork, PartnerMeasure

NODE = 16
CENTRE_R = 34
SHAPES = {
    "Statutory": ("square", "#d3ecec"),
    "Voluntary": ("circle", "#fbe6c8"),
    "Community": ("triangle", "#e2efdc"),
    "Faith": ("diamond", "#eadff3"),
    "Business": ("pentagon", "#f3e0e0"),
}


def _polygon(x: float, y: float, sides: int, radius: float, turn: float) -> str:
    points = " ".join(
        f"{x + radius * math.cos(turn + 2 * math.pi * i / sides):.1f},"
        f"{y + radius * math.sin(turn + 2 * math.pi * i / sides):.1f}"
        for i in range(sides)
    )
    return f'<polygon points="{points}"'


def shape(kind: str, x: float, y: float) -> str:
    """The opening of the marker's element for a kind of agency (the caller adds fill and stroke)."""
    name = SHAPES.get(kind, ("circle", ""))[0]
    if name == "square":
        return (
            f'<rect x="{x - NODE + 2:.1f}" y="{y - NODE + 2:.1f}" width="{2 * NODE - 4}" '
            f'height="{2 * NODE - 4}"'
        )
    if name == "triangle":
        return _polygon(x, y, 3, NODE + 3, -math.pi / 2)
    if name == "diamond":
        return _polygon(x, y, 4, NODE + 2, 0.0)
    if name == "pentagon":
        return _polygon(x, y, 5, NODE + 1, -math.pi / 2)
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE}"'


def _tie(a: tuple[float, float], b: tuple[float, float], centre: float) -> str:
    """A tie between two partners as a curve bowed away from the middle, so it never runs through the
    organisation's own circle (two partners opposite each other would otherwise be joined through it)."""
    (x1, y1), (x2, y2) = a, b
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    out_x, out_y = mx - centre, my - centre
    length = math.hypot(out_x, out_y)
    if length < 1:  # opposite each other: bow to one side, across the line between them
        out_x, out_y = -(y2 - y1), x2 - x1
        length = math.hypot(out_x, out_y) or 1.0
    bow = 0.45 * math.hypot(x2 - x1, y2 - y1)
    cx, cy = mx + out_x / length * bow, my + out_y / length * bow
    return f"M{x1:.1f} {y1:.1f}Q{cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}"


def draw(
    network: AgencyNetwork,
    found: list[PartnerMeasure],
    *,
    marks: Mapping[str, Mark] | None = None,
    id_prefix: str = "agencies",
    heading: str = "",
) -> str:
    marks = marks or {}
    centre = SIZE / 2
    radius = SIZE / 2 - MARGIN - 48
    ordered = list(network.partners)
    where: dict[str, tuple[float, float]] = {}
    for index, partner in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * index / max(1, len(ordered))
        where[partner.key] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    brokers = {m.partner.key for m in found if m.is_broker}
    parts = [f'<rect width="{SIZE}" height="{SIZE}" fill="#ffffff"/>']
    for x, y in where.values():
        parts.append(
            f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#9aa5a4" '
            'stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    for a, b in network.ties:
        if a in where and b in where:
            parts.append(
                f'<path class="partner-tie" d="{_tie(where[a], where[b], centre)}" fill="none" '
                f'stroke="{INK}" stroke-width="3.5"/>'
            )
    obstacles = [
        Box(centre - CENTRE_R - 4, centre - CENTRE_R - 4, centre + CENTRE_R + 4, centre + CENTRE_R + 4)
    ]
    obstacles += [Box(x - NODE - 3, y - NODE - 3, x + NODE + 3, y + NODE + 3) for x, y in where.values()]
    for partner in ordered:
        x, y = where[partner.key]
        fill = SHAPES.get(partner.kind, ("circle", "#ffffff"))[1]
        width = 5 if partner.key in brokers else 2
        text = short_label(partner.name, 24)
        spot = place_label(x, y, text, obstacles)
        obstacles.append(spot.box)
        mark = marks.get(partner.key)
        badge = mark_glyph(mark, x + NODE, y - NODE) if mark else ""
        said = f"{partner.name}, {partner.kind.lower()}" + (", a broker" if partner.key in brokers else "")
        parts.append(
            f'<g class="partner" data-key="{escape(partner.key)}"{f" data-mark={mark!r}" if mark else ""}>'
            f"<title>{escape(said)}</title>"
            f'{shape(partner.kind, x, y)} fill="{fill}" stroke="{INK}" stroke-width="{width}"/>{badge}'
            f'<text x="{spot.x:.1f}" y="{spot.y:.1f}" text-anchor="{spot.anchor}" font-size="{FONT_SIZE}" '
            f'fill="{INK}" font-family="{FONT}">{escape(text)}</text></g>'
        )
    parts.append(
        f'<circle cx="{centre}" cy="{centre}" r="{CENTRE_R}" fill="#1f5f63"/>'
        f'<text x="{centre}" y="{centre + 6}" text-anchor="middle" font-size="{FONT_SIZE}" '
        f'font-weight="bold" fill="#ffffff" font-family="{FONT}">Us</text>'
    )
    title = heading or f"Agencies’ network of {network.centre} on {date_format(network.on, 'DATE_FORMAT')}"
    desc = (
        f"{network.centre} in the middle and its {len(ordered)} partners around it, each shaped by its kind; "
        f"{len(network.ties)} ties between partners who worked on the same activity are drawn as heavy "
        "lines; brokers have a heavy outline. The same partners and measures are in the table."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" class="network-map" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
