"""The search backend for a database connection, chosen from its vendor."""

from __future__ import annotations

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from cinematheque.search.backends.base import SearchBackend


def get_backend(connection: BaseDatabaseWrapper | None = None) -> SearchBackend:
    """SQLite FTS5 or PostgreSQL full-text search, for `connection` (default: the
    default database)."""
    connection = connection or connections["default"]
    if connection.vendor == "sqlite":
        from cinematheque.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend(connection)
    if connection.vendor == "postgresql":
        from cinematheque.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection)
    raise NotImplementedError(
        f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
    )
