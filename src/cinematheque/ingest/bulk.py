"""Set-based writes for importers: one executemany per chunk instead of one model
instance per row. At catalogue scale (hundreds of thousands of credits) the ORM's
per-object work in bulk_create/bulk_update costs more than the database itself
(measured by benchmarks/import_catalogue.py). Table and column names come from the
models' _meta, never from data; values are always bound parameters."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection, models

CHUNK = 5000
IN_CHUNK = 900  # ids per IN (...) list, under SQLite's bound-parameter limit


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(model._meta.get_field(name).column) for name in names]


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT `rows` (tuples in the order of `fields`) into the model's table."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({', '.join(_columns(model, fields))}) VALUES ({placeholders})"  # noqa: S608 (names from _meta)
    with connection.cursor() as cursor:
        for chunk in chunks(rows, CHUNK):
            cursor.executemany(sql, chunk)


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """UPDATE by primary key: each row is (*values in the order of `fields`, pk)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in _columns(model, fields))
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (names from _meta)
    with connection.cursor() as cursor:
        for chunk in chunks(rows, CHUNK):
            cursor.executemany(sql, chunk)


def delete_ids(model: type[models.Model], ids: Sequence[int]) -> None:
    """Delete rows by primary key (through the ORM, so cascades still apply)."""
    for chunk in chunks(sorted(ids), IN_CHUNK):
        model._default_manager.filter(pk__in=chunk).delete()
