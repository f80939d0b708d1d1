"""Planner statistics after a bulk write (the demo province, a SIASN import).

PostgreSQL plans a query from its table statistics, which ANALYZE gathers (autovacuum runs it some time
after enough rows changed, and not at all where it is switched off). Right after a bulk load the tables have
none: the planner guessed 9 employees for an instansi of 12,000 and chose a bitmap scan and a sort of every
row for a page of 25 (90 ms instead of 1 ms; docs/performance.md, "Under load"). PostgreSQL's manual says
to run ANALYZE after a bulk load ("Populating a Database", 14.4.8); this does. It samples a bounded number
of rows per table (300 × default_statistics_target), so it takes seconds even at national size. Outside a
transaction it runs VACUUM (ANALYZE) instead, which also sets the visibility map: a COUNT(*) of an
instansi's employees then reads the index alone (10 ms → under 1 ms at 12,000 on this machine).

SQLite keeps no statistics unless asked (sqlite_stat1) and plans from its indexes alone; it is left as is."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, models


def refresh_planner_statistics(using: str = "default", only: Iterable[type[models.Model]] = ()) -> bool:
    """VACUUM (ANALYZE), or ANALYZE inside a transaction, on PostgreSQL (True); nothing elsewhere (False).
    `only`: the tables of these models, not the whole database (a stage of a long load that just filled
    them). Inside a transaction ANALYZE counts the transaction's own new rows, so the later stages of the
    same load are planned from what is there (the demo at 1M: a query planned for 185 participants where
    there were 78,000 ran a nested loop of 312,000 index lookups, about 0.6 s, once per moved absentee)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in only)
    with connection.cursor() as cursor:
        cursor.execute(("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)") + f" {tables}")
    return True
