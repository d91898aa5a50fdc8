"""What changed between two drafts of the guide: sections added or removed, texts changed word by
word, evidence added, removed or reworded, gold-standard procedures changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from connecting_people.interventions.diff import Segment, word_diff

from .document import Document

TEXTS = (("introduction", "Introduction"), ("good_practice", "What good looks like"))


@dataclass
class SectionChange:
    key: str
    title: str
    texts: list[tuple[str, tuple[Segment, ...]]] = field(default_factory=list)  # (label, word diff)
    added: list[str] = field(default_factory=list)  # evidence wording
    removed: list[str] = field(default_factory=list)
    reworded: list[tuple[Segment, ...]] = field(default_factory=list)


@dataclass
class DraftDiff:
    old_label: str
    new_label: str
    added: list[str] = field(default_factory=list)  # section titles
    removed: list[str] = field(default_factory=list)
    changed: list[SectionChange] = field(default_factory=list)
    procedures: list[str] = field(default_factory=list)  # titles of procedures added, removed or rewritten

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.procedures)

    def lines(self) -> tuple[str, ...]:
        """The change log printed in the next draft: plain sentences, no evidence text repeated."""
        out = [f"New section: {title}." for title in self.added]
        out += [f"Section removed: {title}." for title in self.removed]
        for c in self.changed:
            bits = [label.lower() for label, _ in c.texts]
            if c.added:
                bits.append(f"{len(c.added)} {'example' if len(c.added) == 1 else 'examples'} added")
            if c.removed:
                bits.append(f"{len(c.removed)} removed")
            if c.reworded:
                bits.append(f"{len(c.reworded)} reworded")
            out.append(f"{c.title}: " + ", ".join(bits) + ".")
        out += [f"Gold standard: {title} changed." for title in self.procedures]
        return tuple(out)


def diff_drafts(old: Document, new: Document) -> DraftDiff:
    result = DraftDiff(old.label, new.label)
    before = {s.key: s for s in old.sections}
    after = {s.key: s for s in new.sections}
    result.added = [s.title for s in new.sections if s.key not in before]
    result.removed = [s.title for s in old.sections if s.key not in after]
    for s in new.sections:
        o = before.get(s.key)
        if o is None:
            continue
        change = SectionChange(s.key, s.title)
        for name, label in TEXTS:
            if getattr(o, name) != getattr(s, name):
                change.texts.append((label, word_diff(getattr(o, name), getattr(s, name))))
        old_blocks = {b.id: b for b in o.blocks}
        new_blocks = {b.id: b for b in s.blocks}
        change.added = [b.text for b in s.blocks if b.id not in old_blocks]
        change.removed = [b.text for b in o.blocks if b.id not in new_blocks]
        change.reworded = [
            word_diff(old_blocks[b.id].text, b.text)
            for b in s.blocks
            if b.id in old_blocks and old_blocks[b.id].text != b.text
        ]
        if change.texts or change.added or change.removed or change.reworded:
            result.changed.append(change)
    old_procs = {p.key: p for p in old.procedures}
    new_procs = {p.key: p for p in new.procedures}
    result.procedures = sorted(
        p.title
        for k, p in {**old_procs, **new_procs}.items()
        if old_procs.get(k) is None or new_procs.get(k) is None or old_procs[k].text != new_procs[k].text
    )
    return result
