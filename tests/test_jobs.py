"""Background jobs: a guide build started in the web waits for the worker and is finished by it; a job whose
worker was killed is taken again by another worker and finished once; consultation emails are sent by a job
after their transaction commits, and reminders are a daily periodic job. These tests switch off the
in-process running of jobs (tests/settings.py) and run the worker with `cpi worker --burst`."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import OrmQ, Schedule
from django_q.tasks import async_task

from connecting_people.audit.models import AuditEntry
from connecting_people.consult.models import OutboxMessage, Reviewer, Round
from connecting_people.guide.models import Build

from .conftest import Cast, guide_with_drafts
from .test_setup import run_cpi


@pytest.fixture
def worker_jobs(settings):  # type: ignore[no-untyped-def]
    settings.CPI_JOBS_INLINE = False


def burst() -> str:
    out = io.StringIO()
    call_command("worker", "--burst", stdout=out)
    return out.getvalue().strip()


def _start_build(cast: Cast, capture) -> Build:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(cast)
    with capture(execute=True):
        response = cast.client("researcher").post(
            reverse("guide:build_new", args=[objects["draft"].pk]), {"html": "1"}
        )
    assert response.status_code == 302
    return Build.objects.get()


def _status(cast: Cast, build: Build) -> dict:  # type: ignore[type-arg]
    return cast.client("researcher").get(reverse("guide:build_status", args=[build.pk])).json()


def test_a_web_build_waits_for_the_worker_which_makes_the_file(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    build = _start_build(cast, django_capture_on_commit_callbacks)
    status = _status(cast, build)
    assert status["status"] == "waiting" and not status["done"] and OrmQ.objects.count() == 1
    assert burst() == "Ran 1 job."
    status = _status(cast, build)
    assert status["done"] and status["status"] == "done" and status["progress"] == 100
    site = cast.client("researcher").get(status["files"]["html"])
    assert (
        "guide-draft-0.2/index.html"
        in zipfile.ZipFile(io.BytesIO(b"".join(site.streaming_content))).namelist()
    )
    assert OrmQ.objects.count() == 0 and burst() == "Ran 0 jobs."


def test_a_job_whose_worker_died_is_taken_again_and_finished_once(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    build = _start_build(cast, django_capture_on_commit_callbacks)
    # A worker takes the job, starts the build and is killed: nothing acknowledges the job.
    taken = get_broker().dequeue()
    assert taken and len(taken) == 1
    Build.objects.filter(pk=build.pk).update(status="running", progress=50, step="Writing the web pages")
    assert burst() == "Ran 0 jobs."  # another worker leaves a job that is held
    assert _status(cast, build)["status"] == "running"
    later = timezone.now() + dt.timedelta(seconds=django_settings.Q_CLUSTER["retry"] + 5)
    with time_machine.travel(later):
        assert burst() == "Ran 1 job."  # the hold has run out: the job is taken again and finished
        status = _status(cast, build)
        assert status["status"] == "done" and OrmQ.objects.count() == 0
        built = Build.objects.get(pk=build.pk)
        path = Path(django_settings.MEDIA_ROOT) / built.files["html"]
        made = path.stat().st_mtime_ns
        # The same job delivered again (the killed worker's twin) finds the build done and builds nothing.
        async_task("connecting_people.guide.jobs.run_build", build.pk, sync=False)
        assert burst() == "Ran 1 job."
    again = Build.objects.get(pk=build.pk)
    assert again.finished_at == built.finished_at and path.stat().st_mtime_ns == made


def test_a_build_whose_worker_keeps_dying_is_failed_after_the_last_attempt(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    build = _start_build(cast, django_capture_on_commit_callbacks)
    # Every worker that took it was killed (say, out of memory): as many attempts as allowed are used up.
    Build.objects.filter(pk=build.pk).update(attempts=django_settings.JOB_MAX_ATTEMPTS, status="running")
    assert burst() == "Ran 1 job."
    status = _status(cast, build)
    assert status["done"] and status["status"] == "failed" and not status["files"]
    assert f"stopped {django_settings.JOB_MAX_ATTEMPTS} times" in status["message"]
    assert AuditEntry.objects.filter(object_type="guide.build", note="the build failed").count() == 1
    # Delivered once more, it stays failed and is not audited again.
    async_task("connecting_people.guide.jobs.run_build", build.pk, sync=False)
    assert burst() == "Ran 1 job." and _status(cast, build)["status"] == "failed"
    assert AuditEntry.objects.filter(object_type="guide.build", note="the build failed").count() == 1


def test_a_build_is_audited_when_asked_for_and_when_done(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    build = _start_build(cast, django_capture_on_commit_callbacks)
    assert burst() == "Ran 1 job."
    entries = AuditEntry.objects.filter(object_type="guide.build", object_id=str(build.pk)).order_by("id")
    assert [(e.action, e.actor, e.note) for e in entries] == [
        ("create", cast.users["researcher"], "asked for the guide's files"),
        ("update", None, "built the guide's files"),
    ]
    assert Build.objects.get(pk=build.pk).attempts == 1


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CPI_JOB_TIMEOUT": "600", "CPI_JOB_RETRY": "600"}, "CPI_JOB_RETRY (600 s) must be longer"),
        ({"CPI_JOB_MAX_ATTEMPTS": "0"}, "CPI_JOB_MAX_ATTEMPTS must be 1 or more"),
    ],
)
def test_job_settings_that_would_run_a_job_twice_are_refused(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = run_cpi("check", env={"CPI_VAR_DIR": str(tmp_path), **env})
    assert result.returncode != 0 and message in result.stderr


def test_the_command_line_build_runs_at_once_without_a_worker(
    cast: Cast, worker_jobs: None, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    guide_with_drafts(cast)
    call_command(
        "guide", "build", "--rebuild", "0.2", "--format", "docx", "--out", str(tmp_path), stdout=io.StringIO()
    )
    assert (tmp_path / "guide-draft-0.2.docx").stat().st_size > 0
    assert OrmQ.objects.count() == 0 and not Build.objects.exists()


def _round(cast: Cast, closes_in: dt.timedelta) -> Round:
    objects = guide_with_drafts(cast)
    return Round.objects.create(
        team=cast.orgs["fernhill"],
        title="Round one",
        draft=objects["release"],
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=timezone.now() + closes_in,
        reminder_days=3,
    )


def test_an_invitation_is_sent_by_a_job_after_its_transaction_commits(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    round_ = _round(cast, dt.timedelta(days=14))
    client = cast.client("researcher")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("consult:round", args=[round_.pk]),
            {"invite": "1", "name": "Rhian Vaughan", "email": "rhian@example.org", "perspective": "worker"},
        )
    kept = OutboxMessage.objects.get(to="rhian@example.org")
    assert mail.outbox == [] and kept.delivered_at is None
    assert "waiting to be sent" in client.get(reverse("consult:outbox")).content.decode()
    assert burst() == "Ran 1 job."
    assert [m.to for m in mail.outbox] == [["rhian@example.org"]]
    token = re.search(r"/consult/r/([\w-]+)/", mail.outbox[0].body).group(1)
    assert token not in OutboxMessage.objects.get(pk=kept.pk).body  # the link is sent, never kept
    assert OutboxMessage.objects.get(pk=kept.pk).delivered_at is not None
    # Delivered again (a retried job): not sent twice.
    async_task("connecting_people.consult.mail.deliver", kept.pk, "again", sync=False)
    assert burst() == "Ran 1 job." and len(mail.outbox) == 1


def test_a_rolled_back_change_sends_no_email(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    round_ = _round(cast, dt.timedelta(days=14))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        cast.client("researcher").post(
            reverse("consult:round", args=[round_.pk]),
            {"invite": "1", "name": "Rhian Vaughan", "email": "rhian@example.org", "perspective": "worker"},
        )
        raise RuntimeError("the change is abandoned")
    assert burst() == "Ran 0 jobs." and mail.outbox == [] and not Reviewer.objects.exists()


def test_reminders_are_a_daily_job(cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    round_ = _round(cast, dt.timedelta(days=2))
    Reviewer.objects.create(
        round=round_,
        name="Waiting Person",
        email="waiting@example.org",
        perspective="worker",
        token_hash="x" * 64,
        invited_at=timezone.now() - dt.timedelta(days=1),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        burst()  # the daily job is due at once: it reminds, and queues the email
    schedule = Schedule.objects.get(name="Consultation reminders")
    assert schedule.schedule_type == Schedule.DAILY and schedule.next_run > timezone.now() + dt.timedelta(
        hours=23
    )
    assert Reviewer.objects.get().reminded_at is not None
    assert burst() == "Ran 1 job."  # the email
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]
    assert OutboxMessage.objects.get().kind == "reminder"
    with django_capture_on_commit_callbacks(execute=True):
        burst()
    assert len(mail.outbox) == 1  # not due again until tomorrow, and each reviewer is reminded once


def test_the_remind_command_queues_reminders_for_the_worker(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    round_ = _round(cast, dt.timedelta(days=2))
    Reviewer.objects.create(
        round=round_,
        name="Waiting Person",
        email="waiting@example.org",
        perspective="worker",
        token_hash="y" * 64,
        invited_at=timezone.now() - dt.timedelta(days=1),
    )
    mail.outbox.clear()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("consult", "remind", stdout=out)
    assert out.getvalue().strip() == "1 reminder queued; `cpi worker` sends them." and mail.outbox == []
    assert burst() == "Ran 1 job." and [m.to for m in mail.outbox] == [["waiting@example.org"]]
