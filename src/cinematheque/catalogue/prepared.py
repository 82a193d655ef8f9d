"""Read queries that the ORM turns into SQL once per process instead of per request.

Building the SQL of a QuerySet costs 0.3 to 1 ms of Python on a slow CPU, several times
what SQLite (or PostgreSQL on the same machine) takes to answer it. The film page runs
about ten small queries on every request, so it keeps each one as a `PreparedQuery`:
the QuerySet is built once with a placeholder value, compiled by the ORM, and later run
with the real value in its place. The rows are the ORM's own: the same SQL, and the
same converters (dates, JSON, booleans) applied to each value.

Still needed with the film page's markup back in templates: Heat's page costs about
twice the CPU time with every prepared query run as a plain QuerySet (CPU p50 43 ms
against 19 ms on a loaded 2-core machine; `benchmarks/film_page_profile.py
--plain-querysets` measures it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Values no real row or parameter has: negative ids are never assigned, and a lookup on
# an integer column accepts any value in the 32-bit range without turning it into
# "no result".
ID_PLACEHOLDER = -1_987_654_321
TEXT_PLACEHOLDER = "\u2063prepared-query-placeholder\u2063"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    placeholder_positions: tuple[int, ...]
    column_count: int
    converters: tuple[tuple[int, tuple[Callable, ...], Any], ...]


class PreparedQuery:
    """A `values_list()` QuerySet compiled once, run with one value substituted.

    `build(placeholder)` returns the QuerySet; every parameter equal to the placeholder
    is replaced by the value given to `rows()` (placeholder None: a query without
    one). Use it only for lookups that pass the
    value through unchanged (`exact` on an id or a slug), never `icontains` and the like,
    which would wrap it.
    """

    def __init__(
        self, build: Callable[[Any], QuerySet], placeholder: Any = ID_PLACEHOLDER
    ) -> None:
        self._build = build
        self._placeholder = placeholder
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._lock = threading.Lock()

    def rows(self, value: Any = None) -> list[tuple[Any, ...]]:
        """The rows of the query for `value`, as tuples in the values_list() order."""
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled_for(connection)
        params = list(compiled.params)
        for position in compiled.placeholder_positions:
            params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters and all(
            len(row) == compiled.column_count for row in rows
        ):
            return rows
        return [
            _convert(row[: compiled.column_count], compiled.converters, connection)
            for row in rows
        ]

    def _compiled_for(self, connection: Any) -> _Compiled:
        key = (connection.alias, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(connection.alias)
                self._compiled[key] = compiled
        return compiled

    def _compile(self, alias: str) -> _Compiled:
        placeholder = self._placeholder
        queryset = self._build(placeholder)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = tuple(
            index
            for index, param in enumerate(params)
            if placeholder is not None
            and type(param) is type(placeholder)
            and param == placeholder
        )
        if placeholder is not None and not positions:
            raise ImproperlyConfigured(
                "The prepared query does not pass its placeholder to the database "
                f"unchanged: {sql} {params!r}"
            )
        columns = [select[0] for select in compiler.select[: compiler.col_count]]
        return _Compiled(
            sql=sql,
            params=tuple(params),
            placeholder_positions=positions,
            column_count=compiler.col_count,
            converters=tuple(
                (position, tuple(converters), expression)
                for position, (converters, expression) in compiler.get_converters(
                    columns
                ).items()
            ),
        )


def _convert(
    row: tuple[Any, ...],
    converters: tuple[tuple[int, tuple[Callable, ...], Any], ...],
    connection: Any,
) -> tuple[Any, ...]:
    values = list(row)
    for position, functions, expression in converters:
        value = values[position]
        for function in functions:
            value = function(value, expression, connection)
        values[position] = value
    return tuple(values)
