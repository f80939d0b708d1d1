"""Candidate ranking speed: Talenta's ranking (vectorised eligibility + five-part score + top N) against a
bare numpy scan of the same arrays (one weighted sum + top N, no eligibility), in the same run.

    .venv/bin/python benchmarks/rank_candidates.py --size 1000000
    .venv/bin/python benchmarks/rank_candidates.py --size 12000
    DJANGO_SETTINGS_MODULE=talenta.settings .venv/bin/python benchmarks/rank_candidates.py --database

`--database` meets the candidate pool of the largest instansi (or `--instansi`) of the configured database
as a deployment does: built cold, read from disk after a restart, refreshed after one person changed; then
ranks its JPT posts through the service (`rank_position`, top 10 and 10 near-eligible explained) against
the bare numpy scan of the same arrays.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

ON = date(2026, 11, 1)


def synthetic(n: int, seed: int = 1):
    from talenta.placement.rules import ranking as rk

    rng = np.random.default_rng(seed)
    base = date(1970, 1, 1).toordinal()
    levels = np.round(rng.normal(3.2, 0.7, size=(n, 9)).clip(1, 5) * 2) / 2
    levels[rng.random(n) < 0.7] = np.nan  # about a third profiled
    assessed = np.where(np.isnan(levels[:, 0]), 0, ON.toordinal() - rng.integers(30, 1500, n))
    n_opd = 40
    opd = rng.integers(0, n_opd, n)
    level_rank = rng.choice([1, 2, 3, 4, 5, 6, 7], p=[0.2, 0.1, 0.3, 0.15, 0.13, 0.1, 0.02], size=n)
    birth_y = rng.integers(1966, 2000, n)
    years = rng.uniform(0, 12, n)
    # Durations are Span keys (years × 10 000 + months × 100 + days), as CandidateArrays.build makes them.
    prior_key = np.where(level_rank >= 6, (years * 10_000).astype(np.int64), 0)
    total = years + rng.uniform(0, 10, n)
    a = rk.CandidateArrays(
        on=ON,
        employee_id=np.arange(1, n + 1),
        position_id=np.where(level_rank > 1, np.arange(1, n + 1) + 10_000_000, -1),
        level_rank=level_rank,
        holds_jpt=level_rank == 7,
        post_key=rng.integers(0, 9, n) * 10_000 + rng.integers(0, 12, n) * 100,
        edu=rng.choice([15, 30, 40, 45, 50], p=[0.15, 0.12, 0.56, 0.16, 0.01], size=n),
        golongan=rng.choice([23, 31, 32, 33, 34, 41, 42, 43, 44], size=n),
        age=ON.year - birth_y,
        birth_mi=birth_y * 12 + rng.integers(0, 12, n),
        skp_base=ON.year - 3,
        skp=np.asfortranarray(
            rng.choice([0, 3, 4, 5], p=[0.02, 0.06, 0.72, 0.2], size=(n, 4)).astype(np.int8)
        ),
        discipline_key=np.where(rng.random(n) < 0.02, ON.toordinal() - 300, 0),
        has_stints=np.ones(n, dtype=bool),
        total_key=(total * 10_000).astype(np.int64),
        total_years=total,
        opd_years=sparse.csc_matrix((rng.uniform(0, 10, n), (np.arange(n), opd)), shape=(n, n_opd)),
        opd_index={i: i for i in range(n_opd)},
        critical=rng.random(n) < 0.05,
        training=rng.integers(0, 4, n),
        assess_from=assessed,
        assess_own_validity=np.full(n, 3),
        levels=levels,
        levels_e4=np.nan_to_num(levels * 10_000).astype(np.int64),
        complete=~np.isnan(levels[:, 0]),
        box=rng.integers(0, 10, n),
    )
    # What the lazy columns would compute from the candidates (the synthetic arrays have none).
    a._memo[("prior", ("administrator", "jf_ahli_madya"))] = prior_key
    a._memo[("until", 3)] = np.where(assessed > 0, assessed + 3 * 365, 0)
    return a, base


def bare_scan(a, standard: dict[str, int], top: int) -> np.ndarray:
    """The floor: one weighted sum over the same arrays and a top-N selection, no eligibility."""
    s = np.array(list(standard.values()), dtype=np.float64)
    jpm = 100.0 * np.nansum(a.levels, axis=1) / s.sum()
    score = (
        0.35 * jpm
        + 0.25 * a.box * (100 / 9)
        + 0.2 * a.skp[:, -2] * 20
        + 0.1 * a.total_years
        + 0.1 * a.training
    )
    idx = np.argpartition(-score, top)[:top]
    return idx[np.argsort(-score[idx])]


def timed(fn, repeat: int) -> float:
    fn()  # warm
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def run_synthetic(size: int, repeat: int) -> None:
    from talenta.people.rules import jabatan as jr
    from talenta.placement.defaults import DEFAULT_REQUIREMENTS
    from talenta.placement.rules import eligibility as el
    from talenta.placement.rules import ranking as rk

    t = time.perf_counter()
    a, _ = synthetic(size)
    build = time.perf_counter() - t
    req = el.Requirements.from_data("jpt_pratama", 1, DEFAULT_REQUIREMENTS["jpt_pratama"])
    post = el.Post(
        position_id=1,
        name="Kepala Dinas",
        level="jpt_pratama",
        eselon="21",
        instansi_id=1,
        opd_id=3,
        bup=60,
        standard=jr.competency_standard("jpt_pratama"),
    )
    r = rk.rank(a, post, req, top=20)
    ours = timed(lambda: rk.rank(a, post, req, top=20), repeat)
    base = timed(lambda: bare_scan(a, post.standard, 20), repeat)
    print(
        f"size {size:,} (arrays built in {build:.1f} s), eligible {r.eligible_count:,}, "
        f"near-eligible {r.near.size:,}"
    )
    print(f"  Talenta rank():   median {ours:8.2f} ms over {repeat} runs")
    print(f"  bare numpy scan:  median {base:8.2f} ms over {repeat} runs")
    print(f"  ratio: {ours / base:.2f}x (target <= 5x)")


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_database(repeat: int, instansi: str | None, on: date) -> None:
    """The candidate pool of one instansi of the configured database, as a deployment meets it (issue 17):
    built once, read from disk by a restarted process, refreshed after one person changes; then ranking
    its JPT posts through the service against the bare numpy scan of the same arrays, in the same run."""
    import tempfile

    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count

    from talenta.people.models import Employee, Instansi, Position, SkpHistory
    from talenta.people.services import mark_changed
    from talenta.placement import selectors, services

    settings.TALENTA_POOL_DIR = Path(tempfile.mkdtemp(prefix="pool-bench-"))
    if instansi:
        inst = Instansi.objects.get(short_name=instansi)
    else:  # the largest
        inst = Instansi.objects.annotate(n=Count("employees")).order_by("-n").first()
    posts = list(Position.objects.filter(instansi=inst, level="jpt_pratama").order_by("pk"))
    rss0 = _rss_mb()
    t = time.perf_counter()
    pool = selectors.candidate_pool(inst.pk, on=on)
    cold = time.perf_counter() - t
    rss_build = _rss_mb()
    files = sorted(Path(settings.TALENTA_POOL_DIR).glob("*.npz"))
    size_mb = sum(f.stat().st_size for f in files) / 2**20
    selectors._POOL_CACHE.clear()  # what a restarted process has: the file
    t = time.perf_counter()
    pool = selectors.candidate_pool(inst.pk, on=on)
    restart = time.perf_counter() - t
    # One person changes (a performance year saved: the signal marks him), then the next request.
    person = Employee.objects.filter(instansi=inst, status=Employee.Status.PNS).order_by("pk").first()
    row = SkpHistory.objects.filter(employee=person).order_by("-year").first()
    if row is not None:
        row.save()
    else:
        mark_changed(employee_ids=[person.pk])
    t = time.perf_counter()
    pool = selectors.candidate_pool(inst.pk, on=on)
    refresh = time.perf_counter() - t
    t = time.perf_counter()
    selectors._fingerprint(inst.pk)
    fp_ms = (time.perf_counter() - t) * 1000
    print(f"database: {inst.short_name or inst.name}, {len(pool):,} PNS, appointments on {on:%d %B %Y}")
    print(
        f"  pool built (cold):            {cold:8.2f} s, peak RSS {rss_build:,.0f} MiB (before: {rss0:,.0f})"
    )
    print(f"  on disk:                      {size_mb:8.1f} MiB")
    print(f"  after a restart (from disk):  {restart:8.2f} s")
    print(f"  after one person changed:     {refresh:8.2f} s")
    print(f"  the freshness check per request: {fp_ms:.1f} ms")
    if not posts:
        return
    times, bare = [], []
    for p in posts[:10]:
        times.append(
            timed(lambda p=p: services.rank_position(position=p, on=on, top=10, near_top=10), repeat)
        )
        bare.append(timed(lambda p=p: bare_scan(pool, selectors.post_for(p, on).standard, 10), repeat))
    ours, floor = statistics.median(times), statistics.median(bare)
    print(f"  rank_position, {len(times)} JPT posts, top 10 and 10 near-eligible explained:")
    print(f"    service median {ours:8.1f} ms (max {max(times):.1f} ms)")
    print(f"    bare numpy scan of the same arrays: median {floor:8.1f} ms")
    print(f"    ratio: {ours / floor:.2f}x (target <= 5x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=12_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database", action="store_true")
    parser.add_argument("--instansi", help="short name (default: the largest instansi)")
    parser.add_argument("--on", type=date.fromisoformat, default=ON, help="appointment date (YYYY-MM-DD)")
    args = parser.parse_args()
    if args.database:
        run_database(args.repeat, args.instansi, args.on)
    else:
        run_synthetic(args.size, args.repeat)


if __name__ == "__main__":
    main()
