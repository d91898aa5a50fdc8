"""The model diagram as SVG, drawn by our own code: pre-requisites above, two interlocking
wheels (worker and individual) with their components as numbered segments, agency beside,
outcomes below. Every component is a focusable link with an accessible name."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import cairosvg

from .data import ComponentData, VersionData
from .parts import Part

WIDTH = 1000
MARGIN = 20
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
CHAR_WIDTH = 0.56  # average glyph width as a share of the font size, for wrapping
BOX_CHAR_WIDTH = 0.6  # a little wider, for checking that a wrapped label fits where it is placed
INK = "#1b2628"
MUTED = "#4a5658"


@dataclass(frozen=True)
class Palette:
    fills: tuple[str, str]
    stroke: str
    current: str


WORKER = Palette(("#d3ecec", "#bfe2e2"), "#24676b", "#8fcfcf")
INDIVIDUAL = Palette(("#fbe6c8", "#f5d6a8"), "#84520e", "#eeb866")
BOXES = {
    Part.PREREQUISITES.value: Palette(("#e6e9f5", "#e6e9f5"), "#3b4a8a", "#b7c0e6"),
    Part.AGENCY.value: Palette(("#ece3f1", "#ece3f1"), "#62387a", "#cfb6de"),
    Part.OUTCOMES.value: Palette(("#e2efdc", "#e2efdc"), "#3c6a2a", "#b5d8a6"),
}
PART_HEADINGS = {
    Part.PREREQUISITES.value: "Pre-requisites",
    Part.WORKER_WHEEL.value: "Worker wheel",
    Part.INDIVIDUAL_WHEEL.value: "Individual wheel",
    Part.AGENCY.value: "Agency",
    Part.OUTCOMES.value: "Outcomes",
}


def wrap(text: str, width_px: float, font_size: float, max_lines: int) -> list[str]:
    """Greedy word wrap to a pixel width; the last line ends with an ellipsis if text is left over."""
    limit = max(4, int(width_px / (font_size * CHAR_WIDTH)))
    lines: list[str] = []
    current = ""
    words = text.split()
    for word in words:
        while len(word) > limit:  # a single word longer than the line is cut
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: limit - 1] + "-")
            word = word[limit - 1 :]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            last = lines[-1]
            lines[-1] = (last if len(last) < limit else last[: limit - 1]).rstrip() + "…"
            return lines
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: limit - 1].rstrip() + "…"
    return lines


def _text_block(
    lines: list[str], cx: float, cy: float, size: float, color: str = INK, weight: str = "normal"
) -> str:
    line_height = size * 1.2
    top = cy - (len(lines) - 1) * line_height / 2
    # A space between the lines, so that software reading the text (and checking that a link's name
    # contains its visible words) reads "Build a relationship", not "Build arelationship".
    spans = " ".join(
        f'<tspan x="{cx:.1f}" y="{top + i * line_height:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text font-family="{FONT}" font-size="{size:.1f}" font-weight="{weight}" fill="{color}" '
        f'text-anchor="middle" dominant-baseline="central" aria-hidden="true">{spans}</text>'
    )


def _polar(cx: float, cy: float, radius: float, degrees: float) -> tuple[float, float]:
    radians = math.radians(degrees)
    return cx + radius * math.cos(radians), cy + radius * math.sin(radians)


def _sector(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    large = 1 if end - start > 180 else 0
    x1, y1 = _polar(cx, cy, outer, start)
    x2, y2 = _polar(cx, cy, outer, end)
    x3, y3 = _polar(cx, cy, inner, end)
    x4, y4 = _polar(cx, cy, inner, start)
    return (
        f"M{x1:.2f},{y1:.2f} A{outer},{outer} 0 {large} 1 {x2:.2f},{y2:.2f} "
        f"L{x3:.2f},{y3:.2f} A{inner},{inner} 0 {large} 0 {x4:.2f},{y4:.2f} Z"
    )


class _Canvas:
    def __init__(self, href: Callable[[ComponentData], str], highlight: str | None) -> None:
        self.href = href
        self.highlight = highlight
        self.items: list[str] = []

    def link(self, component: ComponentData, label: str, shape: str, text: str) -> None:
        current = component.key == self.highlight
        attrs = ' aria-current="true"' if current else ""
        self.items.append(
            f"<a href={quoteattr(self.href(component))} "
            f'class="cpi-component{" is-current" if current else ""}" '
            f"data-key={quoteattr(component.key)} aria-label={quoteattr(label)}{attrs}>"
            f"<title>{escape(label)}</title>{shape}{text}</a>"
        )

    def heading(self, text: str, x: float, y: float, anchor: str = "start") -> None:
        self.items.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="15" font-weight="bold" '
            f'fill="{MUTED}" text-anchor="{anchor}" aria-hidden="true">{escape(text)}</text>'
        )


def _boxes(
    canvas: _Canvas,
    components: list[ComponentData],
    part: str,
    x: float,
    y: float,
    width: float,
    per_row: int,
    box_height: float = 62,
) -> float:
    """Lay components out in rows of boxes; returns the y below the last row."""
    palette = BOXES[part]
    if not components:
        canvas.items.append(_text_block(["(none in this version)"], x + width / 2, y + 16, 12, MUTED))
        return y + 32
    gap = 12
    per_row = max(1, min(per_row, len(components)))
    box_width = (width - gap * (per_row - 1)) / per_row
    rows = math.ceil(len(components) / per_row)
    for index, component in enumerate(components):
        row, col = divmod(index, per_row)
        bx, by = x + col * (box_width + gap), y + row * (box_height + gap)
        current = component.key == canvas.highlight
        fill = palette.current if current else palette.fills[0]
        shape = (
            f'<rect class="shape" x="{bx:.1f}" y="{by:.1f}" width="{box_width:.1f}" height="{box_height}" '
            f'rx="8" fill="{fill}" stroke="{palette.stroke}" stroke-width="{3 if current else 1.5}"/>'
        )
        lines = wrap(component.title, box_width - 16, 13, 3)
        text = _text_block(lines, bx + box_width / 2, by + box_height / 2, 13)
        # The accessible name starts with the words on the box (WCAG 2.5.3, label in name).
        canvas.link(component, f"{component.title} ({PART_HEADINGS[part]})", shape, text)
    return y + rows * box_height + (rows - 1) * gap


@dataclass(frozen=True)
class _Sector:
    """One stage's ring segment, and the lens of the other wheel that covers part of it."""

    cx: float
    cy: float
    outer: float
    inner: float
    start: float
    end: float
    covered: tuple[float, float, float] | None  # the other wheel's centre and radius

    def holds(self, x: float, y: float, pad: float = 3) -> bool:
        dx, dy = x - self.cx, y - self.cy
        radius = math.hypot(dx, dy)
        if not self.inner + pad <= radius <= self.outer - pad:
            return False
        angle = (math.degrees(math.atan2(dy, dx)) - self.start) % 360
        if (
            self.end - self.start < 359
            and not (pad / radius) * 57.3 <= angle <= self.end - self.start - (pad / radius) * 57.3
        ):
            return False
        if self.covered is not None:
            ox, oy, o_radius = self.covered
            if math.hypot(x - ox, y - oy) <= o_radius + pad:
                return False
        return True

    def holds_box(self, x: float, y: float, width: float, height: float) -> bool:
        xs = (x - width / 2, x, x + width / 2)
        ys = (y - height / 2, y, y + height / 2)
        return all(self.holds(px, py) for px in xs for py in ys)


def _fit(title: str, sector: _Sector, base_size: float) -> tuple[list[str], float, float, float]:
    """The largest type, and a place in the segment, at which the whole label fits inside it: clear of
    its edges, of the hub and of the other wheel. Only when nothing fits is the label cut short (with an
    ellipsis; the link's accessible name always has the whole title), still inside its segment."""
    depth = sector.outer - sector.inner
    for size in [base_size - 0.5 * step for step in range(int((base_size - 8) * 2) + 1)]:
        for width in (depth * 0.95, depth * 0.8, depth * 0.65, depth * 0.5):
            lines = wrap(title, width, size, 8)
            if not any(line.endswith(("…", "-")) for line in lines) and (
                place := _place(lines, size, sector)
            ):
                return lines, size, *place
    for max_lines in (4, 3, 2, 1):
        lines = wrap(title, depth * 0.65, 8, max_lines)
        if place := _place(lines, 8, sector):
            return lines, 8.0, *place
    x, y = _polar(sector.cx, sector.cy, sector.inner + depth / 2, (sector.start + sector.end) / 2)
    return wrap(title, depth * 0.5, 8, 1), 8.0, x, y


def _place(lines: list[str], size: float, sector: _Sector) -> tuple[float, float] | None:
    """Where in the segment these lines fit, nearest its middle first, or None."""
    box_w = max(len(line) for line in lines) * size * BOX_CHAR_WIDTH
    box_h = len(lines) * size * 1.2
    sweep = sector.end - sector.start
    depth = sector.outer - sector.inner
    for shift in (0.5, 0.4, 0.6, 0.3, 0.7):
        for turn in (0.5, 0.38, 0.62, 0.28, 0.72):
            x, y = _polar(sector.cx, sector.cy, sector.inner + depth * shift, sector.start + turn * sweep)
            if sector.holds_box(x, y, box_w, box_h):
                return x, y
    return None


def _wheel(
    canvas: _Canvas,
    components: list[ComponentData],
    part: str,
    cx: float,
    cy: float,
    outer: float,
    inner: float,
    palette: Palette,
    hub_label: str,
    covered: tuple[float, float, float] | None = None,
) -> None:
    n = len(components)
    if n == 0:
        canvas.items.append(
            f'<circle cx="{cx}" cy="{cy}" r="{outer}" fill="#f4f4f4" stroke="{palette.stroke}" '
            'stroke-dasharray="6 4"/>'
        )
    sweep = 360 / n if n else 360
    base_size = 13.0 if n <= 8 else 12.0 if n <= 11 else 10.5
    for index, component in enumerate(components):
        start = -90 + index * sweep
        end = start + sweep - (0.001 if n == 1 else 0)
        current = component.key == canvas.highlight
        fill = palette.current if current else palette.fills[index % 2]
        path = _sector(cx, cy, outer, inner, start, end)
        shape = (
            f'<path class="shape" d="{path}" fill="{fill}" stroke="{palette.stroke}" '
            f'stroke-width="{3 if current else 1.5}"/>'
        )
        lines, size, tx, ty = _fit(
            f"{index + 1}. {component.title}", _Sector(cx, cy, outer, inner, start, end, covered), base_size
        )
        text = _text_block(lines, tx, ty, size)
        label = _stage_label(component, part, index, n)
        canvas.link(component, label, shape, text)
    canvas.items.append(
        f'<circle cx="{cx}" cy="{cy}" r="{inner - 4}" fill="#ffffff" stroke="{palette.stroke}" '
        'stroke-width="1.5"/>'
    )
    canvas.items.append(_text_block(wrap(hub_label, inner * 1.6, 14, 3), cx, cy, 14, palette.stroke, "bold"))


def _stage_label(component: ComponentData, part: str, index: int, n: int) -> str:
    """A stage's accessible name: it starts with the words drawn on it (WCAG 2.5.3, label in name)."""
    return f"{index + 1}. {component.title} ({PART_HEADINGS[part]}, stage {index + 1} of {n})"


def _document(
    width: int, height: float, id_prefix: str, title: str, description: str, items: list[str]
) -> str:
    """The drawing as one named image: its title and description, a white ground, its items."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cpi-diagram" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height:.0f}" fill="#ffffff"/>'
        + "".join(items)
        + "</svg>"
    )


def render_svg(
    version: VersionData,
    href: Callable[[ComponentData], str],
    *,
    highlight: str | None = None,
    id_prefix: str = "cpi-diagram",
) -> str:
    groups = version.by_part()
    canvas = _Canvas(href, highlight)
    title = f"{version.model_name}, version {version.label}"
    canvas.items.append(
        f'<text x="{MARGIN}" y="34" font-family="{FONT}" font-size="20" font-weight="bold" fill="{INK}" '
        f'aria-hidden="true">{escape(title)}</text>'
    )

    # Pre-requisites across the top.
    canvas.heading(PART_HEADINGS[Part.PREREQUISITES.value], MARGIN, 68)
    y = _boxes(
        canvas, groups[Part.PREREQUISITES.value], Part.PREREQUISITES.value, MARGIN, 80, WIDTH - 2 * MARGIN, 4
    )

    # The two wheels, overlapping where the partnership co-produces, with the agency column beside.
    outer, inner = 190, 60
    overlap = 34
    wheel_area = 750
    distance = 2 * outer - overlap
    left_cx = (MARGIN + wheel_area) / 2 - distance / 2
    right_cx = left_cx + distance
    cy = y + 56 + outer
    canvas.heading(PART_HEADINGS[Part.WORKER_WHEEL.value], left_cx, cy - outer - 14, "middle")
    canvas.heading(PART_HEADINGS[Part.INDIVIDUAL_WHEEL.value], right_cx, cy - outer - 14, "middle")
    _wheel(
        canvas,
        groups[Part.WORKER_WHEEL.value],
        Part.WORKER_WHEEL.value,
        left_cx,
        cy,
        outer,
        inner,
        WORKER,
        "Worker",
        covered=(right_cx, cy, outer),
    )
    _wheel(
        canvas,
        groups[Part.INDIVIDUAL_WHEEL.value],
        Part.INDIVIDUAL_WHEEL.value,
        right_cx,
        cy,
        outer,
        inner,
        INDIVIDUAL,
        "The person",
        covered=(left_cx, cy, outer),
    )
    half_chord = math.sqrt(outer**2 - (distance / 2) ** 2)
    mid_x = (left_cx + right_cx) / 2
    canvas.items.append(
        f'<path d="M{mid_x:.1f},{cy - half_chord:.1f} A{outer},{outer} 0 0 1 '
        f'{mid_x:.1f},{cy + half_chord:.1f} A{outer},{outer} 0 0 1 {mid_x:.1f},{cy - half_chord:.1f} Z" '
        f'fill="#ffffff" stroke="{MUTED}" stroke-width="1.5"/>'
    )
    canvas.items.append(
        f'<text x="{mid_x:.1f}" y="{cy:.1f}" transform="rotate(-90 {mid_x:.1f} {cy:.1f})" '
        f'font-family="{FONT}" font-size="12" font-weight="bold" fill="{MUTED}" text-anchor="middle" '
        'dominant-baseline="central" aria-hidden="true">co-production</text>'
    )
    agency_x = wheel_area + 20
    agency = groups[Part.AGENCY.value]
    agency_height = len(agency) * 74 - 12 if agency else 32
    agency_top = max(y + 56, cy - agency_height / 2)
    canvas.heading(PART_HEADINGS[Part.AGENCY.value], agency_x, agency_top - 12)
    agency_bottom = _boxes(
        canvas, agency, Part.AGENCY.value, agency_x, agency_top, WIDTH - MARGIN - agency_x, 1
    )

    # Outcomes along the bottom.
    y = max(cy + outer, agency_bottom) + 44
    canvas.heading(PART_HEADINGS[Part.OUTCOMES.value], MARGIN, y)
    y = _boxes(
        canvas, groups[Part.OUTCOMES.value], Part.OUTCOMES.value, MARGIN, y + 12, WIDTH - 2 * MARGIN, 5
    )
    height = y + MARGIN

    counts = ", ".join(f"{len(groups[p])} {PART_HEADINGS[p].lower()}" for p in groups)
    description = (
        f"Diagram of {title}: {counts}. Pre-requisites sit above two interlocking wheels, the worker's and "
        "the person's, whose numbered stages turn in order; agency components are beside them and outcomes "
        "below. Each component is a link to its page."
    )
    return _document(WIDTH, height, id_prefix, title, description, canvas.items)


PHONE_WIDTH = 400


def _numbered_wheel(
    canvas: _Canvas, components: list[ComponentData], cx: float, cy: float, palette: Palette, hub: str
) -> None:
    """A wheel whose segments carry only their stage numbers, large enough to read on a phone."""
    outer, inner = 150.0, 48.0
    n = len(components)
    sweep = 360 / n if n else 360
    for index, component in enumerate(components):
        start = -90 + index * sweep
        end = start + sweep - (0.001 if n == 1 else 0)
        current = component.key == canvas.highlight
        fill = palette.current if current else palette.fills[index % 2]
        canvas.items.append(
            f'<path d="{_sector(cx, cy, outer, inner, start, end)}" fill="{fill}" stroke="{palette.stroke}" '
            f'stroke-width="{3 if current else 1.5}" aria-hidden="true"/>'
        )
        tx, ty = _polar(cx, cy, (outer + inner) / 2, start + sweep / 2) if n > 1 else (cx, cy - 99)
        canvas.items.append(_text_block([str(index + 1)], tx, ty, 22 if n <= 10 else 17, INK, "bold"))
    canvas.items.append(
        f'<circle cx="{cx}" cy="{cy}" r="{inner - 4}" fill="#ffffff" stroke="{palette.stroke}" '
        'stroke-width="1.5"/>'
    )
    canvas.items.append(_text_block(wrap(hub, inner * 1.4, 13, 2), cx, cy, 13, palette.stroke, "bold"))


def _stage_rows(
    canvas: _Canvas, components: list[ComponentData], part: str, palette: Palette, y: float
) -> float:
    """The wheel's stages as a numbered list under it, each row a link."""
    width, height, gap = PHONE_WIDTH - 2 * MARGIN, 44.0, 6.0
    n = len(components)
    for index, component in enumerate(components):
        by = y + index * (height + gap)
        current = component.key == canvas.highlight
        shape = (
            f'<rect class="shape" x="{MARGIN}" y="{by:.1f}" width="{width}" height="{height}" rx="8" '
            f'fill="{palette.current if current else palette.fills[index % 2]}" stroke="{palette.stroke}" '
            f'stroke-width="{3 if current else 1.5}"/>'
        )
        lines = wrap(f"{index + 1}. {component.title}", width - 20, 15, 2)
        size = 15.0 if len(lines) == 1 or not lines[-1].endswith("…") else 13.0
        lines = wrap(f"{index + 1}. {component.title}", width - 20, size, 2)
        text = _text_block(lines, PHONE_WIDTH / 2, by + height / 2, size)
        label = _stage_label(component, part, index, n)
        canvas.link(component, label, shape, text)
    return y + n * (height + gap) - gap


def render_phone_svg(
    version: VersionData,
    href: Callable[[ComponentData], str],
    *,
    highlight: str | None = None,
    id_prefix: str = "cpi-diagram-phone",
) -> str:
    """The same model laid out for a phone: one column, each wheel with its stage numbers and the
    stages listed under it in type that stays readable at 360 pixels."""
    groups = version.by_part()
    canvas = _Canvas(href, highlight)
    title = f"{version.model_name}, version {version.label}"
    title_lines = wrap(title, PHONE_WIDTH - 2 * MARGIN, 19, 3)
    canvas.items.append(
        _text_block(title_lines, PHONE_WIDTH / 2, 30 + (len(title_lines) - 1) * 11, 19, INK, "bold")
    )
    y: float = 52 + len(title_lines) * 23
    width = PHONE_WIDTH - 2 * MARGIN
    for part in (Part.PREREQUISITES.value,):
        canvas.heading(PART_HEADINGS[part], MARGIN, y)
        y = _boxes(canvas, groups[part], part, MARGIN, y + 12, width, 1, 50) + 36
    wheels = (
        (Part.WORKER_WHEEL.value, WORKER, "Worker"),
        (Part.INDIVIDUAL_WHEEL.value, INDIVIDUAL, "The person"),
    )
    for part, palette, hub in wheels:
        canvas.heading(PART_HEADINGS[part], MARGIN, y)
        cy = y + 24 + 150
        _numbered_wheel(canvas, groups[part], PHONE_WIDTH / 2, cy, palette, hub)
        y = _stage_rows(canvas, groups[part], part, palette, cy + 150 + 18) + 36
    for part in (Part.AGENCY.value, Part.OUTCOMES.value):
        canvas.heading(PART_HEADINGS[part], MARGIN, y)
        y = _boxes(canvas, groups[part], part, MARGIN, y + 12, width, 1, 50) + 36
    height = y - 36 + MARGIN
    counts = ", ".join(f"{len(groups[p])} {PART_HEADINGS[p].lower()}" for p in groups)
    description = (
        f"Diagram of {title}: {counts}. Pre-requisites first, then the worker's wheel and the person's "
        "wheel, which turn together in co-production, each with its numbered stages; then agency and "
        "outcomes. Each component is a link to its page."
    )
    return _document(PHONE_WIDTH, height, id_prefix, title, description, canvas.items)


def render_for_page(
    version: VersionData,
    href: Callable[[ComponentData], str],
    *,
    highlight: str | None = None,
    id_prefix: str = "cpi-diagram",
) -> str:
    """Both layouts for a web page; the stylesheet shows the one that fits the screen (`diagram-wide`,
    `diagram-narrow`), and the one hidden is hidden from assistive technology too."""
    wide = render_svg(version, href, highlight=highlight, id_prefix=id_prefix)
    narrow = render_phone_svg(version, href, highlight=highlight, id_prefix=f"{id_prefix}-phone")
    return f'<div class="diagram-wide">{wide}</div><div class="diagram-narrow">{narrow}</div>'


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
