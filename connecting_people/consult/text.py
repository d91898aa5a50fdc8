"""What a reviewer reads: each section of the draft as published (already anonymised by the guide
build), as HTML, and the same text as plain characters, which is what comments are anchored in. The
plain text is exactly the browser's textContent of the HTML, so offsets agree on both sides."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.template.loader import render_to_string

from connecting_people.guide.builds import document_of
from connecting_people.guide.models import Draft
from connecting_people.guide.render_html import groups
from connecting_people.interventions.models import ModelVersion
from connecting_people.interventions.parts import Part

from .models import Round


@dataclass(frozen=True)
class ReadSection:
    key: str
    title: str
    part_label: str
    html: str
    text: str


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def draft_sections(draft: Draft, only: str | None = None) -> list[ReadSection]:
    """The sections of a guide draft as published (or just the one with key `only`)."""
    out = []
    for s in document_of(draft).sections:
        if only is None or s.key == only:
            html = render_to_string("consult/section_text.html", {"section": s, "groups": groups(s)}).strip()
            out.append(ReadSection(s.key, s.title, s.part_label, html, plain(html)))
    return out


def version_sections(version: ModelVersion) -> list[dict[str, str]]:
    """The components of a model version as reviewers read them, to be kept with a round
    (`Round.sections`)."""
    labels = dict(Part.choices)
    return [
        {
            "key": c.key,
            "title": c.title,
            "part_label": labels.get(c.part, c.part),
            "html": render_to_string("consult/component_text.html", {"component": c}).strip(),
        }
        for c in version.components_in_order()
    ]


def sections_of(round_: Round, only: str | None = None) -> list[ReadSection]:
    """What the round's reviewers read: its draft's sections, or its model version's components as they
    were when the round was made. With `only`, just that section (saving a rating renders one section,
    not forty)."""
    if round_.draft is not None:
        return draft_sections(round_.draft, only)
    return [
        ReadSection(s["key"], s["title"], s["part_label"], s["html"], plain(s["html"]))
        for s in round_.sections
        if only is None or s["key"] == only
    ]


def section_titles(round_: Round) -> list[tuple[str, str]]:
    """(key, title) of every section, in order, without rendering any text (for the report)."""
    if round_.draft is not None:
        return [(s.key, s.title) for s in document_of(round_.draft).sections]
    return [(s["key"], s["title"]) for s in round_.sections]


def find_words(text: str, words: str) -> tuple[int, int] | None:
    """Where `words` (typed or pasted by a reviewer) first occur in `text`, as (start, end) offsets,
    treating any run of spaces and line breaks as one space; None when they do not occur."""
    parts = words.split()
    if not parts:
        return None
    found = re.search(r"\s+".join(re.escape(part) for part in parts), text)
    return (found.start(), found.end()) if found else None
