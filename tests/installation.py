"""A throwaway installation for tests that run `cpi` in subprocesses: its own database (the test
database is invisible to another process on SQLite, and on PostgreSQL a test's transaction would hide
its rows), its own var folder, migrated, with one research team."""

from __future__ import annotations

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

from .checkout import CPI, checkout_env

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


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[Installation]:
    var = tmp_path / "var"
    env = checkout_env(
        without=["CPI_ERASURE_LOG"], CPI_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="connecting_people.settings"
    )
    params = connection.settings_dict
    name = ""
    if connection.vendor == "sqlite":
        path = tmp_path / "cpi.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
        opener: Callable[[], AbstractContextManager[Any]] = lambda: closing(sqlite3.connect(path))  # noqa: E731
    else:
        name = f"{params['NAME']}_sub"[:63]
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        env["DATABASE_URL"] = (
            f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
        )

        def opener() -> psycopg.Connection:
            return psycopg.connect(
                dbname=name,
                user=params["USER"],
                password=params["PASSWORD"] or None,
                host=params["HOST"] or None,
                port=params["PORT"] or None,
            )

    made = Installation(env, var, opener)
    for step in (("migrate", "-v", "0"), ("shell", "-c", SETUP)):
        done = made.cpi(*step)
        assert done.returncode == 0, done.stderr
    yield made
    if name:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_transcripts(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"interview-{i:03}.txt").write_text(
            f"Interviewer: Tell me about week {i}.\n\nP{i}: "
            + f"We met at the allotment {i} times. " * 40
            + "\n",
            encoding="utf-8",
        )
