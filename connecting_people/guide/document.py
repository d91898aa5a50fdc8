"""The intermediate document every output is made from, so the web site, the PDF and the Word file
never disagree. Plain frozen data: a draft stores it as JSON and rebuilds from it alone.

Fields marked internal (provenance ids) are kept for the research team and never rendered."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import formats

FORMAT = 2  # raised if the shape of the document changes (2: section furniture, tools, front matter)


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
BLANKS = re.compile(r"\s+")


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

    @property
    def paragraphs(self) -> list[str]:
        """The wording as paragraphs, as every output sets it: a blank line starts a new one, a single line
        end is the source's wrapping and reads as a space."""
        return [BLANKS.sub(" ", p).strip() for p in PARAGRAPH_BREAK.split(self.text) if p.strip()]


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
    in_practice: str = ""  # Markdown, each of these four optional
    tips: str = ""
    pitfalls: str = ""
    questions: str = ""  # questions to reflect on
    tools: tuple[str, ...] = ()  # keys of Document.tools
    voice: str = ""  # whom the part's pages address: "For workers"

    def furniture(self) -> list[tuple[str, str]]:
        """(heading, Markdown) for each piece of furniture written, in reading order after the examples'
        introduction and what good looks like."""
        return [
            (heading, text)
            for heading, text in (
                ("In practice", self.in_practice),
                ("Tips", self.tips),
                ("Pitfalls", self.pitfalls),
                ("Questions to reflect on", self.questions),
            )
            if text
        ]


@dataclass(frozen=True)
class ToolDoc:
    """A printable tool, as it was when the draft was made (see tools.py)."""

    key: str
    title: str
    purpose: str
    body: str  # Markdown
    drawing: str = ""


@dataclass(frozen=True)
class EvidenceBase:
    """Counts from the team's register when the draft was made, never names: what the guide rests on.
    Withdrawn participants, and sources only they took part in, are not counted."""

    sites: int = 0
    by_region: tuple[tuple[str, int], ...] = ()
    by_sector: tuple[tuple[str, int], ...] = ()
    participants: int = 0
    by_perspective: tuple[tuple[str, int], ...] = ()
    sources: int = 0
    by_kind: tuple[tuple[str, int], ...] = ()
    first_date: str = ""  # ISO: the first and last days of fieldwork visits
    last_date: str = ""

    def tables(self) -> list[tuple[str, str, tuple[tuple[str, int], ...]]]:
        """(caption, heading of the first column, rows) for each count there is."""
        return [
            (caption, heading, rows)
            for caption, heading, rows in (
                ("Sites by region", "Region", self.by_region),
                ("Sites by sector", "Sector", self.by_sector),
                ("People who took part, by perspective", "Perspective", self.by_perspective),
                ("Sources, by kind", "Kind of source", self.by_kind),
            )
            if rows
        ]

    def summary(self) -> str:
        if not self.sites:
            return ""
        text = (
            f"The guide draws on fieldwork at {self.sites} site{'s' if self.sites != 1 else ''}"
            f" across {len(self.by_region)} UK region{'s' if len(self.by_region) != 1 else ''}, with "
            f"{self.participants} {'person' if self.participants == 1 else 'people'} taking part and "
            f"{self.sources} source{'s' if self.sources != 1 else ''} of evidence"
        )
        if self.first_date and self.last_date:
            first, last = (
                formats.date_format(dt.date.fromisoformat(d), "YEAR_MONTH_FORMAT")
                for d in (self.first_date, self.last_date)
            )
            text += f", from {first} to {last}" if first != last else f", in {first}"
        return text + "."


@dataclass(frozen=True)
class FrontMatter:
    """What comes before the sections. "About this guide" is `Document.foreword`."""

    audience: str = ""  # Markdown: who the guide is for and how to use it
    intervention: str = ""  # Markdown: the intervention and the two wheels
    key_messages: tuple[str, ...] = ()
    glossary: tuple[tuple[str, str], ...] = ()  # (term, definition)
    references: tuple[str, ...] = ()
    acknowledgements: str = ""  # Markdown
    part_intros: tuple[tuple[str, str, str], ...] = ()  # (part, whom it addresses, Markdown)
    evidence: EvidenceBase = field(default_factory=EvidenceBase)


@dataclass(frozen=True)
class ProcedureDoc:
    """One component in the gold standard. Every component has one: `text` is empty where no procedure
    is written yet, and `short_of` names the scale's strength level where no site reaches it, in which
    case the text is not held up as gold practice."""

    key: str  # the component's key
    title: str
    text: str  # Markdown
    public_provenance: str  # "drawn from practice observed at a service-user-led group in London"
    provenance: dict[str, Any] = field(default_factory=dict)  # internal: sites, ratings, excerpts
    part_label: str = ""
    short_of: str = ""  # "Routinely": no site yet reaches the strength level on this component

    @property
    def is_gold(self) -> bool:
        return bool(self.text) and not self.short_of


@dataclass(frozen=True)
class JourneyDoc:
    """A point in a person's journey (or behind the work) and the procedures that apply there."""

    kind: str  # journey, organisation
    title: str
    text: str  # Markdown
    links: tuple[tuple[str, str], ...] = ()  # (key, title) of the components whose procedures apply


JOURNEY_KINDS = {
    "journey": (
        "How it fits together: a person’s journey",
        "The points a person passes through with the organisation, from referral to moving on, and the "
        "procedures that apply at each.",
    ),
    "organisation": ("Behind the work", "What holds the work up: supervision, recording and caseloads."),
}


@dataclass(frozen=True)
class GoldDoc:
    """The gold-standard organisation's name and portrait, and how its procedures fit together."""

    name: str = ""
    portrait: str = ""  # Markdown
    journey: tuple[JourneyDoc, ...] = ()


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
    gold: GoldDoc = field(default_factory=GoldDoc)
    changes: tuple[str, ...] = ()  # what changed since the previous draft, as lines
    changes_prompted: tuple[int, ...] = ()  # which of those lines answer consultation comments
    responses: tuple[
        tuple[str, tuple[str, ...]], ...
    ] = ()  # (round, lines): responses to consultation published
    diagram: dict[str, Any] = field(default_factory=dict)  # the model as VersionData fields, for the SVG
    format: int = FORMAT
    front: FrontMatter = field(default_factory=FrontMatter)
    tools: tuple[ToolDoc, ...] = ()  # the tools any section links to, printed as an appendix

    @property
    def label(self) -> str:
        return f"{'Release' if self.release else 'Draft'} {self.number}"

    def section(self, key: str) -> SectionDoc | None:
        return next((s for s in self.sections if s.key == key), None)

    def sections_in(self, part: str) -> list[SectionDoc]:
        return [s for s in self.sections if s.part == part]

    def part_intro(self, part: str) -> tuple[str, str]:
        """(whom the part addresses, its introduction in Markdown)."""
        return next(((v, t) for p, v, t in self.front.part_intros if p == part), ("", ""))

    def tool(self, key: str) -> ToolDoc | None:
        return next((t for t in self.tools if t.key == key), None)

    def section_tools(self, section: SectionDoc) -> list[ToolDoc]:
        return [t for t in self.tools if t.key in section.tools]

    def procedure(self, key: str) -> ProcedureDoc | None:
        return next((p for p in self.procedures if p.key == key), None)

    @property
    def gold_covered(self) -> int:
        """Components whose procedure is written and held up as gold practice."""
        return sum(1 for p in self.procedures if p.is_gold)

    # The gold standard's own words, shared by the site, the PDF and Word.

    @property
    def gold_heading(self) -> str:
        name = self.gold.name
        return f"{name}: the gold-standard organisation" if name else "The gold-standard organisation"

    @property
    def gold_lead(self) -> str:
        who = (
            f"{self.gold.name} is not a real organisation. It"
            if self.gold.name
            else ("The gold standard is not a real organisation. It")
        )
        return (
            f"{who} is a composite, put together from the practice the research team rated best at the sites "
            "in the study, so that you can see how the parts of the model fit together in one service. Use "
            "it to compare, and to borrow what fits your own."
        )

    @property
    def gold_coverage(self) -> str:
        total, covered = len(self.procedures), self.gold_covered
        if covered == total:
            said = f"It has a procedure for every one of the {total} components of the model."
        else:
            said = (
                f"It has a procedure for {covered} of the {total} components of the model. The others are "
                "marked “not yet written”, or “not held up as gold yet” where no site in the study reaches "
                "the level the guide counts as a strength."
            )
        return f"{said} Each procedure says what kind of service it was drawn from; none names a site."

    @property
    def gold_journey(self) -> list[tuple[str, str, str, list[JourneyDoc]]]:
        """(kind, heading, introduction, stages) for each kind of journey point present, journey first."""
        return [
            (kind, heading, intro, stages)
            for kind, (heading, intro) in JOURNEY_KINDS.items()
            if (stages := [j for j in self.gold.journey if j.kind == kind])
        ]


def to_json(doc: Document) -> dict[str, Any]:
    return asdict(doc)


def _counts(rows: Any) -> tuple[tuple[str, int], ...]:
    return tuple((label, n) for label, n in rows)


def _front(data: dict[str, Any]) -> FrontMatter:
    """Front matter from a snapshot; a snapshot from before it existed (format 1) has none."""
    evidence = data.get("evidence", {})
    return FrontMatter(
        **{
            **data,
            "key_messages": tuple(data.get("key_messages", ())),
            "glossary": tuple((term, text) for term, text in data.get("glossary", ())),
            "references": tuple(data.get("references", ())),
            "part_intros": tuple(tuple(p) for p in data.get("part_intros", ())),
            "evidence": EvidenceBase(
                **{
                    **evidence,
                    **{
                        k: _counts(evidence.get(k, ()))
                        for k in ("by_region", "by_sector", "by_perspective", "by_kind")
                    },
                }
            ),
        }
    )


def from_json(data: dict[str, Any]) -> Document:
    sections = tuple(
        SectionDoc(
            **{
                **s,
                "blocks": tuple(Block(**b) for b in s["blocks"]),
                "tools": tuple(s.get("tools", ())),
            }
        )
        for s in data["sections"]
    )
    procedures = tuple(ProcedureDoc(**p) for p in data.get("procedures", ()))
    gold = data.get("gold") or {}
    return Document(
        **{
            **data,
            "parts": tuple(tuple(p) for p in data["parts"]),
            "sections": sections,
            "procedures": procedures,
            "gold": GoldDoc(
                gold.get("name", ""),
                gold.get("portrait", ""),
                tuple(
                    JourneyDoc(**{**j, "links": tuple(tuple(link) for link in j["links"])})
                    for j in gold.get("journey", ())
                ),
            ),
            "changes": tuple(data.get("changes", ())),
            "changes_prompted": tuple(data.get("changes_prompted", ())),
            "responses": tuple((title, tuple(lines)) for title, lines in data.get("responses", ())),
            "front": _front(data.get("front", {})),
            "tools": tuple(ToolDoc(**t) for t in data.get("tools", ())),
        }
    )


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def published_texts(doc: Document) -> list[tuple[str, str]]:
    """Every piece of text a reader of any output sees, with where it is. The anonymisation check scans
    exactly this, so nothing reaches an output without passing it."""
    front = doc.front
    out = [
        ("Title", doc.guide_title),
        ("About this guide", doc.foreword),
        ("Who it is for and how to use it", front.audience),
        ("The intervention and the two wheels", front.intervention),
        ("The evidence base", front.evidence.summary()),
        ("Acknowledgements", front.acknowledgements),
    ]
    out += [(f"Key messages, {n}", text) for n, text in enumerate(front.key_messages, 1)]
    for term, text in front.glossary:
        out += [(f"Glossary, “{term}”", term), (f"Glossary, “{term}”, definition", text)]
    out += [(f"References, {n}", text) for n, text in enumerate(front.references, 1)]
    # The evidence base's tables are counts under the labels of our own fixed vocabularies (regions,
    # sectors, perspectives, kinds of source), never typed by anyone: only its summary is free text.
    for part, voice, text in front.part_intros:
        out += [(f"Part {part}, whom it addresses", voice), (f"Part {part}, introduction", text)]
    for s in doc.sections:
        where = f"Section “{s.title}”"
        out += [
            (f"{where}, title", s.title),
            (f"{where}, summary", s.summary),
            (f"{where}, description", s.description),
            (f"{where}, introduction", s.introduction),
            (f"{where}, what good looks like", s.good_practice),
            (f"{where}, whom it addresses", s.voice),
        ]
        out += [(f"{where}, {heading.lower()}", text) for heading, text in s.furniture()]
        for n, b in enumerate(s.blocks, 1):
            out += [
                (f"{where}, evidence {n} ({b.group})", b.text),
                (f"{where}, evidence {n} attribution", b.attribution),
            ]
    for t in doc.tools:
        where = f"Tool “{t.title}”"
        out += [(f"{where}, title", t.title), (f"{where}, purpose", t.purpose), (f"{where}, content", t.body)]

    out += [("Gold standard, name", doc.gold.name), ("Gold standard, portrait", doc.gold.portrait)]
    for j in doc.gold.journey:
        out += [(f"Gold standard, “{j.title}”, title", j.title), (f"Gold standard, “{j.title}”", j.text)]
    for p in doc.procedures:
        where = f"Gold standard, “{p.title}”"
        out += [(f"{where}, procedure", p.text), (f"{where}, provenance", p.public_provenance)]
    out += [(f"Change log, line {n}", line) for n, line in enumerate(doc.changes, 1)]
    for title, lines in doc.responses:
        out += [(f"Response to consultation, “{title}”", title)]
        out += [(f"Response to consultation, “{title}”, line {n}", line) for n, line in enumerate(lines, 1)]
    return [(where, text) for where, text in out if text]
