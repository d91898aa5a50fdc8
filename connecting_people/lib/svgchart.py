"""Accessible SVG charts drawn on the server: a heat map (coverage of the evidence), diverging stacked
bars (ratings in a consultation) and grouped bars (a fidelity profile, by component and rater). ORM-free:
plain frozen dataclasses in, escaped SVG markup out.

Every chart is `role="img"` named by its `<title>` and described by its `<desc>` (through
`aria-labelledby`); the page gives a table of the same figures beside it. Numbers are printed on the
shapes, never left to colour alone, and each fill carries text of at least 4.5:1 contrast (WCAG AA).
The shapes are written as plain strings for speed (a heat map has hundreds): every text and attribute
that comes from the caller passes through Django's `escape`, the rest are numbers and constants, and
`format_html` puts in the title and description."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

FONT = "DejaVu Sans, Verdana, sans-serif"
INK = "#1b2628"
MUTED = "#4a5658"
LINE = "#c9d1d0"
DANGER = "#a32020"
WHITE = "#ffffff"
CHAR_WIDTH = 0.6  # of the font size: a generous average for DejaVu Sans, so fitted text never overflows

# (fill, text) per shade of the heat map, none to most.
HEAT_SHADES: tuple[tuple[str, str], ...] = (
    (WHITE, INK),
    ("#e3f1f1", INK),
    ("#a9d6d6", INK),
    ("#2f7a7a", WHITE),
    ("#1f5f63", WHITE),
)
# (fill, text) per point of a five-point rating scale, 1 to 5: reds for the low end, grey in the middle.
LIKERT5: tuple[tuple[str, str], ...] = (
    ("#a32020", WHITE),
    ("#e8a39b", INK),
    ("#d5d9d9", INK),
    ("#8cc4c4", INK),
    ("#1f5f63", WHITE),
)


def _num(value: float) -> str:
    """A coordinate as short text: 12, 12.5."""
    return f"{value:.1f}".removesuffix(".0")


def fit(text: str, width: float, size: float) -> str:
    """`text` cut at a word (with an ellipsis) to fit `width` at font `size`."""
    chars = max(1, int(width / (size * CHAR_WIDTH)))
    if len(text) <= chars:
        return text
    cut = text[: chars - 1].rstrip()
    shorter = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return (shorter if len(shorter) >= chars // 2 else cut).rstrip(" ,;:") + "…"


def wrap(text: str, width: float, size: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines that each fit `width`; the last one cut with an ellipsis."""
    chars = max(1, int(width / (size * CHAR_WIDTH)))
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= chars:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = fit(out[-1] + " " + " ".join(words), width, size)
    return [fit(line, width, size) for line in out]


def _text(x: float, y: float, content: str, *, size: float = 12, fill: str = INK, **attrs: str) -> str:
    """A `<text>` of `content` (escaped); `attrs` are this module's own constants and numbers."""
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" fill="{fill}" '
        f'font-family="{FONT}"{extra}>'
        f"{escape(content)}</text>"
    )


def _svg(
    chart_id: str, width: float, height: float, title: str, description: str, parts: Iterable[str]
) -> SafeString:
    # Every part is built here from numbers, constants and text passed through `escape`.
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart" id="{}" role="img" '
        'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc>{}</svg>',
        _num(width),
        _num(height),
        chart_id,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        mark_safe("".join(parts)),
    )


# --- Heat map ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    count: int
    level: int  # 0 (none) to 4, the shade
    gap: bool
    href: str = ""  # where the cell leads (for a pointer; the table alternative has the same link)


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: tuple[HeatCell, ...]
    total: int


@dataclass(frozen=True)
class HeatGroup:
    label: str
    rows: tuple[HeatRow, ...]


@dataclass(frozen=True)
class HeatMap:
    title: str
    description: str
    columns: tuple[str, ...]
    groups: tuple[HeatGroup, ...]
    unit: tuple[str, str] = ("passage", "passages")  # singular, plural: for each cell's tooltip
    gap_legend: str = "gap"


@dataclass(frozen=True)
class HeatLayout:
    """Where the parts of a heat map go: labels beside their rows (wide), or above them with the column
    names turned (narrow, for a phone, where the chart is drawn at about its own size)."""

    label_w: float  # the column of labels left of the cells (0: labels above the rows)
    cell_w: float
    cell_h: float
    size: float  # font size of the row labels
    min_width: float = 0  # room for the labels however few the columns


HEAT_WIDE = HeatLayout(label_w=250, cell_w=64, cell_h=30, size=12)
HEAT_NARROW = HeatLayout(label_w=0, cell_w=44, cell_h=28, size=12, min_width=360)
HEAT_TOTAL_W, HEAT_GROUP_H, TURN = 48, 24, 60  # TURN: the angle of the narrow layout's column names


def heat_map(chart: HeatMap, chart_id: str, layout: HeatLayout = HEAT_WIDE) -> SafeString:
    """Rows grouped under their group's label, one column per `columns`, each cell shaded by its level
    with its count printed; gaps outlined with a dashed line and marked by a corner triangle."""
    columns = len(chart.columns)
    left = layout.label_w or 4
    total_x = left + columns * layout.cell_w + HEAT_TOTAL_W / 2
    width = max(layout.min_width, left + columns * layout.cell_w + HEAT_TOTAL_W + 4)
    parts: list[str] = []
    if layout.label_w:
        header: float = 46
        for i, name in enumerate(chart.columns):
            x = left + i * layout.cell_w + layout.cell_w / 2
            lines = wrap(name, layout.cell_w - 4, 10, 3)
            for n, line in enumerate(lines):
                y = header - 6 - (len(lines) - 1 - n) * 12
                parts.append(_text(x, y, line, size=10, text_anchor="middle", font_weight="bold"))
    else:
        names = [fit(name, 180, 10) for name in chart.columns]
        header = max(len(name) for name in [*names, "Total"]) * 10 * CHAR_WIDTH * 0.87 + 14
        for i, name in enumerate(names):
            x, y = left + i * layout.cell_w + layout.cell_w / 2 - 3, header - 6
            parts.append(
                _text(
                    x, y, name, size=10, font_weight="bold", transform=f"rotate(-{TURN} {_num(x)} {_num(y)})"
                )
            )
    parts.append(_text(total_x, header - 6, "Total", size=10, text_anchor="middle", font_weight="bold"))
    y = header
    singular, plural = chart.unit
    for group in chart.groups:
        parts.append(_text(4, y + 17, fit(group.label, width - 8, 12), size=12, font_weight="bold"))
        y += HEAT_GROUP_H
        for row in group.rows:
            if layout.label_w:
                lines = wrap(row.label, layout.label_w - 14, layout.size, 2)
                first = y + layout.cell_h / 2 + 4 - (len(lines) - 1) * 7
                parts.extend(
                    _text(12, first + n * 14, line, size=layout.size) for n, line in enumerate(lines)
                )
            else:
                parts.append(
                    _text(4, y + layout.size, fit(row.label, width - 8, layout.size), size=layout.size)
                )
                y += layout.size + 4
            for i, cell in enumerate(row.cells):
                amount = f"{cell.count} {singular if cell.count == 1 else plural}"
                tooltip = f"{row.label}, {chart.columns[i]}: {amount}" + (
                    f" ({chart.gap_legend})" if cell.gap else ""
                )
                parts.append(_heat_cell(cell, left + i * layout.cell_w, y, layout, tooltip))
            parts.append(
                _text(
                    total_x,
                    y + layout.cell_h / 2 + 4,
                    str(row.total),
                    size=11,
                    text_anchor="middle",
                    font_weight="bold",
                )
            )
            y += layout.cell_h
    return _svg(chart_id, width, y + 4, chart.title, chart.description, parts)


def _heat_cell(cell: HeatCell, x: float, y: float, layout: HeatLayout, tooltip: str) -> str:
    fill, ink = HEAT_SHADES[max(0, min(cell.level, len(HEAT_SHADES) - 1))]
    w, h = layout.cell_w - 2, layout.cell_h - 2
    shapes = [
        f"<title>{escape(tooltip)}</title>",
        f'<rect x="{_num(x + 1)}" y="{_num(y + 1)}" width="{_num(w)}" height="{_num(h)}" fill="{fill}" '
        f'stroke="{LINE}"/>',
    ]
    if cell.gap:
        shapes.append(
            f'<rect class="gap" x="{_num(x + 3)}" y="{_num(y + 3)}" width="{_num(w - 4)}" '
            f'height="{_num(h - 4)}" fill="none" stroke="{DANGER}" stroke-width="2" stroke-dasharray="4 3"/>'
            f'<path d="M{_num(x + 3)} {_num(y + 3)}h8l-8 8z" fill="{DANGER}"/>'
        )
    shapes.append(
        _text(
            x + layout.cell_w / 2,
            y + layout.cell_h / 2 + 5,
            str(cell.count),
            size=13,
            fill=ink,
            text_anchor="middle",
        )
    )
    body = "".join(shapes)
    if cell.href:
        # An image holds no links (its content is one picture to assistive technology): the cell names
        # its address for a pointer (`static/cpi/charts.js`), and the table alternative carries the same
        # links for keyboards and screen readers, with or without JavaScript.
        return f'<g class="cell" data-href="{escape(cell.href)}">{body}</g>'
    return f'<g class="cell">{body}</g>'


# --- Diverging stacked bars --------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    counts: tuple[int, ...]  # how many gave each point of the scale, lowest first
    enough: bool  # whether there are enough ratings to judge (the caller's rule)

    @property
    def n(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Diverging:
    title: str
    description: str
    scale: tuple[str, ...]  # the points of the scale, lowest first ("1" … "5")
    split: int  # how many points lie left of the centre line (3: ratings 1–3 left, 4–5 right)
    threshold: Fraction  # the share right of the centre line that the dashed line marks
    threshold_label: str
    left_label: str
    right_label: str
    bars: tuple[Bar, ...]
    short: str = "not enough ratings"


@dataclass(frozen=True)
class Layout:
    """Where the parts of a diverging chart go: the label beside its bar (wide), or above it (narrow,
    for a phone, where the chart is drawn at about its own size)."""

    label_w: float  # the column of labels left of the plot (0: labels above the bars)
    plot_w: float
    note_w: float  # room right of the plot for n and "not enough ratings"
    row_h: float
    size: float  # font size of labels and notes


WIDE = Layout(label_w=230, plot_w=300, note_w=180, row_h=30, size=11)
NARROW = Layout(label_w=0, plot_w=220, note_w=180, row_h=42, size=12)
# For A4 print, drawn across the text width (about 480 pt): 570 units wide, so the smallest text (10
# units) prints at about 8.5 pt and a chart of 28 sections fits on one page.
PRINT = Layout(label_w=170, plot_w=240, note_w=160, row_h=24, size=11)


def diverging_bars(chart: Diverging, chart_id: str, layout: Layout = WIDE) -> SafeString:
    """One bar per row: points left of the split stacked leftwards from the centre line (the nearest
    point next to it), the rest rightwards; each segment's count printed where it fits; n at the end
    of each row, with `short` where there are too few ratings; the threshold as a dashed line."""
    if len(chart.scale) != len(LIKERT5):
        raise ValueError(f"Diverging bars are drawn for a {len(LIKERT5)}-point scale.")
    header = 40
    half = layout.plot_w / 2
    left_edge = layout.label_w or 4
    centre = left_edge + half
    width = left_edge + layout.plot_w + layout.note_w
    plot_top = header
    plot_bottom = header + len(chart.bars) * layout.row_h
    line_x = centre + float(chart.threshold) * half
    parts: list[str] = [
        _text(centre - 6, 16, chart.left_label, size=11, fill=MUTED, text_anchor="end"),
        _text(centre + 6, 16, chart.right_label, size=11, fill=MUTED),
    ]
    for tick in (-1, -0.5, 0, 0.5, 1):
        x = centre + tick * half
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(plot_top - 4)}" x2="{_num(x)}" y2="{_num(plot_bottom)}" '
            f'stroke="{INK if tick == 0 else LINE}" stroke-width="{2 if tick == 0 else 1}"/>'
        )
        anchor = "start" if tick == -1 else "end" if tick == 1 else "middle"
        parts.append(
            _text(x, plot_top - 8, f"{abs(tick) * 100:.0f}%", size=10, fill=MUTED, text_anchor=anchor)
        )
    for row, bar in enumerate(chart.bars):
        parts.append(_bar(chart, bar, header + row * layout.row_h, centre, layout))
    parts.append(
        f'<line class="threshold" x1="{_num(line_x)}" y1="{_num(plot_top - 14)}" x2="{_num(line_x)}" '
        f'y2="{_num(plot_bottom + 4)}" stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    y = plot_bottom + 16
    for i, point in enumerate(chart.scale):
        x = 4 + i * 44
        fill, _ink = LIKERT5[i]
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="14" height="14" fill="{fill}" stroke="{INK}"/>'
        )
        parts.append(_text(x + 18, y + 11, point, size=11))
    # The threshold's key follows the scale's, or goes below it when the chart is narrow.
    x = 4 + len(chart.scale) * 44
    if x + 30 + len(chart.threshold_label) * 11 * CHAR_WIDTH > width:
        x, y = 4, y + 22
    parts.append(
        f'<line x1="{_num(x)}" y1="{_num(y + 7)}" x2="{_num(x + 22)}" y2="{_num(y + 7)}" stroke="{INK}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    parts.append(_text(x + 26, y + 11, chart.threshold_label, size=11))
    return _svg(chart_id, width, y + 26, chart.title, chart.description, parts)


def _bar(chart: Diverging, bar: Bar, y: float, centre: float, layout: Layout) -> str:
    half = layout.plot_w / 2
    shapes = [f"<title>{escape(_bar_summary(chart, bar))}</title>"]
    if layout.label_w:
        lines = wrap(bar.label, layout.label_w - 10, layout.size, 2)
        first = y + layout.row_h / 2 + 4 - (len(lines) - 1) * 6.5
        shapes.extend(_text(4, first + n * 13, line, size=layout.size) for n, line in enumerate(lines))
        top = y + 5
    else:
        width = layout.plot_w + layout.note_w - 8
        # A white halo keeps the label clear of the grid lines it crosses.
        label = fit(bar.label, width, layout.size)
        shapes.append(
            _text(
                4,
                y + layout.size + 2,
                label,
                size=layout.size,
                stroke=WHITE,
                stroke_width="4",
                paint_order="stroke",
            )
        )
        top = y + layout.size + 8
    height = layout.row_h - (top - y) - 5
    n = bar.n
    if n:
        left = [(i, bar.counts[i]) for i in reversed(range(chart.split))]  # nearest the centre first
        right = [(i, bar.counts[i]) for i in range(chart.split, len(bar.counts))]
        for side, points in ((-1, left), (1, right)):
            edge = centre
            for point, count in points:
                if not count:
                    continue
                w = count / n * half
                x = edge if side > 0 else edge - w
                fill, ink = LIKERT5[point]
                shapes.append(
                    f'<rect x="{_num(x)}" y="{_num(top)}" width="{_num(w)}" height="{_num(height)}" '
                    f'fill="{fill}" stroke="{WHITE}" stroke-width="1"/>'
                )
                if w >= 7 * len(str(count)) + 4:
                    shapes.append(
                        _text(
                            x + w / 2,
                            top + height / 2 + 4,
                            str(count),
                            size=11,
                            fill=ink,
                            text_anchor="middle",
                        )
                    )
                edge += side * w
    note = f"n {n}" if bar.enough else f"n {n}: {chart.short}"
    shapes.append(
        _text(
            centre + half + 8,
            top + height / 2 + 4,
            note,
            size=layout.size,
            fill=INK if bar.enough else MUTED,
            font_weight="bold" if bar.enough else "normal",
        )
    )
    return f'<g class="{"bar" if bar.enough else "bar short"}">{"".join(shapes)}</g>'


def _bar_summary(chart: Diverging, bar: Bar) -> str:
    counts = ", ".join(f"{point}: {count}" for point, count in zip(chart.scale, bar.counts, strict=True))
    return f"{bar.label}: n {bar.n} ({counts})" + ("" if bar.enough else f", {chart.short}")


# --- Grouped bars ------------------------------------------------------------------------------------

# The fill of each series: bars are told apart by the names printed beside them, the shade helps.
SERIES_FILLS: tuple[str, ...] = ("#1f5f63", "#8cc4c4", "#e8a39b", "#d9b44a")


@dataclass(frozen=True)
class GroupBar:
    series: int  # which of SERIES_FILLS
    name: str  # printed beside the bar ("Supervisor")
    share: Fraction | None  # the bar's length as a share of the axis, 0 to 1; None: no value
    value: str  # the value as printed after the name ("3.0 of 4, 75%"; "not rated")
    dashed: bool = False  # outlined with a dashed line (a reference such as the gold standard)


@dataclass(frozen=True)
class BarGroup:
    label: str
    bars: tuple[GroupBar, ...]


@dataclass(frozen=True)
class Grouped:
    title: str
    description: str
    groups: tuple[BarGroup, ...]
    axis: str  # what the axis measures ("How far along its scale")


@dataclass(frozen=True)
class GroupLayout:
    """Where the parts of grouped bars go: the group's label beside its bars (wide), or above them (narrow,
    for a phone, where the chart is drawn at about its own size)."""

    label_w: float  # 0: labels above the bars
    plot_w: float
    note_w: float  # room right of the plot for each bar's name and value
    bar_h: float
    size: float


GROUPED_WIDE = GroupLayout(label_w=220, plot_w=260, note_w=230, bar_h=16, size=11)
GROUPED_NARROW = GroupLayout(label_w=0, plot_w=150, note_w=200, bar_h=18, size=11)


def grouped_bars(chart: Grouped, chart_id: str, layout: GroupLayout = GROUPED_WIDE) -> SafeString:
    """One group of horizontal bars per row (e.g. a component), one bar per series (e.g. who rated), each
    bar's name and value printed after it, so nothing is told by colour alone; ticks at 0, 50 and 100%."""
    left = layout.label_w or 4
    width = left + layout.plot_w + layout.note_w
    header: float = 30
    parts: list[str] = [_text(left, 12, chart.axis, size=10, fill=MUTED)]
    y: float = header
    rows: list[str] = []
    for group in chart.groups:
        if layout.label_w:
            lines = wrap(group.label, layout.label_w - 10, layout.size, 3)
            rows.extend(
                _text(
                    4, y + layout.size + 2 + n * (layout.size + 2), line, size=layout.size, font_weight="bold"
                )
                for n, line in enumerate(lines)
            )
            top = y
            height = max(len(group.bars) * layout.bar_h, len(lines) * (layout.size + 2) + 4)
        else:
            rows.append(
                _text(
                    4,
                    y + layout.size + 2,
                    fit(group.label, width - 8, layout.size),
                    size=layout.size,
                    font_weight="bold",
                )
            )
            top = y + layout.size + 8
            height = len(group.bars) * layout.bar_h
        for n, bar in enumerate(group.bars):
            rows.append(_group_bar(bar, group.label, left, top + n * layout.bar_h, layout))
        y = top + height + 10
    for tick in (0, 0.5, 1):
        x = left + tick * layout.plot_w
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(header - 6)}" x2="{_num(x)}" y2="{_num(y - 6)}" '
            f'stroke="{INK if tick == 0 else LINE}" stroke-width="1"/>'
        )
        anchor = "start" if tick == 0 else "end" if tick == 1 else "middle"
        parts.append(_text(x, header - 8, f"{tick * 100:.0f}%", size=10, fill=MUTED, text_anchor=anchor))
    return _svg(chart_id, width, y, chart.title, chart.description, [*parts, *rows])


def _group_bar(bar: GroupBar, group: str, left: float, y: float, layout: GroupLayout) -> str:
    shapes = [f"<title>{escape(f'{group}, {bar.name}: {bar.value}')}</title>"]
    h = layout.bar_h - 4
    if bar.share is not None:
        w = max(2.0, float(bar.share) * layout.plot_w)
        dash = ' stroke-dasharray="4 2"' if bar.dashed else ""
        shapes.append(
            f'<rect x="{_num(left)}" y="{_num(y + 2)}" width="{_num(w)}" height="{_num(h)}" '
            f'fill="{SERIES_FILLS[bar.series % len(SERIES_FILLS)]}" stroke="{INK}" stroke-width="1"{dash}/>'
        )
    shapes.append(
        _text(
            left + layout.plot_w + 6,
            y + h - 1,
            fit(f"{bar.name}: {bar.value}", layout.note_w - 8, layout.size - 1),
            size=layout.size - 1,
            fill=INK if bar.share is not None else MUTED,
        )
    )
    return f'<g class="bar">{"".join(shapes)}</g>'
