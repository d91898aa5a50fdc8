"""Web imports in the background. `actions.do_queue_import` keeps the uploaded files through the storage
API with an `ImportJob` and queues `run_import`, which takes them through the one import loop
(`importing.import_items`) and writes each file's outcome in the transaction that imports it. Delivery
is at least once: a job taken again after its worker died goes on from the files still waiting, and a
finished job returns at once, so no file is imported twice."""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone

from .importing import ImportItem, ItemResult, import_items
from .models import ImportFile, ImportJob, ImportState

BATCH = 10  # files per transaction: the progress page moves on after each
log = logging.getLogger(__name__)


def _read(upload: ImportFile) -> bytes:
    with upload.upload.open("rb") as handle:
        data: bytes = handle.read()
    return data


def _item(upload: ImportFile) -> ImportItem:
    return ImportItem(
        name=upload.name,
        read=lambda: _read(upload),
        site=upload.site,
        visit_date=upload.visit_date,
        kind=upload.kind,
        participants=list(upload.participants.all()),
        title=upload.title,
        problem=upload.problem,
    )


def run_import(pk: int) -> None:
    """The import job."""
    job = ImportJob.objects.select_related("team", "started_by").filter(pk=pk).first()
    if job is None or job.finished:
        return
    ImportJob.objects.filter(pk=pk).update(
        state=ImportState.RUNNING, started_at=job.started_at or timezone.now()
    )
    waiting = list(
        job.files.filter(status=ImportFile.WAITING).select_related("site").prefetch_related("participants")
    )

    def record(done: list[tuple[int, ItemResult]]) -> None:
        changed = []
        for position, result in done:
            upload = waiting[position]
            upload.status, upload.message, upload.source_id = result.status, result.message, result.source_id
            changed.append(upload)
        ImportFile.objects.bulk_update(changed, ["status", "message", "source"])
        ImportJob.objects.filter(pk=pk).update(done=F("done") + len(changed))

    try:
        import_items(job.started_by, job.team, [_item(u) for u in waiting], record, batch=BATCH)
    except Exception:
        log.exception("import job %s failed", pk)
        job.files.filter(status=ImportFile.WAITING).update(
            status="failed", message="Not imported: the import stopped with an internal error."
        )
        _finish(
            job,
            ImportState.FAILED,
            "The import stopped with an internal error. The files imported "
            "before it stopped are kept; try the others again, and if it fails again tell your "
            "administrator.",
        )
        return
    _finish(job, ImportState.DONE, "")


def _finish(job: ImportJob, state: str, message: str) -> None:
    # The uploaded copies are no longer needed: each imported file is kept as its source's original.
    for upload in job.files.exclude(upload=""):
        upload.upload.delete(save=False)
    job.files.update(upload="")
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        message=message,
        finished_at=timezone.now(),
        done=job.files.exclude(status=ImportFile.WAITING).count(),
    )
