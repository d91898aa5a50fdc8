"""PostgreSQL backend: one table per kind of document keyed by the document's id, holding the document
as a tsvector with a GIN index on it.

The tsvector is written out here (`document`) from the words the app has already found, rather than
made by `to_tsvector`: the server's parser costs about 5 ms for a 5,000-word transcript, most of an
import's time, and would only find the same words again. It is the value `to_tsvector('simple', ...)`
gives for those words: each word's positions from 1, at most its first 255, positions past 16,383
counted as 16,383, and words over 2,047 bytes left out (and not counted). A document too long for one
tsvector (1 MB of words and positions, which `to_tsvector` refuses) is written shorter (`_fitted`), so a
long report imports and is found by its words rather than failing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from .query import ParsedQuery

MOST_POSITIONS = 255
LAST_POSITION = 16383
LONGEST = 2047  # bytes
LARGEST = (1 << 20) - 1  # bytes of words and positions in one tsvector


def lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


# Positions as the tsvector writes them, made once: "1" to "16383".
_POSITIONS = [str(position) for position in range(1, LAST_POSITION + 1)]


def document(words: str) -> str:
    """Normalised words (one space between) as a tsvector's text. Each word's positions are gathered as
    ready-made strings, and the entries written with `map` rather than a loop: this runs for every word
    of every imported transcript."""
    tokens = words.split()
    if tokens and max(map(len, tokens)) > LONGEST // 4:  # a word that may be too long: rare
        tokens = [word for word in tokens if len(word.encode()) <= LONGEST]
    at: dict[str, list[str]] = defaultdict(list)
    for word, position in zip(tokens, _POSITIONS, strict=False):  # the words past it: below
        at[word].append(position)
    for word in dict.fromkeys(tokens[LAST_POSITION:]):  # words past the last position stand at it
        if at[word][-1:] != [_POSITIONS[-1]]:
            at[word].append(_POSITIONS[-1])
    positions = at.values()
    if max(map(len, positions), default=0) > MOST_POSITIONS:
        for seen in positions:
            del seen[MOST_POSITIONS:]
    if 4 * len(words) + 5 * len(tokens) > LARGEST:  # it may not fit: a very long document, rare
        return _fitted(at)
    quoted = map(lexeme, at) if "'" in words or "\\" in words else map("'{}'".format, at)
    return " ".join(map("{}:{}".format, quoted, map(",".join, positions)))


def _fitted(at: dict[str, list[str]]) -> str:
    """The document in at most LARGEST bytes, counted as PostgreSQL counts them (a word's bytes, made
    even when it has positions, then two bytes for their count and two for each). Each word keeps as many
    of its first positions as fit. When not every word can have one, the words come first: as many as
    fit, in the order they are first used, with no positions, and then the earliest of them get their
    first position while there is room, so a phrase near the start is still found."""
    sizes = [len(word.encode()) for word in at]
    base = sum(size + size % 2 + 2 for size in sizes)

    def fits(most: int) -> bool:
        return base + 2 * sum(min(len(seen), most) for seen in at.values()) <= LARGEST

    if fits(1):
        most, too_many = 1, MOST_POSITIONS + 1  # most fits; too_many does not, or is past what a word keeps
        while too_many - most > 1:
            middle = (most + too_many) // 2
            most, too_many = (middle, too_many) if fits(middle) else (most, middle)
        return " ".join(f"{lexeme(word)}:{','.join(seen[:most])}" for word, seen in at.items())
    entries, room = [], LARGEST
    for word, size in zip(at, sizes, strict=True):
        if size > room:
            break
        entries.append(lexeme(word))
        room -= size
    for index, (seen, size) in enumerate(zip(at.values(), sizes[: len(entries)], strict=False)):
        if size % 2 + 4 > room:
            break
        entries[index] += f":{seen[0]}"
        room -= size % 2 + 4
    return " ".join(entries)


def ts_query(query: ParsedQuery) -> str:
    """The query as a tsquery, for ranking: every group, a phrase's words in order."""
    return " & ".join("(" + " <-> ".join(lexeme(w) for w in group) + ")" for group in query.groups)


def match_query(query: ParsedQuery) -> str:
    """The same matches as `ts_query`, for finding them: a phrase is written as all its words and the
    phrase. PostgreSQL estimates a phrase as if its words could be anywhere, so a phrase of common words
    looked common and it walked the whole index in key order looking for a rare phrase; with the words
    and the phrase together the estimate comes near the phrase's own, and it finds the rows with all the
    words through the GIN index and checks the phrase on those."""

    def group_query(group: tuple[str, ...]) -> str:
        phrase = " <-> ".join(lexeme(w) for w in group)
        if len(group) == 1:
            return f"({phrase})"
        return "(" + " & ".join(lexeme(w) for w in dict.fromkeys(group)) + f" & ({phrase}))"

    return " & ".join(group_query(group) for group in query.groups)


def index(table: str, obj_id: int, team_id: int, vector: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (obj_id, team_id, vector) VALUES (%s, %s, %s::tsvector) "
            "ON CONFLICT (obj_id) DO UPDATE SET team_id = EXCLUDED.team_id, vector = EXCLUDED.vector",
            [obj_id, team_id, vector],
        )


def index_new(table: str, team_id: int, rows: list[tuple[int, str]]) -> None:
    """Documents just created, as (id, `document`): one batch insert."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (obj_id, team_id, vector) VALUES (%s, %s, %s::tsvector)",
            [(obj_id, team_id, vector) for obj_id, vector in rows],
        )


def unindex(table: str, obj_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE obj_id = %s", [obj_id])


def clear(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")


def prune_sql(table: str, rows: str) -> str:
    return f"DELETE FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM {rows} r WHERE r.id = t.obj_id)"


def matches(queryset: QuerySet[Any], table: str, query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
    """(id, -ts_rank) of the first `limit` rows of the queryset that match, newest first. The planner
    reads a rare word's few matches from the GIN index, and for a common word walks the key index
    backwards, merged with the filters' indexes (column and id), until it has enough; ts_rank is worked
    out for the rows returned only."""
    rows = queryset.model._meta.db_table
    tsq = "%s::tsquery"
    return list(
        queryset.extra(
            tables=[table],
            where=[f"{table}.obj_id = {rows}.id", f"{table}.vector @@ {tsq}"],
            params=[match_query(query)],
            select={"search_rank": f"-ts_rank({table}.vector, {tsq})"},
            select_params=[ts_query(query)],
            order_by=[f"-{table}.obj_id"],
        ).values_list("id", "search_rank")[:limit]
    )


def raw_ids(table: str, team_id: int, query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT obj_id, -ts_rank(vector, %s::tsquery) FROM {table} "
            "WHERE vector @@ %s::tsquery AND team_id = %s ORDER BY obj_id DESC LIMIT %s",
            [ts_query(query), match_query(query), team_id, limit],
        )
        return list(cursor.fetchall())
