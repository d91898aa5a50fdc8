"""The guide's background job: building a draft's files for the web (queued by `actions.do_start_build`,
run by `cpi worker`, see `core/jobs.py`).

A job may be delivered more than once (its worker was killed, and another takes it again), so it is
idempotent: a build that is done or failed is left alone; a build cut short starts over and saves its
files under the same names, so no second copy is left; only one run marks it done (under a row lock,
with its audit entry). A build whose worker died JOB_MAX_ATTEMPTS times is marked failed instead of
being tried for ever."""

from __future__ import annotations

import logging
import os
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F

from .actions import do_fail_build, do_finish_build
from .builds import build_files, build_folder
from .models import Build, BuildStatus

log = logging.getLogger(__name__)


def _begin(pk: int) -> Build | None:
    """Count this attempt and mark the build running; None when there is nothing (more) to do."""
    with transaction.atomic():
        build = Build.objects.select_for_update().select_related("draft__guide").filter(pk=pk).first()
        if build is None or build.finished:
            return None
        Build.objects.filter(pk=pk).update(
            attempts=F("attempts") + 1, status=BuildStatus.RUNNING, progress=5, step="Reading the draft"
        )
        build.attempts += 1
    return build


def _hold(folder: str) -> None:
    """For tests only (tests/test_scale_out.py): with the setting CPI_BUILD_HOLD naming a file, a build
    that has saved a file waits while that file exists, so its worker can be killed in the middle of it.
    It first writes its process id beside that file."""
    hold = getattr(settings, "CPI_BUILD_HOLD", "")
    if not hold or not os.path.exists(hold):
        return
    try:
        if not default_storage.listdir(folder)[1]:
            return
    except FileNotFoundError:
        return
    with open(f"{hold}.{os.getpid()}", "w") as mark:
        mark.write(folder)
    while os.path.exists(hold):
        time.sleep(0.05)


def run_build(pk: int) -> None:
    build = _begin(pk)
    if build is None:
        return
    if build.attempts > settings.JOB_MAX_ATTEMPTS:
        do_fail_build(
            None,
            pk,
            f"The build was stopped {build.attempts - 1} times before it could finish (the server may be "
            "short of memory). The draft itself is safe; tell your administrator.",
        )
        return
    folder = build_folder(build)

    def progress(pct: int, text: str) -> None:
        _hold(folder)
        Build.objects.filter(pk=pk, status=BuildStatus.RUNNING).update(progress=pct, step=text[:200])

    try:
        _, files = build_files(
            build.draft, build.formats.split(","), default_storage, folder, progress, zipped=True
        )
    except Exception:
        log.exception("guide build %s failed", pk)
        do_fail_build(
            None,
            pk,
            "The build stopped with an internal error. The draft itself is safe; "
            "try again, and if it fails again tell your administrator.",
        )
        return
    do_finish_build(None, pk, files)
