"""Exchange with other qualitative analysis tools through the REFI-QDA standard (QDA-XML 1.0):
.qdpx projects (a zip of project.qde and the sources) and .qdc codebooks.

Model components become codes under one code per part; free tags keep their hierarchy; coded
excerpts become PlainTextSelections with a Coding for each code. Positions count Unicode code
points of the plain text, as our excerpts do."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring  # building only; parsing uses defusedxml

import defusedxml.ElementTree as SafeET
from django.db import transaction
from django.utils import timezone

from connecting_people.interventions.models import Component

from .coding import coding_components
from .evidence import usable_excerpts, withdrawn_scope
from .importing import DUPLICATE, FAILED, IMPORTED, ImportItem, import_one
from .models import Excerpt, ExcerptComponent, Source, Tag

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
ORIGIN = "Connecting People"
_NAMESPACE = uuid.UUID("6f1c2b1e-3d1a-4c59-9a65-0c6a4d2b7e11")  # our own namespace for stable GUIDs
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 20_000


class RefiError(Exception):
    """A file that cannot be read as REFI-QDA, with a message for the user."""


def guid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts))).upper()


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- writing

def _codebook(parent: Element, components: list[Component], tags: list[Tag], ns: str) -> dict[str, str]:
    """Codes for parts -> components, then the free tags; returns {our code id: guid}."""
    codes = SubElement(SubElement(parent, "CodeBook"), "Codes") if ns == PROJECT_NS else SubElement(parent, "Codes")
    ids: dict[str, str] = {}
    parts: dict[str, Element] = {}
    for component in components:
        part = parts.get(component.part)
        if part is None:
            part = SubElement(codes, "Code", guid=guid("part", component.part),
                              name=component.get_part_display(), isCodable="false")
            parts[component.part] = part
        code = SubElement(part, "Code", guid=guid("component", component.key), name=component.title,
                          isCodable="true")
        SubElement(code, "Description").text = f"{component.key}: {component.summary}".strip()
        ids[f"c:{component.key}"] = code.get("guid", "")
    by_parent: dict[int | None, list[Tag]] = {}
    for tag in tags:
        by_parent.setdefault(tag.parent_id, []).append(tag)

    def add(tree_parent: Element, parent_id: int | None) -> None:
        for tag in sorted(by_parent.get(parent_id, []), key=lambda t: t.name):
            node = SubElement(tree_parent, "Code", guid=guid("tag", tag.team_id, tag.pk), name=tag.name,
                              isCodable="true")
            ids[f"t:{tag.pk}"] = node.get("guid", "")
            add(node, tag.pk)

    add(codes, None)
    return ids


def export_codebook(team_id: int) -> bytes:
    root = Element("CodeBook", xmlns=CODEBOOK_NS, origin=ORIGIN)
    _codebook(root, coding_components(), list(Tag.objects.filter(team_id=team_id)), CODEBOOK_NS)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode("utf-8")


def export_project(team_id: int, name: str) -> bytes:
    """The team's sources and usable codings as a .qdpx archive. Sources any withdrawn participant
    took part in are left out whole, and nothing names a participant."""
    components = coding_components()
    tags = list(Tag.objects.filter(team_id=team_id))
    _people, withdrawn_sources = withdrawn_scope(team_id)
    sources = list(Source.objects.filter(team_id=team_id).exclude(pk__in=withdrawn_sources).order_by("id"))
    excerpts = (usable_excerpts(Excerpt.objects.filter(source__in=sources), team_id)
                .select_related("coder").prefetch_related("components", "tags").order_by("source_id", "start", "id"))
    by_source: dict[int, list[Excerpt]] = {}
    coders = {}
    for excerpt in excerpts:
        by_source.setdefault(excerpt.source_id, []).append(excerpt)
        if excerpt.coder:
            coders[excerpt.coder_id] = excerpt.coder
    now = timezone.now()
    root = Element("Project", {"xmlns": PROJECT_NS, "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                               "xsi:schemaLocation": f"{PROJECT_NS} {SCHEMA_LOCATION}"},
                   name=name, origin=ORIGIN, creationDateTime=_stamp(now))
    if coders:
        users = SubElement(root, "Users")
        for coder in coders.values():
            SubElement(users, "User", guid=guid("user", coder.pk), name=coder.username)
    ids = _codebook(root, components, tags, PROJECT_NS)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        if sources:
            container = SubElement(root, "Sources")
            for source in sources:
                source_guid = guid("source", source.team_id, source.pk)
                node = SubElement(container, "TextSource", guid=source_guid, name=source.title,
                                  plainTextPath=f"internal://{source_guid}.txt", creationDateTime=_stamp(source.imported_at))
                zf.writestr(f"Sources/{source_guid}.txt", source.text.encode("utf-8"))
                for excerpt in by_source.get(source.pk, []):
                    attrs = {"guid": guid("excerpt", excerpt.pk), "name": excerpt.text[:60],
                             "startPosition": str(excerpt.start), "endPosition": str(excerpt.end),
                             "creationDateTime": _stamp(excerpt.created_at)}
                    if excerpt.coder_id:
                        attrs["creatingUser"] = guid("user", excerpt.coder_id)
                    selection = SubElement(node, "PlainTextSelection", **attrs)
                    if excerpt.memo:
                        SubElement(selection, "Description").text = excerpt.memo
                    targets = [ids.get(f"c:{c.key}") for c in excerpt.components.all()]
                    targets += [ids.get(f"t:{t.pk}") for t in excerpt.tags.all()]
                    for target in filter(None, targets):
                        coding = SubElement(selection, "Coding", guid=guid("coding", excerpt.pk, target))
                        SubElement(coding, "CodeRef", targetGUID=target)
        xml = tostring(root, encoding="unicode")
        zf.writestr("project.qde", '<?xml version="1.0" encoding="utf-8"?>\n' + xml)
    return archive.getvalue()


# ---------------------------------------------------------------- reading

@dataclass
class Code:
    guid: str
    name: str
    path: list[str]
    codable: bool
    description: str = ""


@dataclass
class RefiReport:
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (name, status, message)
    components_matched: list[str] = field(default_factory=list)
    tags_created: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for _, s, _ in self.items if s == status)

    @property
    def summary(self) -> str:
        return (f"{self.count(IMPORTED)} sources imported, {self.count(DUPLICATE)} skipped as duplicates, "
                f"{self.count(FAILED)} failed; {len(self.components_matched)} codes matched model components, "
                f"{len(self.tags_created)} kept as free tags")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: Any, name: str) -> list[Any]:
    return [child for child in node if _local(child.tag) == name]


def _walk_codes(node: Any, path: list[str], out: dict[str, Code]) -> None:
    for code in _children(node, "Code"):
        name = (code.get("name") or "").strip()
        code_guid = (code.get("guid") or "").strip().strip("{}").upper()
        if not name or not code_guid:
            raise RefiError("A code in the codebook has no name or no GUID.")
        description = next((d.text or "" for d in _children(code, "Description")), "")
        out[code_guid] = Code(code_guid, name, [*path, name], (code.get("isCodable") or "true").lower() == "true", description)
        _walk_codes(code, [*path, name], out)


def _parse_xml(data: bytes, what: str) -> Any:
    try:
        return SafeET.fromstring(data)
    except SafeET.ParseError as exc:
        raise RefiError(f"{what} is not well-formed XML ({exc}).") from None
    except Exception as exc:  # defusedxml refuses entity tricks with its own exception types
        raise RefiError(f"{what} was refused: {exc.__class__.__name__}.") from None


def read_codebook(data: bytes) -> dict[str, Code]:
    root = _parse_xml(data, "The codebook")
    if _local(root.tag) != "CodeBook":
        raise RefiError("This is not a REFI-QDA codebook: its root element is not CodeBook.")
    codes: dict[str, Code] = {}
    for container in _children(root, "Codes"):
        _walk_codes(container, [], codes)
    return codes


def _component_for(code: Code, components: list[Component]) -> Component | None:
    by_guid = {guid("component", c.key): c for c in components}
    if code.guid in by_guid:
        return by_guid[code.guid]
    wanted = code.name.casefold()
    key_in_description = code.description.split(":", 1)[0].strip()
    return next((c for c in components if c.title.casefold() == wanted or c.key == wanted or c.key == key_in_description), None)


def _tag_for(team_id: int, path: list[str]) -> tuple[Tag, bool]:
    parent, created = None, False
    for name in path:
        parent, made = Tag.objects.get_or_create(team_id=team_id, parent=parent, name=name[:120])
        created = created or made
    assert parent is not None
    return parent, created


def map_codes(team_id: int, codes: dict[str, Code], report: RefiReport) -> dict[str, tuple[Component | None, Tag | None]]:
    components = coding_components()
    mapped: dict[str, tuple[Component | None, Tag | None]] = {}
    for code in codes.values():
        component = _component_for(code, components)
        if component is not None:
            mapped[code.guid] = (component, None)
            report.components_matched.append(code.name)
        elif code.codable:
            tag, created = _tag_for(team_id, [p for p in code.path if p not in {c.get_part_display() for c in components}] or [code.name])
            mapped[code.guid] = (None, tag)
            if created:
                report.tags_created.append(tag.path)
    return mapped


def import_codebook(team_id: int, data: bytes) -> RefiReport:
    report = RefiReport()
    codes = read_codebook(data)
    with transaction.atomic():
        map_codes(team_id, codes, report)
    return report


def _open_archive(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RefiError("This is not a .qdpx project: it is not a zip archive.") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise RefiError(f"The archive holds {len(members):,} files, too many for a project.")
    if sum(m.file_size for m in members) > MAX_ARCHIVE_BYTES:
        raise RefiError("The archive would unpack to more than 200 MB (it may be a zip bomb).")
    if any(m.flag_bits & 0x1 for m in members):
        raise RefiError("The archive is password-protected.")
    if "project.qde" not in {m.filename for m in members}:
        raise RefiError("The archive has no project.qde inside it, so it is not a REFI-QDA project.")
    return archive


def _source_text(archive: zipfile.ZipFile, node: Any) -> tuple[str, bytes] | None:
    """(file name, bytes) of a TextSource's plain text, from inline content or the archive."""
    inline = _children(node, "PlainTextContent")
    if inline:
        return "inline.txt", (inline[0].text or "").encode("utf-8")
    for attribute in ("plainTextPath", "richTextPath"):
        path = node.get(attribute) or ""
        if path.startswith("internal://"):
            member = "Sources/" + path[len("internal://"):]
            try:
                return member, archive.read(member)
            except KeyError:
                raise RefiError(f"{member} is named by the project but missing from the archive.") from None
        if path:
            raise RefiError(f"the source refers to an outside file ({path}); only internal:// sources can be imported.")
    return None


def import_project(acting_user: Any, team: Any, data: bytes) -> RefiReport:
    """Each source with its codings is imported on its own; a bad archive writes nothing at all."""
    archive = _open_archive(data)
    root = _parse_xml(archive.read("project.qde"), "project.qde")
    if _local(root.tag) != "Project" or not root.tag.startswith(f"{{{PROJECT_NS}}}"):
        raise RefiError(f"project.qde is not a REFI-QDA project (expected a Project element in {PROJECT_NS}).")
    users = {(u.get("guid") or "").strip("{}").upper(): u.get("name") or "" for u in
             [x for node in _children(root, "Users") for x in _children(node, "User")]}
    codes: dict[str, Code] = {}
    for book in _children(root, "CodeBook"):
        for container in _children(book, "Codes"):
            _walk_codes(container, [], codes)
    report = RefiReport()
    with transaction.atomic():
        mapped = map_codes(team.pk, codes, report)
    origin = root.get("origin") or "another tool"
    for node in [x for container in _children(root, "Sources") for x in container]:
        name = node.get("name") or "Untitled source"
        if _local(node.tag) != "TextSource":
            report.items.append((name, FAILED, f"{_local(node.tag)} sources are not supported yet; only text sources"))
            continue
        try:
            found = _source_text(archive, node)
        except RefiError as exc:
            report.items.append((name, FAILED, str(exc)))
            continue
        if found is None:
            report.items.append((name, FAILED, "the source has no text"))
            continue
        filename, raw = found
        report.items.append(_import_source(acting_user, team, node, name, filename, raw, mapped, users, origin))
    return report


def _import_source(acting_user: Any, team: Any, node: Any, name: str, filename: str, raw: bytes,
                   mapped: dict[str, tuple[Component | None, Tag | None]], users: dict[str, str], origin: str) -> tuple[str, str, str]:
    from .coding import Passage, do_code_passage  # local: coding imports this module's neighbours

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "txt"
    stored = ""
    try:
        with transaction.atomic():
            result = import_one(acting_user, team, ImportItem(f"{name}.{suffix}", lambda: raw, title=name))
            if result.status != IMPORTED:
                raise _Skip(result.status, result.message)
            source = Source.objects.get(pk=result.source_id)
            stored = source.original.name
            made = 0
            for selection in _children(node, "PlainTextSelection"):
                start, end = int(selection.get("startPosition", "-1")), int(selection.get("endPosition", "-1"))
                if not 0 <= start < end <= len(source.text):
                    raise _Skip(FAILED, f"a selection ({start}-{end}) lies outside the text of {len(source.text)} characters")
                targets = [mapped.get((c.get("targetGUID") or "").strip("{}").upper())
                           for coding in _children(selection, "Coding") for c in _children(coding, "CodeRef")]
                components = [c for c, _ in filter(None, targets) if c is not None]
                tags = [t for _, t in filter(None, targets) if t is not None]
                if not components and not tags:
                    continue
                memo_parts = [d.text or "" for d in _children(selection, "Description")]
                coder = users.get((selection.get("creatingUser") or "").strip("{}").upper(), "")
                memo_parts.append(f"Imported from {origin}" + (f", coded by {coder}" if coder else "") + ".")
                do_code_passage(acting_user, source, Passage(start, end), components=list(dict.fromkeys(components)),
                                kind="example", memo="\n".join(p for p in memo_parts if p), tags=list(dict.fromkeys(tags)),
                                allow_tags_only=True)
                made += 1
    except _Skip as skip:
        _discard_file(stored)
        return name, skip.status, skip.message
    except (ValueError, TypeError) as exc:
        _discard_file(stored)
        return name, FAILED, f"unreadable selection positions ({exc})"
    return name, IMPORTED, f"{made} coded selection{'s' if made != 1 else ''}"


def _discard_file(stored: str) -> None:
    """The source row was rolled back; its stored original must go too."""
    if stored and not Source.objects.filter(original=stored).exists():
        Source.original.field.storage.delete(stored)


class _Skip(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def map_tag_to_component(acting_user: Any, tag: Tag, component: Component) -> int:
    """Add `component` to every excerpt carrying `tag` (for codes that arrived as free tags)."""
    excerpts = list(Excerpt.objects.filter(tags=tag).exclude(component_links__component=component))
    with transaction.atomic():
        ExcerptComponent.objects.bulk_create([ExcerptComponent(excerpt=e, component=component) for e in excerpts])
        from connecting_people.audit import log

        log.record(acting_user, log.Action.UPDATE, tag, object_type="fieldwork.tag",
                   changes={"component": [None, component.key]}, note=f"mapped to a component on {len(excerpts)} excerpts")
    return len(excerpts)


def summary_lines(report: RefiReport) -> Iterable[str]:
    for name, status, message in report.items:
        yield f"  {status:<9} {name}: {message}"
