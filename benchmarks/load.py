"""Load on a real server: N clients on loopback over the main screens of an Analis BKD session.

    .venv/bin/python benchmarks/load.py --size 12000 [--clients 20] [--duration 30] [--database-url URL]
        [--server gunicorn|runserver] [--workers N] [--threads T] [--port 8017]

Builds (or reuses) the demo province of --size employees in its own database (default: SQLite
var/bench_load_<size>.sqlite3), serves it with `talenta serve` (gunicorn; `--server runserver` for Django's
development server, the old `make run`), and runs --clients closed-loop clients (each its own session and
keep-alive connection, no think time) for --duration seconds after a warm-up. Each client cycles through
Beranda, the Pegawai list, a name search, a profile, the nine-box grid, the ranking of one post, the API
list and a static file. The static file is the baseline: served by the same server under the same load in
the same run, so `ratio` = a screen's p95 / the static file's p95 says what the screen itself costs. It also
prints the CPU the server's processes used per request (from /proc) and, on PostgreSQL on this machine, the
CPU of the database's backends serving it."""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TALENTA = str(ROOT / ".venv/bin/talenta")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def use_database(size: int, url: str = "") -> str:
    """The benchmark's database (`url`, else SQLite var/bench_load_<size>.sqlite3) and settings, in the
    environment of this process and of the server it starts."""
    db = url or f"sqlite:///{ROOT / 'var' / f'bench_load_{size}.sqlite3'}"
    os.environ.update(DATABASE_URL=db, HTTPS="false", ACCESS_LOG="false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")
    (ROOT / "var").mkdir(exist_ok=True)
    return db


def prepare(size: int) -> tuple[dict[str, str], list[str]]:
    """The screens' paths and one session cookie per client, from the database itself."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    from talenta.accounts.models import User
    from talenta.people.models import Employee, Instansi

    call_command("migrate", verbosity=0)
    if not Employee.objects.exists():
        t = time.perf_counter()
        from talenta.demo.generator import generate

        generate(size=size, seed=2026)
        print(f"built the demo province of {size:,} in {time.perf_counter() - t:.1f} s", flush=True)
    elif Employee.objects.count() != size:
        sys.exit("the database holds another size; delete it or pass another --database-url")
    # Always: a manifest of an older checkout lacks new files, and every page naming one answers 500.
    call_command("collectstatic", interactive=False, verbosity=0)
    from talenta.placement.models import FillingPost
    from talenta.talent.models import MappingPeriod

    instansi = Instansi.objects.filter(employees__isnull=False).distinct().get()
    user = User.objects.get(username="analis")
    employees = list(Employee.objects.filter(instansi=instansi).order_by("id").values_list("pk", flat=True))
    period = MappingPeriod.objects.filter(instansi=instansi).order_by("-pk").first()
    post = FillingPost.objects.filter(process__instansi=instansi).order_by("pk").first()
    paths = {
        "beranda": "/",
        "pegawai list": "/pegawai/",
        "pegawai search": "/pegawai/?q=sari",
        "profile": f"/pegawai/{employees[len(employees) // 2]}/",
        "nine-box": f"/manajemen-talenta/periode/{period.pk}/",
        "ranking of a post": f"/penempatan/jabatan/{post.pk}/kandidat/",
        "api list": "/api/v1/employees?limit=50",
        "baseline: static file": staticfiles_storage.url("talenta/app.css"),
    }
    cookies = []
    for _ in range(64):
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={s.session_key}")
    return paths, cookies


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by `pid` and every process below it (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def database_cpu() -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend serving the benchmark's database ({} on SQLite,
    where the database works inside the web processes and is already in their CPU)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[pid] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError):  # not on this machine, or gone
            continue
    return out


def client(
    port: int,
    cookie: str,
    paths: list[tuple[str, str]],
    offset: int,
    stop: threading.Event,
    out: dict,
    errors: dict,
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while not stop.is_set():
        name, path = paths[i % len(paths)]
        i += 1
        t = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            r = conn.getresponse()
            r.read()
            ok = r.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        ms = (time.perf_counter() - t) * 1000
        if out.get("recording"):
            (out[name] if ok else errors[name]).append(ms)
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=12000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--port", type=int, default=8017)
    args = parser.parse_args()
    db = use_database(args.size, args.database_url)
    paths, cookies = prepare(args.size)

    if args.server == "gunicorn":
        cmd = [TALENTA, "serve", "--port", str(args.port), "--job-workers", "0"]
        cmd += ["--workers", str(args.workers)] if args.workers else []
        cmd += ["--threads", str(args.threads)] if args.threads else []
    else:
        cmd = [TALENTA, "runserver", f"127.0.0.1:{args.port}", "--noreload", "--nostatic"]
    server = subprocess.Popen(cmd, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit("the server did not start")
        out: dict = defaultdict(list)
        errors: dict = defaultdict(list)
        stop = threading.Event()
        items = list(paths.items())
        threads = [
            threading.Thread(target=client, args=(args.port, cookies[n], items, n, stop, out, errors))
            for n in range(args.clients)
        ]
        for t in threads:
            t.start()
        time.sleep(args.warmup)
        out["recording"] = True
        started = time.perf_counter()
        cpu0, own0, db0 = server_cpu(server.pid), time.process_time(), database_cpu()
        time.sleep(args.duration)
        out["recording"] = False
        elapsed = time.perf_counter() - started
        cpu, own = server_cpu(server.pid) - cpu0, time.process_time() - own0
        db1 = database_cpu()
        db_cpu = sum(v - db0.get(pid, 0.0) for pid, v in db1.items())
        stop.set()
        for t in threads:
            t.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    engine = "PostgreSQL" if db.startswith("postgres") else "SQLite"
    load = os.getloadavg()
    print(
        f"\n{args.clients} clients, {args.duration:.0f} s, {args.server}, {engine}, {args.size:,} employees, "
        f"load average {load[0]:.1f}/{load[1]:.1f}"
    )
    base = percentile(out["baseline: static file"], 95) if out["baseline: static file"] else float("nan")
    print(
        f"{'request':24} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6} {'p95/static':>10}"
    )
    screens: list[float] = []
    for name in paths:
        v = out[name]
        if name != "baseline: static file":
            screens += v
        if not v:
            print(f"{name:24} {0:6} {'–':>8} {'–':>8} {'–':>8} {len(errors[name]):6}")
            continue
        p95 = percentile(v, 95)
        print(
            f"{name:24} {len(v):6} {statistics.median(v):8.1f} {p95:8.1f} {max(v):8.1f} "
            f"{len(errors[name]):6} {p95 / base:10.1f}"
        )
    n_err = sum(len(errors[n]) for n in paths if n != "baseline: static file")
    p95 = percentile(screens, 95)
    print(
        f"{'all screens':24} {len(screens):6} {statistics.median(screens):8.1f} {p95:8.1f} "
        f"{max(screens):8.1f} {n_err:6} {p95 / base:10.1f}"
    )
    total = len(screens) + len(out["baseline: static file"])
    print(f"throughput {total / elapsed:.1f} requests/s ({len(screens) / elapsed:.1f} screens/s)")
    print(
        f"server CPU {cpu:.1f} s = {1000 * cpu / max(total, 1):.1f} ms per request "
        f"(capacity of one dedicated core ≈ {total / max(cpu, 1e-9):.0f} requests/s); "
        f"the clients' own CPU {own:.1f} s; {os.cpu_count()} cores"
    )
    if db1:
        print(
            f"PostgreSQL backends' CPU {db_cpu:.1f} s = {1000 * db_cpu / max(total, 1):.1f} ms per request "
            f"(web + database {1000 * (cpu + db_cpu) / max(total, 1):.1f} ms)"
        )


if __name__ == "__main__":
    main()
