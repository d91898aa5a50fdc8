"""The guide as a static web site: several pages, navigation by part and stage, the model diagram with
clickable segments, search over a prebuilt index, and nothing fetched from anywhere, so the folder works
offline when opened from disk. A page whose inputs did not change is taken from Django's cache, shared by
every process when the cache is (Redis): its key is a hash of everything the page is made from and of the
templates and code that make it, so a changed input or a new release of the code is a new key, and no page
is ever out of date, whichever process cached it."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.template.loader import render_to_string

from connecting_people.interventions.data import ComponentData, LinkData, VersionData
from connecting_people.interventions.diagram import render_for_page
from connecting_people.lib.markdown import render_markdown

from .document import Document, SectionDoc, ToolDoc
from .tools import circles_svg
from .tools import page_name as tool_page

PACKAGE = Path(__file__).resolve().parent.parent
STATIC = PACKAGE / "core" / "static" / "cpi"
TEMPLATES = PACKAGE / "templates" / "guide" / "site"
GROUP_HEADINGS = (
    ("example", "Real-life examples"),
    ("tip", "Hints and tips from workers"),
    ("helps", "What people using services said helps"),
)
# Pages are kept a week since last made (a key never goes out of date, so this only bounds the memory).
CACHE_SECONDS = 7 * 24 * 3600


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


def part_page(part: str) -> str:
    return f"part-{part.replace('_', '-')}.html"


def drawing(tool: ToolDoc, where: str) -> str:
    """The tool's drawing as inline SVG, if it has one; `where` keeps ids unique on a page."""
    return circles_svg(f"{where}-{tool.key}") if tool.drawing == "circles" else ""


def _plain(markdown_text: str) -> str:
    return re.sub(r"<[^>]+>", " ", str(render_markdown(markdown_text)))


@functools.cache
def renderer_version() -> str:
    """A hash of the templates, scripts and code that make the site: part of every cache key, so pages
    cached by an older release of the code are never served by a newer one."""
    digest = hashlib.sha256()
    for path in [*sorted(TEMPLATES.glob("*.html")), Path(__file__), STATIC / "site.css"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(kind: str, key_data: Any) -> str:
    data = json.dumps(key_data, sort_keys=True, default=str).encode()
    return f"guide:{kind}:{renderer_version()}:{hashlib.sha256(data).hexdigest()}"


def _cached(key_data: Any, render: Callable[[], str]) -> bytes:
    key = cache_key("page", key_data)
    page = cache.get(key)
    if page is None:
        page = render().encode()
        cache.set(key, page, CACHE_SECONDS)
    return page


def groups(section: SectionDoc) -> list[tuple[str, str, list[Any]]]:
    return [
        (key, heading, [b for b in section.blocks if b.group == key])
        for key, heading in GROUP_HEADINGS
        if any(b.group == key for b in section.blocks)
    ]


def render_site(doc: Document) -> dict[str, bytes]:
    """Every file of the site, by relative path."""
    nav = [
        (label, [(s.title, page_name(s)) for s in doc.sections_in(part)], part_page(part))
        for part, label in doc.parts
    ]
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
        render_for_page(version, href=lambda c: f"{c.key}.html", id_prefix="guide-diagram")
        if version and version.components
        else ""
    )
    parts = [
        (href, label, doc.part_intro(part)[0], items)
        for (part, label), (_label, items, href) in zip(doc.parts, nav, strict=True)
    ]
    files["index.html"] = _cached(
        ["index", shared_key, doc.foreword, doc.front, doc.tools, svg],
        lambda: render_to_string(
            "guide/site/index.html", {**common, "svg": svg, "parts": parts, "page": "index"}
        ),
    )
    files["about.html"] = _cached(
        ["about", shared_key, doc.foreword, doc.front],
        lambda: render_to_string("guide/site/about.html", {**common, "page": "about"}),
    )
    for part, label in doc.parts:
        voice, intro = doc.part_intro(part)
        stages = [(s, doc.section(s.pair_key) if s.pair_key else None) for s in doc.sections_in(part)]
        files[part_page(part)] = _cached(
            ["part", shared_key, part, voice, intro, stages],
            functools.partial(
                render_to_string,
                "guide/site/part.html",
                {
                    **common,
                    "label": label,
                    "voice": voice,
                    "intro": intro,
                    "stages": stages,
                    "page": part_page(part).removesuffix(".html"),
                },
            ),
        )
    for tool in doc.tools:
        used_in = [(s.title, page_name(s)) for s in doc.sections if tool.key in s.tools]
        files[tool_page(tool.key)] = _cached(
            ["tool", shared_key, tool, used_in],
            functools.partial(
                render_to_string,
                "guide/site/tool.html",
                {
                    **common,
                    "tool": tool,
                    "drawing": drawing(tool, "site"),
                    "used_in": used_in,
                    "page": tool_page(tool.key).removesuffix(".html"),
                },
            ),
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
                doc.section_tools(section),
            ],
            functools.partial(
                render_to_string,
                "guide/site/section.html",
                {
                    **common,
                    "section": section,
                    "groups": groups(section),
                    "tools": doc.section_tools(section),
                    "page": section.key,
                    "pair": pair,
                    "before": before and (before.title, page_name(before)),
                    "after": after and (after.title, page_name(after)),
                },
            ),
        )
    if doc.procedures:
        files["gold-standard.html"] = _cached(
            ["gold", shared_key, doc.procedures, doc.gold],
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
    index = search_index(doc)
    files["search-index.js"] = (
        "window.CPI_GUIDE_INDEX = " + json.dumps(index, ensure_ascii=False, sort_keys=True) + ";\n"
    ).encode()
    files["search.js"] = (STATIC / "guide-search.js").read_bytes()
    files["site.css"] = (STATIC / "site.css").read_bytes()
    return files


# Words as the guide's search reads them: letters and digits, with an apostrophe inside a word kept.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def stem(word: str) -> str:
    """A light English stem, so a word finds its other forms ("names" finds "name badges", "introducing"
    finds "introduce", "volunteers" finds "volunteering"). `guide-search.js` applies the same rules, step
    by step, to what a reader types; keep the two the same."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if len(w) <= 3:
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if w[-1] == w[-2] and w[-1] not in "lsz":  # running, stopped
                w = w[:-1]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def stems(text: str) -> list[str]:
    """The distinct stems of the words in the text, sorted (the index ships these with each page)."""
    return sorted({stem(word) for word in WORD.findall(text.lower())})


def search_index(doc: Document) -> list[dict[str, str]]:
    """What the guide's search looks in, one entry per section page (its file name, title, part, its
    lower-cased words and their stems); written with the site for its own search, and read by the site's
    header search."""
    out = []
    for s in doc.sections:
        text = " ".join(
            [s.summary, _plain(s.description), _plain(s.introduction), _plain(s.good_practice)]
            + [_plain(text) for _heading, text in s.furniture()]
            + [b.text for b in s.blocks]
        ).lower()
        out.append(
            {
                "url": page_name(s),
                "title": s.title,
                "part": s.part_label,
                "text": text,
                "stems": " ".join(stems(f"{s.title} {text}")),
            }
        )
    return out


def matches(entry: dict[str, str], word: str) -> bool:
    """A word of a query is on a page when its stem starts one of the page's stems, or the word itself is
    in the page's text (part of a word, or an apostrophe the stems drop): `guide-search.js` does the same."""
    return (
        f" {entry['stems']}".find(f" {stem(word)}") != -1
        or word in f"{entry['title'].lower()} {entry['text']}"
    )


def search_guide(doc: Document, query: str) -> list[dict[str, str]]:
    """The sections that hold every word of the query, in any of its forms, as `guide-search.js` finds
    them."""
    words = WORD.findall(query.lower())
    if not words:
        return []
    return [entry for entry in search_index(doc) if all(matches(entry, word) for word in words)]


def write_site(files: dict[str, bytes], storage: Storage, folder: str) -> int:
    """Save the files in the storage under the folder, leaving any that are already identical untouched.
    Returns how many were written."""
    written = 0
    for name, content in files.items():
        path = f"{folder}/{name}"
        if storage.exists(path):
            with storage.open(path, "rb") as old:
                if old.read() == content:
                    continue
            storage.delete(path)
        storage.save(path, ContentFile(content))
        written += 1
    return written
