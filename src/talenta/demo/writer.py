"""Streaming inserts: rows as tuples, written in batches with `executemany` and explicit primary keys.

The ORM's `bulk_create` would build a model instance per row; at a million employees and their histories
that is most of the run time. A plain INSERT with every concrete column (the ones a row does not give take
the field's default, adapted once per table) does the same work with no per-row objects and no per-row
queries. Primary keys are allocated here, from the table's current maximum, so a run on an empty database
gives the same ids every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models


def next_pk(model: type[models.Model]) -> int:
    top = model.objects.aggregate(m=models.Max("pk"))["m"]
    return (top or 0) + 1


class Writer:
    def __init__(self, model: type[models.Model], fields: Sequence[str], *, batch: int = 2000) -> None:
        meta = model._meta
        self.model = model
        self.fields = list(fields)
        given = set(self.fields)
        rest = [f for f in meta.concrete_fields if f.name not in given and f.attname not in given]
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        cols = [meta.get_field(f).column for f in self.fields] + [f.column for f in rest]
        qn = connection.ops.quote_name
        # Table and column names come from the model's _meta, quoted: no user input reaches this SQL.
        self.sql = (
            f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(c) for c in cols)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(cols))})"
        )
        self.batch = batch
        # PostgreSQL: COPY (executemany costs a round trip per row there). SQLite is in-process:
        # executemany is fastest.
        self._copy = (
            f"COPY {qn(meta.db_table)} ({', '.join(qn(c) for c in cols)}) FROM STDIN"
            if connection.vendor == "postgresql"
            else ""
        )
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0
        self._pk = next_pk(model)

    def pk(self) -> int:
        """Allocate the next primary key of this table."""
        pk = self._pk
        self._pk += 1
        return pk

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row + self.defaults)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if self._copy:
                with cursor.cursor.copy(self._copy) as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, self.rows)
        self.count += len(self.rows)
        self.rows.clear()


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    """After explicit primary keys, PostgreSQL's sequences must move past them (SQLite tracks it itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
