"""Inserting many rows at once, shared by the SIASN import and the talent mapping."""

from __future__ import annotations

import gc
import json
import operator
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

_encode = json.JSONEncoder(ensure_ascii=False).encode


def _json_text(v: Any) -> str | None:
    """A JSON column's value as text (what json.dumps(v, ensure_ascii=False) gives)."""
    if v is None:
        return None
    if not v and type(v) is dict:
        return "{}"
    return _encode(v)


def _iso(v: Any) -> str | None:
    return None if v is None else v.isoformat()


def _conversion(field: models.Field, sqlite: bool) -> Callable[[Any], Any] | None:
    """How a column's Python value becomes what the bulk writers send: JSON as text; dates and datetimes
    as ISO text on SQLite; anything else as it is."""
    if isinstance(field, models.JSONField):
        return _json_text
    if sqlite and isinstance(field, models.DateField):
        return _iso
    return None


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
    column (its default is written), never carry one the model lacks. No primary keys come back; `with_pk`
    writes the objects' own ids."""
    if objs:
        insert_rows(model, *database_rows(model, objs, with_pk=with_pk))


def database_rows(
    model: type[models.Model], objs: list[models.Model] | list[dict[str, Any]], *, with_pk: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """`fast_insert`'s columns and rows in database form, for `insert_rows` (or a `BackgroundWriter`)."""
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    sqlite = connection.vendor == "sqlite"
    # (column index, conversion) for the columns whose Python value is not the database's
    prep = [(i, conv) for i, f in enumerate(fields) if (conv := _conversion(f, sqlite))]
    attnames = [f.attname for f in fields]
    # The values of each object in column order, by C-level getters (an import builds millions of rows).
    base = {f.attname: f.get_default() for f in fields}
    known = {*attnames, "pk", model._meta.pk.attname}
    from_dict, from_object = operator.itemgetter(*attnames), operator.attrgetter(*attnames)
    rows = []
    for o in objs:
        if type(o) is dict:
            if not o.keys() <= known:  # a misspelt column, or a foreign key by name: never dropped silently
                raise ValueError(f"{model.__name__} has no column {sorted(o.keys() - known)}")
            row = from_dict({**base, **o})
        else:
            row = from_object(o)
        row = [row] if len(attnames) == 1 else list(row)
        for i, conv in prep:
            row[i] = conv(row[i])
        rows.append(row)
    return [f.column for f in fields], rows


def allocate_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` new primary keys for rows the caller then inserts with their ids (`fast_insert(with_pk=True)`),
    so that it knows them without Django's `bulk_create`, whose per-value compiling cost the SIASN import
    more than the inserts. PostgreSQL: from the table's own sequence. SQLite: past the largest id the table
    ever gave (AUTOINCREMENT), inside the caller's transaction holding the database's write lock (taken
    here by a write that changes nothing, should the transaction not be IMMEDIATE as ours are), so no other
    writer can take the same ids before the caller's commit."""
    if n <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    q = connection.ops.quote_name
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n]
            )
            return [r[0] for r in c.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("allocate_ids on SQLite needs the caller's transaction")
        c.execute("UPDATE sqlite_sequence SET seq = seq WHERE name = %s", [table])  # the write lock
        c.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608 - quoted names from the model
            f"coalesce((SELECT max({q(pk)}) FROM {q(table)}), 0))",
            [table],
        )
        top = c.fetchone()[0]
    return list(range(top + 1, top + 1 + n))


def insert_rows(
    model: type[models.Model], columns: list[str], rows: list[Any], *, cursor: Any = None
) -> None:
    """INSERT rows already in database form (one value per column of `columns`, JSON columns as text,
    dates as the backend takes them), 2,000 per executemany, COPY on PostgreSQL. The caller names every
    column without a database default. `cursor`: a psycopg cursor to COPY through (a `BackgroundWriter`'s),
    else the connection's own."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        if cursor is not None:
            copy_rows(cursor, model, columns, rows)
            return
        with connection.cursor() as c:
            copy_rows(c.cursor, model, columns, rows)
        return
    q = connection.ops.quote_name
    table, cols = q(model._meta.db_table), ", ".join(q(c) for c in columns)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - quoted names from the model, values as parameters
    with connection.cursor() as c:
        for start in range(0, len(rows), 2000):
            c.executemany(sql, rows[start : start + 2000])


def fast_update(model: type[models.Model], objs: list[Any], fields: list[str]) -> None:
    """UPDATE each object's `fields` (model field names) by its primary key: what `bulk_update` does,
    without compiling a CASE of every value (a JSON import updating the 12,000 people a CSV had created
    spent 86 % of its time there, docs/performance.md). Values in database form as `insert_rows` takes them.
    SQLite: an executemany of `UPDATE … WHERE pk = ?`. PostgreSQL: COPY into a temporary table, then one
    `UPDATE … FROM` it. Triggers fire for each row updated, as with any UPDATE."""
    if not objs:
        return
    meta = model._meta
    fs = [meta.get_field(n) for n in fields]
    sqlite = connection.vendor == "sqlite"
    prep = [(i, conv) for i, f in enumerate(fs) if (conv := _conversion(f, sqlite))]
    get = operator.attrgetter(*[f.attname for f in fs], meta.pk.attname)
    rows = []
    for o in objs:
        row = list(get(o))
        for i, conv in prep:
            row[i] = conv(row[i])
        rows.append(row)
    q = connection.ops.quote_name
    table, pk = q(meta.db_table), q(meta.pk.column)
    cols = [q(f.column) for f in fs]
    with connection.cursor() as c:
        if not sqlite:
            tmp = "talenta_bulk_update"
            c.execute(f"DROP TABLE IF EXISTS pg_temp.{tmp}")
            columns = f"{', '.join(cols)}, {pk}"
            create = f"CREATE TEMPORARY TABLE {tmp} AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608 - quoted names from the model
            c.execute(create)
            copy_into(c.cursor, tmp, columns, rows)
            sets = ", ".join(f"{col} = u.{col}" for col in cols)
            c.execute(f"UPDATE {table} AS t SET {sets} FROM {tmp} AS u WHERE t.{pk} = u.{pk}")  # noqa: S608 - quoted names from the model
            c.execute(f"DROP TABLE pg_temp.{tmp}")
            return
        sets = ", ".join(f"{col} = %s" for col in cols)
        sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"  # noqa: S608 - quoted names from the model, values as parameters
        for start in range(0, len(rows), 2000):
            c.executemany(sql, rows[start : start + 2000])


def copy_rows(cursor: Any, model: type[models.Model], columns: list[str], rows: list[Any]) -> None:
    """PostgreSQL: COPY rows in database form (as `insert_rows`) through a psycopg cursor: one stream
    instead of a statement per row (the server's parse time dominates)."""
    q = connection.ops.quote_name
    copy_into(cursor, q(model._meta.db_table), ", ".join(q(c) for c in columns), rows)


def copy_into(cursor: Any, table: str, columns: str, rows: list[Any]) -> None:
    """COPY rows into a table (its name and column list already quoted) through a psycopg cursor."""
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


class BackgroundWriter:
    """Writes through the caller's own connection in a second thread, while the caller computes what comes
    next: on PostgreSQL the server inserts, indexes and checks keys in its own process meanwhile, so that
    work overlaps the computing instead of following it. The writes are those of the caller's transaction
    (the same connection). The caller touches the connection only while the writer is idle: `start`, then
    computing without the database, then `join` (which raises what the writer raised). On SQLite, or with
    `background=False`, `start` runs the write at once in the caller's thread. Used as a context manager
    it waits for the writer on the way out, so an error in the caller never rolls back under a write."""

    def __init__(self, *, background: bool | None = None) -> None:
        self.background = connection.vendor == "postgresql" if background is None else background
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, write: Callable[[Any], None]) -> None:
        """Run `write(cursor)`: in the background a psycopg cursor of the caller's connection, else None
        (write through Django's connection, in the caller's thread)."""
        self.join()
        if not self.background:
            write(None)
            return
        connection.ensure_connection()
        raw = connection.connection
        errors = connection.wrap_database_errors  # the caller's connection's, not this thread's

        def run() -> None:
            try:
                # Raised as Django's own errors (IntegrityError, DatabaseError), as a write in the caller's
                # thread would be.
                with errors, raw.cursor() as cur:
                    write(cur)
            except BaseException as e:  # handed to the caller's thread by join()
                self._error = e

        self._thread = threading.Thread(target=run, name="talenta-writer", daemon=True)
        self._thread.start()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.join()
        else:  # the caller's error is the one raised; the writer's, if any, is named in a note on it
            if self._thread is not None:
                self._thread.join()
                self._thread = None
            if self._error is not None and exc is not None:
                exc.add_note(f"the background writer failed too: {self._error!r}")
            self._error = None

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error


@contextmanager
def foreign_keys_immediate(model: type[models.Model]) -> Iterator[None]:
    """PostgreSQL: the model's deferrable foreign keys checked at the end of each statement, not all at
    the commit (Django creates them INITIALLY DEFERRED). A bulk write's checks then happen with the write,
    in a `BackgroundWriter`, instead of one long wait at the commit. They are deferred again afterwards."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as c:
        found = connection.introspection.get_constraints(c, model._meta.db_table)
    names = sorted(n for n, info in found.items() if info["foreign_key"])
    if not names:
        yield
        return
    listed = ", ".join(connection.ops.quote_name(n) for n in names)
    with connection.cursor() as c:
        c.execute(f"SET CONSTRAINTS {listed} IMMEDIATE")
    yield
    # Not on an error: the transaction is rolled back, and its constraint modes with it.
    with connection.cursor() as c:
        c.execute(f"SET CONSTRAINTS {listed} DEFERRED")
