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


COMMON = 0.05  # a word in more than this share of the documents is common


def matches(
    queryset: QuerySet[Any], table: str, query: ParsedQuery, limit: int, narrowed: bool
) -> list[tuple[int, float]]:
    """(id, bm25) of the first `limit` rows of the queryset that match, newest first; bm25 is worked out
    for those rows only. SQLite's planner always starts from the full-text index, which walks the
    words' lists from the highest rowid down and stops at the limit. That is right unless the words are
    common and the researcher's filters narrow the search: then nearly every match is read and thrown
    away, so we start from the filtered rows instead (their indexes hold the column with the id, so
    they come newest first) and ask the index about each."""
    rows = queryset.model._meta.db_table
    match = fts_query(query)
    if narrowed and _common(table, query):
        lookup = f"SELECT {{}} FROM {table} WHERE {table} MATCH %s AND {table}.rowid = {rows}.id"
        found = queryset.extra(
            where=[f"EXISTS ({lookup.format(1)})"],
            params=[match],
            select={"search_rank": f"({lookup.format(f'bm25({table})')})"},
            select_params=[match],
        ).order_by("-id")
    else:
        found = queryset.extra(
            tables=[table],
            where=[f"{table}.rowid = {rows}.id", f"{table} MATCH %s"],
            params=[match],
            select={"search_rank": f"bm25({table})"},
            order_by=[f"-{table}.rowid"],
        )
    return list(found.values_list("id", "search_rank")[:limit])


def _common(table: str, query: ParsedQuery) -> bool:
    """Whether every word of the query is in more than COMMON of the documents (`{table}_vocab`, an
    fts5vocab table, knows how many documents hold each word)."""
    words = sorted({word for group in query.groups for word in group})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(rowid) FROM {table}")
        documents = cursor.fetchone()[0] or 0
        cursor.execute(
            f"SELECT term, doc FROM {table}_vocab WHERE term IN ({', '.join(['%s'] * len(words))})", words
        )
        held = dict(cursor.fetchall())
    return all(held.get(word, 0) > COMMON * documents for word in words)


def raw_ids(table: str, team_id: int, query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({table}) FROM {table} WHERE {table} MATCH %s AND team_id = %s "
            "ORDER BY rowid DESC LIMIT %s",
            [fts_query(query), team_id, limit],
        )
        return list(cursor.fetchall())
