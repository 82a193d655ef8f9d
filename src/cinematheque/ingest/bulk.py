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
    """INSERT `rows` (tuples in the order of `fields`) into the model's table: COPY on
    PostgreSQL, executemany elsewhere (SQLite runs in-process, so that is cheap)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_columns(model, fields))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names from _meta)
        for chunk in chunks(rows, CHUNK):
            cursor.executemany(sql, chunk)


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """UPDATE by primary key: each row is (*values in the order of `fields`, pk).

    PostgreSQL gets one UPDATE … FROM (VALUES …) per chunk of rows: a statement per
    row would cost a server round trip and plan each.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = _columns(model, fields)
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            width = len(fields) + 1
            per_statement = max(1, min(CHUNK, 30_000 // width))
            names = [f"v{i}" for i in range(len(fields))]
            # Cast each value: a column that is NULL on every row of a chunk would
            # otherwise be typed text.
            types = [model._meta.get_field(f).db_type(connection) for f in fields]
            assignments = ", ".join(
                f"{column} = CAST(v.{name} AS {db_type})"
                for column, name, db_type in zip(columns, names, types, strict=True)
            )
            row_sql = "(" + ", ".join(["%s"] * width) + ")"
            for chunk in chunks(rows, per_statement):
                values = ", ".join([row_sql] * len(chunk))
                cursor.execute(
                    f"UPDATE {table} SET {assignments} "  # noqa: S608 (names from _meta)
                    f"FROM (VALUES {values}) AS v({', '.join(names)}, pk) "
                    f"WHERE {table}.{pk} = v.pk",
                    [value for row in chunk for value in row],
                )
            return
        assignments = ", ".join(f"{column} = %s" for column in columns)
        sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (names from _meta)
        for chunk in chunks(rows, CHUNK):
            cursor.executemany(sql, chunk)


def delete_ids(model: type[models.Model], ids: Sequence[int]) -> None:
    """Delete rows by primary key (through the ORM, so cascades still apply)."""
    for chunk in chunks(sorted(ids), IN_CHUNK):
        model._default_manager.filter(pk__in=chunk).delete()
