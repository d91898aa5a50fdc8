"""Removing deleted rows from the database's own pages, after an erasure has committed.

SQLite overwrites deleted rows with zeros as it deletes them (every connection turns `secure_delete` on,
lib/env.py), but pages it took whole from elsewhere (a restored backup, a file written by a build without
secure_delete) may still hold older deleted content in their free space: `VACUUM` rebuilds the file from
the live rows only, and the write-ahead log is then emptied. PostgreSQL keeps deleted rows on their
pages until a rewrite: `VACUUM FULL` copies only the rows no transaction can still see into new files,
with new indexes and TOAST. A row deleted by a transaction that an older, still-open transaction anywhere
on the server may yet see is copied too, so the rewrite first waits until every transaction older than the
erasure has ended."""

from __future__ import annotations

import time

from django.db import connection

WAIT_SECONDS = 120
POLL_SECONDS = 0.2

OLDER_STILL_OPEN = """
SELECT pg_snapshot_xmin(pg_current_snapshot()) <= %s::xid8
    OR EXISTS (SELECT 1 FROM pg_stat_activity
               WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
                 AND age(backend_xmin) >= age(xid(%s::xid8)))"""


def compact(tables: list[str]) -> bool:
    """Rewrite the tables (outside any transaction). False when transactions older than the call were still
    open after the wait, so some deleted rows may have been kept: run it again later (`cpi practice
    compact`)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return True
        cursor.execute("SELECT pg_current_xact_id()::text")  # later than every deletion already committed
        mark = cursor.fetchone()[0]
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            cursor.execute(OLDER_STILL_OPEN, [mark, mark])
            blocked = cursor.fetchone()[0]
            if not blocked or time.monotonic() > deadline:
                break
            time.sleep(POLL_SECONDS)
        for table in tables:
            cursor.execute(f'VACUUM FULL "{table}"')  # table names from the models, never from input
    return not blocked
