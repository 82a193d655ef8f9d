"""Index classes the two supported databases need to spell differently."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.ddl_references import Statement


class DescNullsLastIndex(models.Index):
    """`Index(F(field).desc(nulls_last=True), *tie_breakers)` for a sort "highest
    first, unknown last", optionally followed by plain columns (`F("title")`) that
    break its ties in the sort's order. PostgreSQL needs NULLS LAST spelled out (its
    descending btree puts NULLs first); SQLite refuses the words in an index but
    already sorts NULLs last in a descending order, so there it is a plain index
    with the first column descending."""

    def create_sql(
        self,
        model: type[models.Model],
        schema_editor: BaseDatabaseSchemaEditor,
        using: str = "",
        **kwargs: Any,
    ) -> Statement:
        if schema_editor.connection.vendor == "sqlite":
            fields = [_sqlite_field(expression) for expression in self.expressions]
            if all(fields):
                plain = models.Index(fields=fields, name=self.name)
                return plain.create_sql(model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


def _sqlite_field(expression: Any) -> str:
    """ "-year" for `F("year").desc(…)`, "title" for `F("title")`, "" otherwise."""
    descending = False
    if isinstance(expression, models.OrderBy):
        descending = expression.descending
        expression = expression.expression
    if not isinstance(expression, models.F):
        return ""
    return ("-" if descending else "") + expression.name  # type: ignore[attr-defined] # F.name lacks a stub
