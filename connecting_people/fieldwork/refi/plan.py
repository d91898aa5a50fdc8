"""What an uploaded project holds and what importing it will do, worked out before anything is written:
the import page shows it for confirmation, and the import follows it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from connecting_people.accounts.models import Organisation, User
from connecting_people.accounts.roles import Role
from connecting_people.fieldwork.extract import ExtractionError
from connecting_people.fieldwork.extract.text import decode, refuse_nul
from connecting_people.fieldwork.models import CodeIdentity, ExternalCoder, Source, Tag, text_digest
from connecting_people.interventions.models import Component
from connecting_people.interventions.parts import Part

from . import project as qda
from .archive import Archive
from .ids import our_guid
from .positions import Decision, TextPositions, decide

NEW, ADD, UPDATE, FAIL = "new", "add", "update", "fail"
ACTION_LABELS = {
    NEW: "new source",
    ADD: "same text as a source we hold: codings added as another coder's work",
    UPDATE: "imported before (matched by GUID): changes applied",
    FAIL: "cannot be imported",
}


@dataclass
class SourcePlan:
    node: qda.Source  # the text source (for a PDF, its text representation)
    name: str
    kind: str  # as the project names it: TextSource, PDFSource...
    action: str
    message: str = ""
    raw: bytes = b""
    positions: TextPositions | None = None
    decision: Decision | None = None
    existing: Source | None = None
    selections: int = 0
    codings_by_coder: Counter[str] = field(default_factory=Counter)


@dataclass
class CoderPlan:
    guid: str
    name: str
    codings: int
    user: User | None  # a researcher of ours (already mapped, or the names match)
    known: bool  # mapped by an earlier import


@dataclass
class Plan:
    project: qda.Project
    archive: Archive
    sources: list[SourcePlan]
    coders: list[CoderPlan]
    code_targets: dict[str, str]  # code GUID -> what it becomes, in words
    losses: list[str]

    def count(self, action: str) -> int:
        return sum(1 for s in self.sources if s.action == action)

    @property
    def code_rows(self) -> list[tuple[str, str]]:
        return [(" › ".join(code.path), self.code_targets[code.guid]) for code in self.project.codes]

    @property
    def codings(self) -> int:
        return sum(sum(s.codings_by_coder.values()) for s in self.sources)


def part_for(code: qda.Code) -> str | None:
    """The model's part a code stands for (a top-level code named as a part), or None. A part groups
    components and holds no codings here: a passage is coded to a component."""
    if code.parent is not None:
        return None
    return {label.casefold(): value for value, label in Part.choices}.get(code.name.casefold())


def component_for(
    code: qda.Code, components: list[Component], identities: dict[str, CodeIdentity]
) -> Component | None:
    """The component another tool's code stands for: remembered from an earlier import, our own GUID,
    the component's title or key, or a key at the start of its description (how we write it)."""
    identity = identities.get(code.guid)
    by_key = {c.key: c for c in components}
    if identity is not None and identity.component_key in by_key:
        return by_key[identity.component_key]
    for component in components:
        if code.guid == our_guid("component", component.key):
            return component
    wanted = code.name.casefold()
    described = code.description.split(":", 1)[0].strip()
    return next(
        (c for c in components if c.title.casefold() == wanted or c.key == wanted or c.key == described), None
    )


def describe_codes(
    team: Organisation, codes: list[qda.Code], components: list[Component]
) -> tuple[dict[str, str], dict[str, str]]:
    """What each code becomes, in words, by GUID; and the codes that stand for a part of the model (a
    top-level code named as a part, by `part_for`: GUID -> its name)."""
    tags = {t.guid: t for t in Tag.objects.filter(team=team).exclude(guid="")}
    identities = {i.guid: i for i in CodeIdentity.objects.filter(team=team)}
    out, part_codes = {}, {}
    for code in codes:
        component = component_for(code, components, identities)
        if component is not None:
            out[code.guid] = f"the model's component “{component.title}”"
        elif part_for(code) is not None:
            out[code.guid] = f"the model's part “{code.name}”"
            part_codes[code.guid] = code.name
        elif code.guid in tags:
            out[code.guid] = f"the free tag “{tags[code.guid].path}” (imported before)"
        else:
            out[code.guid] = "a new free tag" + ("" if code.codable else " that groups others")
    return out, part_codes


def text_of(archive: Archive, node: qda.Source | qda.Note) -> bytes | None:
    if node.inline_text is not None:
        return node.inline_text.encode("utf-8")
    return archive.find(node.text_path)


def _source_plan(
    team: Organisation, archive: Archive, project: qda.Project, node: qda.Source, name: str, kind: str
) -> SourcePlan:
    plan = SourcePlan(node, name, kind, NEW)
    raw = text_of(archive, node)
    if raw is None:
        plan.action = FAIL
        plan.message = (
            f"its text is kept outside the project ({node.text_path}); export it with its sources embedded"
            if Archive.is_outside(node.text_path)
            else f"its text file {node.text_path or '(none named)'} is not in the archive"
        )
        return plan
    try:
        decoded, _encoding = decode(raw)
        refuse_nul(decoded)
    except ExtractionError as exc:
        plan.action, plan.message = FAIL, str(exc)
        return plan
    if not decoded.lstrip("\ufeff").strip():
        plan.action, plan.message = FAIL, "its text is empty"
        return plan
    plan.raw = raw
    plan.positions = TextPositions(decoded.removeprefix("\ufeff"))
    spans = [(s.start, s.end) for s in node.selections]
    plan.decision = decide(plan.positions, spans, project.origin) if spans else None
    if (
        plan.decision is not None
        and plan.decision.on_boundaries == 0
        and "no reading" in plan.decision.explanation
    ):
        plan.action = FAIL
        plan.message = (
            f"its selections lie outside its text of {len(plan.positions.text):,} characters in every reading"
        )
        return plan
    plan.selections = len(node.selections)
    for selection in node.selections:
        for coding in selection.codings:
            plan.codings_by_coder[coding.user or selection.user] += 1
    existing = Source.objects.filter(team=team, guid=node.guid).first() if node.guid else None
    if existing is None:
        existing = (
            Source.objects.filter(team=team, text_hash=text_digest(plan.positions.text))
            .only("id", "title", "team_id")
            .first()
        )
        if existing is not None:
            # One of our own sources coming back from another tool (exported under a GUID from its id).
            plan.action = UPDATE if node.guid == our_guid("source", existing.team_id, existing.pk) else ADD
    else:
        plan.action = UPDATE
    plan.existing = existing
    return plan


def researcher_named(team: Organisation, name: str) -> User | None:
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    for user in User.objects.filter(organisation=team, role=Role.RESEARCHER, is_active=True):
        if wanted in {user.username.casefold(), user.get_full_name().casefold(), user.email.casefold()}:
            return user
    return None


def make_plan(team: Organisation, archive: Archive, components: list[Component]) -> Plan:
    project = qda.read_project(archive.project_xml())
    sources: list[SourcePlan] = []
    losses: list[str] = []
    other_kinds: Counter[str] = Counter()
    other_areas = 0
    for node in project.sources:
        if node.kind == "TextSource":
            sources.append(_source_plan(team, archive, project, node, node.name, node.kind))
        elif node.kind == "PDFSource" and node.representation is not None:
            representation = node.representation
            representation.guid = representation.guid or node.guid
            sources.append(_source_plan(team, archive, project, representation, node.name, node.kind))
            other_areas += node.other_selections
        else:
            other_kinds[node.kind] += 1
            other_areas += node.other_selections
    names = {
        "PDFSource": "PDF source without a text representation",
        "PictureSource": "picture",
        "AudioSource": "audio source",
        "VideoSource": "video source",
    }
    for kind, count in sorted(other_kinds.items()):
        losses.append(
            f"{count} {names.get(kind, kind)}{'s' if count != 1 else ''} (only text can be coded here)"
        )
    if other_areas:
        losses.append(
            f"{other_areas} coded areas of PDF pages, pictures, audio or video (only text selections are "
            "imported)"
        )
    if project.graphs:
        losses.append(f"{project.graphs} graph{'s' if project.graphs != 1 else ''} (diagrams are not kept)")
    code_targets, part_codes = describe_codes(team, project.codes, components)
    at_parts = Counter(
        part_codes[coding.code]
        for plan in sources
        if plan.action != FAIL  # a source that cannot be imported is reported as such
        for selection in plan.node.selections
        for coding in selection.codings
        if coding.code in part_codes
    )
    for name, n in sorted(at_parts.items()):
        losses.append(
            f"{n} coding{'s' if n != 1 else ''} to the model's part “{name}” itself (passages are coded to "
            "its components here)"
        )
    counts: Counter[str] = Counter()
    for plan in sources:
        counts.update(plan.codings_by_coder)
    known = {c.guid: c.user for c in ExternalCoder.objects.filter(team=team).select_related("user")}
    known.update({our_guid("user", user.pk): user for user in User.objects.filter(organisation=team)})
    coders = []
    sort_names: dict[str, str] = {
        guid: project.users.get(guid, guid) for guid in set(project.users) | set(counts)
    }
    for guid in sorted(sort_names, key=lambda g: sort_names[g].casefold()):
        if not guid:
            continue
        name = project.users.get(guid, "") or f"User {guid[:8]}"
        if guid in known:
            coders.append(CoderPlan(guid, name, counts[guid], known[guid], True))
        else:
            coders.append(CoderPlan(guid, name, counts[guid], researcher_named(team, name), False))
    return Plan(project, archive, sources, coders, code_targets, losses)
