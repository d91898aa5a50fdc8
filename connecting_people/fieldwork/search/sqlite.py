"""SQLite FTS5 backend. The table is a plain FTS5 table we keep in step from the actions."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from . import TABLE_NAME, ParsedQuery

TABLE = TABLE_NAME
CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "kind UNINDEXED, obj_id UNINDEXED, team_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 0')",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]


def fts_query(query: ParsedQuery) -> str:
    # Every group quoted: words and phrases match literally, and FTS5 operators in user text mean nothing.
    return " ".join('"' + " ".join(group) + '"' for group in query.groups)


def index(kind: str, obj_id: int, team_id: int, body: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s AND obj_id = %s", [kind, obj_id])
        cursor.execute(
            f"INSERT INTO {TABLE} (kind, obj_id, team_id, body) VALUES (%s, %s, %s, %s)",
            [kind, obj_id, team_id, body],
        )


def index_new(kind: str, team_id: int, rows: list[tuple[int, str]]) -> None:
    """Documents just created (ids are never reused), so there is nothing to replace: one batch insert."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE} (kind, obj_id, team_id, body) VALUES (%s, %s, %s, %s)",
            [(kind, obj_id, team_id, body) for obj_id, body in rows],
        )


def unindex(kind: str, obj_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s AND obj_id = %s", [kind, obj_id])


def matching(queryset: QuerySet[Any], kind: str, query: ParsedQuery) -> QuerySet[Any]:
    table = queryset.model._meta.db_table
    return queryset.extra(
        tables=[TABLE],
        where=[f"{TABLE}.obj_id = {table}.id", f"{TABLE}.kind = %s", f"{TABLE} MATCH %s"],
        params=[kind, fts_query(query)],
        select={"search_rank": f"bm25({TABLE})"},
    ).order_by("search_rank", "id")


def raw_ids(kind: str, team_id: int, query: ParsedQuery, limit: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT obj_id FROM {TABLE} WHERE {TABLE} MATCH %s AND kind = %s AND team_id = %s ORDER BY bm25({TABLE}) LIMIT %s",
            [fts_query(query), kind, team_id, limit],
        )
        return [row[0] for row in cursor.fetchall()]
