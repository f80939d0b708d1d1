"""Demo generation speed: `talenta demo` against a plain `executemany` of as many employee-like rows.

    DATABASE_URL=... python benchmarks/demo_generate.py --size 12000

Runs on the database of DATABASE_URL (migrated; the demo instansi is reset first). Prints elapsed time,
rows and rows per second of the generator (every table, histories included) and of the baseline: inserting
`size` rows of the employee table's shape (30 columns) into a scratch table with executemany, in batches,
which is the floor any generator writing those rows must pay.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from talenta.demo import generator as g  # noqa: E402


def baseline(size: int, batch: int) -> float:
    cols = 30
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_demo_rows")
        c.execute(f"CREATE TABLE bench_demo_rows ({', '.join(f'c{i} varchar(200)' for i in range(cols))})")
    sql = f"INSERT INTO bench_demo_rows VALUES ({', '.join(['%s'] * cols)})"  # noqa: S608 (a fixed scratch table)
    row = tuple(f"value {i}" for i in range(cols))
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as c:
        for start in range(0, size, batch):
            c.executemany(sql, [row] * min(batch, size - start))
    elapsed = time.monotonic() - started
    with connection.cursor() as c:
        c.execute("DROP TABLE bench_demo_rows")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=12_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    batch = 5000 if connection.vendor == "sqlite" else 2000
    g.reset()
    base = baseline(args.size, batch)
    cpu0 = time.process_time()
    summary = g.generate(size=args.size, seed=args.seed, as_of=date(2026, 11, 1))
    cpu = time.process_time() - cpu0
    rows = summary.rows
    print(f"database: {connection.vendor}   size: {args.size:,}   seed: {args.seed}")
    n, t = args.size, summary.elapsed
    print(f"baseline executemany, {n:,} employee-like rows: {base:.2f} s, {n / base:,.0f} rows/s")
    print(f"talenta demo, {rows:,} rows (all tables): {t:.2f} s, {rows / t:,.0f} rows/s")
    print(f"talenta demo, CPU time of this process: {cpu:.2f} s (shared machine: wall time varies)")
    print(f"employees per second: {args.size / summary.elapsed:,.0f}")
    for table, n in summary.counts.items():
        print(f"  {table:<28} {n:>12,}")


if __name__ == "__main__":
    main()
