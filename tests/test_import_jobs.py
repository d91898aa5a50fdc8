"""Web imports as background jobs: the upload is kept and queued, the import's page shows each file's
outcome (through its JSON too) and is listed among the researcher's imports; a job whose worker died is
taken again and imports only the files still waiting; the uploaded copies go once the job is done."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import OrmQ
from django_q.tasks import async_task

from connecting_people.accounts.actions import do_create_user
from connecting_people.fieldwork import import_jobs, importing
from connecting_people.fieldwork.models import ImportFile, ImportJob, Source

from .conftest import Cast


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def burst() -> str:
    out = io.StringIO()
    call_command("worker", "--burst", stdout=out)
    return out.getvalue().strip()


def uploads_on_disk(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    return sorted(p for p in (Path(settings.MEDIA_ROOT) / "imports").rglob("*") if p.is_file())


FILES = [
    ("walk.txt", b"Interviewer: Where do you go?\n\nP1: To the Thursday walk by the canal.\n"),
    ("broken.docx", b"this is not a zip archive"),
    ("choir.md", b"# Notes\n\nThe choir met in the library at six."),
]


@pytest.fixture
def worker_jobs(settings):  # type: ignore[no-untyped-def]
    settings.CPI_JOBS_INLINE = False


def test_an_upload_is_imported_as_a_job_whose_page_shows_each_file(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    response = client.post(
        reverse("fieldwork:import"),
        {"files": [upload(n, d) for n, d in FILES], "site": cast.fieldwork["site"].pk},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "fieldwork:import_job", args=[job.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Finished" in page and "3 of 3 files done" in page
    assert "2 imported, 0 skipped as duplicates, 1 failed" in page
    assert "is not a Word document: it is not a zip archive" in page
    walk = Source.objects.get(original_name="walk.txt")
    assert walk.site == cast.fieldwork["site"] and walk.imported_by == cast.users["researcher"]
    assert reverse("fieldwork:source", args=[walk.pk]) in page
    status = client.get(reverse("fieldwork:import_status", args=[job.pk])).json()
    assert status["finished"] and status["done"] == status["total"] == 3
    assert [(f["name"], f["status"]) for f in status["files"]] == [
        ("walk.txt", "imported"),
        ("broken.docx", "failed"),
        ("choir.md", "imported"),
    ]
    # The uploaded copies are gone; each imported file is kept once, as its source's original.
    assert uploads_on_disk(settings) == [] and not ImportFile.objects.exclude(upload="").exists()
    assert (Path(settings.MEDIA_ROOT) / walk.original.name).read_bytes() == FILES[0][1]
    # Listed among the researcher's imports, and on the import form.
    assert (
        reverse("fieldwork:import_job", args=[job.pk])
        in client.get(reverse("fieldwork:imports")).content.decode()
    )
    assert (
        reverse("fieldwork:import_job", args=[job.pk])
        in client.get(reverse("fieldwork:import")).content.decode()
    )
    # A colleague in the same team does not see another researcher's import.
    do_create_user(
        None, password=None, username="colleague", organisation=cast.orgs["fernhill"], role="researcher"
    )
    client.force_login(cast.users["researcher"].__class__.objects.get(username="colleague"))
    assert client.get(reverse("fieldwork:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("fieldwork:import_status", args=[job.pk])).status_code == 404


def test_a_manifest_problem_fails_its_file_with_the_line_and_the_reason(cast: Cast) -> None:
    manifest = (
        "file,site,visit_date,source_type,participants,title\nwalk.txt,Riverside Project,31/02/2026,,,\n"
    )
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {"files": [upload(*FILES[0])], "manifest": upload("m.csv", manifest.encode())},
        follow=True,
    )
    page = response.content.decode()
    assert "0 imported, 0 skipped as duplicates, 1 failed" in page
    assert "manifest line 2: visit_date &#x27;31/02/2026&#x27; is not a date (dd/mm/yyyy)" in page
    assert not Source.objects.filter(original_name="walk.txt").exists()


def test_a_nul_character_in_a_manifest_fails_its_file_only(cast: Cast) -> None:
    """A zero byte in a title (a spreadsheet's damaged cell) is not text, and PostgreSQL cannot store it:
    that file fails with its line, and the file beside it in the same batch imports."""
    manifest = (
        "file,site,visit_date,source_type,participants,title\n"
        "walk.txt,Riverside Project,,,,Walk\x00 notes\nchoir.txt,Riverside Project,,,,Choir\n"
    )
    files = [upload(*FILES[0]), upload("choir.txt", b"Interviewer: And the choir?\n\nP1: Tuesdays.\n")]
    response = cast.client("researcher").post(
        reverse("fieldwork:import"),
        {"files": files, "manifest": upload("m.csv", manifest.encode())},
        follow=True,
    )
    page = response.content.decode()
    assert "1 imported, 0 skipped as duplicates, 1 failed" in page
    assert "manifest line 2: title holds a NUL character (a zero byte), which is not text" in page
    assert not Source.objects.filter(original_name="walk.txt").exists()
    assert Source.objects.get(original_name="choir.txt").title == "Choir"


def test_the_page_shows_a_queued_import_until_a_worker_runs_it(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks, settings
) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fieldwork:import"), {"files": [upload(n, d) for n, d in FILES]})
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page and "0 of 3 files done" in page and "Refresh this page" in page
    assert len(uploads_on_disk(settings)) == 3  # kept through the storage API for the worker
    assert burst() == "Ran 1 job."
    status = client.get(reverse("fieldwork:import_status", args=[job.pk])).json()
    assert status["state"] == "done" and status["done"] == 3 and status["summary"].startswith("2 imported")
    assert uploads_on_disk(settings) == [] and OrmQ.objects.count() == 0


class Killed(BaseException):
    """Stands for the worker process dying mid-job."""


def test_a_job_whose_worker_died_goes_on_from_the_files_still_waiting(
    cast: Cast, worker_jobs: None, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    files = [
        upload(f"notes-{i}.txt", f"Field notes, day {i}: the group met at ten.".encode()) for i in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("fieldwork:import"), {"files": files})
    job = ImportJob.objects.get()
    before = Source.objects.count()
    # A worker takes the job, commits the first batch of two files and dies in the second.
    taken = get_broker().dequeue()
    assert taken and len(taken) == 1
    monkeypatch.setattr(import_jobs, "BATCH", 2)
    real = importing.log.record_many
    calls: list[int] = []

    def dies_on_the_second_batch(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise Killed
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(importing.log, "record_many", dies_on_the_second_batch)
        with pytest.raises(Killed):
            import_jobs.run_import(job.pk)
    assert Source.objects.count() == before + 2
    status = client.get(reverse("fieldwork:import_status", args=[job.pk])).json()
    assert status["state"] == "running" and status["done"] == 2
    assert burst() == "Ran 0 jobs."  # the dead worker's hold has not run out
    later = timezone.now() + dt.timedelta(seconds=django_settings.Q_CLUSTER["retry"] + 5)
    with time_machine.travel(later):
        assert burst() == "Ran 1 job."
        status = client.get(reverse("fieldwork:import_status", args=[job.pk])).json()
        # Every file imported once: none of the first two reported as a duplicate of itself.
        assert status["state"] == "done" and [f["status"] for f in status["files"]] == ["imported"] * 5
        assert Source.objects.count() == before + 5
        # The same job delivered again finds it finished and imports nothing.
        async_task("connecting_people.fieldwork.import_jobs.run_import", job.pk, sync=False)
        assert burst() == "Ran 1 job."
    assert Source.objects.count() == before + 5


def test_the_list_of_imports_runs_a_fixed_number_of_queries(
    cast: Cast, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = cast.client("researcher")
    client.post(reverse("fieldwork:import"), {"files": [upload(*FILES[0])]})
    with django_assert_max_num_queries(8):
        client.get(reverse("fieldwork:imports"))
    for i in range(12):
        client.post(reverse("fieldwork:import"), {"files": [upload(f"n{i}.txt", f"Notes {i}.".encode())]})
    with django_assert_max_num_queries(8):
        page = client.get(reverse("fieldwork:imports")).content.decode()
    assert page.count("Import of 1 file<") == 13
    job = ImportJob.objects.first()
    with django_assert_max_num_queries(8):
        client.get(reverse("fieldwork:import_job", args=[job.pk]))
