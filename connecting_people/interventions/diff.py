"""What changed between two versions of the model, with text changes word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .data import ComponentData, VersionData

TEXT_FIELDS = ("summary", "description", "questions")
# Words (with inner apostrophes), runs of spaces, and single punctuation marks.
_TOKEN = re.compile(r"\s+|\w+(?:['\u2019]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class TextChange:
    field: str
    segments: tuple[Segment, ...]


@dataclass
class ComponentChange:
    key: str
    kinds: list[str] = field(default_factory=list)  # "renamed", "moved", "text", "links"
    old_title: str = ""
    new_title: str = ""
    old_place: str = ""
    new_place: str = ""
    text_changes: list[TextChange] = field(default_factory=list)
    old_links: list[str] = field(default_factory=list)
    new_links: list[str] = field(default_factory=list)


@dataclass
class VersionDiff:
    old_label: str
    new_label: str
    added: list[ComponentData] = field(default_factory=list)
    removed: list[ComponentData] = field(default_factory=list)
    changed: list[ComponentChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def keys_with(self, kind: str) -> list[str]:
        return [c.key for c in self.changed if kind in c.kinds]


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Whole words (and the spaces between them) marked same, removed or added."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            push("same", "".join(a[i1:i2]))
        else:
            push("removed", "".join(a[i1:i2]))
            push("added", "".join(b[j1:j2]))
    return _tidy(segments)


def _tidy(segments: list[Segment]) -> tuple[Segment, ...]:
    """Where a word was replaced ([-a -]{+b +}), move the space both sides share into the unchanged text."""
    out = list(segments)
    for i in range(len(out) - 2):
        removed, added, after = out[i], out[i + 1], out[i + 2]
        if (removed.op, added.op, after.op) != ("removed", "added", "same"):
            continue
        space = removed.text[len(removed.text.rstrip()) :]
        if space and added.text.endswith(space) and removed.text.strip() and added.text.strip():
            out[i] = Segment("removed", removed.text[: -len(space)])
            out[i + 1] = Segment("added", added.text[: -len(space)])
            out[i + 2] = Segment("same", space + after.text)
    return tuple(s for s in out if s.text)


def _text(component: ComponentData, name: str) -> str:
    value = getattr(component, name)
    return "\n".join(value) if isinstance(value, tuple) else value


def _link_labels(component: ComponentData) -> list[str]:
    return sorted(f"{link.kind}:{link.to}" for link in component.links)


def _moved_keys(old: VersionData, new: VersionData) -> set[str]:
    """Keys whose part changed, or whose place among the components common to both versions changed."""
    old_parts, new_parts = old.by_part(), new.by_part()
    old_part = {c.key: c.part for c in old.components}
    common = set(old_part) & {c.key for c in new.components}
    moved = {c.key for c in new.components if c.key in common and old_part[c.key] != c.part}
    for part, new_list in new_parts.items():
        a = [c.key for c in old_parts[part] if c.key in common and c.key not in moved]
        b = [c.key for c in new_list if c.key in common and c.key not in moved]
        kept: set[str] = set()
        for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            kept.update(a[block.a : block.a + block.size])
        moved.update(set(b) - kept)
    return moved


def _place(version: VersionData, key: str) -> str:
    for part, components in version.by_part().items():
        for index, component in enumerate(components, start=1):
            if component.key == key:
                return f"{part} #{index}"
    return ""


def diff_versions(old: VersionData, new: VersionData) -> VersionDiff:
    result = VersionDiff(old.label, new.label)
    old_keys = {c.key for c in old.components}
    new_keys = {c.key for c in new.components}
    result.added = [c for c in new.normalised().components if c.key not in old_keys]
    result.removed = [c for c in old.normalised().components if c.key not in new_keys]
    moved = _moved_keys(old, new)
    for after in new.normalised().components:
        before = old.component(after.key)
        if before is None:
            continue
        change = ComponentChange(after.key, old_title=before.title, new_title=after.title)
        if before.title != after.title:
            change.kinds.append("renamed")
            change.text_changes.append(TextChange("title", word_diff(before.title, after.title)))
        if after.key in moved:
            change.kinds.append("moved")
            change.old_place, change.new_place = _place(old, after.key), _place(new, after.key)
        for name in TEXT_FIELDS:
            a, b = _text(before, name), _text(after, name)
            if a != b:
                change.text_changes.append(TextChange(name, word_diff(a, b)))
        if any(t.field != "title" for t in change.text_changes):
            change.kinds.append("text")
        if _link_labels(before) != _link_labels(after):
            change.kinds.append("links")
            change.old_links, change.new_links = _link_labels(before), _link_labels(after)
        if change.kinds:
            result.changed.append(change)
    return result


def as_plain_text(diff: VersionDiff) -> str:
    """The diff for a terminal or an e-mail: [-removed-] and {+added+}, as in git's word diff."""
    lines = [f"Changes from {diff.old_label} to {diff.new_label}"]
    if diff.is_empty:
        lines.append("No differences.")
        return "\n".join(lines)
    for c in diff.added:
        lines.append(f"+ added    {c.key} ({c.part}): {c.title}")
    for c in diff.removed:
        lines.append(f"- removed  {c.key} ({c.part}): {c.title}")
    for change in diff.changed:
        lines.append(f"~ changed  {change.key}: {', '.join(change.kinds)}")
        if "renamed" in change.kinds:
            lines.append(f"    renamed: {change.old_title!r} -> {change.new_title!r}")
        if "moved" in change.kinds:
            lines.append(f"    moved: {change.old_place} -> {change.new_place}")
        for text_change in change.text_changes:
            rendered = "".join(
                s.text if s.op == "same" else (f"[-{s.text}-]" if s.op == "removed" else f"{{+{s.text}+}}")
                for s in text_change.segments
            )
            lines.append(f"    {text_change.field}: {rendered}")
        if "links" in change.kinds:
            lines.append(
                f"    links: {', '.join(change.old_links) or 'none'} -> "
                f"{', '.join(change.new_links) or 'none'}"
            )
    return "\n".join(lines)
