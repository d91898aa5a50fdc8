"""A scratch database for a benchmark: SQLite in a temporary folder, or a recreated PostgreSQL
database, migrated and ready. Shared by every script in bench/.

Importing this module configures Django (PostgreSQL when the script was given `--postgres`), so a script
imports it before the project's models, all at the top; `setup()` then creates the database and migrates."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import django
import psycopg
from django.core.management import call_command
from django.db import connection
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# And for the processes a bench starts (`cpi worker`, `cpi serve`): this checkout's code, not the one the
# shared virtual environment's editable install points at.
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)


POSTGRES = "--postgres" in sys.argv[1:]
# `--reuse FOLDER`: the scratch folder an earlier SQLite run left, measured again without regenerating.
REUSE = sys.argv[sys.argv.index("--reuse") + 1] if "--reuse" in sys.argv[1:-1] else None
# CPI_BENCH_DATABASE names another database, so two benchmarks can run on one server at once.
PG_NAME = os.environ.get("CPI_BENCH_DATABASE", "cpi_bench")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def _configure() -> None:
    """Point Django at the scratch database (not yet created) and load the apps."""
    scratch = REUSE or tempfile.mkdtemp(prefix="cpi-bench-")
    os.environ["CPI_VAR_DIR"] = scratch
    if POSTGRES:
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "connecting_people.settings"
    django.setup()


_configure()


def setup() -> str:
    """Create the fresh database (PostgreSQL with --postgres), migrate it, and return its vendor name."""
    if POSTGRES:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(PG_NAME)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(PG_NAME)))
    call_command("migrate", verbosity=0)
    return connection.vendor


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile of timings, by nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# Everyday words for generated text, so benchmarks never contain a name the anonymisation check knows.
WORDS = [
    "community",
    "group",
    "walk",
    "allotment",
    "friend",
    "neighbour",
    "volunteer",
    "café",
    "library",
    "choir",
    "worker",
    "support",
    "confidence",
    "meeting",
    "bus",
    "ticket",
    "together",
    "plan",
    "review",
    "goal",
    "football",
    "club",
    "garden",
    "art",
    "class",
    "peer",
    "kettle",
    "bench",
    "weekly",
    "welcome",
]


def sentence(rng: object, n: int) -> str:
    """n random words from WORDS as a sentence (rng is a random.Random)."""
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."  # type: ignore[attr-defined]
