"""Reading and writing a model version as YAML (schema: docs/model-file.md).

We walk PyYAML's node tree rather than loading to Python objects, so every problem is
reported with its line, duplicate keys are caught, and "1.0" stays a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .data import ComponentData, LinkData, VersionData
from .parts import PART_ORDER, LinkKind

SCHEMA = "cpi-model/1"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
TITLE_MAX = 120
SUMMARY_MAX = 500
LINK_KINDS = [k.value for k in LinkKind]


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ModelFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, message: str) -> None:
        self.problems.append(Problem(_line(node) if node is not None else 0, message))

    def mapping(
        self, node: Node, where: str, allowed: set[str], required: set[str]
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.problem(node, f"{where} must be a mapping of 'name: value' lines")
            return None
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{where} has a key that is not plain text")
                continue
            if key in found:
                self.problem(key_node, f"{where} has '{key}' twice (first at line {_line(found[key])})")
                continue
            if key not in allowed:
                self.problem(
                    key_node, f"{where} has an unknown field '{key}'; allowed: {', '.join(sorted(allowed))}"
                )
                continue
            found[key] = value_node
        for name in sorted(required - set(found)):
            self.problem(node, f"{where} is missing '{name}'")
        return found

    def text(self, fields: dict[str, Node], name: str, where: str, *, max_len: int | None = None) -> str:
        node = fields.get(name)
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.problem(node, f"{where}: '{name}' must be text, not a list or mapping")
            return ""
        value = "" if node.tag == "tag:yaml.org,2002:null" else str(node.value)
        if max_len is not None and len(value) > max_len:
            self.problem(node, f"{where}: '{name}' is {len(value)} characters long; the limit is {max_len}")
        tag = HTML_TAG.search(value)
        if tag:
            self.problem(
                node,
                f"{where}: '{name}' contains the HTML tag <{tag.group(1).lower()}>; write plain Markdown, HTML is not allowed",
            )
        return value

    def required_text(self, fields: dict[str, Node], name: str, where: str, **kw: int) -> str:
        value = self.text(fields, name, where, **kw)
        if name in fields and not value.strip():
            self.problem(fields[name], f"{where}: '{name}' is empty")
        return value

    def text_list(self, fields: dict[str, Node], name: str, where: str) -> tuple[str, ...]:
        node = fields.get(name)
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{where}: '{name}' must be a list (lines starting with '- ')")
            return ()
        values = []
        for item in node.value:
            if not isinstance(item, ScalarNode) or not str(item.value).strip():
                self.problem(item, f"{where}: '{name}' items must be non-empty text")
                continue
            values.append(self.text({name: item}, name, where))
        return tuple(values)


def parse(text: str) -> VersionData:
    """Parse and validate; raises ModelFileError listing every problem with its line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "not valid YAML"
        raise ModelFileError([Problem(0, f"{where}YAML syntax error: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise ModelFileError([Problem(0, f"YAML syntax error: {exc}")]) from None
    if root is None:
        raise ModelFileError([Problem(0, "the file is empty")])

    r = _Reader()
    top = r.mapping(
        root,
        "the file",
        {"schema", "model", "version", "components"},
        {"schema", "model", "version", "components"},
    )
    if top is None:
        raise ModelFileError(r.problems)

    schema = r.text(top, "schema", "the file")
    if "schema" in top and schema != SCHEMA:
        r.problem(top["schema"], f"schema must be '{SCHEMA}', not '{schema}'")

    model_key = model_name = label = note = ""
    if "model" in top:
        model = r.mapping(top["model"], "model", {"key", "name"}, {"key", "name"})
        if model is not None:
            model_key = r.required_text(model, "key", "model")
            model_name = r.required_text(model, "name", "model", max_len=200)
            if model_key and not SLUG.match(model_key):
                r.problem(
                    model["key"], f"model key '{model_key}' must be lowercase letters, digits and hyphens"
                )
    if "version" in top:
        version = r.mapping(top["version"], "version", {"label", "note"}, {"label"})
        if version is not None:
            label = r.required_text(version, "label", "version", max_len=40)
            note = r.text(version, "note", "version")

    components: list[ComponentData] = []
    first_seen: dict[str, int] = {}
    link_nodes: list[tuple[str, Node, LinkData]] = []
    node = top.get("components")
    if node is not None and not isinstance(node, SequenceNode):
        r.problem(node, "components must be a list (each component starts with '- key: ...')")
    elif node is not None:
        if not node.value:
            r.problem(node, "components is empty; a version needs at least one component")
        for item in node.value:
            where = f"component at line {_line(item)}"
            if isinstance(
                item, MappingNode
            ):  # name the component by its key in every message, when it has one
                peek = next(
                    (v for k, v in item.value if isinstance(k, ScalarNode) and k.value == "key"), None
                )
                if isinstance(peek, ScalarNode) and peek.value:
                    where = f"component '{peek.value}'"
            fields = r.mapping(
                item,
                where,
                {"key", "part", "title", "summary", "description", "questions", "links"},
                {"key", "part", "title"},
            )
            if fields is None:
                continue
            key = r.required_text(fields, "key", where)
            if key:
                if not SLUG.match(key):
                    r.problem(
                        fields["key"], f"component key '{key}' must be lowercase letters, digits and hyphens"
                    )
                elif key in first_seen:
                    r.problem(
                        fields["key"],
                        f"component key '{key}' is used twice (first at line {first_seen[key]})",
                    )
                else:
                    first_seen[key] = _line(fields["key"])
            part = r.required_text(fields, "part", where)
            if part and part not in PART_ORDER:
                r.problem(
                    fields["part"], f"{where} has unknown part '{part}'; use one of: {', '.join(PART_ORDER)}"
                )
            title = r.required_text(fields, "title", where, max_len=TITLE_MAX)
            summary = r.text(fields, "summary", where, max_len=SUMMARY_MAX)
            description = r.text(fields, "description", where)
            questions = r.text_list(fields, "questions", where)
            links: list[LinkData] = []
            links_node = fields.get("links")
            if links_node is not None:
                if not isinstance(links_node, SequenceNode):
                    r.problem(links_node, f"{where}: 'links' must be a list of '- to: KEY' entries")
                else:
                    for link_node in links_node.value:
                        link = r.mapping(link_node, f"{where} link", {"to", "kind"}, {"to"})
                        if link is None:
                            continue
                        to = r.required_text(link, "to", f"{where} link")
                        kind = r.text(link, "kind", f"{where} link") or LinkKind.PAIRS_WITH.value
                        if kind not in LINK_KINDS:
                            r.problem(
                                link.get("kind", link_node),
                                f"{where} link kind '{kind}' is unknown; use one of: {', '.join(LINK_KINDS)}",
                            )
                        data = LinkData(to=to, kind=kind)
                        links.append(data)
                        link_nodes.append((key, link_node, data))
            components.append(ComponentData(key, part, title, summary, description, questions, tuple(links)))

    seen_links: dict[tuple[str, ...], int] = {}
    for source, link_node, given in link_nodes:
        if given.to and given.to not in first_seen:
            r.problem(
                link_node,
                f"component '{source}' links to '{given.to}', which is not a component in this file",
            )
        elif given.to == source:
            r.problem(link_node, f"component '{source}' links to itself")
        else:
            # "pairs with" reads both ways, so writing it on both components is the same link twice.
            ends = (
                tuple(sorted((source, given.to)))
                if given.kind == LinkKind.PAIRS_WITH.value
                else (source, given.to)
            )
            identity = (given.kind, *ends)
            if identity in seen_links:
                r.problem(
                    link_node,
                    f"component '{source}': the link {given.kind} '{given.to}' is already given at line "
                    f"{seen_links[identity]}; list each link once",
                )
            else:
                seen_links[identity] = _line(link_node)

    if r.problems:
        raise ModelFileError(sorted(r.problems, key=lambda p: p.line))
    return VersionData(model_key, model_name, label, note, tuple(components))


def decode(raw: bytes, max_bytes: int) -> str:
    """Bytes from an upload or a file to text, with a clear error for the wrong size or encoding."""
    if len(raw) > max_bytes:
        raise ModelFileError([Problem(0, f"the file is {len(raw):,} bytes; the limit is {max_bytes:,}")])
    if not raw.strip():
        raise ModelFileError([Problem(0, "the file is empty")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ModelFileError(
            [
                Problem(
                    0,
                    f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read); save it as UTF-8 and try again",
                )
            ]
        ) from None


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(version: VersionData) -> str:
    components = []
    for c in version.normalised().components:
        entry: dict[str, object] = {"key": c.key, "part": c.part, "title": c.title}
        if c.summary:
            entry["summary"] = c.summary
        if c.description:
            entry["description"] = c.description
        if c.questions:
            entry["questions"] = list(c.questions)
        if c.links:
            entry["links"] = [{"to": link.to, "kind": link.kind} for link in c.links]
        components.append(entry)
    version_block: dict[str, str] = {"label": version.label}
    if version.note:
        version_block["note"] = version.note
    document = {
        "schema": SCHEMA,
        "model": {"key": version.model_key, "name": version.model_name},
        "version": version_block,
        "components": components,
    }
    header = (
        "# Connecting People intervention model file (schema cpi-model/1; see docs/model-file.md).\n"
        "# Edit and import it with: cpi model import FILE\n"
    )
    return header + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
