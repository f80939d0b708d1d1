"""Inserting many rows at once, shared by the SIASN import and the talent mapping."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for a bulk pass. Such a pass allocates millions of small containers
    without cycles (reference counting frees them), and every full collection walks every live object: a
    third of a 1M-person mapping's time (docs/performance.md). Collections resume afterwards. The switch is
    the process's: other threads' cyclic garbage waits until then too (the passes using it run as jobs, in
    the worker's process)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def fast_insert(
    model: type[models.Model], objs: list[models.Model] | list[dict[str, Any]], *, with_pk: bool = False
) -> None:
    """INSERT the objects with one executemany per chunk: what bulk_create does, without its per-value
    compiler work (a third of the import's time on large files), COPY on PostgreSQL. Dicts may lack a
    column (its default is written). No primary keys come back; `with_pk` writes the objects' own ids."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    vendor = connection.vendor
    prep = []
    for f in fields:
        if isinstance(f, models.JSONField):
            prep.append(lambda v: None if v is None else json.dumps(v, ensure_ascii=False))
        elif isinstance(f, models.DateField) and vendor == "sqlite":
            prep.append(lambda v: None if v is None else v.isoformat())
        else:
            prep.append(None)
    attnames = [f.attname for f in fields]
    defaults = [f.get_default() for f in fields]
    rows = []
    for o in objs:
        if isinstance(o, dict):
            row = [o[a] if a in o else defaults[i] for i, a in enumerate(attnames)]
        else:
            row = [getattr(o, a) for a in attnames]
        for i, p in enumerate(prep):
            if p is not None:
                row[i] = p(row[i])
        rows.append(row)
    insert_rows(model, [f.column for f in fields], rows)


def insert_rows(model: type[models.Model], columns: list[str], rows: list[Any]) -> None:
    """INSERT rows already in database form (one value per column of `columns`, JSON columns as text,
    dates as the backend takes them), 2,000 per executemany, COPY on PostgreSQL. The caller names every
    column without a database default."""
    if not rows:
        return
    vendor = connection.vendor
    json_columns = {f.column for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}
    holders = ", ".join(
        "%s::jsonb" if vendor == "postgresql" and c in json_columns else "%s" for c in columns
    )
    q = connection.ops.quote_name
    table, cols = q(model._meta.db_table), ", ".join(q(c) for c in columns)
    with connection.cursor() as c:
        if vendor == "postgresql":
            # COPY: one stream instead of a statement per row (the server's parse time dominates).
            with c.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({cols}) VALUES ({holders})"  # noqa: S608 - quoted names from the model, values as parameters
        for start in range(0, len(rows), 2000):
            c.executemany(sql, rows[start : start + 2000])
