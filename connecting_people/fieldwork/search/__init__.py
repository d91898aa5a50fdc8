"""Full-text search over sources and coded excerpts, behind one interface with two backends:
SQLite FTS5 and PostgreSQL tsvector/GIN.

For the two to give the same answers we do the tokenising ourselves: the index holds each text as
lower-case words separated by spaces (no stemming, accents kept), so neither FTS5's tokeniser nor
PostgreSQL's parser (which would treat tags, URLs and hyphens its own way) has anything left to
decide. Snippets are cut from the original text here, in Python, for the same reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TABLE_NAME = "fieldwork_fts"
START, STOP = "\x02", "\x03"  # snippet markers no document contains
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
SNIPPET_WORDS = 14
_PHRASE = re.compile(r'"([^"]*)"')


class SearchQueryError(Exception):
    pass


@dataclass(frozen=True)
class ParsedQuery:
    """Every group must match: a group is one word, or a quoted phrase of words in order."""

    groups: tuple[tuple[str, ...], ...]


def parse_query(raw: str) -> ParsedQuery:
    groups: list[tuple[str, ...]] = []
    for phrase in _PHRASE.findall(raw):
        words = tuple(w.casefold() for w in _WORD.findall(phrase))
        if words:
            groups.append(words)
    for word in _WORD.findall(_PHRASE.sub(" ", raw)):
        groups.append((word.casefold(),))
    if not groups:
        raise SearchQueryError("Type at least one word to search for.")
    if len(groups) > 20:
        raise SearchQueryError("That search has too many words; use 20 or fewer.")
    return ParsedQuery(tuple(groups))


def normalise(text: str) -> str:
    return " ".join(word.casefold() for word in _WORD.findall(text))


def snippet(text: str, query: ParsedQuery, width: int = SNIPPET_WORDS) -> str:
    """A window of the original text around the first match, matched words between START and STOP."""
    words = list(_WORD.finditer(text))
    folded = [w.group().casefold() for w in words]
    wanted = {word for group in query.groups for word in group}
    first = next((i for i, word in enumerate(folded) if word in wanted), 0)
    lo, hi = max(0, first - width // 3), min(len(words), first + width)
    if not words:
        return text[:200]
    out, cursor = [], words[lo].start()
    for index in range(lo, hi):
        match = words[index]
        out.append(text[cursor : match.start()])
        out.append(f"{START}{match.group()}{STOP}" if folded[index] in wanted else match.group())
        cursor = match.end()
    piece = " ".join("".join(out).split())
    return ("…" if lo > 0 else "") + piece + ("…" if hi < len(words) else "")


def highlight(snippet: str) -> SafeString:
    """A backend's snippet, escaped, with the matched words in <mark>."""
    html = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


def backend() -> Any:
    if connection.vendor == "postgresql":
        from . import postgres

        return postgres
    from . import sqlite

    return sqlite


def index(kind: str, obj_id: int, team_id: int, body: str) -> None:
    """Add or replace one document ('source' or 'excerpt') in the index."""
    backend().index(kind, obj_id, team_id, normalise(body))


def index_new(kind: str, team_id: int, rows: list[tuple[int, str]]) -> None:
    """Add documents that were just created ((id, body) pairs) in one batch."""
    backend().index_new(kind, team_id, [(obj_id, normalise(body)) for obj_id, body in rows])


def clear() -> None:
    from django.db import connection as conn

    with conn.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE_NAME}")


def unindex(kind: str, obj_id: int) -> None:
    backend().unindex(kind, obj_id)


def matching(queryset: QuerySet[Any], kind: str, query: ParsedQuery) -> QuerySet[Any]:
    """Narrow a queryset of sources or excerpts to those whose text matches, best first (`search_rank`)."""
    return backend().matching(queryset, kind, query)


def raw_ids(kind: str, team_id: int, query: ParsedQuery, limit: int = 1000) -> list[int]:
    """Matching ids straight from the index (for parity checks and benchmarks)."""
    return backend().raw_ids(kind, team_id, query, limit)
