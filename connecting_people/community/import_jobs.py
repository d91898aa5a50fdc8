"""A directory file a manager uploaded, imported in the background. `actions.do_queue_directory_upload`
keeps the file through the storage API with a `DirectoryUpload` and queues `run_directory_upload`, which
copies it to a folder of its own (a data package is read from a path, as the command reads it) and takes
it through `actions.do_import_directory`, the command's one checked import. Delivery is at least once: a
finished upload returns at once, and the import marks its upload finished in its own transaction, so a
job taken again after its worker died imports the file once."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from django.utils import timezone

from .actions import UploadFinished, do_import_directory, do_refuse_directory_upload
from .models import DirectoryUpload, UploadState
from .oruk.records import ImportRefused

log = logging.getLogger(__name__)


def run_directory_upload(pk: int) -> None:
    """The upload's job."""
    upload = DirectoryUpload.objects.select_related("owner", "started_by").filter(pk=pk).first()
    if upload is None or upload.finished:
        return
    DirectoryUpload.objects.filter(pk=pk, state=UploadState.QUEUED).update(state=UploadState.RUNNING)
    try:
        with tempfile.TemporaryDirectory(prefix="cpi-directory-") as folder:
            path = Path(folder) / f"upload{Path(upload.upload.name or '').suffix or '.zip'}"
            with upload.upload.open("rb") as source, path.open("wb") as target:
                shutil.copyfileobj(source, target)
            try:
                do_import_directory(upload.started_by, upload.owner, path, upload=upload)
            except ImportRefused as refused:
                do_refuse_directory_upload(upload, refused.problems)
    except UploadFinished:
        return
    except Exception:
        log.exception("directory upload %s failed", pk)
        DirectoryUpload.objects.filter(pk=pk, finished_at__isnull=True).update(
            state=UploadState.FAILED,
            finished_at=timezone.now(),
            message="The import stopped with an internal error, and nothing of the file was written. Try "
            "again, and if it fails again tell your administrator.",
        )
    _forget_file(pk)


def _forget_file(pk: int) -> None:
    """The uploaded copy is not needed once the upload is finished: what it held is in the directory."""
    upload = DirectoryUpload.objects.filter(pk=pk).first()
    if upload is not None and upload.finished and upload.upload:
        upload.upload.delete(save=False)
        DirectoryUpload.objects.filter(pk=pk).update(upload="")
