"""Importing fieldwork files: each file in its own transaction, so one bad file never stops or
half-writes the batch; every file ends up imported, skipped as a duplicate, or failed with a reason."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from connecting_people.accounts.models import Organisation
from connecting_people.audit import log

from . import originals, search
from .extract import Extracted, ExtractionError, extract
from .models import Participant, Site, Source, Visit, text_digest
from .vocab import SourceKind

IMPORTED, DUPLICATE, FAILED = "imported", "duplicate", "failed"


@dataclass
class ImportItem:
    name: str
    read: Callable[[], bytes]
    site: Site | None = None
    visit: Visit | None = None
    visit_date: dt.date | None = None  # with a site: the visit on that date, created if new
    kind: str = ""
    participants: list[Participant] = field(default_factory=list)
    title: str = ""
    problem: str = ""  # set by the caller (e.g. a manifest row that names an unknown site) to fail the item


@dataclass
class ItemResult:
    name: str
    status: str
    message: str = ""
    source_id: int | None = None


@dataclass
class ImportReport:
    items: list[ItemResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def summary(self) -> str:
        return (
            f"{self.count(IMPORTED)} imported, {self.count(DUPLICATE)} skipped as duplicates, "
            f"{self.count(FAILED)} failed"
        )


def _default_kind(extracted: Extracted) -> str:
    if extracted.format in ("vtt", "srt"):
        return SourceKind.INTERVIEW
    if len({turn.key for turn in extracted.turns}) > 2:
        return SourceKind.FOCUS_GROUP
    return SourceKind.INTERVIEW if extracted.turns else SourceKind.SITE_DOCUMENT


def _title(name: str) -> str:
    stem = PurePath(name).stem.replace("_", " ").replace("-", " ").strip()
    return (stem[:1].upper() + stem[1:])[:300] or "Untitled"


def import_one(acting_user: Any, team: Organisation, item: ImportItem) -> ItemResult:
    if item.problem:
        return ItemResult(item.name, FAILED, item.problem)
    try:
        data = item.read()
    except OSError as exc:
        return ItemResult(item.name, FAILED, f"could not be read: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(team=team, content_hash=digest).only("id", "title").first()
    if existing is not None:
        return ItemResult(item.name, DUPLICATE, f"same content as “{existing.title}”", existing.pk)
    try:
        extracted = extract(
            data,
            item.name,
            max_bytes=settings.FIELDWORK_FILE_MAX_BYTES,
            pdf_max_pages=settings.FIELDWORK_PDF_MAX_PAGES,
            pdf_seconds=settings.FIELDWORK_PDF_SECONDS,
        )
    except ExtractionError as exc:
        return ItemResult(item.name, FAILED, str(exc))
    source = Source(
        team=team,
        title=item.title or _title(item.name),
        kind=item.kind or _default_kind(extracted),
        site=item.site,
        visit=item.visit,
        original_name=PurePath(item.name).name[:300],
        file_format=extracted.format,
        encoding=extracted.encoding,
        size=len(data),
        content_hash=digest,
        text_hash=text_digest(extracted.text),
        text=extracted.text,
        turns=[
            {"speaker": t.speaker, "key": t.key, "start": t.start, "end": t.end, "time": t.time}
            for t in extracted.turns
        ],
        imported_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    stored_name = ""
    try:
        with transaction.atomic():
            if source.site is not None and source.visit is None and item.visit_date is not None:
                source.visit = _visit_on(acting_user, source.site, item.visit_date)
            # Written before the row commits, under a name made from the content: a crash in between
            # leaves a file that the next import of it writes again in place, or `cpi fieldwork gc` removes.
            stored_name = source.original.name = originals.store(source, data)
            source.save()
            source.participants.set(item.participants)
            search.index_new("source", team.pk, [(source.pk, f"{source.title}\n{source.text}")])
            log.record_created(
                acting_user, source, Source.AUDITED_FIELDS, note=f"imported {source.original_name}"
            )
    except IntegrityError:
        # Another import of the same content won the race; nothing of this one is kept.
        originals.delete_unreferenced([stored_name])
        return ItemResult(item.name, DUPLICATE, "the same content was imported at the same moment")
    except Exception:
        originals.delete_unreferenced([stored_name])
        raise
    return ItemResult(
        item.name,
        IMPORTED,
        f"{extracted.format}, {len(extracted.text.split()):,} words"
        + (f", {len(extracted.turns)} speaker turns" if extracted.turns else ""),
        source.pk,
    )


def _visit_on(acting_user: Any, site: Site, day: dt.date) -> Visit:
    visit = Visit.objects.filter(site=site, start_date=day).first()
    if visit is None:
        visit = Visit.objects.create(site=site, start_date=day, purpose="Created by a manifest import")
        log.record_created(acting_user, visit, Visit.AUDITED_FIELDS)
    return visit


def import_items(
    acting_user: Any,
    team: Organisation,
    items: Iterable[ImportItem],
    progress: Callable[[ItemResult], None] | None = None,
) -> ImportReport:
    report = ImportReport()
    for item in items:
        result = import_one(acting_user, team, item)
        report.items.append(result)
        if progress is not None:
            progress(result)
    return report
