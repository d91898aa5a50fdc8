"""Scale-out on PostgreSQL: two web servers (gunicorn in production mode, as `cpi serve` runs it) and
two workers (`cpi worker`) as real processes on one database, with the cache and the media folder shared.
Guide builds asked for on one web server are seen on the other; a worker killed (SIGKILL, its whole
process group, as a crashed machine) in the middle of a build leaves the job to the other worker, which
takes it again once its hold runs out and finishes it; every build is done exactly once, and a page cached
before a release is never served after it by either web server."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection

from .checkout import CPI, ROOT, with_checkout
from .installation import Installation

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "several web servers and workers on one database need PostgreSQL (SQLite is one machine, one worker)"
    ),
)

PASSWORD = "x-very-long-password-1"  # the researcher "sr" of tests/installation.py
GUIDE = (
    "from django.core.management import call_command\n"
    "from connecting_people.accounts.models import User\n"
    "from connecting_people.guide.actions import do_create_guide, do_make_draft\n"
    "from connecting_people.interventions.models import ModelVersion\n"
    "call_command('model', 'import', 'connecting_people/interventions/data/default_model.yaml', '--publish', "
    "verbosity=0)\n"
    "sr = User.objects.get(username='sr')\n"
    "guide = do_create_guide(sr, sr.organisation, ModelVersion.objects.get())\n"
    "print(do_make_draft(sr, guide).pk)\n"
)
WSGI = "connecting_people.wsgi:application"
TIMEOUT, RETRY = 15, 16  # seconds a job may run; seconds after which a job not acknowledged is taken again


class Browser:
    """One person's browser: plain HTTP with its cookies, sent to either web server (production cookies
    are marked Secure, which an HTTP client's cookie jar would keep to itself)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, port: int, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request("GET" if form is None else "POST", path, urlencode(form) if form else None, headers)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            self.cookies.update({name: morsel.value for name, morsel in jar.items()})
        return response.status, response, body

    def text(self, port: int, path: str) -> str:
        status, _, body = self.request(port, path)
        assert status == 200, (port, path, status)
        return body.decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(what: str, check: Callable[[], Any], seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def _answers(port: int) -> bool:
    try:
        return Browser().request(port, "/accounts/login/")[0] == 200
    except OSError:
        return False


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every process the test starts, each in its own process group; all are killed at the end."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_two_web_servers_and_two_workers_share_the_jobs_and_finish_a_killed_workers_build_once(
    installation: Installation, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    made = installation.cpi("shell", "-c", GUIDE)
    assert made.returncode == 0, made.stderr
    draft = int(made.stdout.split()[-1])
    hold, cache = tmp_path / "hold", tmp_path / "cache"
    env = with_checkout(
        {
            **installation.env,
            "DJANGO_SETTINGS_MODULE": "tests.scale_settings",
            "CPI_PRODUCTION": "1",
            "SECRET_KEY": "kT3v9-QzP_w8Lr2xYb7HnC4sJm6GdF1eVa5UoXi0NcRqWtZyBp-hE_uSgKjLmOnAfD",
            "CPI_MASTER_KEY": (installation.var / "master_key").read_text().strip(),
            "CPI_ALLOWED_HOSTS": "127.0.0.1",
            "CPI_SSL_REDIRECT": "0",
            "CPI_JOB_TIMEOUT": str(TIMEOUT),
            "CPI_JOB_RETRY": str(RETRY),
            "CPI_WORKER_PROCESSES": "1",
            "CPI_TEST_CACHE_DIR": str(cache),
            "CPI_TEST_BUILD_HOLD": str(hold),
        }
    )

    def start(name: str, *args: str | Path) -> subprocess.Popen[bytes]:
        with (tmp_path / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                list(args), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        processes.append(process)
        return process

    workers = [start(f"worker{n}", CPI, "worker") for n in range(2)]
    # What `cpi serve` does in production, with the static files collected once for both web servers.
    collected = subprocess.run([CPI, "collectstatic", "--noinput", "-v", "0"], env=env, check=False)
    assert collected.returncode == 0
    web = [_free_port(), _free_port()]
    for n, port in enumerate(web):
        start(
            f"web{n}", sys.executable, "-m", "gunicorn", WSGI, "--bind", f"127.0.0.1:{port}", "--workers", "1"
        )
    for n, port in enumerate(web):
        _wait_for(f"web server {n} on port {port}", lambda port=port: _answers(port), 60)

    browser = Browser()
    browser.request(web[0], "/accounts/login/")
    status, _, _ = browser.request(web[0], "/accounts/login/", {"username": "sr", "password": PASSWORD})
    assert status == 302, "signing in failed"

    def build(port: int) -> int:
        status, response, _ = browser.request(
            port, f"/guide/drafts/{draft}/build/", {"html": "1", "docx": "1"}
        )
        assert status == 302
        return int(re.search(r"#build-(\d+)$", response.headers["Location"]).group(1))

    def state(port: int, pk: int) -> dict[str, Any]:
        return json.loads(browser.text(port, f"/guide/builds/{pk}/"))

    # The first build waits, once it has saved a file, while the hold file exists; its worker is killed.
    hold.touch()
    first = build(web[0])
    mark = _wait_for("the first build to be held", lambda: list(tmp_path.glob("hold.*")), 60)[0]
    holder = os.getpgid(int(mark.name.split(".")[1]))
    killed = next(w for w in workers if w.pid == holder)
    assert state(web[1], first)["status"] == "running"
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    hold.unlink()
    # More builds, asked for on both web servers, go to the worker left.
    others = [build(web[1]), build(web[0])]
    builds = [first, *others]
    _wait_for(
        "every build to finish", lambda: all(state(web[n % 2], pk)["done"] for n, pk in enumerate(builds)), 45
    )

    files = {}
    for pk in builds:
        for port in web:  # both web servers see the result and serve the same files
            seen = state(port, pk)
            assert seen["status"] == "done" and seen["progress"] == 100, seen
            status, _, body = browser.request(port, seen["files"]["html"])
            assert status == 200
            files.setdefault(pk, body)
            assert body == files[pk]
        assert "guide-draft-0.1/index.html" in zipfile.ZipFile(io.BytesIO(files[pk])).namelist()
        # Exactly the two files, however often the build ran: no second copy beside the first.
        folder = installation.var / "media" / "guide" / "builds" / str(pk)
        assert sorted(p.name for p in folder.iterdir()) == ["guide-draft-0.1.docx", "guide-draft-0.1.zip"]
    # Each build asked for once, ran twice only where its worker was killed, and was done once.
    assert installation.value("SELECT count(*) FROM guide_build") == 3
    with installation.open_db() as db:
        attempts = dict(db.execute("SELECT id, attempts FROM guide_build WHERE status = 'done'").fetchall())
        audit = db.execute(
            "SELECT object_id, action, count(*) FROM audit_auditentry WHERE object_type = 'guide.build' "
            "GROUP BY object_id, action"
        ).fetchall()
    assert attempts == {first: 2, others[0]: 1, others[1]: 1}
    assert sorted(audit) == sorted([(str(pk), kind, 1) for pk in builds for kind in ("create", "update")])
    assert installation.value("SELECT count(*) FROM django_q_ormq") == 0  # every job acknowledged

    # The page cache is shared: the draft read on one web server is a cache hit on the other; after the
    # release (on the first), neither serves the cached draft's pages.
    page = f"/guide/drafts/{draft}/read/"
    assert "Draft 0.1" in browser.text(web[0], page)
    cached = sum(1 for _ in cache.rglob("*.djcache"))
    assert "Draft 0.1" in browser.text(web[1], page) and sum(1 for _ in cache.rglob("*.djcache")) == cached
    status, _, _ = browser.request(web[0], f"/guide/drafts/{draft}/release/", {})
    assert status == 302
    for port in reversed(web):
        for path in (page, "/guide/"):
            text = browser.text(port, path)
            assert "Release 0.1" in text and "Draft 0.1" not in text
    assert workers[1 - workers.index(killed)].poll() is None  # the other worker is still running
