"""Importing a REFI-QDA project or codebook, and mapping a free tag to a component afterwards.

The archive is read and checked whole before anything is written (`plan.make_plan`). Then the codebook,
the coders and each source with its codings are written, each source in its own transaction, so one
bad source fails alone and is reported; everything that is not imported is listed in the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from connecting_people.accounts.actions import do_create_user
from connecting_people.accounts.models import Organisation, User
from connecting_people.accounts.roles import Role
from connecting_people.audit import log
from connecting_people.fieldwork import evidence_counts, originals
from connecting_people.fieldwork.actions import do_save_participant
from connecting_people.fieldwork.coding import (
    CodingError,
    NewCoding,
    Passage,
    coding_components,
    do_import_codings,
    set_components,
)
from connecting_people.fieldwork.extract.text import decode
from connecting_people.fieldwork.importing import DUPLICATE, IMPORTED, ImportItem, import_one
from connecting_people.fieldwork.models import (
    MAX_CODE_NAME,
    CodeIdentity,
    CodeSet,
    Excerpt,
    ExcerptComponent,
    ExternalCoder,
    ItemLink,
    Note,
    Participant,
    Site,
    Source,
    Tag,
)
from connecting_people.interventions.models import Component

from . import project as qda
from .archive import Archive
from .errors import RefiError
from .ids import our_guid
from .plan import ADD, FAIL, NEW, Plan, SourcePlan, component_for, make_plan, part_for, text_of
from .report import UNCHANGED, RefiReport, SourceResult

# ---------------------------------------------------------------- codebook


@dataclass
class CodeMap:
    components: dict[str, Component] = field(default_factory=dict)  # code GUID -> component
    tags: dict[str, Tag] = field(default_factory=dict)  # code GUID -> tag
    # code GUID -> the name of the model's part it stands for, as the code gives it
    parts: dict[str, str] = field(default_factory=dict)


def _fit(value: str, limit: int, what: str, report: RefiReport) -> str:
    """A value cut to the length we keep, reported whenever anything is cut."""
    if len(value) > limit:
        report.losses.append(
            f"The {what} “{value[:60]}…” has {len(value):,} characters; it was cut to the first {limit}."
        )
    return value[:limit]


def _name(name: str, report: RefiReport) -> str:
    return _fit(name, MAX_CODE_NAME, "code name", report)


TAG_FIELDS = ("name", "description", "color", "codable", "guid")


def _write_codes(
    acting_user: User | None, team: Organisation, codes: list[qda.Code], report: RefiReport
) -> CodeMap:
    """Codes that stand for components (or parts) are remembered as such; the rest become free tags in
    their hierarchy. One audit entry lists what changed in the team's codebook."""
    components = coding_components()
    mapped = CodeMap()
    identities = {i.guid: i for i in CodeIdentity.objects.filter(team=team)}
    by_guid = {t.guid: t for t in Tag.objects.filter(team=team).exclude(guid="")}
    by_place = {(t.parent_id, t.name): t for t in Tag.objects.filter(team=team)}
    created: list[str] = []
    changed: list[str] = []
    for code in codes:  # parents come before their children
        component = component_for(code, components, identities)
        part = None if component is not None else part_for(code)
        if component is not None or part is not None:
            values = {
                "name": _name(code.name, report),
                "component_key": component.key if component else "",
                "part": part or "",
                "description": code.description,
                "color": code.color,
            }
            identity = identities.get(code.guid)
            if identity is None:
                identities[code.guid] = CodeIdentity.objects.create(team=team, guid=code.guid, **values)
            elif any(getattr(identity, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(identity, key, value)
                identity.save()
            if component is not None:
                mapped.components[code.guid] = component
                report.components_matched.append(code.name)
            else:  # a part groups components; a passage is coded to a component, not to a part itself
                mapped.parts[code.guid] = code.name
            continue
        parent = mapped.tags.get(code.parent or "")
        name = _name(code.name, report)
        tag = by_guid.get(code.guid) or by_place.get((parent.pk if parent else None, name))
        if tag is None:
            tag = Tag(team=team, parent=parent, name=name)
        elif tag.guid and tag.guid != code.guid:
            report.losses.append(
                f"The code “{' › '.join(code.path)}” has the same name and place as a tag "
                "imported before from another project; their codings were put together."
            )
        before = log.snapshot(tag, TAG_FIELDS) if tag.pk else None
        tag.name, tag.parent, tag.guid = name, parent, tag.guid or code.guid
        tag.description, tag.color, tag.codable = code.description, code.color, code.codable
        if before is None:
            tag.save()
            created.append(tag.path)
        elif before != log.snapshot(tag, TAG_FIELDS):
            tag.save()
            changed.append(tag.path)
        by_place[(tag.parent_id, tag.name)] = tag
        mapped.tags[code.guid] = tag
    report.tags_created += created
    if created or changed:
        log.record(
            acting_user,
            log.Action.IMPORT,
            team,
            object_type="fieldwork.tag",
            changes={"tags created": [None, created], "tags changed": [None, changed]},
            note=f"codebook: {len(created)} free tags created, {len(changed)} changed",
        )
    return mapped


def do_import_codebook(acting_user: User | None, team: Organisation, data: bytes) -> RefiReport:
    report = RefiReport()
    codes = qda.read_codebook(data)
    with transaction.atomic():
        _write_codes(acting_user, team, codes, report)
    return report


# ---------------------------------------------------------------- coders


def _coders(
    acting_user: User | None, team: Organisation, plan: Plan, chosen: dict[str, User], report: RefiReport
) -> dict[str, User]:
    """Every coder of the project as a user of ours: a researcher (chosen, or matched by name) or an
    account made for them that cannot sign in. Remembered per team by their GUID."""
    users: dict[str, User] = {}
    with transaction.atomic():
        for coder in plan.coders:
            user = chosen.get(coder.guid) or coder.user
            existing = ExternalCoder.objects.filter(team=team, guid=coder.guid).first()
            if user is None and existing is not None:
                user = existing.user
            if user is None:
                base = slugify(coder.name)[:100] or "coder"
                username, n = f"{base}-{coder.guid[:4].lower()}", 1
                while User.objects.filter(username=username).exists():
                    n += 1
                    username = f"{base}-{coder.guid[:4].lower()}-{n}"
                first, _, last = coder.name.partition(" ")
                user = do_create_user(
                    acting_user,
                    password=None,
                    username=username,
                    first_name=first[:150],
                    last_name=last[:150],
                    organisation=team,
                    role=Role.RESEARCHER,
                    is_active=False,
                    job_title=f"Coder in {plan.project.origin}"[:120],
                )
            if existing is None:
                ExternalCoder.objects.create(
                    team=team,
                    guid=coder.guid,
                    name=_fit(coder.name, 300, "coder's name", report),
                    origin=plan.project.origin[:200],
                    user=user,
                )
            elif existing.user_id != user.pk:
                existing.user = user
                existing.save(update_fields=["user"])
            users[coder.guid] = user
    return users


# ---------------------------------------------------------------- sources


def _notes_text(archive: Archive, note: qda.Note) -> str:
    raw = text_of(archive, note)
    if raw is None:
        return ""
    text, _encoding = decode(raw)
    # A NUL (a damaged byte in the note's file) is not text, and PostgreSQL cannot store it.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\x00", "")


@dataclass
class Context:
    acting_user: User | None
    team: Organisation
    plan: Plan
    codes: CodeMap
    coders: dict[str, User]
    notes: dict[str, qda.Note]
    report: RefiReport
    cases: dict[str, CaseChoice] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)  # case GUID -> participant


@dataclass(frozen=True)
class CaseChoice:
    """A case the importer chose to make a participant of one of the team's sites."""

    site: Site
    perspective: str


def _case_participants(ctx: Context, source: Source, node: qda.Source) -> None:
    """Cases chosen as participants take part in the sources they refer to (before their codings are
    written, so each coding is attributed to them like any other participant's)."""
    chosen = [case for case in ctx.plan.project.cases if case.guid in ctx.cases and node.guid in case.sources]
    if not chosen:
        return
    before = log.snapshot(source, ("site", "participants"))
    for case in chosen:
        choice = ctx.cases[case.guid]
        participant = ctx.participants.get(case.guid)
        if participant is None:
            pseudonym = _fit(case.name, 80, "case name", ctx.report)
            participant = Participant.objects.filter(site=choice.site, pseudonym=pseudonym).first()
            if participant is None:
                participant = do_save_participant(
                    ctx.acting_user,
                    Participant(
                        site=choice.site,
                        pseudonym=pseudonym,
                        perspective=choice.perspective,
                        notes=f"A case in a project from {ctx.plan.project.origin}.",
                    ),
                )
            ctx.participants[case.guid] = participant
        source.participants.add(participant)
        if source.site_id is None:
            source.site = choice.site
    source.save(update_fields=["site"])
    log.record_updated(
        ctx.acting_user, source, before, ("site", "participants"), note="cases from another tool"
    )


def _attach_notes(ctx: Context, guids: list[str], **target: object) -> None:
    for note_guid in guids:
        note = ctx.notes.get(note_guid)
        if note is None:
            continue
        author = ctx.coders.get(note.user)
        created = parse_datetime(note.created) if note.created else None
        obj, made = Note.objects.update_or_create(
            team=ctx.team,
            guid=note.guid,
            defaults={
                "title": _fit(note.name, 300, "note title", ctx.report),
                "text": _notes_text(ctx.plan.archive, note),
                "author": author,
                "created_at": created if created and created.tzinfo else None,
                **target,
            },
        )
        if made:
            ctx.report.notes += 1
            log.record_created(ctx.acting_user, obj, Note.AUDITED_FIELDS, note="imported note")


def _excerpt_groups(selection: qda.Selection) -> list[tuple[str, str, list[str]]]:
    """(coder GUID, excerpt GUID, code GUIDs) per coder: one selection coded by two users is two codings
    of the same words, one each. The selection's own creator keeps its GUID."""
    by_coder: dict[str, list[str]] = {}
    for coding in selection.codings:
        by_coder.setdefault(coding.user or selection.user, []).append(coding.code)
    if not by_coder:
        return []
    primary = selection.user if selection.user in by_coder else next(iter(by_coder))
    return [
        (
            coder,
            selection.guid
            if coder == primary or not selection.guid
            else our_guid("selection", selection.guid, coder),
            codes,
        )
        for coder, codes in by_coder.items()
    ]


def _write_selections(ctx: Context, source: Source, plan: SourcePlan) -> tuple[int, int, int]:
    """(added, updated, unchanged) codings of one source."""
    assert plan.positions is not None
    reading = plan.decision.reading if plan.decision else None
    # Our own codings went out under GUIDs derived from their ids; they come back to the same codings.
    existing = {
        e.guid or our_guid("excerpt", e.pk): e
        for e in Excerpt.objects.filter(source=source).prefetch_related("components", "tags")
    }
    updated = unchanged = 0
    new_codings: list[tuple[NewCoding, list[str]]] = []
    partly: Counter[str] = Counter()  # a code not kept, in words -> passages imported with their other codes
    for selection in plan.node.selections:
        start = plan.positions.to_text(selection.start, reading) if reading else None
        end = plan.positions.to_text(selection.end, reading) if reading else None
        if start is None or end is None or not 0 <= start < end <= len(source.text):
            raise RefiError(
                f"a selection ({selection.start}–{selection.end}) lies outside the text of "
                f"{len(source.text):,} characters"
            )
        coded = False
        dropped: list[str] = []  # the codes of this passage not kept, in words
        for coder_guid, excerpt_guid, code_guids in _excerpt_groups(selection):
            components = list(
                dict.fromkeys(ctx.codes.components[g] for g in code_guids if g in ctx.codes.components)
            )
            tags = list(dict.fromkeys(ctx.codes.tags[g] for g in code_guids if g in ctx.codes.tags))
            for g in code_guids:
                if g in ctx.codes.parts:
                    dropped.append(f"the model's part “{ctx.codes.parts[g]}” itself")
                elif g not in ctx.codes.components and g not in ctx.codes.tags:
                    dropped.append(f"a code that is not in the codebook ({g})")
            if not components and not tags:
                continue
            coded = True
            coder = ctx.coders.get(coder_guid) or ctx.acting_user
            ctx.report.codings_by_coder[coder.display_name if coder else "unknown"] += 1
            current = existing.get(excerpt_guid)
            if current is None:
                new_codings.append(
                    (
                        NewCoding(
                            Passage(start, end), components, tags, selection.description, coder, excerpt_guid
                        ),
                        selection.notes,
                    )
                )
                continue
            same = (
                current.start,
                current.end,
                current.memo,
                {c.pk for c in current.components.all()},
                {t.pk for t in current.tags.all()},
            ) == (start, end, selection.description, {c.pk for c in components}, {t.pk for t in tags})
            if same:
                unchanged += 1
            else:
                _update_excerpt(
                    ctx.acting_user, current, Passage(start, end), components, tags, selection.description
                )
                updated += 1
            _attach_notes(ctx, selection.notes, excerpt=current)
        lost = list(dict.fromkeys(dropped))  # each code once, in the order met
        if not coded:
            # A passage marked but given no code we could keep (ATLAS.ti's free quotations, or coded
            # only to a part of the model): no coding to hold it, so its notes go with the source, and
            # the report says what was not kept and why.
            _attach_notes(ctx, selection.notes, source=source)
            words = " ".join(source.text[start:end].split()[:8])
            how = f"coded only to {' and '.join(lost)}" if lost else "marked without a code"
            ctx.report.losses.append(
                f"{plan.name}: a passage {how} (“{words}…”) was not imported as a coding"
                + (", nor its memo" if selection.description else "")
                + ("; its notes were kept with the source." if selection.notes else ".")
            )
        else:
            partly.update(lost)
    made = (
        do_import_codings(
            ctx.acting_user,
            source,
            [c for c, _ in new_codings],
            note=f"{len(new_codings)} codings imported from {ctx.plan.project.origin}",
        )
        if new_codings
        else []
    )
    for excerpt, (_coding, notes) in zip(made, new_codings, strict=True):
        _attach_notes(ctx, notes, excerpt=excerpt)
    for what, n in partly.items():
        ctx.report.losses.append(
            f"{plan.name}: {n} passage{'s were' if n != 1 else ' was'} imported with "
            f"{'their' if n != 1 else 'its'} other codes, without {'their' if n != 1 else 'its'} coding to "
            f"{what}."
        )
    added = len(made)
    return added, updated, unchanged


def _update_excerpt(
    acting_user: User | None,
    excerpt: Excerpt,
    passage: Passage,
    components: list[Component],
    tags: list[Tag],
    memo: str,
) -> None:
    """A coding changed in the other tool since it was last imported: take its new words, codes and memo."""
    with transaction.atomic():
        before = {
            "start": excerpt.start,
            "end": excerpt.end,
            "memo": excerpt.memo,
            "components": sorted(c.key for c in excerpt.components.all()),
            "tags": sorted(t.path for t in excerpt.tags.all()),
        }
        excerpt.start, excerpt.end, excerpt.memo = passage.start, passage.end, memo
        excerpt.text = excerpt.source.text[passage.start : passage.end]
        excerpt.revision += 1
        excerpt.save()
        set_components(excerpt, components)
        excerpt.tags.set(tags)
        after = {
            "start": excerpt.start,
            "end": excerpt.end,
            "memo": excerpt.memo,
            "components": sorted(c.key for c in components),
            "tags": sorted(t.path for t in tags),
        }
        log.record(
            acting_user,
            log.Action.UPDATE,
            excerpt,
            changes=log.changes_between(before, after),
            note="changed in the other tool since the last import",
        )
        evidence_counts.refresh([excerpt.source_id])


def _attributes(ctx: Context, node: qda.Source) -> dict[str, str]:
    variables = ctx.plan.project.variables
    values = {variables[g].name if g in variables else g: v for g, v in node.values.items()}
    for case in ctx.plan.project.cases:
        if node.guid in case.sources:
            values["Case"] = case.name
            values.update({variables[g].name if g in variables else g: v for g, v in case.values.items()})
    return values


def _write_source(ctx: Context, plan: SourcePlan) -> SourceResult:
    stored = ""
    try:
        with transaction.atomic():
            source = _source_row(ctx, plan)
            stored = source.original.name if plan.action == NEW else ""
            return _write_source_content(ctx, plan, source)
    except Exception:
        # The rows were rolled back; a file stored for them must not stay behind.
        originals.delete_unreferenced([stored])
        raise


def _source_row(ctx: Context, plan: SourcePlan) -> Source:
    assert plan.positions is not None
    if plan.action != NEW:
        assert plan.existing is not None
        return Source.objects.get(pk=plan.existing.pk)
    result = import_one(
        ctx.acting_user,
        ctx.team,
        ImportItem(
            f"{plan.name}.txt", lambda: plan.raw, title=_fit(plan.name, 300, "source name", ctx.report)
        ),
    )
    if result.status == DUPLICATE and result.source_id is not None:
        plan.action = ADD  # the same file twice in one project, or imported since the preview
    elif result.status != IMPORTED or result.source_id is None:
        raise RefiError(result.message)
    source = Source.objects.get(pk=result.source_id)
    if source.text != plan.positions.text:
        raise RefiError("its text reads differently here than in the project; it was not imported")
    return source


def _write_source_content(ctx: Context, plan: SourcePlan, source: Source) -> SourceResult:
    node = plan.node
    new = plan.action == NEW
    before = log.snapshot(source, ("guid", "description", "attributes"))
    source.guid = source.guid or node.guid
    source.description = source.description or node.description
    source.attributes = {**source.attributes, **_attributes(ctx, node)}
    source.save(update_fields=["guid", "description", "attributes"])
    if not new:
        log.record_updated(
            ctx.acting_user,
            source,
            before,
            ("guid", "description", "attributes"),
            note=f"codings imported from {ctx.plan.project.origin}",
        )
    _attach_notes(ctx, node.notes, source=source)
    _case_participants(ctx, source, node)
    added, updated, unchanged = _write_selections(ctx, source, plan)
    reading = (
        f"; positions read as {plan.decision.reading.label} ({plan.decision.explanation})"
        if plan.decision
        else ""
    )
    counts = (
        f"{added} codings added"
        + (f", {updated} updated" if updated else "")
        + (f", {unchanged} unchanged" if unchanged else "")
    )
    if new:
        return SourceResult(plan.name, "imported", counts + reading)
    if added == 0 and updated == 0:
        return SourceResult(plan.name, UNCHANGED, f"already here with all {unchanged} codings" + reading)
    status = "added" if plan.action == ADD else "updated"
    return SourceResult(plan.name, status, f"{counts} to “{source.title}”{reading}")


def do_import_project(
    acting_user: User | None,
    team: Organisation,
    data: bytes,
    chosen_coders: dict[str, User] | None = None,
    chosen_cases: dict[str, CaseChoice] | None = None,
) -> RefiReport:
    """Import a .qdpx project. A damaged or unreadable archive raises RefiError with nothing written."""
    archive = Archive(data)
    plan = make_plan(team, archive, coding_components())
    return apply_plan(acting_user, team, plan, chosen_coders or {}, chosen_cases or {})


def apply_plan(
    acting_user: User | None,
    team: Organisation,
    plan: Plan,
    chosen_coders: dict[str, User],
    chosen_cases: dict[str, CaseChoice] | None = None,
) -> RefiReport:
    report = RefiReport(losses=list(plan.losses))
    with transaction.atomic():
        codes = _write_codes(acting_user, team, plan.project.codes, report)
        log.record(
            acting_user,
            log.Action.IMPORT,
            team,
            object_type="fieldwork.project",
            note=f"REFI-QDA project from {plan.project.origin}: {len(plan.sources)} text sources, "
            f"{len(plan.project.codes)} codes",
        )
    ctx = Context(
        acting_user,
        team,
        plan,
        codes,
        _coders(acting_user, team, plan, chosen_coders, report),
        {n.guid: n for n in plan.project.notes},
        report,
        chosen_cases or {},
    )
    for source_plan in plan.sources:
        if source_plan.action == FAIL:
            report.sources.append(SourceResult(source_plan.name, "failed", source_plan.message))
            continue
        try:
            report.sources.append(_write_source(ctx, source_plan))
        except (RefiError, CodingError) as exc:
            report.sources.append(SourceResult(source_plan.name, "failed", str(exc)))
    with transaction.atomic():
        code_notes = [(code.guid, code.notes) for code in plan.project.codes if code.notes]
        for code_guid, guids in code_notes:
            if code_guid in codes.tags:
                _attach_notes(ctx, guids, tag=codes.tags[code_guid])
            else:
                _attach_notes(ctx, guids, code_guid=code_guid)
        _attach_notes(ctx, plan.project.project_notes, on_project=True)
        attached = {n for s in plan.project.sources for n in s.notes} | set(plan.project.project_notes)
        attached |= {n for s in plan.project.sources for sel in s.selections for n in sel.notes}
        attached |= {
            n
            for s in plan.project.sources
            if s.representation
            for sel in s.representation.selections
            for n in sel.notes
        }
        attached |= {n for _, guids in code_notes for n in guids}
        _attach_notes(ctx, [n.guid for n in plan.project.notes if n.guid not in attached])
        _write_sets(ctx)
        _write_links(ctx)
    return report


def _write_links(ctx: Context) -> None:
    for link in ctx.plan.project.links:
        ItemLink.objects.update_or_create(
            team=ctx.team,
            guid=link.guid,
            defaults={
                "name": _fit(link.name, 300, "link name", ctx.report),
                "direction": link.direction[:20],
                "color": link.color,
                "origin_guid": link.origin,
                "target_guid": link.target,
            },
        )
    ctx.report.links = len(ctx.plan.project.links)


def _write_sets(ctx: Context) -> None:
    sources = dict(Source.objects.filter(team=ctx.team).exclude(guid="").values_list("guid", "id"))
    for item in ctx.plan.project.sets:
        obj, made = CodeSet.objects.update_or_create(
            team=ctx.team,
            guid=item.guid,
            defaults={
                "name": _fit(item.name, 300, "set name", ctx.report),
                "description": item.description,
                "code_guids": item.codes,
                "note_guids": item.notes,
            },
        )
        obj.sources.set([sources[g] for g in item.sources if g in sources])
        if made:
            ctx.report.sets += 1
            log.record(
                ctx.acting_user,
                log.Action.CREATE,
                obj,
                object_type="fieldwork.codeset",
                organisation_id=ctx.team.pk,
                note="imported set",
            )


def do_map_tag_to_component(acting_user: User | None, tag: Tag, component: Component) -> int:
    """Add `component` to every excerpt carrying `tag` (for codes that arrived as free tags)."""
    excerpts = list(Excerpt.objects.filter(tags=tag).exclude(component_links__component=component))
    with transaction.atomic():
        ExcerptComponent.objects.bulk_create(
            [ExcerptComponent(excerpt=e, component=component) for e in excerpts]
        )
        evidence_counts.refresh({e.source_id for e in excerpts})
        log.record(
            acting_user,
            log.Action.UPDATE,
            tag,
            object_type="fieldwork.tag",
            changes={"component": [None, component.key]},
            note=f"mapped to a component on {len(excerpts)} excerpts",
        )
    return len(excerpts)
