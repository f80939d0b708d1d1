"""Talent mapping speed: the numpy pass over N people against the scalar rule in the same run.

    .venv/bin/python benchmarks/talent_map.py --size 1000000
    .venv/bin/python benchmarks/talent_map.py --db "Pemetaan Talenta 2026"   # a draft period of the demo

Synthetic mode builds N random people as arrays (the shape `arrays_from_inputs` produces) and times
`map_bulk` on them; the baseline is `map_one` (the scalar rule, a Python loop) on a sample of the same
kind of people as `MappingInputs`, extrapolated to N. `arrays_from_inputs` (the per-person conversion the
real run does before the numpy pass) is timed on the sample too. DB mode times `period_run` end to end.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

AS_OF = date(2026, 1, 31)
CODES = ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"]


def synthetic_arrays(n: int, rng: np.random.Generator):
    from talenta.talent.rules.bulk import MappingArrays

    perf = np.where(rng.random((n, 2)) < 0.97, rng.integers(1, 4, size=(n, 2)), 0).astype(np.int8)
    has = rng.random(n) < 0.9
    assessed = np.where(has, rng.integers(date(2023, 3, 1).toordinal(), AS_OF.toordinal(), n), 0)
    expiry = np.where(has, assessed + 1096, 0)
    jpm = np.where(has, rng.uniform(55, 110, n), np.nan)
    pot = np.where(has, rng.uniform(50, 100, n), np.nan)
    parts = rng.choice([0.0, 50.0, 75.0, 100.0], size=(n, 4))
    return MappingArrays(
        [2024, 2025], perf, jpm, pot, assessed.astype(np.int64), expiry.astype(np.int64), parts
    )


def synthetic_inputs(n: int, rng: np.random.Generator):
    from talenta.talent.rules.mapping import MappingInputs

    predikat = ["sangat_baik", "baik", "butuh_perbaikan"]
    out = []
    for i in range(n):
        lv = round(float(rng.uniform(1.5, 4.5)), 1)
        out.append(MappingInputs(
            employee_id=i, nip=str(i),
            skp={y: {"id": i, "predikat": predikat[int(rng.integers(0, 3))]} for y in (2024, 2025)},
            assessment={"id": i, "assessed_on": "2024-03-01", "levels": dict.fromkeys(CODES, lv),
                        "standard": dict.fromkeys(CODES, 3), "potential_score": float(rng.uniform(50, 100))},
            post_level="administrator", post_standard=dict.fromkeys(CODES, 3), education_level="40",
            training=[[1, 2024, 20], [2, 2025, 24]], tmt_jabatan="2021-01-04", discipline=[],
        ))  # fmt: skip
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=20_000, help="people for the scalar baseline")
    ap.add_argument("--db", help="name of a draft period to run end to end (needs a database with data)")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")
    import django

    django.setup()
    from talenta.talent.rules.bulk import arrays_from_inputs, map_bulk
    from talenta.talent.rules.config import MappingConfig
    from talenta.talent.rules.mapping import map_one

    cfg = MappingConfig()
    if args.db:
        from talenta.talent import services
        from talenta.talent.models import MappingPeriod

        period = MappingPeriod.objects.get(name=args.db)
        t = time.perf_counter()
        report = services.period_run(period=period)
        print(f"period_run '{args.db}': {report.total:,} people in {time.perf_counter() - t:.2f} s "
              f"({report.mappable:,} mappable)")  # fmt: skip
        return
    rng = np.random.default_rng(7)
    arr = synthetic_arrays(args.size, rng)
    t = time.perf_counter()
    res = map_bulk(arr, cfg, AS_OF)
    bulk_s = time.perf_counter() - t
    sample = synthetic_inputs(args.sample, rng)
    t = time.perf_counter()
    for x in sample:
        map_one(x, cfg, AS_OF)
    scalar_s = time.perf_counter() - t
    t = time.perf_counter()
    arrays_from_inputs(sample, cfg, AS_OF)
    convert_s = time.perf_counter() - t
    scalar_n = scalar_s / args.sample * args.size
    convert_n = convert_s / args.sample * args.size
    print(
        f"size {args.size:,}; mappable {int(res.mappable.sum()):,}; "
        f"boxes 1..9 {np.bincount(res.box, minlength=10)[1:].tolist()}"
    )
    print(f"numpy map_bulk over {args.size:,}:           {bulk_s:8.3f} s")
    print(
        f"scalar map_one, {args.sample:,} measured → {args.size:,}: {scalar_n:8.1f} s "
        f"(×{scalar_n / bulk_s:,.0f})"
    )
    print(f"arrays_from_inputs, {args.sample:,} measured → {args.size:,}: {convert_n:8.1f} s")


if __name__ == "__main__":
    main()
