"""`talenta serve`: gunicorn (static files from WhiteNoise) and the background worker(s), stopped together.

SIGTERM or SIGINT (Ctrl+C) is passed on to every child: gunicorn finishes the requests in flight, a worker
finishes its current job; whatever is still running after the grace period is killed. If a child dies on
its own, the others are stopped and `serve` exits non-zero, so systemd (or the terminal) sees it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

GRACE_SECONDS = 35  # gunicorn's graceful_timeout (30 s) and a little


class Command(BaseCommand):
    help = "Serve Talenta with gunicorn and run the background worker(s) next to it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=None, help="web processes (default: one per core, 2–16)"
        )
        parser.add_argument(
            "--threads", type=int, default=None, help="threads per web process (default 1; more: gthread)"
        )
        parser.add_argument(
            "--job-workers", type=int, default=1, help="background worker processes (0: web only)"
        )

    def handle(
        self, *, host: str, port: int, workers: int | None, threads: int | None, job_workers: int, **o: Any
    ) -> None:
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")
        # Prometheus' multiprocess mode: every web and worker process writes its samples here.
        metrics_dir = settings.VAR_DIR / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True, exist_ok=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)

        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:talenta.gunicorn_conf",
            "--bind",
            f"{host}:{port}",
        ]
        if workers:
            web += ["--workers", str(workers)]
        if threads:
            web += ["--threads", str(threads), "--worker-class", "gthread" if threads > 1 else "sync"]
        children = [subprocess.Popen([*web, "talenta.wsgi:application"], env=env)]  # noqa: S603
        for _ in range(job_workers):
            cmd = [sys.executable, "-m", "talenta.manage", "worker", "--interval", "1", "--no-reload"]
            children.append(subprocess.Popen(cmd, env=env))  # noqa: S603
        self.stdout.write(f"\nTalenta berjalan di http://{host}:{port}/  (Ctrl+C untuk berhenti)\n")
        self.stdout.flush()

        stopping: list[int] = []

        def stop(signum: int, frame: object) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = 0
        while not stopping:
            dead = [c for c in children if c.poll() is not None]
            if dead:
                self.stderr.write(f"talenta serve: {dead[0].args[2:4]} exited with {dead[0].returncode}")
                code = dead[0].returncode or 1
                break
            time.sleep(0.2)
        _stop_all(children)
        if code:
            sys.exit(code)


def _stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
