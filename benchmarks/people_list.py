"""Pegawai list speed: p50/p95 of the list request (Django test client, whole view incl. template) against
the bare count query of the same scope in the same run.

    .venv/bin/python benchmarks/people_list.py --size 12000 [--repeat 30] [--database-url URL]

Builds the demo province of --size employees (`talenta demo`'s generator; `--source synthetic` for the
simpler tests/people/synthetic.py) in its own database (default: SQLite
var/bench_people_<source>_<size>.sqlite3, reused when it already holds that size)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=12000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--source", choices=["demo", "synthetic"], default="demo")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="use the database as it is (e.g. built by `talenta demo --size N`, kabupaten/kota included)",
    )
    args = parser.parse_args()
    name = f"bench_people_{args.source}_{args.size}.sqlite3"
    db = args.database_url or f"sqlite:///{ROOT / 'var' / name}"
    os.environ["DATABASE_URL"] = db
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("AXES_ENABLED", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")
    (ROOT / "var").mkdir(exist_ok=True)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    setup_test_environment()
    from tests.people.synthetic import build

    from talenta.accounts import scope
    from talenta.accounts.models import User
    from talenta.people.models import Employee, Instansi, Unit

    call_command("migrate", verbosity=0)
    if not args.existing and Employee.objects.count() != args.size:
        if Employee.objects.exists():
            sys.exit(f"{db} holds another size; delete it or pass --database-url")
        t = time.perf_counter()
        if args.source == "demo":
            from talenta.demo.generator import generate

            generate(size=args.size, seed=2026)
        else:
            build(args.size, today=timezone.localdate())
        print(f"built {args.size:,} employees ({args.source}) in {time.perf_counter() - t:.1f} s")
    from django.db import connection
    from django.db.models import Count

    with connection.cursor() as cursor:
        # Planner statistics, as a live database has them (PostgreSQL's autovacuum; SQLite needs ANALYZE):
        # without them SQLite walks the name index of all rows for a narrow filter sorted by name.
        cursor.execute("ANALYZE")
    # The instansi with the most employees (the province; a region demo also has its kabupaten/kota).
    instansi = Instansi.objects.annotate(n=Count("employees")).order_by("-n").first()
    user, _ = User.objects.get_or_create(
        username="bench-analis", defaults={"role": "analis", "instansi": instansi}
    )
    client = Client()
    client.force_login(user)
    opd = Unit.objects.filter(instansi=instansi, parent__isnull=True).order_by("id")[1]
    nip = Employee.objects.order_by("id").values_list("nip", flat=True)[args.size // 2][:12]
    requests = {
        "first page": {},
        "search name 'sari'": {"q": "sari"},
        "search NIP prefix": {"q": nip},
        "filter OPD + sort age": {"opd": opd.pk, "sort": "age"},
        "filter golongan+sex+age": {"golongan": "33", "sex": "F", "age": "41-50"},
        "page 40": {"page": 40},
    }
    htmx = {"HX-Request": "true"}

    def timed(fn) -> list[float]:
        fn()  # warm up
        out = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        return out

    base = timed(lambda: scope.employees_for(user).count())
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"\nPegawai list, {args.size:,} employees ({args.source}), {args.repeat} requests each, {engine}")
    print(f"{'request':32} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'baseline: bare count query':32} {statistics.median(base):8.1f} {percentile(base, 95):8.1f}")
    everything: list[float] = []
    for label, params in requests.items():

        def call(params=params) -> None:
            r = client.get("/pegawai/", params, headers=htmx if "q" in params else {})
            assert r.status_code == 200, r.status_code

        values = timed(call)
        if label == "first page":
            r = client.get("/pegawai/")
            shown = r.context["page"].paginator
            print(f"  (first page count shown: {shown.count:,}, estimated: {shown.estimated})")
        everything += values
        print(f"{label:32} {statistics.median(values):8.1f} {percentile(values, 95):8.1f}")
    print(f"{'all list requests':32} {statistics.median(everything):8.1f} {percentile(everything, 95):8.1f}")


if __name__ == "__main__":
    main()
