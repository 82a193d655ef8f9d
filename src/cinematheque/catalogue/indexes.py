"""Index classes the two supported databases need to spell differently."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.ddl_references import Statement


class DescNullsLastIndex(models.Index):
    """`Index(F(field).desc(nulls_last=True))` for a sort "highest first, unknown
    last". PostgreSQL needs NULLS LAST spelled out (its descending btree puts NULLs
    first); SQLite refuses the words in an index but already sorts NULLs last in a
    descending order, so there it is a plain descending index."""

    def create_sql(
        self,
        model: type[models.Model],
        schema_editor: BaseDatabaseSchemaEditor,
        using: str = "",
        **kwargs: Any,
    ) -> Statement:
        (order_by,) = self.expressions
        if (
            schema_editor.connection.vendor == "sqlite"
            and isinstance(order_by, models.OrderBy)
            and isinstance(order_by.expression, models.F)
        ):
            column = order_by.expression.name  # type: ignore[attr-defined] # F.name lacks a stub
            plain = models.Index(fields=[f"-{column}"], name=self.name)
            return plain.create_sql(model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)
