"""Probe (issue #17): what the foreign keys and secondary indexes of the tables a SIASN import writes cost a
first import on PostgreSQL. Each variant imports the same JSON folder into a new database: as migrated
("normal"); without the foreign keys of the stamped tables ("nofk"); without their secondary indexes, the
primary and unique ones kept ("noidx"); without both ("both"). Each prints its time and the same run's
baseline (benchmarks/import_siasn.py: the same rows COPYed into one bare table).

    .venv/bin/python benchmarks/import_siasn.py --size 12000 --db postgres --no-reimport --dir /tmp/b12k
    .venv/bin/python benchmarks/probes/siasn_constraints.py --dir /tmp/b12k --rounds 2

An upper bound, not a mode of the importer: dropping a constraint in a database other instansi use is not
an option (docs/performance.md, "fifteenth session").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_URL = "postgres://postgres@127.0.0.1:5432/talenta_siasn_constraints"
VARIANTS = ("normal", "nofk", "noidx", "both")


def _drop(variant: str) -> int:
    from django.db import connection

    from talenta.siasn.stamps import stamped_models

    dropped = 0
    with connection.cursor() as c:
        for table in (m._meta.db_table for m in stamped_models()):
            if variant in ("nofk", "both"):
                c.execute(
                    "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                    [table],
                )
                for (name,) in c.fetchall():
                    c.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                    dropped += 1
            if variant in ("noidx", "both"):
                c.execute(
                    "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique",
                    [table],
                )
                for (name,) in c.fetchall():
                    c.execute(f'DROP INDEX "{name}"')
                    dropped += 1
    return dropped


def worker(folder: Path, variant: str) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")
    django.setup()
    from benchmarks.import_siasn import baseline, baseline_rows
    from django.core.management import call_command

    from talenta.siasn.services import siasn_import

    call_command("migrate", verbosity=0)
    call_command("load-reference", verbosity=0)
    dropped = _drop(variant) if variant != "normal" else 0
    start = time.perf_counter()
    report = siasn_import(paths=[folder / "json"])
    took = time.perf_counter() - start
    assert report.error_count == 0, report.errors[:3]
    base = baseline(baseline_rows(folder))
    return {"variant": variant, "import_s": took, "copy_s": base, "ratio": took / base, "dropped": dropped}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, required=True, help="a folder benchmarks/import_siasn.py generated")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--worker", choices=VARIANTS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.dir, args.worker)))
        return
    import psycopg

    print(f"{'variant':8} {'import':>8} {'COPY':>7} {'ratio':>6} dropped")
    for _ in range(args.rounds):
        for variant in VARIANTS:
            with psycopg.connect(ADMIN_URL, autocommit=True) as c:
                c.execute("DROP DATABASE IF EXISTS talenta_siasn_constraints")
                c.execute("CREATE DATABASE talenta_siasn_constraints")
            env = {
                **os.environ,
                "DATABASE_URL": DB_URL,
                "TALENTA_VAR": str(args.dir / "var-constraints"),
                "UPLOAD_MAX_ROWS": "10000000",
                "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            }
            cmd = [sys.executable, __file__, "--dir", str(args.dir), "--worker", variant]
            done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=True)
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{variant:8} {r['import_s']:7.2f}s {r['copy_s']:6.2f}s {r['ratio']:5.1f}× {r['dropped']:>7}"
            )


if __name__ == "__main__":
    main()
