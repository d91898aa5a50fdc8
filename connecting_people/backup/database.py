"""Dumping and loading the database consistently while the server runs.

SQLite: the online backup API copies the database in one step under a read lock, into a file we then
read. PostgreSQL: a read-only REPEATABLE READ transaction exports its snapshot, `pg_dump --snapshot` dumps
exactly that state, and the same transaction lists the media files and migrations of that state, so the
files in a backup are those its database references. Loading replaces the whole database."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection, models, transaction

from .archive import BackupError

MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
EXTENSION = re.compile(r"\d+; \d+ \d+ EXTENSION - (\S+)")  # an extension in `pg_restore --list`


@dataclass
class Snapshot:
    vendor: str
    media: list[str] = field(default_factory=list)
    migrations: list[list[str]] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)


def _file_columns() -> list[tuple[str, str]]:
    return [
        (model._meta.db_table, f.column)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


def _read_state(cursor: Any, snapshot: Snapshot) -> None:
    """The media names and applied migrations, read through `cursor` inside the dumped state."""
    names: set[str] = set()
    for table, column in _file_columns():
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')  # noqa: S608 (names from our models)
        names.update(row[0] for row in cursor.fetchall())
    build = apps.get_model("guide", "Build")
    cursor.execute(f'SELECT "files" FROM "{build._meta.db_table}"')  # noqa: S608 (a name from our model)
    for (files,) in cursor.fetchall():
        mapping = json.loads(files) if isinstance(files, str) else files
        names.update(str(v) for v in (mapping or {}).values())
    snapshot.media = sorted(names)
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    snapshot.migrations = [[app, name] for app, name in cursor.fetchall()]


def dump(target: Path) -> Snapshot:
    if connection.in_atomic_block:
        raise BackupError("A backup must run on its own, not inside another transaction.")
    if connection.vendor == "sqlite":
        return _sqlite_dump(target)
    if connection.vendor == "postgresql":
        return _pg_dump(target)
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def _sqlite_dump(target: Path) -> Snapshot:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        snapshot = Snapshot("sqlite", versions={"sqlite": sqlite3.sqlite_version_info[0]})
        _read_state(copy.cursor(), snapshot)
    finally:
        copy.close()
    return snapshot


def _major(tool: str) -> int:
    found = shutil.which(tool)
    if found is None:
        raise BackupError(f"{tool} is not installed; install the PostgreSQL client of the server's version.")
    out = subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
    if match is None:
        raise BackupError(f"Could not tell the version of {tool} from {out.strip()!r}.")
    return int(match.group(1))


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, name in (
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if settings.get(name):
            env[key] = str(settings[name])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(settings["OPTIONS"]["sslmode"])
    return env


def _run(command: list[str], what: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, env=_pg_env(), check=False)
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _pg_dump(target: Path) -> Snapshot:
    server = connection.get_database_version()[0]
    tool = _major("pg_dump")
    if tool < server:
        raise BackupError(
            f"pg_dump is version {tool} but the server runs PostgreSQL {server}; "
            "install a pg_dump of at least the server's version."
        )
    snapshot = Snapshot("postgresql", versions={"server": server, "pg_dump": tool})
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        exported = cursor.fetchone()[0]
        _read_state(cursor, snapshot)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={exported}",
                f"--file={target}",
            ],
            "pg_dump",
        )
    return snapshot


def load(source: Path) -> None:
    """Replace the whole database with the dump at `source`."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        dump = sqlite3.connect(source)
        try:
            dump.backup(connection.connection)
        finally:
            dump.close()
        return
    _pg_restore(source)


def check_loadable(manifest_database: dict[str, Any]) -> None:
    """Refuse, before anything changes, a dump this database or these tools cannot take."""
    vendor = manifest_database.get("vendor")
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup is of a {vendor} database and this installation uses {connection.vendor}; "
            f"restore it into {vendor}."
        )
    if vendor == "postgresql":
        versions = manifest_database.get("versions", {})
        server = connection.get_database_version()[0]
        tool = _major("pg_restore")
        if server < versions.get("server", 0):
            raise BackupError(
                f"The backup comes from PostgreSQL {versions['server']}; this server runs {server}, "
                "which cannot take it."
            )
        if tool < versions.get("pg_dump", 0):
            raise BackupError(
                f"pg_restore is version {tool} but the backup was written by pg_dump "
                f"{versions['pg_dump']}; install a pg_restore of at least that version."
            )


def _pg_restore(source: Path) -> None:
    # Extensions belong to the installation, not to our data: the dump's entries for them are left out,
    # and those it uses are created first where missing, as on a new server. Our migrations use pg_trgm
    # (finding by words), a trusted extension, which the database's owner may create.
    everything = _run(["pg_restore", "--list", str(source)], "Reading the dump").splitlines()
    listing = [line for line in everything if " EXTENSION " not in line]
    extensions = [m.group(1) for m in (EXTENSION.match(line) for line in everything) if m]
    dumped = {m.group(1) for m in (re.search(r" TABLE \S+ (\S+) ", line) for line in listing) if m}
    chosen = source.with_name(source.name + ".list")
    chosen.write_text("\n".join(listing) + "\n", encoding="utf-8")
    for extension in extensions:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {connection.ops.quote_name(extension)}")
        except DatabaseError as exc:
            raise BackupError(
                f"The backup uses the PostgreSQL extension {extension}, which this database lacks and "
                f"could not create ({exc}); have a superuser run CREATE EXTENSION {extension} in it, then "
                "restore again."
            ) from None
    connection.close()
    # Dropping and recreating what the dump holds happens in one transaction: a failure changes nothing.
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--use-list={chosen}",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        "pg_restore",
    )
    # Tables the backup does not have come from later migrations; `migrate` makes them again, empty.
    with connection.cursor() as cursor:
        for table in set(connection.introspection.table_names(cursor)) - dumped:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
