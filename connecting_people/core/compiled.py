"""Queries that differ between requests only in a few values (a person's id, an organisation, today's
date), with their SQL worked out once per process. For a small query, building the queryset and Django's
compiler cost several times what the database does; a busy page saves most of it by running the SQL it
compiled the first time with the new values. Rows are read by Django's own machinery (the compiler kept
from the first time), so model instances, values() dictionaries, select_related objects and converted
dates come back exactly as the ORM gives them."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Stand-in values no real key has, to find where each key sits among a compiled query's parameters.
INT_PROBES = (-7_340_193_821, -7_340_193_822, -7_340_193_823, -7_340_193_824)
DATE_PROBE = dt.date(1111, 11, 11)


class CompiledQuery:
    """CompiledQuery(build, probes)(*keys, shape=...) gives the same rows, in the same order, as
    list(build(shape, *keys)). `build` may filter, order, slice, annotate, join, select_related and call
    values(). What changes the SQL itself (a role, a page number) goes in `shape`; the keys should only be
    values compared in SQL. The query is compiled twice with different stand-ins (`probes`, one per key:
    INT_PROBES, DATE_PROBE), so a key that shapes the SQL after all (a slice bound, a branch) is noticed
    and that shape then runs through the ORM every time."""

    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        probes: tuple[Any, ...],
        *,
        using: str = "default",
        max_shapes: int = 64,
    ) -> None:
        self.build = build
        self.probes = probes
        self.using = using
        self.max_shapes = max_shapes  # beyond this many shapes (pages of a long list, say), the plain ORM
        self._compiled: dict[tuple[str, Hashable], Any] = {}

    def __call__(self, *keys: Any, shape: Hashable = None) -> list[Any]:
        """The rows for these keys, from the kept SQL."""
        key = (connections[self.using].vendor, shape)
        found = self._compiled.get(key)
        if found is None:
            if len(self._compiled) >= self.max_shapes:
                return list(self.build(shape, *keys))
            found = self._compiled[key] = self._compile(shape)
        if found is False:  # a key did not come out as a plain parameter: the ORM every time
            return list(self.build(shape, *keys))
        queryset, compiler, sql, params = found
        bound = [
            keys[n] if how == "value" else str(keys[n]) if how == "text" else p for p, (how, n) in params
        ]
        runner = copy.copy(compiler)
        runner.connection = connections[self.using]  # this thread's connection, not the first caller's
        runner.as_sql = lambda *args, **kwargs: (sql, bound)
        clone = queryset._chain()  # read once here, so nothing can filter or count it with the kept SQL
        clone.query.get_compiler = lambda *args, **kwargs: runner
        return list(clone)

    def _compile(self, shape: Hashable) -> Any:
        queryset = self.build(shape, *self.probes)
        if queryset._prefetch_related_lookups:
            raise ValueError("CompiledQuery cannot prefetch; load related rows with a query of their own")
        compiler = queryset.query.get_compiler(using=self.using)
        sql, raw_params = compiler.as_sql()
        # Built again with other stand-ins, the SQL must be the same text and the parameters must differ
        # exactly where the stand-ins sit: otherwise a key shaped the query and it cannot be kept.
        others = tuple(_other(probe) for probe in self.probes)
        other_sql, other_params = self.build(shape, *others).query.get_compiler(using=self.using).as_sql()
        if other_sql != sql or len(other_params) != len(raw_params):
            return False
        params = []
        for p, q in zip(raw_params, other_params, strict=True):
            match = next(
                (
                    (("value", n) if p == probe else ("text", n))
                    for n, probe in enumerate(self.probes)
                    if p == probe or p == str(probe)
                ),
                ("keep", -1),
            )
            how, n = match
            expected = p if how == "keep" else others[n] if how == "value" else str(others[n])
            if q != expected:
                return False
            params.append((p, match))
        return queryset, compiler, sql, params


def _other(probe: Any) -> Any:
    # Datetimes are left out: the databases are given them converted (to UTC text on SQLite), which a
    # kept query could not repeat faithfully.
    if isinstance(probe, int) and not isinstance(probe, bool):
        return probe - 1_000_003
    if isinstance(probe, dt.date) and not isinstance(probe, dt.datetime):
        return probe + dt.timedelta(days=1)
    raise TypeError(f"no second stand-in for a {type(probe).__name__} key; use an int or a date")
