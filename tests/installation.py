"""A throwaway installation for tests that run `cpi` in subprocesses: its own database (the test
database is invisible to another process on SQLite, and on PostgreSQL a test's transaction would hide
its rows), its own var folder, migrated, with one research team.

Migrating a new database takes most of a minute, so it is done once per run (`_made_once`) and each
test gets a copy: of the SQLite file, or of the PostgreSQL database made with it as the template, with
the var folder's keys beside it. `demo_installation` does the same for a SQLite file `cpi demo` filled."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from .checkout import CPI, ROOT, checkout_env

SETUP = (
    "from connecting_people.accounts.actions import do_create_user, do_save_organisation\n"
    "from connecting_people.accounts.models import Organisation\n"
    "team = do_save_organisation(None, Organisation(name='Subprocess Team', sector='university', "
    "region='london'))\n"
    "do_create_user(None, password='x-very-long-password-1', username='sr', organisation=team, "
    "role='researcher')\n"
)


@dataclass
class Installation:
    env: dict[str, str]
    var: Path
    open_db: Callable[[], AbstractContextManager[Any]]

    def cpi(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([CPI, *args], env=self.env, capture_output=True, text=True, check=False)

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [CPI, *args], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def value(self, sql: str) -> Any:
        with self.open_db() as db:
            return db.execute(sql).fetchone()[0]

    def column(self, sql: str) -> set[Any]:
        with self.open_db() as db:
            return {row[0] for row in db.execute(sql).fetchall()}

    def stored(self) -> set[str]:
        media = self.var / "media"
        return {p.relative_to(media).as_posix() for p in (media / "fieldwork").rglob("*") if p.is_file()}


def _pg_admin() -> psycopg.Connection[Any]:
    params = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    )


def _pg_url(name: str) -> str:
    params = connection.settings_dict
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"


def _env(var: Path, database_url: str) -> dict[str, str]:
    return checkout_env(
        without=["CPI_ERASURE_LOG"],
        CPI_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="connecting_people.settings",
        DATABASE_URL=database_url,
    )


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file, whatever its journal holds (SQLite's backup API)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@dataclass
class _Made:
    var: Path  # the var folder: the secret and master keys the database was made with
    sqlite: Path | None  # the SQLite file, or
    template: str  # the PostgreSQL database to copy


@pytest.fixture(scope="session")
def _made_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Made]:
    folder = tmp_path_factory.mktemp("installation")
    made = _Made(folder / "var", None, "")
    if connection.vendor == "sqlite":
        made.sqlite = folder / "cpi.sqlite3"
        url = f"sqlite:///{made.sqlite}"
    else:
        made.template = f"{connection.settings_dict['NAME']}_tpl"[:63]
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{made.template}"')
            admin.execute(f'CREATE DATABASE "{made.template}"')
        url = _pg_url(made.template)
    env = _env(made.var, url)
    for step in (("migrate", "-v", "0"), ("shell", "-c", SETUP)):
        done = subprocess.run([CPI, *step], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    yield made
    if made.template:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{made.template}" WITH (FORCE)')


@pytest.fixture
def installation(tmp_path: Path, _made_once: _Made) -> Iterator[Installation]:
    var = tmp_path / "var"
    shutil.copytree(_made_once.var, var)
    params = connection.settings_dict
    name = ""
    if _made_once.sqlite:
        path = tmp_path / "cpi.sqlite3"
        _copy_sqlite(_made_once.sqlite, path)
        url = f"sqlite:///{path}"
        opener: Callable[[], AbstractContextManager[Any]] = lambda: closing(sqlite3.connect(path))  # noqa: E731
    else:
        name = f"{params['NAME']}_sub"[:63]
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_made_once.template}"')
        url = _pg_url(name)

        def opener() -> psycopg.Connection:
            return psycopg.connect(
                dbname=name,
                user=params["USER"],
                password=params["PASSWORD"] or None,
                host=params["HOST"] or None,
                port=params["PORT"] or None,
            )

    yield Installation(_env(var, url), var, opener)
    if name:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class DemoInstallation:
    """A copy of a SQLite installation `cpi demo` filled: its file, its var folder, its environment, and
    what `cpi demo` printed when it made the original."""

    db: Path
    env: dict[str, str]
    printed: str


def _demo_env(db: Path, var: Path) -> dict[str, str]:
    return checkout_env(
        without=("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"),
        DATABASE_URL=f"sqlite:///{db}",
        CPI_VAR_DIR=str(var),
    )


@pytest.fixture(scope="session")
def _demo_once(tmp_path_factory: pytest.TempPathFactory) -> DemoInstallation:
    folder = tmp_path_factory.mktemp("demo-installation")
    db = folder / "scratch.sqlite3"
    env = _demo_env(db, folder / "var")
    done = subprocess.run([CPI, "demo"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return DemoInstallation(db, env, done.stdout)


@pytest.fixture
def demo_installation(tmp_path: Path, _demo_once: DemoInstallation) -> DemoInstallation:
    db = tmp_path / "scratch.sqlite3"
    _copy_sqlite(_demo_once.db, db)
    shutil.copytree(_demo_once.db.with_name("var"), tmp_path / "var")
    return DemoInstallation(db, _demo_env(db, tmp_path / "var"), _demo_once.printed)


def write_transcripts(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"interview-{i:03}.txt").write_text(
            f"Interviewer: Tell me about week {i}.\n\nP{i}: "
            + f"We met at the allotment {i} times. " * 40
            + "\n",
            encoding="utf-8",
        )
