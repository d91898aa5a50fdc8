"""What each section has of the furniture of a practical guide and what it still lacks, and what the
front matter lacks: shown to researchers on the guide's completeness page and written into a draft's
check log as "Missing: …" lines (information only; a release does not wait for them). ORM-free: it reads
the intermediate document, so the page and the log say the same."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document, SectionDoc

FURNITURE = (
    ("introduction", "introduction"),
    ("good_practice", "what good looks like"),
    ("in_practice", "in practice"),
    ("tips", "tips"),
    ("pitfalls", "pitfalls"),
    ("questions", "questions to reflect on"),
)


@dataclass(frozen=True)
class SectionState:
    section: SectionDoc
    written: tuple[tuple[str, bool], ...]  # (furniture, written?) in FURNITURE order
    tools: tuple[str, ...]  # titles of the tools it links to
    examples: int  # evidence blocks still usable

    @property
    def missing(self) -> list[str]:
        """What a reader would miss. Tools are not counted: only some stages call for a printable one."""
        return [name for name, done in self.written if not done] + ([] if self.examples else ["examples"])


def section_states(doc: Document) -> list[SectionState]:
    return [
        SectionState(
            section=s,
            written=tuple((name, bool(getattr(s, attr).strip())) for attr, name in FURNITURE),
            tools=tuple(t.title for t in doc.section_tools(s)),
            examples=len(s.blocks),
        )
        for s in doc.sections
    ]


def front_missing(doc: Document) -> list[str]:
    front = doc.front
    items = [
        ("about this guide", doc.foreword),
        ("who it is for and how to use it", front.audience),
        ("the intervention and the two wheels", front.intervention),
        ("key messages", front.key_messages),
        ("glossary", front.glossary),
        ("references", front.references),
        ("acknowledgements", front.acknowledgements),
    ]
    missing = [name for name, value in items if not value]
    labels = dict(doc.parts)
    missing += [
        f"introduction to the {labels.get(part, part).lower()}"
        for part, _voice, text in front.part_intros
        if not text.strip()
    ]
    return missing


def log_lines(doc: Document) -> list[str]:
    """For the draft's check log: one line for the front matter and one per incomplete section."""
    lines = []
    front = front_missing(doc)
    if front:
        lines.append(f"Missing: front matter: {', '.join(front)}.")
    for state in section_states(doc):
        if state.missing:
            lines.append(f"Missing: “{state.section.title}”: {', '.join(state.missing)}.")
    return lines
