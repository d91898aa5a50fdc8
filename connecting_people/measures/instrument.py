"""Outcome instruments as data: the ORM-free form of an instrument file (schema: docs/instrument-file.md)
and the reader that checks it, every problem with its line.

An instrument is a list of items, each answered from a named set of responses (values with labels) or with
a whole number in a range; scores add, average or count those answers over all items or a subscale, with
reverse-scored items turned round first and a rule for how many items may be missing. Who may complete it
and its licence travel with it, so a licensed scale an organisation loads is never mistaken for ours."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode

from connecting_people.lib.yamlfile import FileError, Reader, compose, line

SCHEMA = "cpi-instrument/1"
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_MAX = 64  # characters of a key: a loaded file's key is kept in a column of this length
RULES = ("sum", "mean", "count")
COMPLETERS = ("person", "worker", "proxy")
TEXT_MAX = 500
FILE_MAX_BYTES = 1024 * 1024  # a long scale is a few kilobytes


class InstrumentFileError(FileError):
    pass


@dataclass(frozen=True)
class Response:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    responses: tuple[Response, ...] = ()  # the choices; empty when the answer is a number in `low`..`high`
    low: int = 0
    high: int = 0
    reverse: bool = False

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(r.value for r in self.responses)

    @property
    def lowest(self) -> int:
        return min(self.values) if self.responses else self.low

    @property
    def highest(self) -> int:
        return max(self.values) if self.responses else self.high

    def allows(self, value: int) -> bool:
        return value in self.values if self.responses else self.low <= value <= self.high

    def scored(self, value: int) -> int:
        """The value as it counts towards a score: a reverse-scored item is turned round (on a 1-5 item,
        5 counts as 1)."""
        return self.lowest + self.highest - value if self.reverse else value


@dataclass(frozen=True)
class Score:
    key: str
    label: str
    rule: str  # sum, mean or count
    items: tuple[str, ...]  # item keys
    counts: int | None = None  # for "count": the (scored) value that counts, e.g. 1 for "yes"
    missing_allowed: int = 0  # more missing items than this: no score


@dataclass(frozen=True)
class InstrumentData:
    key: str
    title: str
    version: str
    about: str
    ours: (
        bool  # written by this project (free to use, unvalidated), or loaded by an organisation under licence
    )
    licence: str
    completed_by: tuple[str, ...]
    items: tuple[Item, ...]
    scores: tuple[Score, ...]

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    def reckoning(self, key: str) -> tuple[object, ...] | None:
        """All that makes the score `key` what it is, whatever its label: its rule, counted value and
        missing answers allowed, and each of its items' key, possible answers and whether it is turned
        round. None when the instrument has no such score."""
        score = next((s for s in self.scores if s.key == key), None)
        if score is None:
            return None
        items = tuple((i.key, i.values, i.low, i.high, i.reverse) for i in map(self.item, score.items))
        return (score.rule, score.counts, score.missing_allowed, items)

    def reckons_like(self, other: InstrumentData, key: str) -> bool:
        """Whether another version's score `key` is the same measure as this one's (`reckoning`): a change
        is only ever worked out between two scores reckoned alike."""
        mine = self.reckoning(key)
        return mine is not None and mine == other.reckoning(key)


def _key(r: Reader, fields: dict[str, Node], where: str, seen: dict[str, int], kind: str) -> str:
    key = r.required_text(fields, "key", where, max_len=KEY_MAX)
    if key and not KEY.match(key):
        r.problem(fields["key"], f"{where}: {kind} key '{key}' must be lowercase letters, digits and hyphens")
    elif key in seen:
        r.problem(fields["key"], f"{where}: {kind} key '{key}' is used twice (first at line {seen[key]})")
    elif key:
        seen[key] = line(fields["key"])
    return key


def header(r: Reader, top: dict[str, Node], schema: str, kind: str) -> tuple[str, str, str, str, bool, str]:
    """What every measures file begins with, checked the same way for instruments and fidelity scales: the
    schema line (optional, but right if given), key, title, version, about, and the licence (whether it is
    the project's own, and its note)."""
    given = r.text(top, "schema", "the file")
    if "schema" in top and given != schema:
        r.problem(top["schema"], f"schema must be '{schema}', not '{given}'")
    key = _key(r, top, "the file", {}, kind)
    title = r.required_text(top, "title", "the file", max_len=200)
    version = r.required_text(top, "version", "the file", max_len=40)
    about = r.text(top, "about", "the file").strip()
    ours, licence = False, ""
    if "licence" in top:
        lic = r.mapping(top["licence"], "licence", {"ours", "note"}, {"ours", "note"})
        if lic is not None:
            ours = r.boolean(lic, "ours", "licence")
            licence = r.required_text(lic, "note", "licence", max_len=TEXT_MAX).strip()
    return key, title, version, about, ours, licence


def _named(node: Node, fallback: str) -> str:
    """ "item 'lend-tools'" when the entry has a key, so messages point at it by name."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == "key" and isinstance(v, ScalarNode) and v.value:
                return f"{fallback} '{v.value}'"
    return f"{fallback} at line {line(node)}"


def _response_sets(r: Reader, node: Node | None) -> dict[str, tuple[Response, ...]]:
    sets: dict[str, tuple[Response, ...]] = {}
    if node is None:
        return sets
    names = r.mapping(node, "response_sets", _keys_of(node), set())
    for name, set_node in (names or {}).items():
        where = f"response set '{name}'"
        responses: list[Response] = []
        for entry in r.sequence({name: set_node}, name, where):
            fields = r.mapping(
                entry, f"{where}, response at line {line(entry)}", {"value", "label"}, {"value", "label"}
            )
            if fields is None:
                continue
            value = r.integer(fields, "value", where)
            label = r.required_text(fields, "label", where, max_len=120)
            if value is None or not label:
                continue
            if value in {x.value for x in responses}:
                r.problem(fields["value"], f"{where}: the value {value} is given twice")
            elif label.casefold() in {x.label.casefold() for x in responses}:
                r.problem(fields["label"], f"{where}: the label '{label}' is given twice")
            else:
                responses.append(Response(value, label))
        if len(responses) < 2:
            r.problem(set_node, f"{where} needs at least two responses")
        sets[name] = tuple(responses)
    return sets


def _keys_of(node: Node) -> set[str]:
    """The names a mapping gives itself (a response set may have any name)."""
    return (
        {k.value for k, _v in node.value if isinstance(k, ScalarNode)}
        if isinstance(node, MappingNode)
        else set()
    )


def _items(r: Reader, top: dict[str, Node], sets: dict[str, tuple[Response, ...]]) -> list[Item]:
    nodes = r.sequence(top, "items", "the file")
    items: list[Item] = []
    seen: dict[str, int] = {}
    for node in nodes:
        where = _named(node, "item")
        fields = r.mapping(node, where, {"key", "text", "responses", "range", "reverse"}, {"key", "text"})
        if fields is None:
            continue
        key = _key(r, fields, where, seen, "item")
        text = r.required_text(fields, "text", where, max_len=TEXT_MAX)
        reverse = r.boolean(fields, "reverse", where)
        responses: tuple[Response, ...] = ()
        low = high = 0
        if ("responses" in fields) == ("range" in fields):
            r.problem(node, f"{where} needs either 'responses' (a response set's name) or 'range', not both")
            continue
        if "responses" in fields:
            name = r.required_text(fields, "responses", where)
            if name and name not in sets:
                known = ", ".join(sorted(sets)) or "none are defined"
                r.problem(fields["responses"], f"{where}: there is no response set '{name}' ({known})")
                continue
            responses = sets.get(name, ())
        else:
            bounds = r.mapping(fields["range"], f"{where} range", {"min", "max"}, {"min", "max"})
            if bounds is None:
                continue
            lo, hi = r.integer(bounds, "min", f"{where} range"), r.integer(bounds, "max", f"{where} range")
            if lo is None or hi is None:
                continue
            if lo >= hi:
                r.problem(fields["range"], f"{where}: the range's min ({lo}) must be below its max ({hi})")
                continue
            low, high = lo, hi
        if key and text:
            items.append(Item(key, text, responses, low, high, reverse))
    if "items" in top and not nodes:
        r.problem(top["items"], "'items' is empty; an instrument needs at least one item")
    return items


def _scores(r: Reader, top: dict[str, Node], items: list[Item]) -> list[Score]:
    nodes = r.sequence(top, "scores", "the file")
    if "scores" in top and not nodes:
        r.problem(top["scores"], "'scores' is empty; an instrument needs at least one score")
    by_key = {i.key: i for i in items}
    scores: list[Score] = []
    seen: dict[str, int] = {}
    for node in nodes:
        where = _named(node, "score")
        fields = r.mapping(
            node,
            where,
            {"key", "label", "rule", "items", "counts", "missing_allowed"},
            {"key", "label", "rule"},
        )
        if fields is None:
            continue
        key = _key(r, fields, where, seen, "score")
        label = r.required_text(fields, "label", where, max_len=120)
        rule = r.required_text(fields, "rule", where)
        if rule and rule not in RULES:
            r.problem(fields["rule"], f"{where}: rule '{rule}' is unknown; use one of: {', '.join(RULES)}")
            continue
        chosen = r.text_list(fields, "items", where) if "items" in fields else tuple(by_key)
        unknown = [k for k in chosen if k not in by_key]
        if unknown:
            r.problem(fields["items"], f"{where}: no item is called {', '.join(repr(k) for k in unknown)}")
            continue
        if len(set(chosen)) != len(chosen) or not chosen:
            r.problem(fields.get("items", node), f"{where}: list each item once, and at least one")
            continue
        counts = r.integer(fields, "counts", where)
        if rule == "count":
            if counts is None:
                r.problem(
                    node, f"{where}: a count needs 'counts', the answer that counts (e.g. the value of 'Yes')"
                )
                continue
            never = [k for k in chosen if not by_key[k].allows(by_key[k].scored(counts))]
            if never:
                r.problem(fields["counts"], f"{where}: {counts} is not an answer to {', '.join(never)}")
                continue
        elif counts is not None:
            r.problem(fields["counts"], f"{where}: 'counts' is only for rule 'count'")
        missing = r.integer(fields, "missing_allowed", where) or 0
        if not 0 <= missing < len(chosen):
            r.problem(
                fields["missing_allowed"],
                f"{where}: missing_allowed must be from 0 to {len(chosen) - 1} (the score has {len(chosen)} "
                "items)",
            )
            continue
        if key and label and rule:
            scores.append(Score(key, label, rule, tuple(chosen), counts, missing))
    return scores


def parse(text: str) -> InstrumentData:
    """Parse and check an instrument file; raises InstrumentFileError listing every problem with its line."""
    root = compose(text, InstrumentFileError)
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
            "completed_by",
            "response_sets",
            "items",
            "scores",
        },
        {"schema", "key", "title", "version", "licence", "completed_by", "items", "scores"},
    )
    if top is None:
        raise InstrumentFileError(r.problems)
    key, title, version, about, ours, licence = header(r, top, SCHEMA, "instrument")
    completed_by = r.text_list(top, "completed_by", "the file")
    for who in completed_by:
        if who not in COMPLETERS:
            r.problem(
                top["completed_by"], f"completed_by '{who}' is unknown; use any of: {', '.join(COMPLETERS)}"
            )
    if "completed_by" in top and not completed_by:
        r.problem(top["completed_by"], "completed_by needs at least one of: " + ", ".join(COMPLETERS))
    sets = _response_sets(r, top.get("response_sets"))
    items = _items(r, top, sets)
    scores = _scores(r, top, items)
    if r.problems:
        raise InstrumentFileError(r.sorted_problems())
    return InstrumentData(
        key, title, version, about, ours, licence, completed_by, tuple(items), tuple(scores)
    )
