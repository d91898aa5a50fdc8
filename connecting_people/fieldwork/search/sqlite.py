"""SQLite FTS5 backend: one FTS5 table per kind of document whose rowid is the document's id, so a
document is replaced or removed by rowid (a delete by an unindexed column would read the whole index)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from .query import ParsedQuery


def fts_query(query: ParsedQuery) -> str:
    # Every group quoted: words and phrases match literally, and FTS5 operators in user text mean nothing.
    return " ".join('"' + " ".join(group) + '"' for group in query.groups)


def document(words: str) -> str:
    """Normalised words as the index takes them: FTS5 finds them again, split at the spaces."""
    return words


def index(table: str, obj_id: int, team_id: int, body: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [obj_id])
        cursor.execute(
            f"INSERT INTO {table} (rowid, team_id, body) VALUES (%s, %s, %s)", [obj_id, team_id, body]
        )


def index_new(table: str, team_id: int, rows: list[tuple[int, str]]) -> None:
    """Documents just created (ids are never reused), so there is nothing to replace: one batch insert."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (rowid, team_id, body) VALUES (%s, %s, %s)",
            [(obj_id, team_id, body) for obj_id, body in rows],
        )


def unindex(table: str, obj_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [obj_id])


def clear(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")


def prune_sql(table: str, rows: str) -> str:
    return f"DELETE FROM {table} WHERE rowid NOT IN (SELECT id FROM {rows})"


def matches(queryset: QuerySet[Any], table: str, query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
    """(id, bm25) of the first `limit` rows of the queryset that match, newest first: FTS5 walks the
    words' lists from the highest rowid down and stops at the limit; bm25 is worked out for those only.
    (SQLite's planner always starts from the full-text index; with common words and narrow filters it
    reads many matches to find the limit.)"""
    rows = queryset.model._meta.db_table
    return list(
        queryset.extra(
            tables=[table],
            where=[f"{table}.rowid = {rows}.id", f"{table} MATCH %s"],
            params=[fts_query(query)],
            select={"search_rank": f"bm25({table})"},
            order_by=[f"-{table}.rowid"],
        ).values_list("id", "search_rank")[:limit]
    )


def raw_ids(table: str, team_id: int, query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({table}) FROM {table} WHERE {table} MATCH %s AND team_id = %s "
            "ORDER BY rowid DESC LIMIT %s",
            [fts_query(query), team_id, limit],
        )
        return list(cursor.fetchall())
