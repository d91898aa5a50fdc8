"""QDA-XML read into plain data, without the ORM.

The tree is walked with an explicit stack, never by recursion, so no nesting can exhaust Python's
stack; a nesting deeper than real projects have is refused with a message."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as SafeET

from .errors import RefiError

# A GUID as the standard writes it, and the namespace of the GUIDs made from a tool's own identifiers.
_GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
_OWN_IDS = uuid.UUID("5f0c6a52-31d4-4d7e-9b8e-6c1f2a7d0e93")
# A colour as the standard writes it (#RRGGBB, or #RGB), with an alpha channel some tools add after it.
_COLOUR = re.compile(r"#(?:([0-9a-fA-F]{6})(?:[0-9a-fA-F]{2})?|([0-9a-fA-F]{3}))")

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
MAX_DEPTH = 200  # elements inside one another; a code tree this deep is not a real codebook
SOURCE_KINDS = ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource")


def colour(value: str | None) -> str:
    """The colour as #RRGGBB ("#C30" written out, an alpha channel dropped), or "" when it is none."""
    found = _COLOUR.fullmatch((value or "").strip())
    if found is None:
        return ""
    six, three = found.groups()
    return "#" + (six or "".join(c * 2 for c in three))


@dataclass
class Code:
    guid: str
    name: str
    codable: bool
    parent: str | None
    path: list[str]
    description: str = ""
    color: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Coding:
    guid: str
    code: str
    user: str


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    user: str
    created: str
    description: str
    codings: list[Coding]
    notes: list[str]


@dataclass
class Source:
    guid: str
    name: str
    kind: str
    text_path: str = ""
    inline_text: str | None = None
    user: str = ""
    description: str = ""
    selections: list[Selection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # variable GUID -> value
    other_selections: int = 0  # PDF areas, picture areas, audio and video spans
    representation: Source | None = None  # the text of a PDF


@dataclass
class Note:
    guid: str
    name: str
    user: str
    created: str
    text_path: str = ""
    inline_text: str | None = None


@dataclass
class Set:
    guid: str
    name: str
    description: str
    codes: list[str]
    sources: list[str]
    notes: list[str]


@dataclass
class Variable:
    guid: str
    name: str
    kind: str


@dataclass
class Case:
    guid: str
    name: str
    description: str
    values: dict[str, str]
    sources: list[str]


@dataclass
class Link:
    guid: str
    name: str
    direction: str
    color: str
    origin: str
    target: str


@dataclass
class Project:
    name: str
    origin: str
    users: dict[str, str] = field(default_factory=dict)  # GUID -> name
    codes: list[Code] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sets: list[Set] = field(default_factory=list)
    variables: dict[str, Variable] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    graphs: int = 0
    project_notes: list[str] = field(default_factory=list)


def norm_guid(value: str | None) -> str:
    """A GUID as the standard writes it (braces dropped, capitals). A tool that writes its own kind of
    identifier gets a GUID made from it, the same each time the project is imported, so re-importing
    still finds what the first import made (and the identifier fits the GUID columns)."""
    found = (value or "").strip().strip("{}").upper()
    if not found or _GUID.fullmatch(found):
        return found
    return str(uuid.uuid5(_OWN_IDS, found)).upper()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: Any, name: str) -> list[Any]:
    return [child for child in node if _local(child.tag) == name]


def _text_of(node: Any, name: str) -> str:
    found = _children(node, name)
    return (found[0].text or "") if found else ""


def _refs(node: Any, name: str) -> list[str]:
    return [norm_guid(ref.get("targetGUID")) for ref in _children(node, name) if ref.get("targetGUID")]


def parse(data: bytes, what: str) -> Any:
    try:
        root = SafeET.fromstring(data)
    except SafeET.ParseError as exc:
        raise RefiError(f"{what} is not well-formed XML ({exc}).") from None
    except RecursionError:
        raise RefiError(f"{what} is nested too deeply to read.") from None
    except Exception as exc:  # defusedxml refuses entity tricks with its own exception types
        raise RefiError(f"{what} was refused: {exc.__class__.__name__}.") from None
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise RefiError(
                f"{what} nests elements more than {MAX_DEPTH} levels deep (a code tree that deep is "
                "not one a researcher made); nothing was imported."
            )
        stack.extend((child, depth + 1) for child in node)
    return root


def read_codes(codes_node: Any) -> list[Code]:
    """Codes in document order, parents before children, each with its path of names."""
    out: list[Code] = []
    stack: list[tuple[Any, str | None, list[str]]] = [
        (child, None, []) for child in reversed(_children(codes_node, "Code"))
    ]
    while stack:
        node, parent, path = stack.pop()
        name = (node.get("name") or "").strip()
        code_guid = norm_guid(node.get("guid"))
        if not name or not code_guid:
            raise RefiError("A code in the codebook has no name or no GUID.")
        code = Code(
            code_guid,
            name,
            (node.get("isCodable") or "true").strip().lower() != "false",
            parent,
            [*path, name],
            _text_of(node, "Description"),
            colour(node.get("color")),
            _refs(node, "NoteRef"),
        )
        out.append(code)
        stack.extend((child, code_guid, code.path) for child in reversed(_children(node, "Code")))
    return out


def read_codebook(data: bytes) -> list[Code]:
    root = parse(data, "The codebook")
    if _local(root.tag) != "CodeBook":
        raise RefiError("This is not a REFI-QDA codebook: its root element is not CodeBook.")
    return [code for container in _children(root, "Codes") for code in read_codes(container)]


def _int(node: Any, name: str) -> int:
    value = node.get(name)
    try:
        return int((value or "").strip())
    except ValueError:
        raise RefiError(f"A selection's {name} is “{value}”, not a whole number.") from None


def _selection(node: Any) -> Selection:
    codings = []
    for coding in _children(node, "Coding"):
        for ref in _children(coding, "CodeRef"):
            codings.append(
                Coding(
                    norm_guid(coding.get("guid")),
                    norm_guid(ref.get("targetGUID")),
                    norm_guid(coding.get("creatingUser")),
                )
            )
    return Selection(
        norm_guid(node.get("guid")),
        _int(node, "startPosition"),
        _int(node, "endPosition"),
        norm_guid(node.get("creatingUser")),
        node.get("creationDateTime") or "",
        _text_of(node, "Description"),
        codings,
        _refs(node, "NoteRef"),
    )


def _values(node: Any) -> dict[str, str]:
    values = {}
    for value in _children(node, "VariableValue"):
        ref = _refs(value, "VariableRef")
        content = next((child.text or "" for child in value if _local(child.tag).endswith("Value")), "")
        if ref:
            values[ref[0]] = content.strip()
    return values


def _text_source(node: Any, kind: str) -> Source:
    inline = _children(node, "PlainTextContent")
    source = Source(
        norm_guid(node.get("guid")),
        (node.get("name") or "").strip() or "Untitled source",
        kind,
        text_path=node.get("plainTextPath") or "",
        inline_text=(inline[0].text or "") if inline else None,
        user=norm_guid(node.get("creatingUser")),
        description=_text_of(node, "Description"),
        notes=_refs(node, "NoteRef"),
        values=_values(node),
    )
    source.selections = [_selection(s) for s in _children(node, "PlainTextSelection")]
    return source


def _source(node: Any) -> Source:
    kind = _local(node.tag)
    if kind == "TextSource":
        return _text_source(node, kind)
    source = Source(
        norm_guid(node.get("guid")),
        (node.get("name") or "").strip() or "Untitled source",
        kind,
        text_path=node.get("path") or "",
        user=norm_guid(node.get("creatingUser")),
        description=_text_of(node, "Description"),
        notes=_refs(node, "NoteRef"),
        values=_values(node),
    )
    source.other_selections = sum(1 for child in node if _local(child.tag).endswith("Selection"))
    representation = _children(node, "Representation")
    if representation:
        source.representation = _text_source(representation[0], "TextSource")
    return source


def read_project(data: bytes) -> Project:
    root = parse(data, "project.qde")
    if _local(root.tag) != "Project" or not root.tag.startswith(f"{{{PROJECT_NS}}}"):
        raise RefiError(
            f"project.qde is not a REFI-QDA project (expected a Project element in {PROJECT_NS})."
        )
    project = Project(root.get("name") or "", (root.get("origin") or "").strip() or "another tool")
    for users in _children(root, "Users"):
        for user in _children(users, "User"):
            project.users[norm_guid(user.get("guid"))] = (user.get("name") or user.get("id") or "").strip()
    for book in _children(root, "CodeBook"):
        for container in _children(book, "Codes"):
            project.codes += read_codes(container)
    for variables in _children(root, "Variables"):
        for variable in _children(variables, "Variable"):
            project.variables[norm_guid(variable.get("guid"))] = Variable(
                norm_guid(variable.get("guid")),
                (variable.get("name") or "").strip(),
                variable.get("typeOfVariable") or "Text",
            )
    for cases in _children(root, "Cases"):
        for case in _children(cases, "Case"):
            project.cases.append(
                Case(
                    norm_guid(case.get("guid")),
                    (case.get("name") or "").strip(),
                    _text_of(case, "Description"),
                    _values(case),
                    _refs(case, "SourceRef"),
                )
            )
    for sources in _children(root, "Sources"):
        project.sources += [_source(node) for node in sources if _local(node.tag) in SOURCE_KINDS]
    for notes in _children(root, "Notes"):
        for note in _children(notes, "Note"):
            inline = _children(note, "PlainTextContent")
            project.notes.append(
                Note(
                    norm_guid(note.get("guid")),
                    (note.get("name") or "").strip(),
                    norm_guid(note.get("creatingUser")),
                    note.get("creationDateTime") or "",
                    note.get("plainTextPath") or "",
                    (inline[0].text or "") if inline else None,
                )
            )
    for sets in _children(root, "Sets"):
        for item in _children(sets, "Set"):
            project.sets.append(
                Set(
                    norm_guid(item.get("guid")),
                    (item.get("name") or "").strip(),
                    _text_of(item, "Description"),
                    _refs(item, "MemberCode"),
                    _refs(item, "MemberSource"),
                    _refs(item, "MemberNote"),
                )
            )
    for links in _children(root, "Links"):
        for link in _children(links, "Link"):
            project.links.append(
                Link(
                    norm_guid(link.get("guid")),
                    (link.get("name") or "").strip(),
                    link.get("direction") or "",
                    colour(link.get("color")),
                    norm_guid(link.get("originGUID")),
                    norm_guid(link.get("targetGUID")),
                )
            )
    project.graphs = sum(len(_children(graphs, "Graph")) for graphs in _children(root, "Graphs"))
    project.project_notes = _refs(root, "NoteRef")
    return project
