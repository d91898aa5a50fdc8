"""Writing QDA-XML 1.0: a .qdpx project (project.qde plus Sources/*.txt) and a .qdc codebook.

Whatever came from another tool goes back under the GUID it came with (sources, selections, codes,
coders, notes, sets), so that tool merges our export into its project instead of duplicating it; the
rest gets stable GUIDs derived from our ids. Positions count Unicode code points of the text we write
(UTF-8 without a byte-order mark, line breaks as LF); see docs/refi-qda.md."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree.ElementTree import Element, SubElement, tostring  # building only; parsing uses defusedxml

from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.fieldwork.coding import coding_components
from connecting_people.fieldwork.evidence import usable_excerpts, withdrawn_scope
from connecting_people.fieldwork.models import (
    CodeIdentity,
    CodeSet,
    Excerpt,
    ExternalCoder,
    ItemLink,
    Note,
    Source,
    Tag,
)
from connecting_people.interventions.models import Component

from .ids import our_guid
from .project import CODEBOOK_NS, PROJECT_NS

SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
ORIGIN = "Connecting People"


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml(root: Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode("utf-8")


class Codebook:
    """The team's codebook with the GUIDs each code is known by: parts, components, free tags."""

    def __init__(self, team_id: int) -> None:
        self.components: list[Component] = coding_components()
        self.tags = list(Tag.objects.filter(team_id=team_id).order_by("name", "id"))
        identities = CodeIdentity.objects.filter(team_id=team_id).order_by("id")
        self._component_guids: dict[str, str] = {}
        self._part_guids: dict[str, str] = {}
        self._colours: dict[str, str] = {}
        for identity in identities:
            if identity.component_key:
                self._component_guids.setdefault(identity.component_key, identity.guid)
            elif identity.part:
                self._part_guids.setdefault(identity.part, identity.guid)
            if identity.color:
                self._colours.setdefault(identity.guid, identity.color)
        self.team_id = team_id

    def component_guid(self, component: Component) -> str:
        return self._component_guids.get(component.key) or our_guid("component", component.key)

    def part_guid(self, part: str) -> str:
        return self._part_guids.get(part) or our_guid("part", part)

    def tag_guid(self, tag: Tag) -> str:
        return tag.guid or our_guid("tag", tag.team_id, tag.pk)

    def write(self, codes: Element, notes_by_code: dict[str, list[str]]) -> None:
        parts: dict[str, Element] = {}
        for component in self.components:
            part = parts.get(component.part)
            if part is None:
                part_guid = self.part_guid(component.part)
                part = SubElement(
                    codes, "Code", guid=part_guid, name=component.get_part_display(), isCodable="false"
                )
                self._colour(part, part_guid)
                parts[component.part] = part
            code_guid = self.component_guid(component)
            code = SubElement(part, "Code", guid=code_guid, name=component.title, isCodable="true")
            self._colour(code, code_guid)
            SubElement(code, "Description").text = f"{component.key}: {component.summary}".strip()
            for note_guid in notes_by_code.get(code_guid, []):
                SubElement(code, "NoteRef", targetGUID=note_guid)
        children: dict[int | None, list[Tag]] = {}
        for tag in self.tags:
            children.setdefault(tag.parent_id, []).append(tag)
        stack: list[tuple[Element, Tag]] = [(codes, t) for t in reversed(children.get(None, []))]
        while stack:  # iterative, as the reader is: any depth a codebook has
            parent, tag = stack.pop()
            attrs = {
                "guid": self.tag_guid(tag),
                "name": tag.name,
                "isCodable": "true" if tag.codable else "false",
            }
            if tag.color:
                attrs["color"] = tag.color
            node = SubElement(parent, "Code", attrs)
            if tag.description:
                SubElement(node, "Description").text = tag.description
            for note_guid in notes_by_code.get(attrs["guid"], []):
                SubElement(node, "NoteRef", targetGUID=note_guid)
            stack.extend((node, child) for child in reversed(children.get(tag.pk, [])))

    def _colour(self, node: Element, code_guid: str) -> None:
        if code_guid in self._colours:
            node.set("color", self._colours[code_guid])

    def targets(self, excerpt: Excerpt) -> list[str]:
        return [self.component_guid(c) for c in excerpt.components.all()] + [
            self.tag_guid(t) for t in excerpt.tags.all()
        ]


def export_codebook(team_id: int) -> bytes:
    root = Element("CodeBook", xmlns=CODEBOOK_NS, origin=ORIGIN)
    Codebook(team_id).write(SubElement(root, "Codes"), {})
    return _xml(root)


def _user_guids(team_id: int, users: dict[int, User]) -> dict[int, tuple[str, str]]:
    """user id -> (GUID, name): a coder from another tool keeps the GUID and name that tool gave them."""
    out = {pk: (our_guid("user", pk), user.display_name) for pk, user in users.items()}
    for coder in ExternalCoder.objects.filter(team_id=team_id, user_id__in=list(users)).order_by("id"):
        if out[coder.user_id][0] == our_guid("user", coder.user_id):
            out[coder.user_id] = (coder.guid, coder.name)
    return out


def export_project(team_id: int, name: str) -> bytes:
    """The team's sources and usable codings as a .qdpx archive. Sources any withdrawn participant
    took part in are left out whole, and nothing names a participant."""
    codebook = Codebook(team_id)
    _people, withdrawn_sources = withdrawn_scope(team_id)
    sources = list(Source.objects.filter(team_id=team_id).exclude(pk__in=withdrawn_sources).order_by("id"))
    exported_ids = {s.pk for s in sources}
    excerpts = (
        usable_excerpts(Excerpt.objects.filter(source__in=sources), team_id)
        .select_related("coder")
        .prefetch_related("components", "tags")
        .order_by("source_id", "start", "id")
    )
    by_source: dict[int, list[Excerpt]] = {}
    coders: dict[int, User] = {}
    for excerpt in excerpts:
        by_source.setdefault(excerpt.source_id, []).append(excerpt)
        if excerpt.coder is not None:
            coders[excerpt.coder.pk] = excerpt.coder
    exported_excerpts = {e.pk for items in by_source.values() for e in items}
    notes = [
        n
        for n in Note.objects.filter(team_id=team_id).order_by("id")
        if (n.source_id is None or n.source_id in exported_ids)
        and (n.excerpt_id is None or n.excerpt_id in exported_excerpts)
    ]
    notes_on: dict[tuple[str, int | str], list[str]] = {}
    tag_guids = {t.pk: codebook.tag_guid(t) for t in codebook.tags}
    for note in notes:
        if note.excerpt_id:
            notes_on.setdefault(("excerpt", note.excerpt_id), []).append(note.guid)
        elif note.source_id:
            notes_on.setdefault(("source", note.source_id), []).append(note.guid)
        elif note.tag_id:
            notes_on.setdefault(("code", tag_guids[note.tag_id]), []).append(note.guid)
        elif note.code_guid:
            notes_on.setdefault(("code", note.code_guid), []).append(note.guid)
        elif note.on_project:
            notes_on.setdefault(("project", 0), []).append(note.guid)
    users = _user_guids(team_id, coders)
    now = timezone.now()
    root = Element(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": f"{PROJECT_NS} {SCHEMA_LOCATION}",
        },
        name=name,
        origin=ORIGIN,
        creationDateTime=_stamp(now),
    )
    if users:
        container = SubElement(root, "Users")
        for user_guid, user_name in sorted(set(users.values())):
            SubElement(container, "User", guid=user_guid, name=user_name)
    codebook.write(
        SubElement(SubElement(root, "CodeBook"), "Codes"),
        {guid: refs for (kind, guid), refs in notes_on.items() if kind == "code" and isinstance(guid, str)},
    )
    variables = sorted({key for s in sources for key in s.attributes if key != "Case"})
    if variables:
        container = SubElement(root, "Variables")
        for variable in variables:
            SubElement(
                container,
                "Variable",
                guid=our_guid("variable", team_id, variable),
                name=variable,
                typeOfVariable="Text",
            )
    cases: dict[str, list[Source]] = {}
    for source in sources:
        if source.attributes.get("Case"):
            cases.setdefault(str(source.attributes["Case"]), []).append(source)
    if cases:
        container = SubElement(root, "Cases")
        for case_name, members in sorted(cases.items()):
            case = SubElement(container, "Case", guid=our_guid("case", team_id, case_name), name=case_name)
            for member in members:
                SubElement(
                    case, "SourceRef", targetGUID=member.guid or our_guid("source", member.team_id, member.pk)
                )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        if sources:
            container = SubElement(root, "Sources")
            for source in sources:
                _write_source(
                    zf,
                    container,
                    source,
                    by_source.get(source.pk, []),
                    codebook,
                    users,
                    notes_on,
                    team_id,
                    variables,
                )
        if notes:
            container = SubElement(root, "Notes")
            for note in notes:
                attrs = {"guid": note.guid, "name": note.title or "Note"}
                if note.author_id and note.author_id in users:
                    attrs["creatingUser"] = users[note.author_id][0]
                if note.created_at:
                    attrs["creationDateTime"] = _stamp(note.created_at)
                SubElement(SubElement(container, "Note", attrs), "PlainTextContent").text = note.text
        written = {node.get("guid") for node in root.iter() if node.get("guid")}
        links = [
            link
            for link in ItemLink.objects.filter(team_id=team_id)
            if link.origin_guid in written and link.target_guid in written
        ]
        if links:
            container = SubElement(root, "Links")
            for link in links:
                attrs = {
                    "guid": link.guid,
                    "name": link.name,
                    "originGUID": link.origin_guid,
                    "targetGUID": link.target_guid,
                }
                attrs.update({k: v for k, v in (("direction", link.direction), ("color", link.color)) if v})
                SubElement(container, "Link", attrs)
        source_guids = {s.pk: s.guid or our_guid("source", s.team_id, s.pk) for s in sources}
        sets = list(CodeSet.objects.filter(team_id=team_id).prefetch_related("sources").order_by("id"))
        if sets:
            container = SubElement(root, "Sets")
            for item in sets:
                node = SubElement(container, "Set", guid=item.guid, name=item.name)
                if item.description:
                    SubElement(node, "Description").text = item.description
                for code_guid in item.code_guids:
                    SubElement(node, "MemberCode", targetGUID=code_guid)
                for member in item.sources.all():
                    if member.pk in source_guids:
                        SubElement(node, "MemberSource", targetGUID=source_guids[member.pk])
                for note_guid in item.note_guids:
                    SubElement(node, "MemberNote", targetGUID=note_guid)
        for note_guid in notes_on.get(("project", 0), []):
            SubElement(root, "NoteRef", targetGUID=note_guid)
        zf.writestr("project.qde", _xml(root))
    return archive.getvalue()


def _write_source(
    zf: zipfile.ZipFile,
    container: Element,
    source: Source,
    excerpts: list[Excerpt],
    codebook: Codebook,
    users: dict[int, tuple[str, str]],
    notes_on: dict[tuple[str, int | str], list[str]],
    team_id: int,
    variables: list[str],
) -> None:
    source_guid = source.guid or our_guid("source", source.team_id, source.pk)
    node = SubElement(
        container,
        "TextSource",
        guid=source_guid,
        name=source.title,
        plainTextPath=f"internal://{source_guid}.txt",
        creationDateTime=_stamp(source.imported_at),
    )
    if source.description:
        SubElement(node, "Description").text = source.description
    zf.writestr(f"Sources/{source_guid}.txt", source.text.encode("utf-8"))
    for excerpt in excerpts:
        attrs = {
            "guid": excerpt.guid or our_guid("excerpt", excerpt.pk),
            "name": excerpt.text[:60],
            "startPosition": str(excerpt.start),
            "endPosition": str(excerpt.end),
            "creationDateTime": _stamp(excerpt.created_at),
        }
        coder_guid = users[excerpt.coder_id][0] if excerpt.coder_id in users else ""
        if coder_guid:
            attrs["creatingUser"] = coder_guid
        selection = SubElement(node, "PlainTextSelection", attrs)
        if excerpt.memo:
            SubElement(selection, "Description").text = excerpt.memo
        for target in codebook.targets(excerpt):
            coding = SubElement(
                selection,
                "Coding",
                {
                    "guid": our_guid("coding", attrs["guid"], target),
                    **({"creatingUser": coder_guid} if coder_guid else {}),
                },
            )
            SubElement(coding, "CodeRef", targetGUID=target)
        for note_guid in notes_on.get(("excerpt", excerpt.pk), []):
            SubElement(selection, "NoteRef", targetGUID=note_guid)
    for note_guid in notes_on.get(("source", source.pk), []):
        SubElement(node, "NoteRef", targetGUID=note_guid)
    for variable in variables:
        if variable in source.attributes:
            value = SubElement(node, "VariableValue")
            SubElement(value, "VariableRef", targetGUID=our_guid("variable", team_id, variable))
            SubElement(value, "TextValue").text = str(source.attributes[variable])
