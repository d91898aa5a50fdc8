"""What changed between two drafts of the guide: sections added or removed, texts changed word by
word, evidence added, removed or reworded, gold-standard procedures changed; and the change log printed
in the next draft, in words ("Build a relationship: added two examples from a peer worker; rewrote the
introduction"), each line saying which consultation comments prompted it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import apnumber

from connecting_people.interventions.diff import Segment, word_diff

from .document import Block, Document

# A section's written parts: (field, heading on the compare page, as named in the change log).
TEXTS = (
    ("introduction", "Introduction", "the introduction"),
    ("good_practice", "What good looks like", "what good looks like"),
    ("in_practice", "In practice", "“In practice”"),
    ("tips", "Tips", "the tips"),
    ("pitfalls", "Pitfalls", "the pitfalls"),
    ("questions", "Questions to reflect on", "the questions to reflect on"),
)
# The front matter's written parts, as the change log names them: (field, name).
FRONT_TEXTS = (
    ("audience", "who the guide is for"),
    ("intervention", "the intervention and its two wheels"),
    ("acknowledgements", "the acknowledgements"),
)
# Its lists, counted: (field, (one, more than one)).
FRONT_LISTS = (
    ("key_messages", ("key message", "key messages")),
    ("glossary", ("glossary entry", "glossary entries")),
    ("references", ("reference", "references")),
)
# Evidence groups as the change log counts them: (one, more than one).
GROUP_NOUNS = {
    "example": ("example", "examples"),
    "tip": ("tip", "tips"),
    "helps": ("point on what helps", "points on what helps"),
}
# A text is "rewritten" when at least this share of its words changed; "edited" below it.
REWRITTEN = 0.5
WORDS = re.compile(r"\w+")


@dataclass
class SectionChange:
    key: str
    title: str
    texts: list[tuple[str, tuple[Segment, ...]]] = field(default_factory=list)  # (heading, word diff)
    verbs: list[str] = field(default_factory=list)  # "rewrote the introduction", in the order of TEXTS
    added: list[Block] = field(default_factory=list)
    removed: list[Block] = field(default_factory=list)
    reworded: list[tuple[Segment, ...]] = field(default_factory=list)  # word diffs of the blocks reworded
    reworded_blocks: list[Block] = field(default_factory=list)  # those blocks as they are now
    tools: list[str] = field(default_factory=list)  # "added the goal sheet"


@dataclass(frozen=True)
class Prompt:
    """Consultation comments on a section marked as changed in the new draft, from one round."""

    section: str  # the component key
    round_title: str
    comments: int


@dataclass
class DraftDiff:
    old_label: str
    new_label: str
    added: list[str] = field(default_factory=list)  # section titles
    removed: list[str] = field(default_factory=list)
    changed: list[SectionChange] = field(default_factory=list)
    procedures: list[tuple[str, str]] = field(default_factory=list)  # (title, what: added, removed, ...)
    titles: dict[str, str] = field(default_factory=dict)  # the new draft's section titles, by key
    front: list[str] = field(default_factory=list)  # what changed before the sections, in words

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.procedures or self.front)

    def lines(self, prompts: Sequence[Prompt] = ()) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The change log printed in the next draft, in plain sentences with no evidence text repeated,
        and which of its lines answer consultation comments (by position)."""
        asked: dict[str, list[Prompt]] = {}
        for prompt in prompts:
            asked.setdefault(prompt.section, []).append(prompt)
        out = [f"Front matter: {'; '.join(self.front)}."] if self.front else []
        out += [f"New section: {title}." for title in self.added]
        out += [f"Section removed: {title}." for title in self.removed]
        prompted: list[int] = []
        for c in self.changed:
            bits = [*c.verbs]
            bits += [f"added {_evidence(c.added)}"] if c.added else []
            bits += [f"removed {_evidence(c.removed)}"] if c.removed else []
            bits += [f"reworded {_evidence(c.reworded_blocks)}"] if c.reworded_blocks else []
            bits += c.tools
            line = f"{c.title}: " + "; ".join(bits)
            if c.key in asked:
                prompted.append(len(out))
                line += f" ({_in_response(asked.pop(c.key))})"
            out.append(line + ".")
        out += [f"Gold standard: {what} the procedure for {title}." for title, what in self.procedures]
        for key, unanswered in asked.items():
            title = self.titles.get(key, key)
            if title in self.added:  # a new section written in response
                n = self.added.index(title) + (1 if self.front else 0)  # after the front matter's line
                prompted.append(n)
                out[n] = f"New section: {title} ({_in_response(unanswered)})."
                continue
            prompted.append(len(out))
            were = "was" if sum(p.comments for p in unanswered) == 1 else "were"
            out.append(
                f"{title}: nothing in the section changed, though "
                f"{_in_response(unanswered).removeprefix('in response to ')} {were} marked as changed in "
                "this draft."
            )
        return tuple(out), tuple(sorted(prompted))


def _count(n: int, nouns: tuple[str, str]) -> str:
    if n == 1:
        return f"{'an' if nouns[0][0] in 'aeiou' else 'a'} {nouns[0]}"
    return f"{apnumber(n)} {nouns[1]}"


def _who(attribution: str) -> str:
    """Whose words, from the attribution (role and setting, never a name): the role alone."""
    role = attribution.split(" at ", 1)[0].strip().rstrip(".")
    role = role[:1].lower() + role[1:]
    return role if role.startswith("from ") else f"from {role}"


def _evidence(blocks: Sequence[Block]) -> str:
    """ "two examples from a peer worker and a tip from a volunteer" """
    counts = Counter((b.group, _who(b.attribution)) for b in blocks)
    said = [
        f"{_count(n, GROUP_NOUNS.get(group, (group, group + 's')))} {who}"
        for (group, who), n in counts.items()
    ]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def _in_response(prompts: Sequence[Prompt]) -> str:
    """ "in response to two comments from reviewers in “First round”" """
    rounds = [
        f"{_count(p.comments, ('comment', 'comments'))} from reviewers in “{p.round_title}”" for p in prompts
    ]
    return "in response to " + (
        rounds[0] if len(rounds) == 1 else ", ".join(rounds[:-1]) + " and " + rounds[-1]
    )


def _verb(old: str, new: str, segments: tuple[Segment, ...], name: str) -> str:
    if not old.strip():
        return f"wrote {name}"
    if not new.strip():
        return f"removed {name}"
    before = len(WORDS.findall(old))
    changed = max(
        sum(len(WORDS.findall(s.text)) for s in segments if s.op == op) for op in ("added", "removed")
    )
    return f"{'rewrote' if changed >= REWRITTEN * max(before, 1) else 'edited'} {name}"


def diff_drafts(old: Document, new: Document) -> DraftDiff:
    result = DraftDiff(old.label, new.label, titles={s.key: s.title for s in new.sections})
    before = {s.key: s for s in old.sections}
    after = {s.key: s for s in new.sections}
    result.added = [s.title for s in new.sections if s.key not in before]
    result.removed = [s.title for s in old.sections if s.key not in after]
    for s in new.sections:
        o = before.get(s.key)
        if o is None:
            continue
        change = SectionChange(s.key, s.title)
        for name, heading, called in TEXTS:
            old_text, new_text = getattr(o, name), getattr(s, name)
            if old_text != new_text:
                segments = word_diff(old_text, new_text)
                change.texts.append((heading, segments))
                change.verbs.append(_verb(old_text, new_text, segments, called))
        old_blocks = {b.id: b for b in o.blocks}
        new_blocks = {b.id: b for b in s.blocks}
        change.added = [b for b in s.blocks if b.id not in old_blocks]
        change.removed = [b for b in o.blocks if b.id not in new_blocks]
        change.reworded_blocks = [
            b for b in s.blocks if b.id in old_blocks and old_blocks[b.id].text != b.text
        ]
        change.reworded = [word_diff(old_blocks[b.id].text, b.text) for b in change.reworded_blocks]
        tool_titles = {t.key: t.title for t in (*old.tools, *new.tools)}
        change.tools = [f"added the {tool_titles.get(k, k).lower()}" for k in s.tools if k not in o.tools]
        change.tools += [f"took out the {tool_titles.get(k, k).lower()}" for k in o.tools if k not in s.tools]
        if change.texts or change.added or change.removed or change.reworded or change.tools:
            result.changed.append(change)
    result.front = _front_changes(old, new)
    # A component with no procedure written reads the same as one left out (drafts made before every
    # component was listed carry only the written ones).
    titles = {p.key: p.title for p in (*old.procedures, *new.procedures)}
    old_text = {p.key: p.text for p in old.procedures if p.text}
    new_text = {p.key: p.text for p in new.procedures if p.text}
    for key in sorted(old_text.keys() | new_text.keys(), key=lambda k: titles[k]):
        was, now = old_text.get(key, ""), new_text.get(key, "")
        if not was:
            result.procedures.append((titles[key], "added"))
        elif not now:
            result.procedures.append((titles[key], "removed"))
        elif was != now:
            result.procedures.append((titles[key], _verb(was, now, word_diff(was, now), "").strip()))
    return result


def _front_changes(old: Document, new: Document) -> list[str]:
    """ "rewrote who the guide is for; added two glossary entries" """
    said = []
    if old.foreword != new.foreword:
        said.append(
            _verb(old.foreword, new.foreword, word_diff(old.foreword, new.foreword), "“About this guide”")
        )
    for name, called in FRONT_TEXTS:
        was, now = getattr(old.front, name), getattr(new.front, name)
        if was != now:
            said.append(_verb(was, now, word_diff(was, now), called))
    for name, nouns in FRONT_LISTS:
        was, now = getattr(old.front, name), getattr(new.front, name)
        added, removed = [x for x in now if x not in was], [x for x in was if x not in now]
        said += [f"added {_count(len(added), nouns)}"] if added else []
        said += [f"took out {_count(len(removed), nouns)}"] if removed else []
    return said
