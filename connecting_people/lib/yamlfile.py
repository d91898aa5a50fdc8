"""Reading the project's YAML files (the model file, instrument files) so that every problem names its
line: we walk PyYAML's node tree rather than loading it into Python objects, which also catches duplicate
keys and keeps "1.0" as text. ORM-free; each format subclasses `FileError` and uses one `Reader`."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from connecting_people.lib import nul

HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
NULL = "tag:yaml.org,2002:null"
INT = re.compile(r"^[+-]?[0-9]+$")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class FileError(Exception):
    """Every problem found in a file, each with its line (0: the file as a whole)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def line(node: Node) -> int:
    return node.start_mark.line + 1


def compose(text: str, error: type[FileError]) -> Node:
    """The file's node tree; a syntax error or an empty file raises `error` with the place it was found."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "not valid YAML"
        raise error([Problem(0, f"{where}YAML syntax error: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise error([Problem(0, f"YAML syntax error: {exc}")]) from None
    except RecursionError:
        raise error(
            [Problem(0, "the file is nested too deeply to read (lists or mappings inside each other)")]
        ) from None
    if root is None:
        raise error([Problem(0, "the file is empty")])
    return root


def decode(raw: bytes, max_bytes: int, error: type[FileError]) -> str:
    """Bytes from an upload or a file to text, with a clear error for the wrong size or encoding."""
    if len(raw) > max_bytes:
        raise error([Problem(0, f"the file is {len(raw):,} bytes; the limit is {max_bytes:,}")])
    if not raw.strip():
        raise error([Problem(0, "the file is empty")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            [
                Problem(
                    0,
                    f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read); save it as UTF-8 and "
                    "try again",
                )
            ]
        ) from None


class Reader:
    """Collects problems while reading; the caller raises its error with them at the end."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, message: str) -> None:
        self.problems.append(Problem(line(node) if node is not None else 0, message))

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.line)

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
                self.problem(key_node, f"{where} has '{key}' twice (first at line {line(found[key])})")
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

    def sequence(self, fields: dict[str, Node], name: str, where: str) -> list[Node]:
        node = fields.get(name)
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{where}: '{name}' must be a list (lines starting with '- ')")
            return []
        return list(node.value)

    def text(self, fields: dict[str, Node], name: str, where: str, *, max_len: int | None = None) -> str:
        node = fields.get(name)
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.problem(node, f"{where}: '{name}' must be text, not a list or mapping")
            return ""
        value = "" if node.tag == NULL else str(node.value)
        if max_len is not None and len(value) > max_len:
            self.problem(node, f"{where}: '{name}' is {len(value)} characters long; the limit is {max_len}")
        if "\x00" in value:  # written "\0" in a quoted string
            self.problem(node, f"{where}: '{name}' {nul.PROBLEM}")
        tag = HTML_TAG.search(value)
        if tag:
            self.problem(
                node,
                f"{where}: '{name}' contains the HTML tag <{tag.group(1).lower()}>; write plain Markdown, "
                "HTML is not allowed",
            )
        return value

    def required_text(self, fields: dict[str, Node], name: str, where: str, **kw: int) -> str:
        value = self.text(fields, name, where, **kw)
        if name in fields and not value.strip():
            self.problem(fields[name], f"{where}: '{name}' is empty")
        return value

    def text_list(self, fields: dict[str, Node], name: str, where: str) -> tuple[str, ...]:
        values = []
        for item in self.sequence(fields, name, where):
            if not isinstance(item, ScalarNode) or not str(item.value).strip():
                self.problem(item, f"{where}: '{name}' items must be non-empty text")
                continue
            values.append(self.text({name: item}, name, where))
        return tuple(values)

    def integer(self, fields: dict[str, Node], name: str, where: str) -> int | None:
        """A whole number written as one ("3", "-1"), never "3.0" or "three"; None when absent or wrong."""
        node = fields.get(name)
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or not INT.match(str(node.value).strip()):
            self.problem(node, f"{where}: '{name}' must be a whole number")
            return None
        return int(node.value)

    def boolean(self, fields: dict[str, Node], name: str, where: str, default: bool = False) -> bool:
        node = fields.get(name)
        if node is None:
            return default
        value = str(node.value).strip().lower() if isinstance(node, ScalarNode) else ""
        if value not in ("true", "false", "yes", "no"):
            self.problem(node, f"{where}: '{name}' must be true or false")
            return default
        return value in ("true", "yes")
