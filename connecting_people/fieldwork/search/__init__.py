"""Full-text search over sources and coded excerpts, behind one interface with two backends:
SQLite FTS5 and PostgreSQL tsvector/GIN.

For the two to give the same answers we do the tokenising ourselves: the index holds each text as
its case-folded words (no stemming, accents kept), as words separated by spaces for FTS5, whose
tokeniser has nothing left to decide, and as a tsvector written here for PostgreSQL, whose parser
(which would treat tags, URLs and hyphens its own way) never sees the text. Snippets are cut from the
original text here, in Python, for the same reason.

Each kind of document has its own index table keyed by the document's id (`TABLES`), so a document is
replaced or removed by its key. A search reads at most `CAP` + 1 matches, newest first, straight from
the index with the filters applied; those are ranked (bm25 on SQLite, ts_rank on PostgreSQL, computed
for those rows only) and paged in memory. When more than `CAP` match, the page says "more than 1,000",
as search engines do, and ranks the newest 1,000: counting or ranking every match of a common word
would read most of the index for each page."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any, Generic, TypeVar, overload

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import postgres, sqlite
from .query import ParsedQuery, SearchQueryError, composed, parse_query

__all__ = ["CAP", "TABLES", "ParsedQuery", "Results", "SearchQueryError", "composed", "parse_query"]

TABLES = {"excerpt": "fieldwork_search_excerpt", "source": "fieldwork_search_source"}
CAP = 1000  # matches counted and ranked; past it the page says "more than 1,000"
START, STOP = "\x02", "\x03"  # snippet markers no document contains
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Every ASCII character that is neither a letter, a digit nor white space, as a space.
_ASCII_GAPS = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c).isspace())})
SNIPPET_WORDS = 14
BATCH = 2000

M = TypeVar("M", bound=Model)


def normalise(text: str) -> str:
    """The text's words (runs of letters and digits, accented letters composed), case-folded, one space
    between. Most words stand between white space with no punctuation, so those are taken whole and only
    the rest are searched (a whole transcript through the expression costs half as much again); case
    folding maps each character on its own, so folding the joined words once is folding each word. In a
    text of ASCII characters only, every character that ends a word is one the table turns into a
    space, so the words are found without looking at each (half the time again)."""
    if text.isascii():
        return " ".join(text.translate(_ASCII_GAPS).split()).casefold()
    words: list[str] = []
    for token in composed(text).split():
        if token.isalnum():
            words.append(token)
        else:
            words.extend(_WORD.findall(token))
    return " ".join(words).casefold()


def snippet(text: str, query: ParsedQuery, width: int = SNIPPET_WORDS) -> str:
    """A window of the original text (accented letters composed) around the first match, matched words
    between START and STOP."""
    text = composed(text)
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


def backend() -> ModuleType:
    return postgres if connection.vendor == "postgresql" else sqlite


def source_body(title: str, text: str) -> str:
    return f"{title}\n{text}"


def excerpt_body(text: str, memo: str) -> str:
    return "\n".join(filter(None, [text, memo]))


def document(body: str) -> str:
    """A text as its row in the index holds it: its words, normalised, in the backend's form (made where
    the text is read: an import makes it in its pool)."""
    return backend().document(normalise(body))


def index(kind: str, obj_id: int, team_id: int, body: str) -> None:
    """Add or replace one document ('source' or 'excerpt') in the index."""
    backend().index(TABLES[kind], obj_id, team_id, document(body))


def index_new(kind: str, team_id: int, rows: list[tuple[int, str]]) -> None:
    """Add documents that were just created ((id, body) pairs) in one batch."""
    index_documents(kind, team_id, [(obj_id, document(body)) for obj_id, body in rows])


def index_documents(kind: str, team_id: int, rows: list[tuple[int, str]]) -> None:
    """Add documents that were just created, given as (id, `document`), in one batch."""
    backend().index_new(TABLES[kind], team_id, rows)


def unindex(kind: str, obj_id: int) -> None:
    backend().unindex(TABLES[kind], obj_id)


def clear() -> None:
    for table in TABLES.values():
        backend().clear(table)


def prune(using: str = DEFAULT_DB_ALIAS) -> None:
    """Remove documents whose rows are gone (after a flush: tests, `cpi demo --reset`)."""
    database = connections[using]
    if TABLES["excerpt"] not in database.introspection.table_names():
        return  # migrations not yet run this far
    module = postgres if database.vendor == "postgresql" else sqlite
    with database.cursor() as cursor:
        cursor.execute(module.prune_sql(TABLES["source"], "fieldwork_source"))
        cursor.execute(module.prune_sql(TABLES["excerpt"], "fieldwork_excerpt"))


def rebuild(
    sources: QuerySet[Any], excerpts: QuerySet[Any], progress: Callable[[int], None] | None = None
) -> int:
    """Empty the index and fill it again from these sources and excerpts, in batches: shared by
    `cpi fieldwork reindex` and the migrations that change the index. Returns the documents indexed."""
    clear()
    documents = {
        "source": (
            (pk, team, source_body(title, text))
            for pk, team, title, text in sources.values_list("id", "team_id", "title", "text").iterator(
                chunk_size=BATCH
            )
        ),
        "excerpt": (
            (pk, team, excerpt_body(text, memo))
            for pk, team, text, memo in excerpts.values_list(
                "id", "source__team_id", "text", "memo"
            ).iterator(chunk_size=BATCH)
        ),
    }
    total = 0
    for kind, rows in documents.items():
        while batch := list(_take(rows, BATCH)):
            by_team: dict[int, list[tuple[int, str]]] = defaultdict(list)
            for pk, team, body in batch:
                by_team[team].append((pk, body))
            for team, pairs in by_team.items():
                index_new(kind, team, pairs)
            total += len(batch)
            if progress:
                progress(len(batch))
    return total


def _take(rows: Iterator[tuple[int, int, str]], n: int) -> Iterator[tuple[int, int, str]]:
    for _ in range(n):
        row = next(rows, None)
        if row is None:
            return
        yield row


class Results(Generic[M]):
    """The matches of a search, best first: at most `CAP`, with `more` set when there were more.
    Paginator pages it like a queryset (`count()` and slices); only the rows of a slice are loaded."""

    def __init__(self, queryset: QuerySet[M], kind: str, query: ParsedQuery) -> None:
        self.filtered = queryset
        self.kind = kind
        self.query = query
        self.loader: QuerySet[M] = queryset.model._default_manager.all()
        self._ids: list[int] | None = None
        self.more = False

    def _copy(self, loader: QuerySet[M]) -> Results[M]:
        copy = Results(self.filtered, self.kind, self.query)
        copy.loader = loader
        return copy

    def select_related(self, *fields: str) -> Results[M]:
        return self._copy(self.loader.select_related(*fields))

    def prefetch_related(self, *lookups: str) -> Results[M]:
        return self._copy(self.loader.prefetch_related(*lookups))

    def defer(self, *fields: str) -> Results[M]:
        return self._copy(self.loader.defer(*fields))

    def ids(self) -> list[int]:
        """The ids of the matches, best first (bm25 or ts_rank; ties newest first)."""
        if self._ids is None:
            found = backend().matches(self.filtered, TABLES[self.kind], self.query, CAP + 1)
            self.more = len(found) > CAP
            found = found[:CAP]
            self._ids = [pk for pk, _score in sorted(found, key=lambda row: (row[1], -row[0]))]
        return self._ids

    def count(self) -> int:
        return len(self.ids())

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, item: int) -> M: ...
    @overload
    def __getitem__(self, item: slice) -> list[M]: ...
    def __getitem__(self, item: int | slice) -> M | list[M]:
        if isinstance(item, int):
            return self[item : item + 1][0] if item >= 0 else self[len(self) + item]
        wanted = self.ids()[item]
        loaded = self.loader.in_bulk(wanted)
        return [loaded[pk] for pk in wanted if pk in loaded]

    def __iter__(self) -> Iterator[M]:
        return iter(self[:])


def matching(queryset: QuerySet[M], kind: str, query: ParsedQuery) -> Results[M]:
    """The sources or excerpts of this queryset whose text matches, best first."""
    return Results(queryset, kind, query)


def raw_ids(kind: str, team_id: int, query: ParsedQuery, limit: int = CAP + 1) -> list[int]:
    """The bare index query for the same words: up to `limit` matching ids of the team, newest first,
    with their rank, read from the index table alone (for parity checks and the benchmark)."""
    return [pk for pk, _score in backend().raw_ids(TABLES[kind], team_id, query, limit)]
