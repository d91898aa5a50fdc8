"""Changes to the fieldwork register; each writes its audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit import log
from connecting_people.audit.saving import delete_with_audit, save_with_audit
from connecting_people.backup import erasure_log
from connecting_people.core.jobs import enqueue
from connecting_people.interventions.models import Component

from . import evidence_counts, originals, search
from .coding import reattribute
from .extract.speakers import speaker_key
from .importing import ImportItem
from .manifest import ManifestRow, apply_row
from .models import Citation, Excerpt, ImportFile, ImportJob, Participant, Site, Source, SpeakerAlias, Visit


def do_save_site(acting_user: User | None, site: Site) -> Site:
    """Save a site. Linking it to an organisation that uses this app asks that organisation to share with
    the team (its practice stories, and its partnership counts for the gold standard); nothing comes until
    a manager there agrees (`stories.do_answer_story_request`), and a site linked to another organisation,
    or to none, waits for a new agreement."""
    before = Site.objects.filter(pk=site.pk).values_list("practice_organisation_id", flat=True).first()
    if site.pk is None or before != site.practice_organisation_id:
        site.research_agreed_at = None
    return save_with_audit(acting_user, site, Site.AUDITED_FIELDS)


def do_save_visit(acting_user: User | None, visit: Visit, researchers: list[Any] | None = None) -> Visit:
    return save_with_audit(
        acting_user,
        visit,
        Visit.AUDITED_FIELDS,
        m2m=None if researchers is None else {"researchers": researchers},
    )


def do_save_participant(acting_user: User | None, participant: Participant) -> Participant:
    """Save a register entry; a corrected perspective or pseudonym reaches every coding of their sources."""
    with transaction.atomic():
        save_with_audit(acting_user, participant, Participant.AUDITED_FIELDS)
        _reattribute(acting_user, list(participant.sources.all()))
    return participant


def _reattribute(acting_user: User | None, sources: list[Source]) -> None:
    # Counts read the perspective through the participant, so they change even when no coding does.
    evidence_counts.refresh([source.pk for source in sources])
    for source in sources:
        n = reattribute(acting_user, source, note="re-attributed from the register")
        if n:
            log.record(
                acting_user,
                log.Action.UPDATE,
                source,
                note=f"{n} coding{'s' if n != 1 else ''} re-attributed from the register",
            )


def do_withdraw_participant(acting_user: User | None, participant: Participant, on: dt.date) -> Participant:
    """From now on their material leaves search, coverage, statistics, exports and guide builds, and the
    original files of the sources they took part in are deleted (the extracted text stays, so the other
    speakers' codings still stand). The erasure log outside the database notes it, so a restored
    backup withdraws them again."""
    if participant.is_withdrawn:
        return participant
    participant.withdrawn_on = on
    with transaction.atomic():
        save_with_audit(acting_user, participant, Participant.AUDITED_FIELDS, note="consent withdrawn")
        stripped = []
        theirs = Source.objects.filter(Q(participants=participant) | Q(excerpts__participant=participant))
        for source in theirs.exclude(original="").distinct().order_by("pk"):
            stripped.append(source.original.name)
            Source.objects.filter(pk=source.pk).update(original="")
            log.record(
                acting_user,
                log.Action.DELETE,
                source,
                object_repr=f"source {source.pk}",
                note=f"original file deleted: participant {participant.pk} withdrew",
            )
        originals.delete_after_commit(stripped)
        evidence_counts.refresh(set(theirs.values_list("pk", flat=True)))
        erasure_log.append_withdrawal(participant)
    return participant


def do_assign_source(
    acting_user: User | None,
    source: Source,
    *,
    site: Site | None,
    visit: Visit | None,
    participants: list[Participant],
    title: str,
    kind: str,
) -> Source:
    source.site, source.visit, source.title, source.kind = site, visit, title, kind
    with transaction.atomic():
        save_with_audit(acting_user, source, Source.AUDITED_FIELDS, m2m={"participants": participants})
        _reattribute(acting_user, [source])
        search.index("source", source.pk, source.team_id, search.source_body(source.title, source.text))
    return source


def do_record_source_view(acting_user: User | None, source: Source, what: str = "read source") -> None:
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, source, note=what)


def do_record_participant_view(acting_user: User | None, participant: Participant) -> None:
    """A participant's page shows their registered name beside the pseudonym: reading it is audited."""
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, participant, note="read participant's details")


def do_link_speakers(acting_user: User | None, source: Source, links: dict[str, Participant | None]) -> int:
    """Set who speaks under each of the source's labels: {label as written: participant, or None to unlink}.
    Labels with one speaker key are one speaker; several labels may name one participant. The source's
    excerpts then follow. Returns how many excerpts were re-attributed."""
    with transaction.atomic():
        existing = {
            alias.speaker_key: alias for alias in source.speaker_aliases.select_related("participant")
        }
        for label, participant in links.items():
            key = speaker_key(label)
            alias = existing.get(key)
            if participant is None:
                if alias is not None:
                    log.record_deleted(acting_user, alias, SpeakerAlias.AUDITED_FIELDS)
                    alias.delete()
            elif alias is None:
                alias = SpeakerAlias.objects.create(
                    source=source, speaker_key=key, label=label, participant=participant
                )
                log.record_created(acting_user, alias, SpeakerAlias.AUDITED_FIELDS)
            elif alias.participant_id != participant.pk:
                before = log.snapshot(alias, SpeakerAlias.AUDITED_FIELDS)
                alias.participant = participant
                alias.save(update_fields=["participant"])
                log.record_updated(acting_user, alias, before, SpeakerAlias.AUDITED_FIELDS)
        return reattribute(acting_user, source, note="speaker linked to a participant")


def do_collect_orphans(acting_user: User | None, grace: dt.timedelta, *, dry_run: bool = False) -> list[str]:
    """Delete stored originals that no source references (left by an import that was killed), older
    than `grace`; returns their names."""
    found = originals.orphans(grace)
    if dry_run or not found:
        return found
    removed = originals.delete_unreferenced(found)
    with transaction.atomic():
        log.record(
            acting_user,
            log.Action.DELETE,
            object_type="fieldwork.original",
            object_id="",
            note=f"{removed} orphan original file{'s' if removed != 1 else ''} removed",
        )
    return found


def do_queue_import(
    acting_user: User,
    team: Organisation,
    uploads: list[UploadedFile],
    *,
    site: Site | None,
    kind: str,
    manifest: list[ManifestRow | None],
    sites: dict[str, Site],
) -> ImportJob:
    """Keep the uploaded files and queue their import (`import_jobs.run_import`); each file is imported
    as its manifest row says (`manifest.match_rows`, one row or None per upload), else into `site` (or
    the inbox) as `kind` (or the type its content suggests). `sites` are the team's, by case-folded name."""
    kept: list[str] = []
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(team=team, started_by=acting_user, total=len(uploads))
            for position, upload in enumerate(uploads):
                name = (upload.name or "")[:300]
                item = apply_row(
                    ImportItem(name, upload.read, site=site, kind=kind),
                    manifest[position] if manifest else None,
                    sites,
                )
                row = ImportFile(
                    job=job,
                    position=position,
                    name=name,
                    site=item.site,
                    visit_date=item.visit_date,
                    kind=item.kind,
                    title=item.title,
                    problem=item.problem,
                )
                # Through the storage API, so a worker on another machine reads it from shared storage.
                row.upload.save(name, upload, save=False)
                kept.append(row.upload.name)
                row.save()
                if item.participants:
                    row.participants.set(item.participants)
            log.record_created(acting_user, job, ImportJob.AUDITED_FIELDS, note="web import queued")
            enqueue("connecting_people.fieldwork.import_jobs.run_import", job.pk)
    except Exception:
        storage = ImportFile.upload.field.storage
        for name in kept:
            storage.delete(name)
        raise
    return job


def do_cite_evidence(
    acting_user: User | None, component: Component, team_id: int, excerpts: list[Excerpt]
) -> None:
    """The team's excerpts cited for a change to a draft component, as chosen: citations added and taken
    out, each audited, all or nothing. A published version's components cannot change."""
    if component.version.is_published:
        raise ValueError("A published version cannot change, so its components cannot cite new evidence.")
    with transaction.atomic():
        existing = {
            c.excerpt_id: c
            for c in Citation.objects.filter(
                component=component, excerpt__source__team_id=team_id
            ).select_related("excerpt__source")
        }
        chosen = {e.pk for e in excerpts}
        for excerpt_id, citation in existing.items():
            if excerpt_id not in chosen:
                delete_with_audit(acting_user, citation, Citation.AUDITED_FIELDS)
        for excerpt in excerpts:
            if excerpt.pk not in existing:
                save_with_audit(
                    acting_user,
                    Citation(component=component, excerpt=excerpt, cited_by=acting_user),
                    Citation.AUDITED_FIELDS,
                )
