"""Importing fieldwork files: the one import loop, used by the web's import jobs, `cpi fieldwork import`,
the demo and the REFI-QDA exchange. Every file ends up imported, skipped as a duplicate, or failed with
a reason, and a file that fails leaves nothing behind.

Files go through in batches. Their text is read in a pool of processes (the extraction needs no
database); each batch is then written in one transaction: its rows in one insert, or, should that fail
(the same content committed meanwhile by another import), each file in its own savepoint, so one file
never half-writes the batch and a crash loses only the batch in progress: what committed stays, and
importing the same files again skips them as duplicates. A batch's search-index rows and
audit entries are written together at its end, in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit import log

from . import originals, search
from .extract import ExtractionError, extract
from .models import Participant, Site, Source, Visit, original_path, text_digest
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
    words: int = 0
    document: str = ""  # the title and text as the search index holds them, made here in the pool
    stored: str = ""  # the original's name in storage
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
        return f"{self.format}, {self.words:,} words" + (
            f", {len(self.turns)} speaker turns" if self.turns else ""
        )


Limits = tuple[int, int, float]


def _read(files: list[tuple[str, bytes, str, str]], team_id: int, limits: Limits) -> list[_Read]:
    """Extract a chunk of (name, data, SHA-256, title) and store the originals that can be read (runs in a
    pool process: it touches no database). Each original is written before its row, under a name made from
    the content: a crash before the row commits leaves a file that the next import of the same content
    writes again in place, or `cpi fieldwork gc` removes."""
    max_bytes, pdf_max_pages, pdf_seconds = limits
    out = []
    for name, data, digest, title in files:
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
        out.append(
            _Read(
                found.text,
                found.format,
                found.encoding,
                turns,
                text_digest(found.text),
                len(found.text.split()),
                search.document(search.source_body(title, found.text)),
                originals.store(Source(team_id=team_id, content_hash=digest), data),
            )
        )
    return out


def _unattributed(read: _Read, item: ImportItem) -> str:
    """A transcript imported with nobody linked says so: until a participant is linked its codings
    count as not attributed and are never offered for the guide."""
    return "; no participant linked yet: link one on its page" if read.turns and not item.participants else ""


def _title(item: ImportItem) -> str:
    if item.title:
        return item.title
    stem = PurePath(item.name).stem.replace("_", " ").replace("-", " ").strip()
    return (stem[:1].upper() + stem[1:])[:300] or "Untitled"


def _rows_per_insert() -> int | None:
    """How many sources one insert writes. Django sends PostgreSQL a multi-row insert as one array per
    column (UNNEST), and psycopg escapes each double quote of the speaker turns' JSON in that array one by
    one in Python: about 1 ms a transcript, half the importer's time. A row per insert costs less
    there; SQLite keeps the multi-row insert."""
    return 1 if connection.vendor == "postgresql" else None


def _exit_with(parent: int) -> None:
    """Start a pool process's watch on the importer: a forked process holds the importer's database
    connection too, so one left behind by a killed importer would keep its transaction (and the locks
    on the rows it wrote) open, and the next import of the same files would wait on it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _pool(count: int) -> Executor | None:
    # A job worker of Django Q2 is a daemonic process, which may not start processes of its own.
    if count < POOL_FROM or multiprocessing.current_process().daemon:
        return None
    workers = min(os.cpu_count() or 1, 8)
    # Forked, so the processes start with Django set up (the storage the originals are written to).
    return (
        ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_exit_with,
            initargs=(os.getpid(),),
        )
        if workers > 1
        else None
    )


def import_items(
    acting_user: User | None,
    team: Organisation,
    items: Sequence[ImportItem],
    batch_done: BatchDone | None = None,
    *,
    batch: int = BATCH,
) -> ImportReport:
    """Import the files in order and report on each, in their order. While one batch is written, the
    pool reads the next."""
    pool = _pool(len(items))
    run = _Run(acting_user, team, items, pool)
    try:
        batches = [list(range(i, min(i + batch, len(items)))) for i in range(0, len(items), batch)]
        ahead = run.prepare(batches[0]) if batches else None
        for following in [*batches[1:], None]:
            current, ahead = ahead, run.prepare(following) if following is not None else None
            if current is not None:
                run.write(current, batch_done)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return ImportReport([run.results[p] for p in range(len(items))])


def import_one(acting_user: User | None, team: Organisation, item: ImportItem) -> ItemResult:
    return import_items(acting_user, team, [item]).items[0]


@dataclass
class _Prepared:
    positions: list[int]
    data: dict[int, bytes]
    digests: dict[int, str]
    new: list[int]  # the positions to extract and write, in order
    repeats: dict[int, int]  # position -> the earlier position with the same content
    extracted: Iterator[_Read]


class _Run:
    def __init__(
        self, acting_user: User | None, team: Organisation, items: Sequence[ImportItem], pool: Executor | None
    ) -> None:
        self.acting_user, self.team, self.items, self.pool = acting_user, team, items, pool
        self.results: dict[int, ItemResult] = {}
        self.first: dict[str, int] = {}  # content -> the position that imports it
        self.visits: dict[tuple[int, dt.date], Visit] = {}
        self.limits: Limits = (
            settings.FIELDWORK_FILE_MAX_BYTES,
            settings.FIELDWORK_PDF_MAX_PAGES,
            settings.FIELDWORK_PDF_SECONDS,
        )

    def _extracted(self, files: list[tuple[str, bytes, str, str]]) -> Iterator[_Read]:
        chunks = [files[i : i + POOL_CHUNK] for i in range(0, len(files), POOL_CHUNK)]
        if self.pool is None:
            return (read for chunk in chunks for read in _read(chunk, self.team.pk, self.limits))
        # Submitted now, so the pool works on them while the batch before is written.
        futures = [self.pool.submit(_read, chunk, self.team.pk, self.limits) for chunk in chunks]
        return (read for future in futures for read in future.result())

    def prepare(self, positions: list[int]) -> _Prepared:
        """Read the files, find those already imported, and start extracting the others."""
        data: dict[int, bytes] = {}
        digests: dict[int, str] = {}
        for position in positions:
            item = self.items[position]
            if item.problem:
                self.results[position] = ItemResult(item.name, FAILED, item.problem)
                continue
            try:
                data[position] = item.read()
            except OSError as exc:
                self.results[position] = ItemResult(
                    item.name, FAILED, f"could not be read: {exc.strerror or exc}"
                )
                continue
            digests[position] = hashlib.sha256(data[position]).hexdigest()
        known = {
            digest: (pk, title)
            for digest, pk, title in Source.objects.filter(
                team=self.team, content_hash__in=set(digests.values())
            ).values_list("content_hash", "pk", "title")
        }
        new, repeats = [], {}
        for position, digest in digests.items():
            if digest in self.first:
                repeats[position] = self.first[digest]
            elif digest in known:
                pk, title = known[digest]
                self.results[position] = ItemResult(
                    self.items[position].name, DUPLICATE, f"same content as “{title}”", pk
                )
            else:
                self.first[digest] = position
                new.append(position)
        extracted = self._extracted(
            [(self.items[p].name, data[p], digests[p], _title(self.items[p])) for p in new]
        )
        return _Prepared(positions, data, digests, new, repeats, extracted)

    def write(self, batch: _Prepared, batch_done: BatchDone | None) -> None:
        """Write one batch in one transaction, each file atomic within it."""
        try:
            with transaction.atomic():
                ready: list[tuple[int, _Read]] = []
                for position, read in zip(batch.new, batch.extracted, strict=True):
                    if read.problem:
                        self.results[position] = ItemResult(self.items[position].name, FAILED, read.problem)
                    else:
                        ready.append((position, read))
                created = self._insert(batch, ready)
                for position, earlier in batch.repeats.items():
                    was, name = self.results[earlier], self.items[position].name
                    self.results[position] = (
                        ItemResult(
                            name, DUPLICATE, f"same content as “{self.items[earlier].name}”", was.source_id
                        )
                        if was.status == IMPORTED
                        else ItemResult(name, was.status, was.message, was.source_id)
                    )
                self._index_and_audit(created)
                if batch_done is not None:
                    batch_done([(p, self.results[p]) for p in batch.positions])
        except Exception:
            # The batch's rows were rolled back; files stored for them must not stay behind. (A process
            # being stopped leaves them, as a kill does: the next import of the same content writes
            # them again in place, or `cpi fieldwork gc` removes them.)
            originals.delete_unreferenced(
                original_path(Source(team=self.team, content_hash=batch.digests[p]), "") for p in batch.new
            )
            raise

    def _insert(
        self, batch: _Prepared, ready: list[tuple[int, _Read]]
    ) -> list[tuple[Source, str, list[Participant]]]:
        """The rows of the files that were read, with their participants: all in one insert inside a
        savepoint; if that fails (another import committed some of the same content after this batch
        was checked for duplicates), again one file per savepoint, so only those files are left out."""
        rows = [(position, read, self._source(batch, position, read)) for position, read in ready]
        links = Source.participants.through
        try:
            with transaction.atomic():
                Source.objects.bulk_create([source for _, _, source in rows], batch_size=_rows_per_insert())
                links.objects.bulk_create(
                    links(source_id=source.pk, participant_id=person.pk)
                    for position, _, source in rows
                    for person in self.items[position].participants
                )
        except IntegrityError:
            rows = [(position, read, self._source(batch, position, read)) for position, read in ready]
            rows = [row for row in rows if self._insert_one(*row)]
        for position, read, source in rows:
            item = self.items[position]
            self.results[position] = ItemResult(
                item.name, IMPORTED, read.summary + _unattributed(read, item), source.pk
            )
        return [(source, read.document, self.items[position].participants) for position, read, source in rows]

    def _insert_one(self, position: int, read: _Read, source: Source) -> bool:
        item = self.items[position]
        try:
            with transaction.atomic():
                source.save()
                source.participants.set(item.participants)
        except IntegrityError:
            # Another import of the same content won the race; nothing of this one is kept.
            self.results[position] = ItemResult(
                item.name, DUPLICATE, "the same content was imported at the same moment"
            )
            return False
        return True

    def _source(self, batch: _Prepared, position: int, read: _Read) -> Source:
        item, data = self.items[position], batch.data[position]
        source = Source(
            team=self.team,
            title=_title(item),
            kind=item.kind or read.default_kind,
            site=item.site,
            visit=item.visit,
            original_name=PurePath(item.name).name[:300],
            file_format=read.format,
            encoding=read.encoding,
            size=len(data),
            content_hash=batch.digests[position],
            original=read.stored,
            text_hash=read.text_hash,
            text=read.text,
            turns=list(read.turns),
            imported_by=self.acting_user if self.acting_user is not None and self.acting_user.pk else None,
        )
        if item.site is not None and item.visit is None and item.visit_date is not None:
            # Outside any file's savepoint: the visit is kept for the files after it.
            source.visit = self._visit_on(item.site, item.visit_date)
        return source

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

    def _index_and_audit(self, created: list[tuple[Source, str, list[Participant]]]) -> None:
        if not created:
            return
        search.index_documents("source", self.team.pk, [(s.pk, document) for s, document, _ in created])
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
                for source, _, people in created
            ],
        )
