"""Full-text search over sources and coded excerpts, behind one interface with two backends:
SQLite FTS5 and PostgreSQL tsvector/GIN. Both index the same text the same way (no stemming, no
accent folding, case-insensitive words), so the same query finds the same records on either."""

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
_WORD = re.compile(r"\w+", re.UNICODE)
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
        words = tuple(w.lower() for w in _WORD.findall(phrase))
        if words:
            groups.append(words)
    for word in _WORD.findall(_PHRASE.sub(" ", raw)):
        groups.append((word.lower(),))
    if not groups:
        raise SearchQueryError("Type at least one word to search for.")
    if len(groups) > 20:
        raise SearchQueryError("That search has too many words; use 20 or fewer.")
    return ParsedQuery(tuple(groups))


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
    backend().index(kind, obj_id, team_id, body)


def unindex(kind: str, obj_id: int) -> None:
    backend().unindex(kind, obj_id)


def matching(queryset: QuerySet[Any], kind: str, query: ParsedQuery) -> QuerySet[Any]:
    """Narrow a queryset of sources or excerpts to those whose text matches, best first, each with
    `search_rank` and `search_snippet` attributes (snippet markers are START and STOP)."""
    return backend().matching(queryset, kind, query)


def raw_ids(kind: str, team_id: int, query: ParsedQuery, limit: int = 1000) -> list[int]:
    """Matching ids straight from the index (for parity checks and benchmarks)."""
    return backend().raw_ids(kind, team_id, query, limit)
