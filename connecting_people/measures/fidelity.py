"""Fidelity scales as data: the ORM-free form of a fidelity file (schema `cpi-fidelity/1`, documented in
docs/fidelity-file.md) and the reader that checks it, every problem with its line.

A fidelity scale rates how far a worker's practice follows the intervention model. It is its own format
rather than a kind of instrument, because what it needs differs: every item points at a component of the
model by its stable key (so ratings move with the model), all items share one rating scale with anchors,
the raters are roles (supervisor, worker, person) rather than who answers for a person, and the score is
split into a high and a low group at a cut-off. It reuses the instrument file's reader and its rules
(slugs, unknown fields are errors, no HTML, all or nothing)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

from yaml.nodes import MappingNode, Node, ScalarNode

from connecting_people.lib.yamlfile import FileError, Problem, Reader, compose, line

from .instrument import TEXT_MAX, _key, _named, header

SCHEMA = "cpi-fidelity/1"
RATERS = ("supervisor", "worker", "person")
RULES = ("mean",)


class FidelityFileError(FileError):
    pass


@dataclass(frozen=True)
class Anchor:
    value: int
    label: str
    plain: str = ""  # the anchor in plain words for the person supported ('' : the label is used)

    @property
    def for_person(self) -> str:
        return self.plain or self.label


@dataclass(frozen=True)
class FidelityItem:
    key: str
    component: str  # the model component's stable key
    text: str
    line: int = field(default=0, compare=False)  # where the item is in its file, for messages
    plain: str = ""  # the statement in plain words for the person supported ('': the text is used)

    @property
    def for_person(self) -> str:
        return self.plain or self.text


@dataclass(frozen=True)
class FidelityScaleData:
    key: str
    title: str
    version: str
    about: str
    ours: bool
    licence: str
    rated_by: tuple[str, ...]
    anchors: tuple[Anchor, ...]
    items: tuple[FidelityItem, ...]
    rule: str
    missing_allowed: int
    high_from: Fraction  # a score at or above this is high fidelity
    group_by: tuple[str, ...] = ("supervisor",)  # whose pair ratings make a person's high/low group

    @property
    def low(self) -> int:
        return self.anchors[0].value

    @property
    def top(self) -> int:
        return self.anchors[-1].value

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(a.value for a in self.anchors)

    @property
    def components(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.component for i in self.items))

    def placed(self, components: Mapping[str, str]) -> FidelityScaleData:
        """The scale with each item pointing at the component `components` gives for its key (item key ->
        component key, where the model has moved on since the file was loaded); other items as written."""
        return replace(
            self,
            items=tuple(replace(i, component=components.get(i.key, i.component)) for i in self.items),
        )

    def unknown_components(self, known: Iterable[str]) -> list[FidelityItem]:
        """The items whose component is not among `known` (the keys of a published model version)."""
        have = set(known)
        return [i for i in self.items if i.component not in have]

    def score(self, ratings: Mapping[str, int | None]) -> Fraction | None:
        """The mean of the rated items, or None when more items are unrated than the scale allows."""
        given = [ratings[i.key] for i in self.items if ratings.get(i.key) is not None]
        if not given or len(self.items) - len(given) > self.missing_allowed:
            return None
        return Fraction(sum(v for v in given if v is not None), len(given))

    def is_high(self, score: Fraction | None) -> bool | None:
        return None if score is None else score >= self.high_from


def schema_of(text: str) -> str:
    """The `schema` a YAML file declares ('' when it has none or cannot be read), so one command can load
    either kind of file."""
    try:
        root = compose(text, FileError)
    except FileError:
        return ""
    if isinstance(root, MappingNode):
        for k, v in root.value:
            if isinstance(k, ScalarNode) and k.value == "schema" and isinstance(v, ScalarNode):
                return str(v.value)
    return ""


def _number(r: Reader, fields: dict[str, Node], name: str, where: str) -> Fraction | None:
    node = fields.get(name)
    if node is None:
        return None
    try:
        if not isinstance(node, ScalarNode):
            raise ValueError
        return Fraction(str(node.value).strip())
    except (ValueError, ZeroDivisionError):
        r.problem(node, f"{where}: '{name}' must be a number such as 2 or 2.5")
        return None


def _anchors(r: Reader, top: dict[str, Node]) -> list[Anchor]:
    anchors: list[Anchor] = []
    nodes = r.sequence(top, "rating", "the file")
    for entry in nodes:
        where = f"rating at line {line(entry)}"
        fields = r.mapping(entry, where, {"value", "label", "plain"}, {"value", "label"})
        if fields is None:
            continue
        value = r.integer(fields, "value", where)
        label = r.required_text(fields, "label", where, max_len=200)
        plain = r.required_text(fields, "plain", where, max_len=200) if "plain" in fields else ""
        if value is None or not label:
            continue
        if value in {a.value for a in anchors}:
            r.problem(fields["value"], f"rating: the value {value} is given twice")
        elif value < 0:
            r.problem(fields["value"], f"rating: the value {value} is below 0; ratings start at 0 or above")
        else:
            anchors.append(Anchor(value, label, plain.strip()))
    if "rating" in top and len(anchors) < 2 and not r.problems:
        r.problem(top["rating"], "the rating needs at least two values, each with its anchor")
    return sorted(anchors, key=lambda a: a.value)


def _items(r: Reader, top: dict[str, Node]) -> list[FidelityItem]:
    nodes = r.sequence(top, "items", "the file")
    if "items" in top and not nodes:
        r.problem(top["items"], "'items' is empty; a fidelity scale needs at least one item")
    items: list[FidelityItem] = []
    seen: dict[str, int] = {}
    for node in nodes:
        where = _named(node, "item")
        fields = r.mapping(node, where, {"key", "component", "text", "plain"}, {"key", "component", "text"})
        if fields is None:
            continue
        key = _key(r, fields, where, seen, "item")
        component = r.required_text(fields, "component", where, max_len=80)
        text = r.required_text(fields, "text", where, max_len=TEXT_MAX)
        plain = r.required_text(fields, "plain", where, max_len=TEXT_MAX) if "plain" in fields else ""
        if key and component and text:
            items.append(
                FidelityItem(key, component.strip(), text.strip(), line(fields["component"]), plain.strip())
            )
    return items


def parse(text: str) -> FidelityScaleData:
    """Parse and check a fidelity file; raises FidelityFileError listing every problem with its line. That
    each component exists in the organisation's published model is checked when the file is loaded."""
    root = compose(text, FidelityFileError)
    r = Reader()
    top = r.mapping(
        root,
        "the file",
        {
            "schema",
            "key",
            "title",
            "version",
            "about",
            "licence",
            "rated_by",
            "rating",
            "items",
            "score",
        },
        {"schema", "key", "title", "version", "licence", "rated_by", "rating", "items", "score"},
    )
    if top is None:
        raise FidelityFileError(r.problems)
    key, title, version, about, ours, licence = header(r, top, SCHEMA, "scale")
    rated_by = r.text_list(top, "rated_by", "the file")
    for who in rated_by:
        if who not in RATERS:
            r.problem(top["rated_by"], f"rated_by '{who}' is unknown; use any of: {', '.join(RATERS)}")
    if "rated_by" in top and not rated_by:
        r.problem(top["rated_by"], "rated_by needs at least one of: " + ", ".join(RATERS))
    anchors = _anchors(r, top)
    items = _items(r, top)
    rule, missing, high_from = "mean", 0, Fraction(0)
    group_by: tuple[str, ...] = ("supervisor",)
    if "score" in top:
        fields = r.mapping(
            top["score"],
            "score",
            {"rule", "missing_allowed", "high_from", "group_by"},
            {"rule", "high_from"},
        )
        if fields is not None:
            rule = r.required_text(fields, "rule", "score")
            if rule and rule not in RULES:
                r.problem(fields["rule"], f"score: rule '{rule}' is unknown; use one of: {', '.join(RULES)}")
            missing = r.integer(fields, "missing_allowed", "score") or 0
            if items and not 0 <= missing < len(items):
                r.problem(
                    fields["missing_allowed"],
                    f"score: missing_allowed must be from 0 to {len(items) - 1} (the scale has {len(items)} "
                    "items)",
                )
            cut = _number(r, fields, "high_from", "score")
            if cut is not None and len(anchors) >= 2:
                low, high = anchors[0].value, anchors[-1].value
                if not low < cut <= high:
                    r.problem(
                        fields["high_from"],
                        f"score: high_from ({float(cut):g}) must be above the lowest rating ({low}) and at "
                        f"most the highest ({high})",
                    )
            high_from = cut if cut is not None else high_from
            if "group_by" in fields:
                group_by = r.text_list(fields, "group_by", "score")
                for who in group_by:
                    if who not in rated_by:
                        r.problem(
                            fields["group_by"],
                            f"score: group_by '{who}' is not among who rates the scale "
                            f"({', '.join(rated_by)})",
                        )
                if not group_by:
                    r.problem(fields["group_by"], "score: group_by needs at least one of the raters")
            elif "supervisor" not in rated_by:
                r.problem(
                    top["score"],
                    "score: say whose pair ratings make the high and low groups (group_by); the default, "
                    "the supervisor, does not rate this scale",
                )
    if r.problems:
        raise FidelityFileError(r.sorted_problems())
    return FidelityScaleData(
        key,
        title,
        version,
        about,
        ours,
        licence,
        rated_by,
        tuple(anchors),
        tuple(items),
        rule,
        missing,
        high_from,
        group_by,
    )


def unknown_component_error(data: FidelityScaleData, known: Iterable[str], version: str) -> FidelityFileError:
    """Every item whose component is not in the published model version, each with the item's key."""
    return FidelityFileError(
        [
            Problem(
                i.line,
                f"item '{i.key}': there is no component '{i.component}' in the published model (version "
                f"{version})",
            )
            for i in data.unknown_components(known)
        ]
    )
