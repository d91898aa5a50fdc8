"""What a reviewer reads: each section of the draft as published (already anonymised by the guide
build), as HTML, and the same text as plain characters, which is what comments are anchored in. The
plain text is exactly the browser's textContent of the HTML, so offsets agree on both sides."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.template.loader import render_to_string


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


def sections_of(round_: Any) -> list[ReadSection]:
    """The sections of the round's draft (or of the model version's components)."""
    if round_.draft_id:
        from connecting_people.guide.builds import document_of
        from connecting_people.guide.render_html import groups

        doc = document_of(round_.draft)
        out = []
        for s in doc.sections:
            html = render_to_string("consult/section_text.html", {"section": s, "groups": groups(s)}).strip()
            out.append(ReadSection(s.key, s.title, s.part_label, html, plain(html)))
        return out
    from connecting_people.interventions.parts import Part

    labels = dict(Part.choices)
    out = []
    for c in round_.version.components_in_order():
        html = render_to_string("consult/component_text.html", {"component": c}).strip()
        out.append(ReadSection(c.key, c.title, labels.get(c.part, c.part), html, plain(html)))
    return out
