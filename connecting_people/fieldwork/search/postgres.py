"""PostgreSQL backend: a table with a generated tsvector ('simple' configuration) and a GIN index."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from . import TABLE_NAME, ParsedQuery

TABLE = TABLE_NAME
CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (kind varchar(10) NOT NULL, obj_id bigint NOT NULL, team_id bigint NOT NULL, "
    "body text NOT NULL, vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED, "
    "PRIMARY KEY (kind, obj_id))",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_vector ON {TABLE} USING GIN (vector)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_team ON {TABLE} (team_id, kind)",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]


def ts_query(query: ParsedQuery) -> str:
    def lexeme(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join("(" + " <-> ".join(lexeme(w) for w in group) + ")" for group in query.groups)


def index(kind: str, obj_id: int, team_id: int, body: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (kind, obj_id, team_id, body) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (kind, obj_id) DO UPDATE SET team_id = EXCLUDED.team_id, body = EXCLUDED.body",
            [kind, obj_id, team_id, body],
        )


def index_new(kind: str, team_id: int, rows: list[tuple[int, str]]) -> None:
    """Documents just created: one batch insert."""
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
    tsq = "to_tsquery('simple', %s)"
    return queryset.extra(
        tables=[TABLE],
        where=[f"{TABLE}.obj_id = {table}.id", f"{TABLE}.kind = %s", f"{TABLE}.vector @@ {tsq}"],
        params=[kind, ts_query(query)],
        select={"search_rank": f"-ts_rank({TABLE}.vector, {tsq})"},
        select_params=[ts_query(query)],
    ).order_by("search_rank", "id")


def raw_ids(kind: str, team_id: int, query: ParsedQuery, limit: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT obj_id FROM {TABLE} WHERE vector @@ to_tsquery('simple', %s) AND kind = %s AND team_id = %s "
            "ORDER BY ts_rank(vector, to_tsquery('simple', %s)) DESC LIMIT %s",
            [ts_query(query), kind, team_id, ts_query(query), limit],
        )
        return [row[0] for row in cursor.fetchall()]
