"""Files behind Django's storage API: built guides and fieldwork originals are written and read through the
configured storage (here Django's in-memory one, standing in for shared or S3-compatible storage), never
straight to the media folder; the storage is chosen by CPI_STORAGE_BACKEND and CPI_STORAGE_OPTIONS."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from connecting_people.guide.models import Build

from .conftest import Cast, guide_with_drafts
from .test_setup import run_cpi


class FolderlessStorage(InMemoryStorage):
    """Like object storage (S3): there are no folders, only files whose names share a prefix, so a folder
    does not "exist" even with files under it."""

    def exists(self, name: str) -> bool:
        if not super().exists(name):
            return False
        try:
            self.listdir(name)
        except (NotADirectoryError, FileExistsError):
            return True
        return False


@pytest.fixture
def in_memory(settings):  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_built_files_are_saved_and_served_through_the_storage(cast: Cast, in_memory: None, settings) -> None:  # type: ignore[no-untyped-def]
    objects = guide_with_drafts(cast)
    client = cast.client("researcher")
    client.post(reverse("guide:build_new", args=[objects["draft"].pk]), {"html": "1", "docx": "1"})
    build = Build.objects.get()
    status = client.get(reverse("guide:build_status", args=[build.pk])).json()
    assert status["status"] == "done"
    assert build.files == {
        "html": f"guide/builds/{build.pk}/guide-draft-0.2.zip",
        "docx": f"guide/builds/{build.pk}/guide-draft-0.2.docx",
    }
    assert sorted(default_storage.listdir(f"guide/builds/{build.pk}")[1]) == [
        "guide-draft-0.2.docx",
        "guide-draft-0.2.zip",
    ]
    download = client.get(status["files"]["html"])
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert "guide-draft-0.2/index.html" in names
    assert not (Path(settings.MEDIA_ROOT) / "guide").exists()  # nothing written beside the storage
    # Old builds are removed from the storage too.
    Build.objects.filter(pk=build.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    out = io.StringIO()
    call_command("guide", "clean-builds", stdout=out)
    assert "Removed 1 build older than 30 days (2 files)" in out.getvalue()
    assert not default_storage.exists(build.files["docx"])
    assert client.get(status["files"]["html"]).status_code == 404


def test_a_built_file_gone_from_the_storage_is_not_found(cast: Cast, in_memory: None) -> None:
    objects = guide_with_drafts(cast)
    client = cast.client("researcher")
    client.post(reverse("guide:build_new", args=[objects["draft"].pk]), {"docx": "1"})
    build = Build.objects.get()
    default_storage.delete(build.files["docx"])
    response = client.get(reverse("guide:build_file", args=[build.pk, "docx"]))
    assert response.status_code == 404


def test_the_storage_is_chosen_from_the_environment(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    env = {
        "CPI_VAR_DIR": str(tmp_path / "var"),
        "CPI_STORAGE_BACKEND": "django.core.files.storage.FileSystemStorage",
        "CPI_STORAGE_OPTIONS": json.dumps({"location": str(shared)}),
    }
    script = "from django.core.files.storage import default_storage as s; print(s.location)"
    result = run_cpi("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(shared)
    for options, message in (("{bucket", "not valid JSON"), ('["cpi"]', "must be a JSON object")):
        result = run_cpi("check", env={**env, "CPI_STORAGE_OPTIONS": options})
        assert result.returncode != 0 and message in result.stderr


def test_orphan_originals_are_collected_on_object_storage(cast: Cast, settings, capsys) -> None:  # type: ignore[no-untyped-def]
    """What a killed import leaves is found by listing, not by asking whether the folder exists."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.test_storage.FolderlessStorage"}}
    team = cast.orgs["fernhill"].pk
    orphan = default_storage.save(f"fieldwork/{team}/ab/{'ab' * 32}", ContentFile(b"Never committed."))
    assert not default_storage.exists("fieldwork")
    call_command("fieldwork", "gc", "--grace", "0")
    assert "1 orphan file deleted" in capsys.readouterr().out
    assert not default_storage.exists(orphan)
