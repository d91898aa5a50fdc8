"""Drawing a network map as SVG: concentric circles of closeness, the person in the middle, each member on
their circle, labels laid out so they collide neither with each other nor with the middle, and marks for
what changed since an earlier map (new, no longer there, closer, further) drawn as shapes, not colour alone.

The drawing scales with its container (a viewBox and the `network-map` class, width 100%), so it fits a
360 px screen; the list beside it is where a finger acts on a phone."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import date_format

from .models import MapMember, NetworkMap
from .network import Mark

MARKS: dict[Mark, str] = {
    "new": "new since the map before",
    "lost": "no longer on the map",
    "closer": "closer now",
    "further": "further away now",
}

SIZE, MARGIN = 560, 44
FONT = "DejaVu Sans, Verdana, sans-serif"
FONT_SIZE = 19
MARKER = 16  # the radius of a member's circle (a service is a square of the same size)
# the radius of the area that takes a finger or pointer when the member can be dragged: 44 px at 360 px
HIT = 38
ME = 30  # the radius of the person's own circle in the middle
BADGE = 11
INK = "#1b2628"
KIND_COLOURS = {"person": "#d3ecec", "group": "#fbe6c8", "place": "#e2efdc"}
QUALITY_STROKES = {"strong": (INK, ""), "weak": ("#4a5658", "4 3"), "stressful": ("#a32020", "2 2")}
MARK_COLOURS: dict[Mark, str] = {
    "new": "#2e6b30",
    "lost": "#a32020",
    "closer": "#1f5f63",
    "further": "#84520e",
}


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: Box) -> float:
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the baseline
    anchor: str
    box: Box


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of the width of DejaVu Sans text (its average advance is about 0.6 em)."""
    return len(text) * size * 0.62


def short_label(text: str, limit: int) -> str:
    """A name short enough to label a marker: a bracketed aside goes first ("Canalside Café (fictitious)"
    is "Canalside Café"), then words from the end, with an ellipsis; never cut inside a word unless one
    word alone is too long. The whole name stays in the marker's title and the table beside the drawing."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    plain = re.sub(r"\s*\([^)]*\)", "", text).strip()
    if plain and len(plain) <= limit:
        return plain
    words = (plain or text).split()
    kept = ""
    for word in words:
        if len(f"{kept} {word}".strip()) > limit - 1:
            break
        kept = f"{kept} {word}".strip()
    return (kept or words[0][: limit - 1]) + "…"


def place_label(x: float, y: float, text: str, obstacles: list[Box]) -> Label:
    """The first place around the marker, outward from the middle first, where the label hits nothing
    already drawn (the middle circle, the markers, other labels) and stays inside the drawing; if every
    place hits something, the one with the least overlap."""
    width, height = text_width(text), FONT_SIZE * 1.15
    gap = MARKER + 4
    out_x, out_y = x - SIZE / 2, y - SIZE / 2
    norm = math.hypot(out_x, out_y) or 1.0
    out_x, out_y = out_x / norm, out_y / norm
    # (the direction from the marker, the label's box, its anchor): level with the marker on either side,
    # or below or above it, centred or slid sideways for crowded circles
    candidates = [
        ((1.0, 0.0), Box(x + gap, y - height / 2, x + gap + width, y + height / 2), "start"),
        ((-1.0, 0.0), Box(x - gap - width, y - height / 2, x - gap, y + height / 2), "end"),
    ]
    for down in (1.0, -1.0):
        top = y + gap if down > 0 else y - gap - height
        for sideways in (0.0, 0.8, -0.8):
            middle = x + sideways * width / 2
            candidates.append(
                ((sideways, down), Box(middle - width / 2, top, middle + width / 2, top + height), "middle")
            )
    candidates.sort(key=lambda c: -(c[0][0] * out_x + c[0][1] * out_y))
    best: tuple[float, Box, str] | None = None
    for _direction, box, anchor in candidates:
        box = _clamped(box)
        cost = sum(box.overlap(o) for o in obstacles)
        if cost == 0:
            best = (0.0, box, anchor)
            break
        if best is None or cost < best[0]:
            best = (cost, box, anchor)
    assert best is not None
    _cost, box, anchor = best
    text_x = {"middle": (box.left + box.right) / 2, "start": box.left, "end": box.right}[anchor]
    return Label(text_x, box.bottom - FONT_SIZE * 0.3, anchor, box)


def _clamped(box: Box) -> Box:
    """The box moved sideways or up and down so it stays inside the drawing."""
    dx = max(0.0, 2 - box.left) - max(0.0, box.right - (SIZE - 2))
    dy = max(0.0, 2 - box.top) - max(0.0, box.bottom - (SIZE - 2))
    return Box(box.left + dx, box.top + dy, box.right + dx, box.bottom + dy)


def mark_glyph(mark: Mark, x: float, y: float, toward: tuple[float, float] = (-1.0, 0.0)) -> str:
    """A small white disc with a shape in it: a plus for new, a cross for no longer there, an arrowhead
    pointing to the middle for closer and away from it for further. `toward` is the unit direction from
    the member to the middle."""
    colour = MARK_COLOURS[mark]
    disc = (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{BADGE}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
    )
    s = BADGE * 0.55
    if mark == "new":
        shape = f"M{x - s:.1f} {y:.1f}H{x + s:.1f}M{x:.1f} {y - s:.1f}V{y + s:.1f}"
        return disc + f'<path d="{shape}" stroke="{colour}" stroke-width="3" fill="none"/>'
    if mark == "lost":
        shape = (
            f"M{x - s:.1f} {y - s:.1f}L{x + s:.1f} {y + s:.1f}M{x - s:.1f} {y + s:.1f}L{x + s:.1f} "
            f"{y - s:.1f}"
        )
        return disc + f'<path d="{shape}" stroke="{colour}" stroke-width="3" fill="none"/>'
    ux, uy = toward if mark == "closer" else (-toward[0], -toward[1])
    px, py = -uy, ux  # across the arrow
    tip = (x + ux * s, y + uy * s)
    left = (x - ux * s + px * s, y - uy * s + py * s)
    right = (x - ux * s - px * s, y - uy * s - py * s)
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in (tip, left, right))
    return disc + f'<polygon points="{points}" fill="{colour}"/>'


def legend_icon(mark: Mark) -> str:
    """The mark as it appears on the map, with a dot for the middle so the arrows read the same way."""
    glyph = mark_glyph(mark, 32, 13)
    middle = '<circle cx="7" cy="13" r="5" fill="#1f5f63"/>' if mark in ("closer", "further") else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 46 26" width="46" height="26" '
        f'class="map-legend-icon" aria-hidden="true" focusable="false">{middle}{glyph}</svg>'
    )


def describe(member: MapMember, mark: Mark | None = None) -> str:
    return (
        f"{member.label}: {member.get_relationship_display().lower()}, circle {member.circle}, "
        f"{member.get_frequency_display().lower()}, {member.get_quality_display().lower()} tie"
        + (", a service" if member.is_service else "")
        + (f"; {MARKS[mark]}" if mark else "")
    )


def draw(
    network_map: NetworkMap,
    members: list[MapMember],
    *,
    centre_label: str = "Me",
    move_url: Callable[[MapMember], str] | None = None,
    marks: Mapping[str, Mark] | None = None,
    id_prefix: str = "map",
    heading: str = "",
) -> str:
    """The map as SVG. `marks` maps a member's key to what changed for them; `id_prefix` keeps the ids of
    two drawings on one page apart; `heading` replaces the title (which names the map's date)."""
    marks = marks or {}
    centre = SIZE / 2
    inner = ME + 6  # the circles start outside the person's own, so nobody sits on it
    ring = (SIZE / 2 - MARGIN - inner) / network_map.circles
    parts = [f'<rect width="{SIZE}" height="{SIZE}" fill="#ffffff"/>']
    for i in range(network_map.circles, 0, -1):
        parts.append(
            f'<circle cx="{centre}" cy="{centre}" r="{inner + i * ring:.1f}" '
            f'fill="{"#f4f6f5" if i % 2 else "#ffffff"}" stroke="#c9d1d0" stroke-width="1.5"/>'
        )
    placed: list[tuple[MapMember, float, float]] = []
    by_circle: dict[int, list[MapMember]] = {}
    for member in members:
        by_circle.setdefault(member.circle, []).append(member)
    for circle, group in sorted(by_circle.items()):
        radius = inner + (circle - 0.5) * ring
        for index, member in enumerate(sorted(group, key=lambda m: m.label)):
            angle = -math.pi / 2 + 2 * math.pi * index / len(group) + circle * 0.35
            placed.append((member, centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    # Everything a label must not cover: the middle, every marker and its mark.
    obstacles = [Box(centre - ME - 4, centre - ME - 4, centre + ME + 4, centre + ME + 4)]
    for member, x, y in placed:
        obstacles.append(Box(x - MARKER - 2, y - MARKER - 2, x + MARKER + 2, y + MARKER + 2))
        if member.key and str(member.key) in marks:
            bx, by = x + MARKER, y - MARKER
            obstacles.append(Box(bx - BADGE - 1, by - BADGE - 1, bx + BADGE + 1, by + BADGE + 1))
    for member, x, y in placed:
        mark = marks.get(str(member.key))
        stroke, dash = QUALITY_STROKES.get(member.quality, (INK, ""))
        fill = KIND_COLOURS.get(member.kind, "#ffffff")
        shape = (
            f'<rect x="{x - MARKER + 1:.1f}" y="{y - MARKER + 1:.1f}" width="{2 * MARKER - 2}" '
            f'height="{2 * MARKER - 2}" rx="3"'
            if member.is_service
            else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{MARKER}"'
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        label = describe(member, mark)
        movable = (
            f' tabindex="0" role="button" data-move-url={quoteattr(move_url(member))} '
            f"aria-label={quoteattr(label + '. Press the left and right arrow keys to move closer or further.')}"  # noqa: E501
            if move_url
            else ""
        )
        hit = (
            f'<circle class="map-hit" cx="{x:.1f}" cy="{y:.1f}" r="{HIT}" fill="#ffffff" fill-opacity="0"/>'
            if move_url
            else ""
        )
        text = short_label(member.label, 22)
        spot = place_label(x, y, text, obstacles)
        obstacles.append(spot.box)
        badge = ""
        if mark:
            distance = math.hypot(centre - x, centre - y) or 1.0
            badge = mark_glyph(
                mark, x + MARKER, y - MARKER, ((centre - x) / distance, (centre - y) / distance)
            )
        parts.append(
            f'<g class="map-member" data-key={quoteattr(str(member.key))} data-circle="{member.circle}"'
            f"{f' data-mark={quoteattr(mark)}' if mark else ''}{movable}>"
            f'<title>{escape(label)}</title>{hit}{shape} fill="{fill}" stroke="{stroke}" '
            f'stroke-width="2"{dash_attr}/>'
            f'{badge}<text x="{spot.x:.1f}" y="{spot.y:.1f}" text-anchor="{spot.anchor}" '
            f'font-size="{FONT_SIZE}" fill="{INK}" font-family="{FONT}">{escape(text)}</text></g>'
        )
    parts.append(
        f'<circle cx="{centre}" cy="{centre}" r="{ME}" fill="#1f5f63"/>'
        f'<text x="{centre}" y="{centre + 6}" text-anchor="middle" font-size="{FONT_SIZE}" '
        f'font-weight="bold" fill="#ffffff" font-family="{FONT}">{escape(centre_label)}</text>'
    )
    title = heading or f"Network map of {date_format(network_map.drawn_on, 'DATE_FORMAT')}"
    desc = (
        f"{len(members)} people, groups and places on {network_map.circles} circles of closeness; "
        "the closest circle is in the middle. The same members are listed in the table."
    )
    role = "group" if move_url else "img"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" class="network-map" '
        f'role="{role}" data-centre="{centre}" data-inner="{inner}" data-ring="{ring:.2f}" '
        f'data-circles="{network_map.circles}" aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
