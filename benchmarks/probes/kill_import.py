"""`kill -9` in the middle of a SIASN import: afterwards the database holds nothing of it (one transaction),
the audit chain verifies, SQLite's file is intact, and the same import then runs to the end.

    .venv/bin/python benchmarks/probes/kill_import.py --size 20000 --kill-after 4
    .venv/bin/python benchmarks/probes/kill_import.py --db postgres     # database talenta_probe_kill

Synthetic people only (benchmarks/import_siasn.py's generator). Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_URL = "postgres://postgres@127.0.0.1:5432/talenta_probe_kill"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20000)
    ap.add_argument("--kill-after", type=float, default=4.0, help="seconds after the import started")
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from import_siasn import generate

    tmp = Path(tempfile.mkdtemp(prefix="talenta-kill-"))
    counts = generate(tmp, args.size)
    env = {**os.environ, "TALENTA_VAR": str(tmp / "var"), "HTTPS": "false"}
    env.pop("DATABASE_URL", None)
    if args.db == "postgres":
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS talenta_probe_kill")
            c.execute("CREATE DATABASE talenta_probe_kill")
        env["DATABASE_URL"] = PG_URL
    talenta = [sys.executable, "-m", "talenta.manage"]

    def run(*a: str) -> subprocess.CompletedProcess:
        return subprocess.run([*talenta, *a], env=env, capture_output=True, text=True)

    run("migrate", "-v", "0")
    run("load-reference")
    before = _state(run)
    proc = subprocess.Popen(
        [*talenta, "import-siasn", str(tmp / "json")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(args.kill_after)
    alive = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = _state(run)
    verify = run("audit-verify")
    checks = {
        "killed while running": alive,
        "nothing of the import written": after["employees"] == before["employees"],
        "audit chain verifies": verify.returncode == 0,
        "database file intact": after["integrity"] == "ok",
    }
    again = run("import-siasn", str(tmp / "json"))
    final = _state(run)
    checks["the same import then completes"] = (
        again.returncode == 0 and final["employees"] == counts["data-utama"]
    )
    checks["audit chain verifies after it"] = run("audit-verify").returncode == 0
    for name, ok in checks.items():
        print(f"{'OK  ' if ok else 'FAIL'} {name}")
    print(json.dumps({"db": args.db, "size": args.size, "kill_after_s": args.kill_after, **final}))
    sys.exit(0 if all(checks.values()) else 1)


def _state(run) -> dict:
    code = (
        "from django.db import connection\n"
        "from talenta.people.models import Employee\n"
        "from talenta.core.models import AuditEntry\n"
        "ok = 'ok'\n"
        "if connection.vendor == 'sqlite':\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('PRAGMA integrity_check'); ok = c.fetchone()[0]\n"
        "import json; print(json.dumps({'employees': Employee.objects.count(),"
        " 'audit': AuditEntry.objects.count(), 'integrity': ok}))"
    )
    out = run("shell", "-c", code).stdout.strip().splitlines()
    return json.loads(out[-1])


if __name__ == "__main__":
    main()
