"""Small generators of .qdpx projects as each tool writes them: NVivo (UTF-8 with a BOM, CRLF, positions
in UTF-16 code units), MAXQDA (lower-case sources/ folder), ATLAS.ti (Project.qde), Taguette (a flat
codebook and an empty Sets element), QualCoder (code points). Written for these tests from the
published QDA-XML structure; no other tool's files are copied."""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

TOOLS = {
    # origin, member folder, project file name, BOM, CRLF, unit
    "nvivo": ("NVivo 14 (Windows)", "Sources", "project.qde", True, True, "utf16"),
    "nvivo-mac": ("NVivo 14 (Mac)", "Sources", "project.qde", True, False, "utf16"),
    "maxqda": ("MAXQDA 24", "sources", "project.qde", False, True, "codepoint"),
    "atlas": ("ATLAS.ti 23", "Sources", "Project.qde", False, False, "codepoint"),
    "qualcoder": ("QualCoder 3.5", "Sources", "project.qde", False, False, "codepoint"),
    "taguette": ("Taguette 1.4", "Sources", "project.qde", False, False, "codepoint"),
}


def gid(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(map(str, parts)))).upper()


def units(text: str, index: int, unit: str) -> int:
    """How a tool counts the position of code point `index` of the text it stored."""
    if unit == "utf16":
        return len(text[:index].encode("utf-16-le")) // 2
    if unit == "utf8":
        return len(text[:index].encode("utf-8"))
    return index


@dataclass
class Sel:
    words: str
    codes: list[str]  # code names
    user: str = "Ann"
    occurrence: int = 0
    memo: str = ""
    note: str = ""


@dataclass
class Src:
    name: str
    text: str
    selections: list[Sel] = field(default_factory=list)
    note: str = ""
    values: dict[str, str] = field(default_factory=dict)
    pdf: bool = False  # a PDFSource with this text as its representation


@dataclass
class Proj:
    tool: str
    sources: list[Src]
    codes: list[tuple[str, str | None]]  # (name, parent name)
    users: list[str] = field(default_factory=lambda: ["Ann"])
    code_notes: dict[str, str] = field(default_factory=dict)
    sets: dict[str, list[str]] = field(default_factory=dict)  # set name -> code names and source names
    cases: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)
    links: int = 0
    audio: int = 0
    seed: str = "p"
    colours: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    note_files: bool = False  # notes as text files beside the sources (plainTextPath), not inline


def stored_text(tool: str, text: str) -> str:
    crlf = TOOLS[tool][4]
    return text.replace("\n", "\r\n") if crlf else text


def build(project: Proj) -> bytes:
    origin, folder, qde_name, bom, _crlf, unit = TOOLS[project.tool]
    s = project.seed
    notes: list[tuple[str, str, str]] = []  # guid, name, text

    def note(owner: str, text: str) -> str:
        guid = gid(s, "note", owner)
        notes.append((guid, f"Note on {owner}", text))
        return f'<NoteRef targetGUID="{guid}"/>'

    users = "".join(f'<User guid="{gid(s, "user", u)}" name={quoteattr(u)}/>' for u in project.users)
    by_parent: dict[str | None, list[str]] = {}
    for name, parent in project.codes:
        by_parent.setdefault(parent, []).append(name)

    def code_xml(name: str) -> str:
        colour = f' color="{project.colours[name]}"' if name in project.colours else ""
        inner = (
            f"<Description>{project.descriptions[name]}</Description>" if name in project.descriptions else ""
        )
        inner += note(f"code {name}", project.code_notes[name]) if name in project.code_notes else ""
        inner += "".join(code_xml(child) for child in by_parent.get(name, []))
        return (
            f'<Code guid="{gid(s, "code", name)}" name={quoteattr(name)} '
            f'isCodable="true"{colour}>{inner}</Code>'
        )

    codebook = "".join(code_xml(name) for name in by_parent.get(None, []))
    members: dict[str, bytes] = {}
    sources = []
    for src in project.sources:
        text = stored_text(project.tool, src.text)
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
        file_name = f"{gid(s, 'file', src.name)}.txt"
        members[f"{folder}/{file_name}"] = data
        selections = []
        for n, sel in enumerate(src.selections):
            start_cp = _find(text, sel.words, sel.occurrence)
            start, end = units(text, start_cp, unit), units(text, start_cp + len(sel.words), unit)
            user = gid(s, "user", sel.user)
            codings = "".join(
                f'<Coding guid="{gid(s, "coding", src.name, n, c)}" creatingUser="{user}">'
                f'<CodeRef targetGUID="{gid(s, "code", c)}"/></Coding>'
                for c in sel.codes
            )
            memo = f"<Description>{sel.memo}</Description>" if sel.memo else ""
            noted = note(f"selection {src.name} {n}", sel.note) if sel.note else ""
            selections.append(
                f'<PlainTextSelection guid="{gid(s, "sel", src.name, n)}" startPosition="{start}" '
                f'endPosition="{end}" creatingUser="{user}">{memo}{codings}{noted}</PlainTextSelection>'
            )
        values = "".join(
            (
                f'<VariableValue><VariableRef targetGUID="{gid(s, "var", k)}"/><TextValue>{v}</TextValue>'
                "</VariableValue>"
            )
            for k, v in src.values.items()
        )
        noted = note(f"source {src.name}", src.note) if src.note else ""
        text_source = (
            f'<TextSource guid="{gid(s, "src", src.name)}" name={quoteattr(src.name)} '
            f'plainTextPath="internal://{file_name}">' + "".join(selections)
        )
        if src.pdf:
            members[f"{folder}/{gid(s, 'pdf', src.name)}.pdf"] = b"%PDF-1.4 not read by the importer"
            sources.append(
                f'<PDFSource guid="{gid(s, "pdf", src.name)}" name={quoteattr(src.name)} '
                f'path="internal://{gid(s, "pdf", src.name)}.pdf">'
                f'<PDFSelection guid="{gid(s, "area", src.name)}" page="1" firstX="1" firstY="1" secondX="9" '
                'secondY="9"/>'
                + text_source.replace("<TextSource", "<Representation", 1)
                + "</Representation>"
                + noted
                + values
                + "</PDFSource>"
            )
        else:
            sources.append(text_source + noted + values + "</TextSource>")
    for n in range(project.audio):
        sources.append(
            f'<AudioSource guid="{gid(s, "audio", n)}" name="Recording {n}" path="internal://r{n}.mp3"/>'
        )
    variable_names = sorted(
        {k for src in project.sources for k in src.values}
        | {k for _, vals in project.cases.values() for k in vals}
    )
    variables = "".join(
        f'<Variable guid="{gid(s, "var", k)}" name={quoteattr(k)} typeOfVariable="Text"/>'
        for k in variable_names
    )
    cases = "".join(
        f'<Case guid="{gid(s, "case", name)}" name={quoteattr(name)}>'
        + "".join(
            (
                f'<VariableValue><VariableRef targetGUID="{gid(s, "var", k)}"/><TextValue>{v}</TextValue>'
                "</VariableValue>"
            )
            for k, v in vals.items()
        )
        + "".join(f'<SourceRef targetGUID="{gid(s, "src", m)}"/>' for m in members_)
        + "</Case>"
        for name, (members_, vals) in project.cases.items()
    )
    source_names = {src.name for src in project.sources}
    sets = "".join(
        f'<Set guid="{gid(s, "set", name)}" name={quoteattr(name)}>'
        + "".join(f'<MemberCode targetGUID="{gid(s, "code", m)}"/>' for m in items if m not in source_names)
        + "".join(f'<MemberSource targetGUID="{gid(s, "src", m)}"/>' for m in items if m in source_names)
        + "</Set>"
        for name, items in project.sets.items()
    )
    links = "".join(
        f'<Link guid="{gid(s, "link", n)}" name="relates" originGUID="{gid(s, "code", project.codes[0][0])}" '
        f'targetGUID="{gid(s, "src", project.sources[0].name)}"/>'
        for n in range(project.links)
    )
    if project.note_files:
        for g, _name, text in notes:
            members[f"{folder}/{g}.txt"] = (b"\xef\xbb\xbf" if bom else b"") + stored_text(
                project.tool, text
            ).encode()
        notes_xml = "".join(
            f'<Note guid="{g}" name={quoteattr(name)} plainTextPath="internal://{g}.txt"/>'
            for g, name, _ in notes
        )
    else:
        notes_xml = "".join(
            f'<Note guid="{g}" name={quoteattr(name)}><PlainTextContent>{text}</PlainTextContent></Note>'
            for g, name, text in notes
        )
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Fieldwork" '
        f"origin={quoteattr(origin)}><Users>{users}</Users><CodeBook><Codes>{codebook}</Codes></CodeBook>"
        + (f"<Variables>{variables}</Variables>" if variables else "")
        + (f"<Cases>{cases}</Cases>" if cases else "")
        + f"<Sources>{''.join(sources)}</Sources>"
        + (f"<Notes>{notes_xml}</Notes>" if notes_xml else "")
        + (f"<Links>{links}</Links>" if links else "")
        + (f"<Sets>{sets}</Sets>" if sets else ("<Sets/>" if project.tool == "taguette" else ""))
        + "</Project>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, qde.encode("utf-8"))
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _find(text: str, words: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return start
