"""Reading and writing a model version as YAML (schema: docs/model-file.md).

Read through `lib/yamlfile.py`, so every problem is reported with its line, duplicate keys are caught,
and "1.0" stays a string.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from connecting_people.lib import yamlfile
from connecting_people.lib.yamlfile import FileError, Reader, compose, line

from .data import ComponentData, LinkData, VersionData
from .parts import PART_ORDER, LinkKind

SCHEMA = "cpi-model/1"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TITLE_MAX = 120
KEY_MAX = 80  # a model's and a component's key are kept in columns of this length
SUMMARY_MAX = 500
LINK_KINDS = [k.value for k in LinkKind]


class ModelFileError(FileError):
    pass


def parse(text: str) -> VersionData:
    """Parse and validate; raises ModelFileError listing every problem with its line."""
    root = compose(text, ModelFileError)

    r = Reader()
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
            model_key = r.required_text(model, "key", "model", max_len=KEY_MAX)
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
            where = f"component at line {line(item)}"
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
            key = r.required_text(fields, "key", where, max_len=KEY_MAX)
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
                    first_seen[key] = line(fields["key"])
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
                seen_links[identity] = line(link_node)

    if r.problems:
        raise ModelFileError(r.sorted_problems())
    return VersionData(model_key, model_name, label, note, tuple(components))


def decode(raw: bytes, max_bytes: int) -> str:
    """Bytes from an upload or a file to text, with a clear error for the wrong size or encoding."""
    return yamlfile.decode(raw, max_bytes, ModelFileError)


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
