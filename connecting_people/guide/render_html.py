"""The guide as a static web site: several pages, navigation by part and stage, the model diagram with
clickable segments, search over a prebuilt index, and nothing fetched from anywhere, so the folder works
offline when opened from disk. Pages whose inputs did not change are reused from the last build."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from connecting_people.interventions.data import ComponentData, LinkData, VersionData
from connecting_people.interventions.diagram import render_svg
from connecting_people.lib.markdown import render_markdown

from .document import Document, SectionDoc

STATIC = Path(__file__).resolve().parent.parent / "core" / "static" / "cpi"
GROUP_HEADINGS = (
    ("example", "Real-life examples"),
    ("tip", "Hints and tips from workers"),
    ("helps", "What people using services said helps"),
)
_CACHE: OrderedDict[str, bytes] = OrderedDict()
_CACHE_SIZE = 400  # pages: a few drafts' worth, without holding a large guide many times over


def version_from(diagram: dict[str, Any]) -> VersionData:
    components = tuple(
        ComponentData(
            **{
                **c,
                "questions": tuple(c.get("questions", ())),
                "links": tuple(LinkData(**link) for link in c.get("links", ())),
            }
        )
        for c in diagram.get("components", ())
    )
    return VersionData(**{**diagram, "components": components})


def page_name(section: SectionDoc) -> str:
    return f"{section.key}.html"


def _plain(markdown_text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", str(render_markdown(markdown_text)))


def _cached(key_data: Any, render: Any) -> bytes:
    key = hashlib.sha256(json.dumps(key_data, sort_keys=True, default=str).encode()).hexdigest()
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    page = render().encode()
    _CACHE[key] = page
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return page


def groups(section: SectionDoc) -> list[tuple[str, str, list[Any]]]:
    return [
        (key, heading, [b for b in section.blocks if b.group == key])
        for key, heading in GROUP_HEADINGS
        if any(b.group == key for b in section.blocks)
    ]


def render_site(doc: Document) -> dict[str, bytes]:
    """Every file of the site, by relative path."""
    nav = [(label, [(s.title, page_name(s)) for s in doc.sections_in(part)]) for part, label in doc.parts]
    common = {
        "doc": doc,
        "nav": nav,
        "has_procedures": bool(doc.procedures),
        "has_changes": bool(doc.changes),
        "has_responses": bool(doc.responses),
    }
    shared_key = [
        doc.guide_title,
        doc.label,
        doc.dated,
        nav,
        bool(doc.procedures),
        bool(doc.changes),
        bool(doc.responses),
    ]
    files: dict[str, bytes] = {}
    version = version_from(doc.diagram) if doc.diagram else None
    svg = (
        render_svg(version, href=lambda c: f"{c.key}.html", id_prefix="guide-diagram")
        if version and version.components
        else ""
    )
    files["index.html"] = _cached(
        ["index", shared_key, doc.foreword, svg],
        lambda: render_to_string("guide/site/index.html", {**common, "svg": svg, "page": "index"}),
    )
    ordered = list(doc.sections)
    for n, section in enumerate(ordered):
        before = ordered[n - 1] if n else None
        after = ordered[n + 1] if n + 1 < len(ordered) else None
        pair = doc.section(section.pair_key) if section.pair_key else None
        files[page_name(section)] = _cached(
            [
                "section",
                shared_key,
                section,
                before and before.title,
                after and after.title,
                pair and [pair.title, pair.part_label, pair.summary],
            ],
            lambda section=section, before=before, after=after, pair=pair: render_to_string(
                "guide/site/section.html",
                {
                    **common,
                    "section": section,
                    "groups": groups(section),
                    "page": section.key,
                    "pair": pair,
                    "before": before and (before.title, page_name(before)),
                    "after": after and (after.title, page_name(after)),
                },
            ),
        )
    if doc.procedures:
        files["gold-standard.html"] = _cached(
            ["gold", shared_key, doc.procedures],
            lambda: render_to_string(
                "guide/site/gold_standard.html",
                {**common, "page": "gold-standard", "titles": {s.key: page_name(s) for s in doc.sections}},
            ),
        )
    if doc.changes:
        files["changes.html"] = render_to_string(
            "guide/site/changes.html", {**common, "page": "changes"}
        ).encode()
    if doc.responses:
        files["consultation.html"] = render_to_string(
            "guide/site/consultation.html", {**common, "page": "consultation"}
        ).encode()
    files["search.html"] = render_to_string("guide/site/search.html", {**common, "page": "search"}).encode()
    index = [
        {
            "url": page_name(s),
            "title": s.title,
            "part": s.part_label,
            "text": " ".join(
                [s.summary, _plain(s.description), _plain(s.introduction), _plain(s.good_practice)]
                + [b.text for b in s.blocks]
            ).lower(),
        }
        for s in doc.sections
    ]
    files["search-index.js"] = (
        "window.CPI_GUIDE_INDEX = " + json.dumps(index, ensure_ascii=False, sort_keys=True) + ";\n"
    ).encode()
    files["search.js"] = (STATIC / "guide-search.js").read_bytes()
    files["site.css"] = (STATIC / "site.css").read_bytes()
    return files


def write_site(files: dict[str, bytes], folder: Path) -> int:
    """Write the files, leaving any that are already identical untouched. Returns how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, content in files.items():
        path = folder / name
        if path.exists() and path.read_bytes() == content:
            continue
        path.write_bytes(content)
        written += 1
    return written
