"""The model diagram: every component a focusable, named link; it scales from 3 to 14 per wheel."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from connecting_people.interventions.data import ComponentData, VersionData
from connecting_people.interventions.diagram import (
    BOX_CHAR_WIDTH,
    render_for_page,
    render_phone_svg,
    render_svg,
    svg_to_png,
    wrap,
)

from .conftest import Cast

SVG = "{http://www.w3.org/2000/svg}"


def model_with(per_wheel: int) -> VersionData:
    components = [ComponentData(f"pre-{i}", "prerequisites", f"Pre-requisite {i}") for i in range(2)]
    components += [
        ComponentData(f"w-{i}", "worker_wheel", f"Worker stage {i} with a longer title than usual")
        for i in range(per_wheel)
    ]
    components += [
        ComponentData(f"i-{i}", "individual_wheel", f"Individual stage {i}") for i in range(per_wheel)
    ]
    components += [
        ComponentData("agency-1", "agency", "Agency"),
        ComponentData("out-1", "outcomes", "Outcome"),
    ]
    return VersionData("m", "Test model", "1", "", tuple(components))


@pytest.mark.parametrize("per_wheel", [3, 14])
def test_diagram_scales_and_links_every_component(per_wheel: int) -> None:
    data = model_with(per_wheel)
    svg = render_svg(data, lambda c: f"/c/{c.key}")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Test model, version 1"
    assert "interlocking wheels" in root.find(f"{SVG}desc").text
    links = root.findall(f".//{SVG}a")
    assert sorted(a.get("href") for a in links) == sorted(f"/c/{c.key}" for c in data.components)
    for a in links:
        assert a.get("aria-label") and a.find(f"{SVG}title") is not None
    worker = [a.get("aria-label") for a in links if a.get("data-key", "").startswith("w-")]
    assert (
        f"{per_wheel}. Worker stage {per_wheel - 1} with a longer title than usual (Worker wheel, stage "
        f"{per_wheel} of {per_wheel})"
    ) in worker
    # Every visible label stays inside the drawing.
    width, height = map(float, root.get("viewBox").split()[2:])
    for tspan in root.iter(f"{SVG}tspan"):
        assert 0 <= float(tspan.get("x")) <= width and 0 <= float(tspan.get("y")) <= height
    assert svg_to_png(svg, scale=1)[:4] == b"\x89PNG"


def label_boxes(svg: str) -> dict[str, tuple[float, float, float, float]]:
    """Each linked component's visible label as a box (left, top, right, bottom), from its tspans."""
    boxes = {}
    for a in ET.fromstring(svg).iter(f"{SVG}a"):
        text = a.find(f"{SVG}text")
        size = float(text.get("font-size"))
        spans = text.findall(f"{SVG}tspan")
        half_width = max(len(t.text) for t in spans) * size * BOX_CHAR_WIDTH / 2
        xs, ys = [float(t.get("x")) for t in spans], [float(t.get("y")) for t in spans]
        boxes[a.get("data-key")] = (
            xs[0] - half_width,
            min(ys) - size * 0.6,
            xs[0] + half_width,
            max(ys) + size * 0.6,
        )
    return boxes


@pytest.mark.parametrize("per_wheel", [8, 9, 12])
def test_stage_labels_are_whole_and_never_collide(default_model_text: str, per_wheel: int) -> None:
    """The seed's longest stage ("Explore the person's network, strengths and interests") is not cut,
    and at nine or twelve stages no label runs into another or under the other wheel's lens."""
    titles = [
        "Build a relationship",
        "Explore the person's network, strengths and interests",
        "Celebrate and share what the person achieved with the team",
    ]
    components = [
        ComponentData(f"{wheel}-{i}", wheel, titles[i % 3] + f" {i}")
        for wheel in ("worker_wheel", "individual_wheel")
        for i in range(per_wheel)
    ]
    svg = render_svg(VersionData("m", "Model", "1", "", tuple(components)), lambda c: "#")
    texts = ["".join(t.text for t in a.iter(f"{SVG}tspan")) for a in ET.fromstring(svg).iter(f"{SVG}a")]
    assert len(texts) == 2 * per_wheel
    if per_wheel <= 9:  # at twelve stages of these long titles some are cut, with an ellipsis
        assert not any("…" in t for t in texts)
    boxes = list(label_boxes(svg).values())
    for n, (l1, t1, r1, b1) in enumerate(boxes):
        for l2, t2, r2, b2 in boxes[n + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, "two stage labels overlap"


def test_the_phone_layout_lists_every_stage_in_readable_type() -> None:
    data = model_with(9)
    svg = render_phone_svg(data, lambda c: f"/c/{c.key}")
    root = ET.fromstring(svg)
    assert root.get("viewBox").split()[2] == "400"
    links = root.findall(f".//{SVG}a")
    assert sorted(a.get("href") for a in links) == sorted(f"/c/{c.key}" for c in data.components)
    # At 360 pixels (0.9 of the drawing) every label is at least 11 pixels high.
    assert min(float(a.find(f"{SVG}text").get("font-size")) for a in links) * 0.9 >= 11
    page = render_for_page(data, lambda c: "#", id_prefix="x")
    assert page.count("<svg") == 2 and 'aria-labelledby="x-title x-desc"' in page
    assert 'aria-labelledby="x-phone-title x-phone-desc"' in page


def test_wrap_never_exceeds_lines_and_marks_cuts() -> None:
    lines = wrap("one two three four five six seven eight nine ten", 60, 10, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert wrap("short", 200, 10, 3) == ["short"]


def test_component_page_shows_neighbours_and_highlights_itself(cast: Cast) -> None:
    page = (
        cast.client("worker")
        .get(reverse("interventions:component", args=[cast.published.pk, "set-goals-together"]))
        .content.decode()
    )
    assert "Stage before" in page and "Explore" in page  # previous stage on the worker wheel
    assert "Stage after" in page and "Find opportunities" in page
    assert "On the other wheel" in page and "Choose my goals" in page
    assert re.search(r'class="cpi-component is-current" data-key="set-goals-together"', page)
    assert page.count('<a href="/model/v/') >= 28


def test_model_home_has_text_alternative(cast: Cast) -> None:
    page = cast.client("individual").get(reverse("interventions:home")).content.decode()
    assert "Components as a list" in page and 'aria-labelledby="cpi-diagram-title cpi-diagram-desc"' in page
