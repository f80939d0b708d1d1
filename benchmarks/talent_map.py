"""Talent mapping speed: the numpy pass over N people against the scalar rule in the same run.

    .venv/bin/python benchmarks/talent_map.py --size 1000000
    .venv/bin/python benchmarks/talent_map.py --db "Pemetaan Talenta 2026"   # a draft period of the demo

Synthetic mode builds N random people as arrays (the shape `arrays_from_inputs` produces) and times
`map_bulk` on them; the baseline is `map_one` (the scalar rule, a Python loop) on a sample of the same
kind of people as `MappingInputs`, extrapolated to N. `arrays_from_inputs` (the per-person conversion the
real run does before the numpy pass) is timed on the sample too. DB mode times `period_run` end to end
and prints the process's peak resident memory after it (the baseline runs after that: it is the run's).
With several periods of that name (a region's demo), the first instansi's (`--instansi` to choose).
`--first` adds a first run of a new period like it (every row written), its re-run with nothing changed
(no row written: talent.digests) and its re-run after `--changed` of its people gained a training record,
each against the same baseline; the new period and the records are deleted afterwards.
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


def db_baseline(period) -> tuple[float, int, float, int]:
    """The bare database work of a period run, in the same process: (seconds to read the evidence rows
    `mapping_inputs` reads, rows read, seconds to COPY the period's result rows into a scratch table,
    rows written). The reads are the very querysets of `mapping_inputs` (same SQL), fetched as tuples;
    the write is the bytes of the stored results (`COPY ... TO STDOUT`) copied back with `COPY FROM`."""
    from django.db import connection, transaction

    from talenta.people.models import DisciplineHistory, SkpHistory, Training
    from talenta.profiling.models import COMPETENCY_FIELDS, Assessment
    from talenta.talent import selectors
    from talenta.talent.models import MappingResult
    from talenta.talent.rules.config import config_from_dict
    from talenta.talent.rules.performance import window

    config = config_from_dict(period.config)
    employees = selectors.population(period)
    ids = employees.values("id")
    years = window(period.as_of.year, config.performance_years)
    queries = [
        employees.order_by("id").values_list(
            "id", "nip", "position_id", "position__level", "position__competency_overrides",
            "education_level", "tmt_jabatan",
        ),
        SkpHistory.objects.filter(employee_id__in=ids, year__in=years).order_by("employee_id", "year", "id")
        .values_list("id", "employee_id", "year", "predikat", "rating_hasil_kerja"),
        Assessment.objects.filter(employee_id__in=ids, assessed_on__lte=period.as_of)
        .order_by("employee_id", "-assessed_on", "-id").values_list("id", "employee_id", "assessed_on"),
        Training.objects.filter(employee_id__in=ids, year__gte=period.as_of.year - config.training_years,
                                year__lt=period.as_of.year)
        .order_by("employee_id", "id").values_list("employee_id", "id", "year", "hours"),
        DisciplineHistory.objects.filter(employee_id__in=ids).order_by("employee_id", "id")
        .values_list("employee_id", "id", "level", "start", "end"),
    ]  # fmt: skip
    t = time.perf_counter()
    n_read = 0
    with connection.cursor() as cur:
        for qs in queries:
            sql, params = qs.query.sql_with_params()
            cur.execute(sql, params)
            n_read += len(cur.fetchall())
        # the assessment's nine levels, standard and score, as mapping_inputs reads them
        sql, params = (
            Assessment.objects.filter(employee_id__in=ids, assessed_on__lte=period.as_of)
            .values_list("standard", "potential_score", *COMPETENCY_FIELDS)
            .query.sql_with_params()
        )
        cur.execute(sql, params)
        cur.fetchall()
    read_s = time.perf_counter() - t
    table = MappingResult._meta.db_table
    with transaction.atomic(), connection.cursor() as cur:
        data = bytearray()
        stored = f"COPY (SELECT * FROM {table} WHERE period_id = %s) TO STDOUT"  # noqa: S608 (our table)
        with cur.cursor.copy(stored, (period.pk,)) as cp:
            for block in cp:
                data += block
        cur.execute(f"CREATE TEMP TABLE bench_results (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
        write_s = _copy_in(cur, "bench_results", data)
        cur.execute("SELECT count(*) FROM bench_results")
        n_written = cur.fetchone()[0]
        # For information (not the baseline): the same COPY into an ordinary table, written to the WAL as
        # the results table is (a temporary table is not), still without indexes or keys.
        cur.execute(f"CREATE TABLE bench_results_logged (LIKE {table} INCLUDING DEFAULTS)")
        logged_s = _copy_in(cur, "bench_results_logged", data)
        cur.execute("DROP TABLE bench_results_logged")
    print(f"(for information: the same COPY into an ordinary table, WAL-logged, no index: {logged_s:.2f} s)")
    return read_s, n_read, write_s, n_written


def _copy_in(cur, table: str, data: bytearray) -> float:
    """Seconds to COPY `data` (COPY text of the results) into `table`, 1 MiB a write."""
    t = time.perf_counter()
    with cur.cursor.copy(f"COPY {table} FROM STDIN") as cp:
        for i in range(0, len(data), 1 << 20):
            cp.write(bytes(data[i : i + (1 << 20)]))
    return time.perf_counter() - t


def _timed_run(period, label: str) -> tuple[str, float]:
    import resource

    from talenta.talent import services

    t = time.perf_counter()
    report = services.period_run(period=period)
    run_s = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    written = report.created + report.updated
    print(f"{label}: {report.total:,} people in {run_s:.2f} s ({report.mappable:,} mappable; "
          f"{written:,} written, {report.unchanged:,} unchanged, {len(report.moved):,} moved); "
          f"peak RSS of this process so far {peak:,.0f} MB", flush=True)  # fmt: skip
    return label, run_s


def db_mode(period, *, first: bool, changed: float) -> None:
    """The draft period re-run end to end; with `first`, a new period like it, run for the first time
    (every row written), re-run with nothing changed, and re-run after a share of its people gained a
    training record (the period and the records are deleted afterwards). Then the baseline, in the same
    process (after the runs, so that the peak memory printed with each run is the runs' own), and every
    run against it."""
    from django.db import transaction

    from talenta.people.models import Training
    from talenta.talent import selectors, services
    from talenta.talent.models import MappingResult

    runs = [_timed_run(period, f"period_run '{period.name}' (re-run of the draft)")]
    if first:
        scratch = services.period_create(
            instansi=period.instansi, name=f"{period.name} (benchmark)", as_of=period.as_of,
            config=period.config, preset=period.preset, population=period.population,
        )  # fmt: skip
        added: list[int] = []
        try:
            runs.append(_timed_run(scratch, "first run of a new period like it (every row written)"))
            runs.append(_timed_run(scratch, "its re-run, nothing changed"))
            ids = list(selectors.population(scratch).order_by("id").values_list("id", flat=True))
            touched = ids[:: max(1, round(1 / changed))] if changed > 0 else []
            year = period.as_of.year - 1
            with transaction.atomic():
                new = [Training(employee_id=e, name="Benchmark", year=year, hours=7) for e in touched]
                Training.objects.bulk_create(new, batch_size=5000)
            mine = Training.objects.filter(name="Benchmark", employee_id__in=touched)
            added = list(mine.values_list("id", flat=True))
            runs.append(
                _timed_run(scratch, f"its re-run after {len(touched):,} people gained a training record")
            )
        finally:
            Training.objects.filter(pk__in=added).delete()
            results = MappingResult.objects.filter(period=scratch)
            results._raw_delete(results.db)  # nothing points at them (no calibration in a new period)
            scratch.delete()
    read_s, rows_read, write_s, rows_written = db_baseline(period)
    base = read_s + write_s
    print(f"baseline: read the same evidence rows ({rows_read:,} rows, 6 queries): {read_s:.2f} s")
    print(f"baseline: COPY the same {rows_written:,} result rows into a scratch table: {write_s:.2f} s")
    for label, run_s in runs:
        print(f"{label} / baseline: {run_s:.2f} / {base:.2f} s = {run_s / base:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=20_000, help="people for the scalar baseline")
    ap.add_argument("--instansi", default="", help="with --db: the instansi's short name")
    ap.add_argument("--db", help="name of a draft period to run end to end (needs a database with data)")
    ap.add_argument(
        "--first",
        action="store_true",
        help="with --db: also a first run of a new period like it, its re-run and a re-run after "
        "--changed of the people gained a training record (all removed afterwards)",
    )
    ap.add_argument("--changed", type=float, default=0.01, help="with --first: the share of people changed")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")
    import django

    django.setup()
    from talenta.talent.rules.bulk import arrays_from_inputs, map_bulk
    from talenta.talent.rules.config import MappingConfig
    from talenta.talent.rules.mapping import map_one

    cfg = MappingConfig()
    if args.db:
        from talenta.talent.models import MappingPeriod

        periods = MappingPeriod.objects.filter(name=args.db).order_by("instansi_id")
        period = (periods.filter(instansi__short_name=args.instansi) if args.instansi else periods).first()
        db_mode(period, first=args.first, changed=args.changed)
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
