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

from django.db import connections


def refresh_planner_statistics(using: str = "default") -> bool:
    """VACUUM (ANALYZE), or ANALYZE inside a transaction, on PostgreSQL (True); nothing elsewhere (False)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return True
