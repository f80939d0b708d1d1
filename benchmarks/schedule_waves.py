"""Benchmark: schedule N participants into 100 waves with the profiling scheduler, against baselines run
on the same data in the same process.

    .venv/bin/python benchmarks/schedule_waves.py --size 10000

Data (seeded, synthetic): 60 OPDs with skewed sizes (the largest about 40%, like Dinas Pendidikan's
teachers), 8% of people with 1–3 unavailable days, 1% pinned to a wave; 100 waves over 25 days with 4
slots a day; seats per wave = ⌈N / 100⌉ + 5; at most ⌈0.45 × N / 100⌉ of one OPD per wave.
Baselines: (a) round-robin by NIP, ignoring every constraint; (b) a greedy first-fit that respects the
hard constraints but not balance.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from talenta.profiling.rules.scheduling import (
    Person,
    SchedulingError,
    plan_waves,
    schedule,
    violations,
)

START = date(2025, 11, 17)
SLOTS = (
    (clock(8), clock(10)),
    (clock(10, 15), clock(12, 15)),
    (clock(13), clock(15)),
    (clock(15, 15), clock(17, 15)),
)


def make_people(n: int, seed: int, waves) -> list[Person]:
    rng = random.Random(seed)
    weights = [40.0] + [60.0 / 59 * (1.6 if i < 10 else 0.93) for i in range(59)]
    groups = [f"OPD {i:02d}" for i in range(60)]
    days = sorted({w.day for w in waves})
    people = []
    for i in range(n):
        g = rng.choices(groups, weights)[0]
        k = min(rng.randint(1, 3), len(days) - 1)  # never every day: that instance would be infeasible
        off = frozenset(rng.sample(days, k)) if k and rng.random() < 0.08 else frozenset()
        pin = None
        if rng.random() < 0.01:
            pin = rng.choice([w.number for w in waves if w.day not in off])
        people.append(
            Person(id=f"{19700101 + i:08d}2000011{i % 1000:03d}", group=g, unavailable=off, pin=pin)
        )
    return people


def round_robin(people, waves):
    return {p.id: waves[i % len(waves)].number for i, p in enumerate(sorted(people, key=lambda p: p.id))}


def greedy(people, waves, cap):
    sizes, per = Counter(), Counter()
    out = {}
    for p in sorted(people, key=lambda p: (p.pin is None, p.id)):
        for w in waves:
            if p.pin is not None and w.number != p.pin:
                continue
            if w.day in p.unavailable or sizes[w.number] >= w.capacity or per[w.number, p.group] >= cap:
                continue
            out[p.id] = w.number
            sizes[w.number] += 1
            per[w.number, p.group] += 1
            break
    return out


def describe(name, assignment, people, waves, cap, seconds):
    bad = violations(assignment, people, waves, max_per_opd=cap)
    sizes = Counter(assignment.values())
    values = [sizes.get(w.number, 0) for w in waves]
    kinds = Counter(v.split(": ", 1)[1].split(" ")[0] if ": " in v else v for v in bad)
    print(
        f"{name:<34} {seconds * 1000:9.1f} ms  placed {len(assignment):>6}/{len(people)}  "
        f"sizes {min(values)}–{max(values)} (sd {statistics.pstdev(values):.2f})  "
        f"violations {len(bad)} {dict(kinds) if bad else ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--waves", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slots-per-day", type=int, default=4, choices=[1, 2, 3, 4])
    args = parser.parse_args()
    capacity = math.ceil(args.size / args.waves) + 5
    cap = math.ceil(0.45 * args.size / args.waves)
    slots = SLOTS[: args.slots_per_day] if args.slots_per_day != 2 else (SLOTS[0], SLOTS[2])
    waves = plan_waves(
        start=START, days=math.ceil(args.waves / len(slots)), waves=args.waves, capacity=capacity, slots=slots
    )
    people = make_people(args.size, args.seed, waves)
    print(
        f"{args.size} participants, {args.waves} waves × {capacity} seats, ≤ {cap} per OPD per wave, "
        f"{sum(1 for p in people if p.unavailable)} with unavailable days, "
        f"{sum(1 for p in people if p.pin)} pinned"
    )
    for name, fn in (
        ("baseline: round-robin (no rules)", lambda: round_robin(people, waves)),
        ("baseline: greedy first-fit", lambda: greedy(people, waves, cap)),
        ("scheduler (bounded max-flow)", lambda: schedule(people, waves, max_per_opd=cap).assignment),
    ):
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            try:
                result = fn()
            except SchedulingError as e:
                print(f"{name}: {e}")
                break
            times.append(time.perf_counter() - t)
        if times:
            describe(name, result, people, waves, cap, statistics.median(times))
    first = schedule(people, waves, max_per_opd=cap).assignment
    print("deterministic:", first == schedule(list(reversed(people)), waves, max_per_opd=cap).assignment)


if __name__ == "__main__":
    main()
