"""The shared SVG charts (lib/svgchart.py): structure and accessible names, labels escaped, the numbers
and the geometry right, and text on every fill at WCAG AA contrast."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from connecting_people.lib.svgchart import (
    GROUPED_NARROW,
    HEAT_NARROW,
    HEAT_SHADES,
    LIKERT5,
    NARROW,
    Bar,
    BarGroup,
    Diverging,
    GroupBar,
    Grouped,
    HeatCell,
    HeatGroup,
    HeatMap,
    HeatRow,
    diverging_bars,
    fit,
    grouped_bars,
    heat_map,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _heat() -> HeatMap:
    return HeatMap(
        title="Passages <per> component",
        description="Two components & three columns.",
        columns=("Worker", "Funder", "Not attributed"),
        groups=(
            HeatGroup(
                "Worker wheel",
                (
                    HeatRow(
                        "Link & <introduce>",
                        (
                            HeatCell(4, 4, False, "/e/1/#from-worker"),
                            HeatCell(0, 0, True),
                            HeatCell(1, 1, False, "/e/1/"),
                        ),
                        5,
                    ),
                ),
            ),
            HeatGroup(
                "Outcomes",
                (
                    HeatRow(
                        "Feel connected",
                        (HeatCell(2, 2, True, "/e/2/"), HeatCell(0, 0, True), HeatCell(0, 0, False)),
                        2,
                    ),
                ),
            ),
        ),
    )


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_heat_map_is_a_named_described_image_with_escaped_labels() -> None:
    markup = str(heat_map(_heat(), "cov"))
    assert "Link &amp; &lt;introduce&gt;" in markup and "<introduce>" not in markup
    root = ET.fromstring(markup)  # well-formed XML
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "cov-title cov-desc"
    assert root.find(f"{SVG}title").get("id") == "cov-title"  # type: ignore[union-attr]
    assert root.find(f"{SVG}title").text == "Passages <per> component"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Two components & three columns."  # type: ignore[union-attr]
    texts = _texts(root)
    assert texts[:5] == ["Worker", "Funder", "Not", "attributed", "Total"]  # wrapped to the cell
    assert "Worker wheel" in texts and "Outcomes" in texts and "Link & <introduce>" in texts


def test_heat_map_cells_print_their_counts_mark_gaps_and_link_to_the_evidence() -> None:
    root = ET.fromstring(str(heat_map(_heat(), "cov")))
    cells = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cell"]
    assert len(cells) == 6 and not root.findall(f".//{SVG}a")  # an image holds no links
    assert [c.get("data-href") for c in cells] == ["/e/1/#from-worker", None, "/e/1/", "/e/2/", None, None]
    counts = ["".join(c.find(f"{SVG}text").itertext()) for c in cells]  # type: ignore[union-attr]
    assert counts == ["4", "0", "1", "2", "0", "0"]
    tooltips = [c.find(f"{SVG}title").text for c in cells]  # type: ignore[union-attr]
    assert tooltips[0] == "Link & <introduce>, Worker: 4 passages"
    assert tooltips[1] == "Link & <introduce>, Funder: 0 passages (gap)"
    assert tooltips[2] == "Link & <introduce>, Not attributed: 1 passage"
    assert sum(1 for r in root.iter(f"{SVG}rect") if r.get("class") == "gap") == 3
    # Row totals follow the cells.
    assert "5" in _texts(root) and _texts(root).count("2") == 2


def test_narrow_heat_map_turns_the_column_names_and_puts_labels_above_rows() -> None:
    root = ET.fromstring(str(heat_map(_heat(), "cov-narrow", HEAT_NARROW)))
    assert root.get("aria-labelledby") == "cov-narrow-title cov-narrow-desc"
    # 4 + 3 columns of 44 + the total's 48 + 4 is 188: widened to a phone's 360 for the labels.
    assert root.get("viewBox", "").startswith("0 0 360 ")
    turned = [t for t in root.iter(f"{SVG}text") if t.get("transform", "").startswith("rotate(-60 ")]
    assert [t.text for t in turned] == ["Worker", "Funder", "Not attributed"]
    label = next(t for t in root.iter(f"{SVG}text") if t.text == "Link & <introduce>")
    first_cell = next(r for r in root.iter(f"{SVG}rect"))
    assert label.get("x") == "4" and float(label.get("y", 0)) < float(first_cell.get("y", 0))
    assert float(first_cell.get("width", 0)) == 42


def test_heat_map_shades_carry_their_numbers_at_aa_contrast() -> None:
    for fill, ink in HEAT_SHADES:
        assert contrast(fill, ink) >= 4.5, fill
    root = ET.fromstring(str(heat_map(_heat(), "cov")))
    darkest = next(c for c in root.iter(f"{SVG}g") if c.get("data-href") == "/e/1/#from-worker")
    assert darkest.find(f"{SVG}rect").get("fill") == HEAT_SHADES[4][0]  # type: ignore[union-attr]
    assert darkest.find(f"{SVG}text").get("fill") == HEAT_SHADES[4][1]  # type: ignore[union-attr]


def _chart(bars: tuple[Bar, ...]) -> Diverging:
    return Diverging(
        title="Clear: ratings per section",
        description="One bar per section.",
        scale=("1", "2", "3", "4", "5"),
        split=3,
        threshold=Fraction(7, 10),
        threshold_label="Consensus: 70% rating 4 or 5",
        left_label="← 1 to 3",
        right_label="4 or 5 →",
        bars=bars,
    )


def _rects(group: ET.Element) -> list[tuple[float, float, str]]:
    return [
        (float(r.get("x", 0)), float(r.get("width", 0)), r.get("fill", "")) for r in group.iter(f"{SVG}rect")
    ]


def test_diverging_bars_split_at_the_centre_with_counts_n_and_the_threshold() -> None:
    bars = (
        Bar("Build a <relationship>", (1, 0, 1, 4, 4), True),
        Bar("Keep going", (0, 1, 0, 1, 0), False),
        Bar("Feel connected", (0, 0, 0, 0, 0), False),
    )
    markup = str(diverging_bars(_chart(bars), "q-clear"))
    assert "Build a &lt;relationship&gt;" in markup
    root = ET.fromstring(markup)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "q-clear-title q-clear-desc"
    assert root.find(f"{SVG}title").text == "Clear: ratings per section"  # type: ignore[union-attr]
    groups = [g for g in root.iter(f"{SVG}g")]
    assert [g.get("class") for g in groups] == ["bar", "bar short", "bar short"]  # no cells, no links
    # Plot: 230 + 300 wide, centre at 380, half 150. Ten ratings: 1 of 1 and 1 of 3 to the left
    # (3 next to the centre), 4 of 4 and 4 of 5 to the right.
    assert _rects(groups[0]) == [
        (365.0, 15.0, LIKERT5[2][0]),
        (350.0, 15.0, LIKERT5[0][0]),
        (380.0, 60.0, LIKERT5[3][0]),
        (440.0, 60.0, LIKERT5[4][0]),
    ]
    texts = ["".join(t.itertext()) for t in groups[0].iter(f"{SVG}text")]
    assert texts[-1] == "n 10" and "4" in texts
    assert groups[0].find(f"{SVG}title").text == "Build a <relationship>: n 10 (1: 1, 2: 0, 3: 1, 4: 4, 5: 4)"  # type: ignore[union-attr]
    assert ["".join(t.itertext()) for t in groups[1].iter(f"{SVG}text")][-1] == "n 2: not enough ratings"
    assert _rects(groups[2]) == [] and "n 0: not enough ratings" in _texts(groups[2])
    threshold = next(line for line in root.iter(f"{SVG}line") if line.get("class") == "threshold")
    assert threshold.get("x1") == "485"  # 380 + 0.7 × 150
    assert "Consensus: 70% rating 4 or 5" in _texts(root)


def test_narrow_diverging_bars_put_each_label_above_its_bar() -> None:
    bars = (Bar("Explore the person's network, strengths and interests", (0, 0, 0, 1, 1), False),)
    root = ET.fromstring(str(diverging_bars(_chart(bars), "narrow", NARROW)))
    # 40 header + 42 a row + the scale key + the threshold key on a line of its own.
    assert root.get("viewBox") == "0 0 404 146" and root.get("aria-labelledby") == "narrow-title narrow-desc"
    group = next(root.iter(f"{SVG}g"))
    label, *_counts, note = group.iter(f"{SVG}text")
    assert label.text == "Explore the person's network, strengths and interests" and label.get("x") == "4"
    # Centre at 4 + 110: both ratings right of it, each half of the 110 units; the note after the plot.
    assert _rects(group) == [(114.0, 55.0, LIKERT5[3][0]), (169.0, 55.0, LIKERT5[4][0])]
    assert float(label.get("y", 0)) < float(next(group.iter(f"{SVG}rect")).get("y", 0))
    assert note.text == "n 2: not enough ratings" and note.get("x") == "232"


def test_diverging_fills_carry_their_numbers_at_aa_contrast_and_need_five_points() -> None:
    for fill, ink in LIKERT5:
        assert contrast(fill, ink) >= 4.5, fill
    with pytest.raises(ValueError, match="5-point"):
        diverging_bars(Diverging("t", "d", ("1", "2", "3"), 1, Fraction(1, 2), "half", "l", "r", ()), "x")


def test_text_is_fitted_and_wrapped_at_words() -> None:
    assert fit("Short", 100, 10) == "Short"
    assert fit("Explore the person's network, strengths and interests", 120, 10) == "Explore the…"
    lines = wrap("Explore the person's network, strengths and interests", 200, 10, 2)
    assert lines == ["Explore the person's network,", "strengths and interests"]
    assert all(len(line) <= 200 / 6 for line in lines)
    assert wrap("Individual accessing services and much else besides", 60, 10, 2)[-1].endswith("…")
    assert re.fullmatch(r"[^…]*", wrap("Worker", 60, 10, 3)[0])


def test_grouped_bars_print_each_bars_name_and_value_and_draw_lengths_to_the_axis() -> None:
    chart = Grouped(
        "Fidelity <by component>",
        "Each rater's mean & the gold standard.",
        (
            BarGroup(
                "Build a relationship",
                (
                    GroupBar(0, "Supervisor", Fraction(3, 4), "3 of 4, 75%"),
                    GroupBar(1, "Worker", None, "not rated"),
                    GroupBar(3, "Gold standard", Fraction(1), "5 of 5, 100%", dashed=True),
                ),
            ),
        ),
        "How far along its own scale",
    )
    svg = str(grouped_bars(chart, "profile"))
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "profile-title profile-desc"
    assert root.find(f"{SVG}title").text == "Fidelity <by component>"  # type: ignore[union-attr]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Supervisor: 3 of 4, 75%" in texts and "Worker: not rated" in texts
    # Wide layout: the plot is 260 units, so 3/4 is 195 long and the whole scale 260; no bar for "not rated".
    rects = root.findall(f".//{SVG}rect")
    assert [r.get("width") for r in rects] == ["195", "260"]
    assert rects[1].get("stroke-dasharray") == "4 2" and rects[0].get("stroke-dasharray") is None
    narrow = ET.fromstring(str(grouped_bars(chart, "profile-narrow", GROUPED_NARROW)))
    assert float(narrow.get("viewBox", "").split()[2]) <= 360  # fits a phone at about its own size
