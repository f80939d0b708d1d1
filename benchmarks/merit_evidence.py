"""Merit self-assessment: how long Talenta takes to compute every automatic answer, and to lay out one
assessment for its screen, on the demo province.

    TALENTA_VAR=... python benchmarks/merit_evidence.py [--year 2025] [--repeat 5]

Runs on the database of DATABASE_URL / TALENTA_VAR after `talenta demo` (which holds the 2025 assessment).
Prints the best of `repeat` runs and the number of queries of one run.
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

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from talenta.merit import evidence, selectors  # noqa: E402
from talenta.merit.models import Assessment  # noqa: E402
from talenta.people.models import Employee  # noqa: E402


def best(fn, repeat: int) -> tuple[float, int]:
    times = []
    with CaptureQueriesContext(connection) as q:
        fn()
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), len(q)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    a = Assessment.objects.select_related("questionnaire").get(year=args.year)
    n = Employee.objects.filter(instansi_id=a.instansi_id).count()
    s, q = best(
        lambda: evidence.compute(instansi_id=a.instansi_id, year=args.year, today=date(2026, 11, 1)),
        args.repeat,
    )
    print(f"employees {n:,}: evidence.compute {s * 1000:.0f} ms, {q} queries")
    s, q = best(lambda: selectors.total_of(selectors.blocks(a)), args.repeat)
    print(f"blocks + total of one assessment: {s * 1000:.1f} ms, {q} queries")


if __name__ == "__main__":
    main()
