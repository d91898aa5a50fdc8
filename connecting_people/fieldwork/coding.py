"""Coding passages of a source: finding the passage, working out who said it, and saving codings
without one researcher overwriting another's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.interventions.getters import latest_published_components
from connecting_people.interventions.models import Component

from . import evidence_counts, search
from .extract.speakers import speaker_key
from .models import Excerpt, ExcerptComponent, Participant, Source, Tag


class CodingError(Exception):
    """A coding that cannot be saved, with a message for the researcher."""


class CodingConflict(CodingError):
    pass


@dataclass(frozen=True)
class Passage:
    start: int
    end: int


def locate(text: str, start: int | None, end: int | None, quote: str) -> Passage:
    """Offsets from a selection (start/end) or, for keyboard users, from the quoted words themselves."""
    quote = quote.strip()
    if start is not None and end is not None:
        if not 0 <= start < end <= len(text):
            raise CodingError("The selection is outside the text; select the passage again.")
        if quote and " ".join(text[start:end].split()) != " ".join(quote.split()):
            raise CodingError("The selection and the quoted words differ; select the passage again.")
        if not text[start:end].strip():
            raise CodingError("The selection is only blank space.")
        return _trim(text, start, end)
    if not quote:
        raise CodingError("Select a passage in the text, or type or paste its words.")
    # Any run of spaces or line breaks in the quote matches any run in the text.
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    found = [m for m in re.finditer(pattern, text)]
    if not found:
        raise CodingError("Those words are not in the text. Copy them exactly, or select the passage.")
    if len(found) > 1:
        raise CodingError(
            f"Those words appear {len(found)} times in the text; add a few more words so they are unique."
        )
    return Passage(found[0].start(), found[0].end())


def _trim(text: str, start: int, end: int) -> Passage:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Passage(start, end)


def speaker_at(source: Source, offset: int) -> str:
    for turn in source.turns:
        # A turn's label sits just before turn["start"]; a selection starting on the label belongs to it too.
        line_start = source.text.rfind("\n", 0, turn["start"]) + 1
        if line_start <= offset < max(turn["end"], turn["start"] + 1):
            return turn["speaker"]
    return ""


def speaker_links(source: Source) -> dict[str, Participant]:
    """The source's speaker aliases: speaker key -> the participant a researcher linked it to."""
    return {
        alias.speaker_key: alias.participant for alias in source.speaker_aliases.select_related("participant")
    }


def participant_for(
    source: Source, speaker: str, participants: list[Participant], links: dict[str, Participant]
) -> Participant | None:
    """Who said it: the participant a researcher linked the speaker's label to, else the participant whose
    pseudonym is the label (both compared as speaker keys, so "P1:" is "p1" is "P 1")."""
    if speaker:
        key = speaker_key(speaker)
        if key in links:
            return links[key]
        return next((p for p in participants if speaker_key(p.pseudonym) == key), None)
    # Without speaker turns, a source from one participant is theirs throughout.
    return participants[0] if len(participants) == 1 and not source.turns else None


def coding_components() -> list[Component]:
    """Components of the newest published version: what new codings point at."""
    return latest_published_components()


def tags_from_paths(team_id: int, text: str) -> list[Tag]:
    """'Barriers/Transport, Hobbies' -> the tags, creating any that are new (hierarchy by '/')."""
    tags = []
    for raw in text.split(","):
        names = [n.strip() for n in raw.split("/") if n.strip()]
        parent = None
        for name in names:
            parent, _ = Tag.objects.get_or_create(team_id=team_id, parent=parent, name=name[:120])
        if parent is not None:
            tags.append(parent)
    return tags


def _audit_state(excerpt: Excerpt) -> dict[str, Any]:
    state = log.snapshot(excerpt, Excerpt.AUDITED_FIELDS)
    state["components"] = sorted(excerpt.components.values_list("key", flat=True)) if excerpt.pk else []
    return state


def _apply(
    excerpt: Excerpt,
    source: Source,
    passage: Passage,
    components: list[Component],
    participants: list[Participant] | None = None,
    links: dict[str, Participant] | None = None,
) -> None:
    excerpt.start, excerpt.end = passage.start, passage.end
    excerpt.text = source.text[passage.start : passage.end]
    if participants is None:
        participants = list(source.participants.all())
    _attribute(excerpt, source, participants, speaker_links(source) if links is None else links)


def _attribute(
    excerpt: Excerpt, source: Source, participants: list[Participant], links: dict[str, Participant]
) -> None:
    excerpt.speaker = speaker_at(source, excerpt.start)
    participant = participant_for(source, excerpt.speaker, participants, links)
    excerpt.participant = participant
    excerpt.perspective = participant.perspective if participant else ""


ATTRIBUTION_FIELDS = ("speaker", "participant", "perspective")


def reattribute(acting_user: User | None, source: Source, note: str) -> int:
    """Work out again who said each coded passage of the source, from its speaker turns, its speaker links
    and the register as it stands (after a correction to the register, participants attached after
    coding, or speakers linked to participants). Each coding that changes is saved with an audit entry;
    runs inside the caller's transaction and returns how many changed. The revision is kept, as an open
    edit form re-attributes the same way."""
    participants, links = list(source.participants.all()), speaker_links(source)
    changed = 0
    for excerpt in source.excerpts.select_for_update().order_by("start", "id"):
        before = log.snapshot(excerpt, ATTRIBUTION_FIELDS)
        _attribute(excerpt, source, participants, links)
        diff = log.changes_between(before, log.snapshot(excerpt, ATTRIBUTION_FIELDS))
        if diff:
            excerpt.save(update_fields=[*ATTRIBUTION_FIELDS, "updated_at"])
            log.record(acting_user, log.Action.UPDATE, excerpt, changes=diff, note=note)
            changed += 1
    if changed:
        evidence_counts.refresh([source.pk])
    return changed


def _index(excerpt: Excerpt) -> None:
    search.index(
        "excerpt", excerpt.pk, excerpt.source.team_id, "\n".join(filter(None, [excerpt.text, excerpt.memo]))
    )


def do_code_passage(
    acting_user: User | None,
    source: Source,
    passage: Passage,
    *,
    components: list[Component],
    kind: str,
    memo: str = "",
    tags: list[Tag] | None = None,
    allow_tags_only: bool = False,
    coder: User | None = None,
    guid: str = "",
) -> Excerpt:
    """Code a passage. Researchers always choose a component; imports from other tools may bring
    codes that match none yet (kept as free tags, mapped later), hence `allow_tags_only`, and name
    the coder who did the work in that tool (`coder`, else the acting user) and the selection's GUID."""
    if not components and not (allow_tags_only and tags):
        raise CodingError("Choose at least one component of the model.")
    with transaction.atomic():
        excerpt = Excerpt(source=source, kind=kind, memo=memo, coder=coder or acting_user, guid=guid)
        _apply(excerpt, source, passage, components)
        excerpt.save()
        ExcerptComponent.objects.bulk_create(
            [ExcerptComponent(excerpt=excerpt, component=c) for c in components]
        )
        excerpt.tags.set(tags or [])
        _index(excerpt)
        evidence_counts.refresh([source.pk])
        log.record(
            acting_user,
            log.Action.CREATE,
            excerpt,
            changes={k: [None, v] for k, v in _audit_state(excerpt).items()},
        )
    return excerpt


@dataclass(frozen=True)
class NewCoding:
    """One coding brought in from another tool: whose it is and the GUID it had there."""

    passage: Passage
    components: list[Component]
    tags: list[Tag]
    memo: str
    coder: User | None
    guid: str


def set_components(excerpt: Excerpt, components: list[Component]) -> None:
    """Code the excerpt to exactly these components, keeping the codes it already had (and when each was
    first given, which says what is new evidence since a release)."""
    ExcerptComponent.objects.filter(excerpt=excerpt).exclude(component__in=components).delete()
    existing = set(ExcerptComponent.objects.filter(excerpt=excerpt).values_list("component_id", flat=True))
    ExcerptComponent.objects.bulk_create(
        [ExcerptComponent(excerpt=excerpt, component=c) for c in components if c.pk not in existing]
    )


def do_import_codings(
    acting_user: User | None, source: Source, codings: list[NewCoding], note: str
) -> list[Excerpt]:
    """Many codings of one source at once (an import from another tool): written in bulk, indexed, and
    audited by one entry on the source that lists every coding with its words' place and codes."""
    participants, links = list(source.participants.all()), speaker_links(source)
    excerpts = []
    for coding in codings:
        excerpt = Excerpt(
            source=source,
            kind="example",
            memo=coding.memo,
            coder=coding.coder or acting_user,
            guid=coding.guid,
        )
        _apply(excerpt, source, coding.passage, coding.components, participants, links)
        excerpts.append(excerpt)
    with transaction.atomic():
        Excerpt.objects.bulk_create(excerpts)
        ExcerptComponent.objects.bulk_create(
            [
                ExcerptComponent(excerpt=e, component=c)
                for e, coding in zip(excerpts, codings, strict=True)
                for c in coding.components
            ]
        )
        Excerpt.tags.through.objects.bulk_create(
            [
                Excerpt.tags.through(excerpt=e, tag=t)
                for e, coding in zip(excerpts, codings, strict=True)
                for t in coding.tags
            ]
        )
        evidence_counts.refresh([source.pk])
        search.index_new(
            "excerpt", source.team_id, [(e.pk, "\n".join(filter(None, [e.text, e.memo]))) for e in excerpts]
        )
        log.record(
            acting_user,
            log.Action.IMPORT,
            source,
            note=note,
            changes={
                "codings": [
                    None,
                    [
                        {
                            "id": e.pk,
                            "start": e.start,
                            "end": e.end,
                            "components": sorted(c.key for c in coding.components),
                            "tags": sorted(t.name for t in coding.tags),
                            "coder": getattr(e.coder, "username", ""),
                        }
                        for e, coding in zip(excerpts, codings, strict=True)
                    ],
                ]
            },
        )
    return excerpts


def do_update_excerpt(
    acting_user: User | None,
    excerpt: Excerpt,
    revision: int,
    passage: Passage,
    *,
    components: list[Component],
    kind: str,
    memo: str,
    tags: list[Tag],
) -> Excerpt:
    with transaction.atomic():
        if not components:
            raise CodingError("Choose at least one component of the model.")
        current = Excerpt.objects.select_for_update().get(pk=excerpt.pk)
        if current.revision != revision:
            raise CodingConflict(
                "This coding was changed elsewhere since you opened it (another tab or a colleague). "
                "Nothing was overwritten: reload it to see the latest version, then make your change again."
            )
        before = _audit_state(current)
        current.kind, current.memo = kind, memo
        _apply(current, current.source, passage, components)
        current.revision += 1
        current.save()
        set_components(current, components)
        current.tags.set(tags)
        _index(current)
        evidence_counts.refresh([current.source_id])
        log.record(
            acting_user,
            log.Action.UPDATE,
            current,
            changes=log.changes_between(before, _audit_state(current)),
        )
    return current


def do_delete_excerpt(acting_user: User | None, excerpt: Excerpt) -> None:
    with transaction.atomic():
        log.record(
            acting_user,
            log.Action.DELETE,
            excerpt,
            changes={k: [v, None] for k, v in _audit_state(excerpt).items()},
        )
        search.unindex("excerpt", excerpt.pk)
        excerpt.delete()
        evidence_counts.refresh([excerpt.source_id])
