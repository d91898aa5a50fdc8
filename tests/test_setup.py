"""Settings from the environment, production safety, the `cpi` command line and the demo world."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from connecting_people.accounts.models import User
from connecting_people.interventions.models import ModelVersion
from connecting_people.lib.env import parse_database_url
from connecting_people.practice.models import Person

from .checkout import CPI, ROOT, checkout_env
from .installation import DemoInstallation, Installation


def run_cpi(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = checkout_env(
        without=("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"), **(env or {})
    )
    return subprocess.run(
        [CPI, *args], capture_output=True, text=True, env=environment, cwd=ROOT, timeout=600
    )


def test_database_urls(tmp_path: Path) -> None:
    sqlite = parse_database_url("sqlite:///var/x.sqlite3", tmp_path / "var")
    assert sqlite.engine.endswith("sqlite3") and sqlite.name == str(tmp_path / "var" / "x.sqlite3")
    assert parse_database_url("sqlite:////abs/x.db", tmp_path).name == "/abs/x.db"
    pg = parse_database_url("postgres://cpi:s%40cret@db.local:5433/cpi", tmp_path)
    assert (pg.user, pg.password, pg.host, pg.port, pg.name) == ("cpi", "s@cret", "db.local", "5433", "cpi")
    # Connections are kept and checked, and busy queries are prepared on the server.
    config = pg.as_django()
    assert (
        config["CONN_MAX_AGE"]
        and config["CONN_HEALTH_CHECKS"]
        and config["OPTIONS"] == {"server_side_binding": True}
    )
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        parse_database_url("mysql://x/y", tmp_path)
    with pytest.raises(ImproperlyConfigured, match="needs a database name"):
        parse_database_url("postgres://host/", tmp_path)


def test_a_cpi_subprocess_runs_this_checkouts_code(tmp_path: Path) -> None:
    """The shared virtual environment's editable install may point at another checkout; `checkout_env`
    puts this one first, so what a test starts is the code under test."""
    script = "import connecting_people; print(connecting_people.__file__)"
    result = run_cpi("shell", "-c", script, env={"CPI_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.split()[-1]) == ROOT / "connecting_people" / "__init__.py"


def test_help_lists_commands_with_one_line_each() -> None:
    result = run_cpi("--help")
    assert result.returncode == 0
    for name in ("demo", "model", "serve", "createadmin", "migrate", "check"):
        assert any(line.strip().startswith(name + " ") for line in result.stdout.splitlines()), name
    assert "runserver" not in result.stdout  # only what a user of Connecting People needs


def test_production_refuses_without_a_secret_key(tmp_path: Path) -> None:
    result = run_cpi("check", env={"CPI_PRODUCTION": "1", "SECRET_KEY": "", "CPI_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0 and "needs SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    env = {
        "CPI_PRODUCTION": "1",
        "SECRET_KEY": "k" * 20 + "Zq8-wT3_vN5xR7yB2mC4hJ6pL9sD1fG0aE" + "u" * 10,
        "CPI_ALLOWED_HOSTS": "cpi.example.org",
        "CPI_VAR_DIR": str(tmp_path),
        "CPI_MASTER_KEY": "pG5Jc2x0Tm9wUXJzdFV2d3h5ejAxMjM0NTY3ODlhYmM=",
    }
    result = run_cpi("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs on its own SQLite file: the run on SQLite covers it"
)
def test_every_command_honours_database_url(demo_installation: DemoInstallation, tmp_path: Path) -> None:
    """`cpi demo` made the installation's file where DATABASE_URL said (made once for the run and copied),
    and every command after it reads that file."""
    assert "fictitious" in demo_installation.printed and "researcher" in demo_installation.printed
    env = {
        "DATABASE_URL": demo_installation.env["DATABASE_URL"],
        "CPI_VAR_DIR": demo_installation.env["CPI_VAR_DIR"],
    }
    listing = run_cpi("model", "list", env=env)
    assert "connecting-people" in listing.stdout and "Published" in listing.stdout
    svg = tmp_path / "model.svg"
    assert run_cpi("model", "diagram", "latest", "--out", str(svg), env=env).returncode == 0
    assert svg.read_text().count("<a ") == 28
    png = tmp_path / "model.png"
    assert run_cpi("model", "diagram", "latest", "--out", str(png), env=env).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The demo guide: two drafts and Release 1.0, rebuilt from the command line.
    guides = run_cpi("guide", "list", env=env).stdout
    assert re.search(r"0\.1 .* draft\n.*0\.2 .* draft\n.*1\.0 .* released", guides), guides
    built = run_cpi(
        "guide", "build", "--rebuild", "1.0", "--format", "html", "--out", str(tmp_path / "guide"), env=env
    )
    assert built.returncode == 0, built.stderr
    assert "Release 1.0 (rebuilt from its snapshot)" in built.stdout
    assert (tmp_path / "guide" / "guide-release-1.0" / "gold-standard.html").exists()
    # The demo consultation: a closed round on 0.1 with a dozen reviewers, a closed Delphi round on 0.2
    # with responses, and an open round on the release.
    rounds = run_cpi("consult", "list", env=env).stdout
    assert re.search(r"closed .*\(draft 0\.1; .*11 of 12 submitted\)", rounds), rounds
    assert re.search(r"closed .*\(draft 0\.2; .*7 of 8 submitted\)", rounds), rounds
    # Three invented reviewers and the demo's reviewer account are invited to the open round.
    assert re.search(r"open .*\(draft 1\.0; .*0 of 4 submitted\)", rounds), rounds
    report = tmp_path / "response.csv"
    assert run_cpi("consult", "report", "1", "--format", "csv", "--out", str(report), env=env).returncode == 0
    text = report.read_text(encoding="utf-8")
    assert "Changed in a later draft" in text and "Not changed" in text and "Open" in text


@pytest.mark.django_db(
    transaction=True
)  # --reset flushes, which PostgreSQL refuses inside an open transaction
def test_demo_refuses_on_a_database_with_data_unless_reset(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"  # --reset clears stored originals; keep the developer's own
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", stdout=out)
    assert User.objects.count() == 8 and ModelVersion.objects.filter(status="published").count() == 1
    assert Person.objects.filter(account__username="individual").exists()
    with pytest.raises(CommandError, match="already has data"):
        call_command("demo", stdout=StringIO())
    kept = StringIO()
    call_command("demo", "--keep", stdout=kept)
    assert "already loaded" in kept.getvalue()
    first = set(User.objects.values_list("password", flat=True))
    call_command("demo", "--reset", stdout=StringIO())
    assert User.objects.count() == 8 and not first & set(User.objects.values_list("password", flat=True))


def test_the_demo_server_shows_friendly_error_pages_and_its_own_styles(installation: Installation) -> None:
    """`make demo` serves with Django's own server and no CPI_DEBUG: an unknown address gets our "Not
    found" page, not the debug page that lists every URL pattern, and the stylesheet is still served."""
    installation.env.pop("CPI_DEBUG", None)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = installation.start("serve", "--port", str(port))

    def get(path: str) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read().decode()
        finally:
            connection.close()

    try:
        for _ in range(600):  # up to a minute on a busy machine
            try:
                get("/accounts/login/")
                break
            except OSError:
                time.sleep(0.1)
        status, _, page = get("/no/such/page")
        assert status == 404
        assert "<h1>Not found</h1>" in page
        assert "URLconf" not in page and "Traceback" not in page
        status, kind, _ = get("/static/cpi/site.css")
        assert status == 200 and "text/css" in kind
    finally:
        server.terminate()
        server.wait(timeout=10)
