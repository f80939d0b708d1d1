"""What each screen of the load benchmark costs in one process, without a server or clients around it.

    .venv/bin/python benchmarks/screens.py --size 12000 [--repeat 30] [--rounds 3] [--database-url URL]

The same screens, user and database as benchmarks/load.py (which builds the demo province if needed), each
requested `--repeat` times through Django's full middleware stack with the test client, `--rounds` times
over. Per screen: the CPU time (process_time) and wall time per request, the queries of one request and
the page's size, next to the static file's cost in the same run (the baseline, as in load.py). The CPU of
one process is steadier than a load run's percentiles on a shared machine; the lowest of the rounds is
printed, the spread of the rounds beside it. For a change, run it on both revisions one after the other
(docs/performance.md, "Under load, sixth session", shows how)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=12000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    from load import prepare, use_database

    db = use_database(args.size, args.database_url)

    paths, cookies = prepare(args.size)  # sets Django up, builds the database if needed
    from django.db import connections
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    name, _, value = cookies[0].partition("=")
    client.cookies[name] = value
    for path in paths.values():  # warm: pools, caches, templates
        for _ in range(3):
            assert client.get(path).status_code == 200, path

    cpu: dict[str, list[float]] = {n: [] for n in paths}
    wall: dict[str, list[float]] = {n: [] for n in paths}
    queries: dict[str, int] = {}
    size: dict[str, int] = {}
    for _ in range(args.rounds):
        for screen, path in paths.items():
            count = [0]

            def spy(execute, sql, params, many, context, count=count):
                count[0] += 1
                return execute(sql, params, many, context)

            with connections["default"].execute_wrapper(spy):
                response = client.get(path)
            queries[screen] = count[0]
            size[screen] = len(
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            c0, w0 = time.process_time(), time.perf_counter()
            for _ in range(args.repeat):
                client.get(path)
            cpu[screen].append((time.process_time() - c0) / args.repeat * 1000)
            wall[screen].append((time.perf_counter() - w0) / args.repeat * 1000)

    engine = "PostgreSQL" if db.startswith("postgres") else "SQLite"
    print(f"\n{engine}, {args.size:,} employees, {args.repeat} requests × {args.rounds} rounds per screen")
    print(
        f"{'screen':24} {'CPU ms':>8} {'spread':>8} {'wall ms':>8} {'queries':>8} {'bytes':>8} "
        f"{'CPU/static':>10}"
    )
    base = min(cpu["baseline: static file"])
    screens = []
    for screen in paths:
        best = min(cpu[screen])
        if screen != "baseline: static file":
            screens.append(best)
        print(
            f"{screen:24} {best:8.2f} {max(cpu[screen]) - best:8.2f} {min(wall[screen]):8.2f} "
            f"{queries[screen]:8} {size[screen]:8} {best / base:10.1f}"
        )
    print(f"{'mean of the screens':24} {statistics.mean(screens):8.2f}")


if __name__ == "__main__":
    main()
