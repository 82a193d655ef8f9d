"""Set-based writes for importers: one executemany per chunk instead of one model
instance per row. At catalogue scale (hundreds of thousands of credits) the ORM's
per-object work in bulk_create/bulk_update costs more than the database itself
(measured by benchmarks/import_catalogue.py). Table and column names come from the
models' _meta, never from data; values are always bound parameters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000
IN_CHUNK = 900  # ids per IN (...) list, under SQLite's bound-parameter limit


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _concrete(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{name} is not a column of {model.__name__}")
    return field


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(str(_concrete(model, name).column)) for name in names]


def _adapted(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> Sequence[tuple[Any, ...]]:
    """Dates, datetimes and JSON as the backend stores them (other values pass as
    they are)."""
    temporal = [
        (i, field)
        for i, name in enumerate(fields)
        if isinstance(
            field := model._meta.get_field(name), models.DateField | models.JSONField
        )
    ]
    if not temporal:
        return rows
    adapted = []
    for row in rows:
        values = list(row)
        for i, field in temporal:
            values[i] = field.get_db_prep_save(values[i], connection)
        adapted.append(tuple(values))
    return adapted


def _completed(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> tuple[list[str], Sequence[tuple[Any, ...]]]:
    """Add every other concrete column with its model default (the ORM would), and
    adapt date and time values for the backend."""
    now = timezone.now()
    given = {_concrete(model, name).attname for name in fields}
    extra_names, extra_values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()  # "" for text, None where nothing fits
        extra_names.append(field.name)
        extra_values.append(field.get_db_prep_save(value, connection))
    names = [*fields, *extra_names]
    rows = _adapted(model, fields, rows)
    if extra_values:
        tail = tuple(extra_values)
        rows = [(*row, *tail) for row in rows]
    return names, rows


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT `rows` (tuples in the order of `fields`) into the model's table; other
    columns get their model defaults. COPY on PostgreSQL, executemany elsewhere
    (SQLite runs in-process, so that is cheap)."""
    if not rows:
        return
    names, rows = _completed(model, fields, rows)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_columns(model, names))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(names))
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
    rows = _adapted(model, fields, rows)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = _columns(model, fields)
    (pk,) = _columns(model, [model._meta.pk.name])
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


def select_in(
    model: type[models.Model],
    fields: Sequence[str],
    column: str,
    values: Iterable[Any],
    *,
    where: dict[str, Any] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Rows of `fields` whose `column` is one of `values` (and whose `where` columns
    equal the given values), chunk by chunk. The same query as
    `filter(column__in=…).values_list(*fields)` without the ORM's work per value,
    which dominates when an import looks up thousands of keys per batch. Values come
    back as the database gives them (no conversion: use it for ids, text, numbers)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    selected = ", ".join(_columns(model, fields))
    (key,) = _columns(model, [column])
    conditions = [
        f"{column_sql} = %s" for column_sql in _columns(model, list(where or {}))
    ]
    fixed = list((where or {}).values())
    wanted = sorted(set(values))
    with connection.cursor() as cursor:
        for chunk in chunks(wanted, IN_CHUNK):
            marks = ", ".join(["%s"] * len(chunk))
            sql = (
                f"SELECT {selected} FROM {table} "  # noqa: S608 (names from _meta)
                f"WHERE {' AND '.join([*conditions, f'{key} IN ({marks})'])}"
            )
            cursor.execute(sql, [*fixed, *chunk])
            yield from cursor.fetchall()


def delete_ids(model: type[models.Model], ids: Sequence[int]) -> None:
    """Delete rows by primary key (through the ORM, so cascades still apply)."""
    for chunk in chunks(sorted(ids), IN_CHUNK):
        model._default_manager.filter(pk__in=chunk).delete()
