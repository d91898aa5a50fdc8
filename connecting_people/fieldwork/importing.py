"""Importing fieldwork files: the one import loop, used by the web's import jobs, `cpi fieldwork import`,
the demo and the REFI-QDA exchange. Every file ends up imported, skipped as a duplicate, or failed with
a reason, and a file that fails leaves nothing behind.

Files go through in batches. Their text is read in a pool of processes (the extraction needs no
database); each batch is then written in one transaction, each file inside it in its own savepoint, so
one bad file never half-writes the batch and a crash loses only the batch in progress: what committed
stays, and importing the same files again skips them as duplicates. A batch's search-index rows and
audit entries are written together at its end, in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit import log

from . import originals, search
from .extract import ExtractionError, extract
from .models import Participant, Site, Source, Visit, text_digest
from .vocab import SourceKind

IMPORTED, DUPLICATE, FAILED = "imported", "duplicate", "failed"
BATCH = 100  # files per transaction
POOL_FROM = 8  # fewer files than this are read in this process: starting a pool would cost more
POOL_CHUNK = 8  # files sent to a pool process at a time


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


# Called inside each batch's transaction with (position in the items, result) for every file of the
# batch, so a caller's own record of the files (an import job's rows) commits with them.
BatchDone = Callable[[list[tuple[int, ItemResult]]], None]


@dataclass(frozen=True)
class _Read:
    """What a pool process makes of one file: everything the row needs, or the reason it cannot be read."""

    text: str = ""
    format: str = ""
    encoding: str = ""
    turns: tuple[dict[str, str | int], ...] = ()
    text_hash: str = ""
    problem: str = ""

    @property
    def default_kind(self) -> str:
        if self.format in ("vtt", "srt"):
            return SourceKind.INTERVIEW
        if len({turn["key"] for turn in self.turns}) > 2:
            return SourceKind.FOCUS_GROUP
        return SourceKind.INTERVIEW if self.turns else SourceKind.SITE_DOCUMENT

    @property
    def summary(self) -> str:
        return f"{self.format}, {len(self.text.split()):,} words" + (
            f", {len(self.turns)} speaker turns" if self.turns else ""
        )


def _read(files: list[tuple[str, bytes]], limits: tuple[int, int, float]) -> list[_Read]:
    """Extract a chunk of files (runs in a pool process, so it touches no database)."""
    max_bytes, pdf_max_pages, pdf_seconds = limits
    out = []
    for name, data in files:
        try:
            found = extract(
                data, name, max_bytes=max_bytes, pdf_max_pages=pdf_max_pages, pdf_seconds=pdf_seconds
            )
        except ExtractionError as exc:
            out.append(_Read(problem=str(exc)))
            continue
        turns: tuple[dict[str, str | int], ...] = tuple(
            {"speaker": t.speaker, "key": t.key, "start": t.start, "end": t.end, "time": t.time}
            for t in found.turns
        )
        out.append(_Read(found.text, found.format, found.encoding, turns, text_digest(found.text)))
    return out


def _title(name: str) -> str:
    stem = PurePath(name).stem.replace("_", " ").replace("-", " ").strip()
    return (stem[:1].upper() + stem[1:])[:300] or "Untitled"


def _pool(count: int) -> Executor | None:
    # A job worker of Django Q2 is a daemonic process, which may not start processes of its own.
    if count < POOL_FROM or multiprocessing.current_process().daemon:
        return None
    workers = min(os.cpu_count() or 1, 8)
    return ProcessPoolExecutor(workers) if workers > 1 else None


def import_items(
    acting_user: User | None,
    team: Organisation,
    items: Sequence[ImportItem],
    batch_done: BatchDone | None = None,
    *,
    batch: int = BATCH,
) -> ImportReport:
    """Import the files in order and report on each, in their order."""
    results: list[ItemResult | None] = [None] * len(items)
    pool = _pool(len(items))
    try:
        for start in range(0, len(items), batch):
            chosen = list(range(start, min(start + batch, len(items))))
            done = _Batch(acting_user, team, items, pool).run(chosen, batch_done)
            for position, result in done:
                results[position] = result
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return ImportReport([r for r in results if r is not None])


def import_one(acting_user: User | None, team: Organisation, item: ImportItem) -> ItemResult:
    return import_items(acting_user, team, [item]).items[0]


class _Batch:
    def __init__(
        self, acting_user: User | None, team: Organisation, items: Sequence[ImportItem], pool: Executor | None
    ) -> None:
        self.acting_user, self.team, self.items, self.pool = acting_user, team, items, pool
        self.visits: dict[tuple[int, dt.date], Visit] = {}

    def _extracted(self, files: list[tuple[str, bytes]]) -> Iterator[_Read]:
        limits = (
            settings.FIELDWORK_FILE_MAX_BYTES,
            settings.FIELDWORK_PDF_MAX_PAGES,
            settings.FIELDWORK_PDF_SECONDS,
        )
        chunks = [files[i : i + POOL_CHUNK] for i in range(0, len(files), POOL_CHUNK)]
        if self.pool is None:
            for chunk in chunks:
                yield from _read(chunk, limits)
        else:
            for done in self.pool.map(_read, chunks, [limits] * len(chunks)):
                yield from done

    def run(self, positions: list[int], batch_done: BatchDone | None) -> list[tuple[int, ItemResult]]:
        results: dict[int, ItemResult] = {}
        data: dict[int, bytes] = {}
        digests: dict[int, str] = {}
        for position in positions:
            item = self.items[position]
            if item.problem:
                results[position] = ItemResult(item.name, FAILED, item.problem)
                continue
            try:
                data[position] = item.read()
            except OSError as exc:
                results[position] = ItemResult(item.name, FAILED, f"could not be read: {exc.strerror or exc}")
                continue
            digests[position] = hashlib.sha256(data[position]).hexdigest()
        known = {
            digest: (pk, title)
            for digest, pk, title in Source.objects.filter(
                team=self.team, content_hash__in=set(digests.values())
            ).values_list("content_hash", "pk", "title")
        }
        first: dict[str, int] = {}  # content -> the position that imports it in this batch
        repeats: dict[int, int] = {}  # position -> the earlier position with the same content
        for position, digest in digests.items():
            if digest in known:
                pk, title = known[digest]
                results[position] = ItemResult(
                    self.items[position].name, DUPLICATE, f"same content as “{title}”", pk
                )
            elif digest in first:
                repeats[position] = first[digest]
            else:
                first[digest] = position
        new = list(first.values())
        stored: list[str] = []
        try:
            with transaction.atomic():
                created: list[tuple[Source, list[Participant]]] = []
                extracted = self._extracted([(self.items[p].name, data[p]) for p in new])
                for position, read in zip(new, extracted, strict=True):
                    item = self.items[position]
                    if read.problem:
                        results[position] = ItemResult(item.name, FAILED, read.problem)
                        continue
                    source = self._source(item, read, data[position], digests[position])
                    try:
                        with transaction.atomic():
                            self._write(item, source, data[position], stored)
                    except IntegrityError:
                        # Another import of the same content won the race; nothing of this one is kept.
                        results[position] = ItemResult(
                            item.name, DUPLICATE, "the same content was imported at the same moment"
                        )
                        continue
                    created.append((source, item.participants))
                    results[position] = ItemResult(item.name, IMPORTED, read.summary, source.pk)
                for position, earlier in repeats.items():
                    was = results[earlier]
                    results[position] = (
                        ItemResult(
                            self.items[position].name,
                            DUPLICATE,
                            f"same content as “{self.items[earlier].name}”",
                            was.source_id,
                        )
                        if was.status == IMPORTED
                        else ItemResult(self.items[position].name, was.status, was.message, was.source_id)
                    )
                self._index_and_audit(created)
                done = [(p, results[p]) for p in positions]
                if batch_done is not None:
                    batch_done(done)
        except Exception:
            # The batch's rows were rolled back; files stored for them must not stay behind. (A process
            # being stopped leaves them, as a kill does: the next import of the same content writes
            # them again in place, or `cpi fieldwork gc` removes them.)
            originals.delete_unreferenced(stored)
            raise
        return done

    def _source(self, item: ImportItem, read: _Read, data: bytes, digest: str) -> Source:
        return Source(
            team=self.team,
            title=item.title or _title(item.name),
            kind=item.kind or read.default_kind,
            site=item.site,
            visit=item.visit,
            original_name=PurePath(item.name).name[:300],
            file_format=read.format,
            encoding=read.encoding,
            size=len(data),
            content_hash=digest,
            text_hash=read.text_hash,
            text=read.text,
            turns=list(read.turns),
            imported_by=self.acting_user if self.acting_user is not None and self.acting_user.pk else None,
        )

    def _write(self, item: ImportItem, source: Source, data: bytes, stored: list[str]) -> None:
        if source.site is not None and source.visit is None and item.visit_date is not None:
            source.visit = self._visit_on(source.site, item.visit_date)
        # Written before the row commits, under a name made from the content: a crash in between
        # leaves a file that the next import of it writes again in place, or `cpi fieldwork gc` removes.
        source.original.name = originals.store(source, data)
        stored.append(source.original.name)
        source.save()
        if item.participants:
            source.participants.set(item.participants)

    def _visit_on(self, site: Site, day: dt.date) -> Visit:
        visit = self.visits.get((site.pk, day))
        if visit is None:
            visit = Visit.objects.filter(site=site, start_date=day).first()
            if visit is None:
                visit = Visit.objects.create(
                    site=site, start_date=day, purpose="Created by a manifest import"
                )
                log.record_created(self.acting_user, visit, Visit.AUDITED_FIELDS)
            self.visits[(site.pk, day)] = visit
        return visit

    def _index_and_audit(self, created: list[tuple[Source, list[Participant]]]) -> None:
        if not created:
            return
        search.index_new("source", self.team.pk, [(s.pk, f"{s.title}\n{s.text}") for s, _ in created])
        plain = [f for f in Source.AUDITED_FIELDS if f != "participants"]
        log.record_many(
            self.acting_user,
            log.Action.CREATE,
            [
                (
                    source,
                    {
                        **{k: [None, v] for k, v in log.snapshot(source, plain).items()},
                        "participants": [None, sorted(str(p.pk) for p in people)],
                    },
                    f"imported {source.original_name}",
                )
                for source, people in created
            ],
        )
