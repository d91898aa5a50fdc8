"""A scratch database for a benchmark: SQLite in a temporary folder, or a recreated PostgreSQL
database, migrated and ready. Shared by every script in bench/."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(postgres: bool = False, database: str = "cpi_bench") -> str:
    """Point Django at a fresh database (on PostgreSQL, recreated under this name), migrate it, and
    return its vendor name."""
    scratch = tempfile.mkdtemp(prefix="cpi-bench-")
    os.environ["CPI_VAR_DIR"] = scratch
    if postgres:
        import psycopg

        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database}")
            conn.execute(f"CREATE DATABASE {database}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    else:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "connecting_people.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

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
