"""The intermediate document every output is made from, so the web site, the PDF and the Word file
never disagree. Plain frozen data: a draft stores it as JSON and rebuilds from it alone.

Fields marked internal (provenance ids) are kept for the research team and never rendered."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT = 1  # raised if the shape of the document changes


@dataclass(frozen=True)
class Block:
    """One chosen excerpt as published."""

    id: str  # stable across drafts: "ex<example id>"
    group: str  # example, tip, helps
    text: str
    attribution: str
    provenance: dict[str, Any] = field(
        default_factory=dict
    )  # internal: excerpt, source, site, participant ids


@dataclass(frozen=True)
class SectionDoc:
    key: str
    part: str
    part_label: str
    title: str
    summary: str
    description: str  # Markdown, from the model
    introduction: str  # Markdown, written by researchers
    good_practice: str  # Markdown
    pair_key: str = ""  # the component it pairs with on the other wheel
    pair_title: str = ""
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class ProcedureDoc:
    key: str  # the component's key
    title: str
    text: str  # Markdown
    public_provenance: str  # "drawn from practice observed at a service-user-led group in London"
    provenance: dict[str, Any] = field(default_factory=dict)  # internal: sites, ratings, excerpts


@dataclass(frozen=True)
class Document:
    guide_title: str
    number: str  # "0.3"
    dated: str  # ISO date of the draft
    release: bool
    model_name: str
    model_label: str
    foreword: str
    parts: tuple[tuple[str, str], ...]  # (part key, label) in order
    sections: tuple[SectionDoc, ...]
    procedures: tuple[ProcedureDoc, ...] = ()
    changes: tuple[str, ...] = ()  # what changed since the previous draft, as lines
    changes_prompted: tuple[int, ...] = ()  # which of those lines answer consultation comments
    responses: tuple[
        tuple[str, tuple[str, ...]], ...
    ] = ()  # (round, lines): responses to consultation published
    diagram: dict[str, Any] = field(default_factory=dict)  # the model as VersionData fields, for the SVG
    format: int = FORMAT

    @property
    def label(self) -> str:
        return f"{'Release' if self.release else 'Draft'} {self.number}"

    def section(self, key: str) -> SectionDoc | None:
        return next((s for s in self.sections if s.key == key), None)

    def sections_in(self, part: str) -> list[SectionDoc]:
        return [s for s in self.sections if s.part == part]


def to_json(doc: Document) -> dict[str, Any]:
    return asdict(doc)


def from_json(data: dict[str, Any]) -> Document:
    sections = tuple(
        SectionDoc(**{**s, "blocks": tuple(Block(**b) for b in s["blocks"])}) for s in data["sections"]
    )
    procedures = tuple(ProcedureDoc(**p) for p in data.get("procedures", ()))
    return Document(
        **{
            **data,
            "parts": tuple(tuple(p) for p in data["parts"]),
            "sections": sections,
            "procedures": procedures,
            "changes": tuple(data.get("changes", ())),
            "changes_prompted": tuple(data.get("changes_prompted", ())),
            "responses": tuple((title, tuple(lines)) for title, lines in data.get("responses", ())),
        }
    )


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def published_texts(doc: Document) -> list[tuple[str, str]]:
    """Every piece of text a reader of any output sees, with where it is. The anonymisation check scans
    exactly this, so nothing reaches an output without passing it."""
    out = [("Title", doc.guide_title), ("Foreword", doc.foreword)]
    for s in doc.sections:
        where = f"Section “{s.title}”"
        out += [
            (f"{where}, title", s.title),
            (f"{where}, summary", s.summary),
            (f"{where}, description", s.description),
            (f"{where}, introduction", s.introduction),
            (f"{where}, what good looks like", s.good_practice),
        ]
        for n, b in enumerate(s.blocks, 1):
            out += [
                (f"{where}, evidence {n} ({b.group})", b.text),
                (f"{where}, evidence {n} attribution", b.attribution),
            ]
    for p in doc.procedures:
        where = f"Gold standard, “{p.title}”"
        out += [(f"{where}, procedure", p.text), (f"{where}, provenance", p.public_provenance)]
    out += [(f"Change log, line {n}", line) for n, line in enumerate(doc.changes, 1)]
    for title, lines in doc.responses:
        out += [(f"Response to consultation, “{title}”", title)]
        out += [(f"Response to consultation, “{title}”, line {n}", line) for n, line in enumerate(lines, 1)]
    return [(where, text) for where, text in out if text]
