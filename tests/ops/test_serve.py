"""`talenta serve`: a real gunicorn with real background workers, stopped cleanly by SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TALENTA = str(ROOT / ".venv/bin/talenta")

pytestmark = [
    pytest.mark.xdist_group("serve"),
    # The server under test runs on its own SQLite file whatever the suite runs on: the PostgreSQL pass of
    # .ci/run would run the very same processes again (docs/decisions/0002).
    pytest.mark.one_database,
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (a loopback http URL we built)
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def _wait(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if value := predicate():
                return value
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail("timed out")


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


PROGRESS = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from talenta.accounts.models import User
from talenta.core.jobs import Progress, job_create
from talenta.people.models import Instansi
inst = Instansi.objects.create(bkn_id="A5E", name="Provinsi Uji")
user = User.objects.create_user(
    username="analis-uji", password="x-Talenta-2026-uji", role="analis", instansi=inst
)
job = job_create(kind="siasn.import", label="Impor uji", user=user)
p = Progress(10, "Impor uji", job=job, stream=None, min_interval=0)
p.advance(4, "baris ke-4")
s = SessionStore()
s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print(job.pk, settings.SESSION_COOKIE_NAME + "=" + s.session_key)
"""


def _job_with_progress(env: dict[str, str]) -> tuple[int, str]:
    out = subprocess.run(
        [TALENTA, "shell", "-c", PROGRESS], env=env, check=True, capture_output=True, text=True, timeout=60
    ).stdout.split()
    return int(out[-2]), out[-1]


@pytest.fixture
def site(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    db = tmp_path / "talenta.sqlite3"
    env.update(TALENTA_VAR=str(tmp_path / "var"), DATABASE_URL=f"sqlite:///{db}", HTTPS="false")
    env.pop("DATABASE_REPLICA_URL", None)
    subprocess.run([TALENTA, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=300)
    return env, db


def test_serve_runs_gunicorn_and_workers_and_stops_them_on_sigterm(site):
    env, db = site
    port = _free_port()
    serve = subprocess.Popen(
        [TALENTA, "serve", "--port", str(port), "--workers", "2", "--job-workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, headers, _ = _wait(lambda: _get(base + "/healthz"))
        assert status == 200 and headers["Server"].startswith("gunicorn")
        # Both workers beat; /readyz turns ready once one has been seen.
        _wait(lambda: _get(base + "/readyz")[0] == 200, 60)

        subprocess.run(
            [TALENTA, "shell", "-c", "from talenta.ops.tasks import canary; canary.enqueue('via-serve')"],
            env=env,
            check=True,
            timeout=60,
        )

        def ran() -> bool:
            with sqlite3.connect(db) as c:
                return c.execute("SELECT count(*) FROM core_job WHERE label='via-serve'").fetchone()[0] == 1

        _wait(ran, 30)
        # A job's live progress, published by another process, is read by whichever web process answers.
        job, cookie = _job_with_progress(env)
        pages = []
        for _ in range(8):
            req = urllib.request.Request(f"{base}/tugas/{job}/", headers={"Cookie": cookie})  # noqa: S310
            with urllib.request.urlopen(req, timeout=5) as r:  # noqa: S310 (loopback http URL we built)
                pages.append((r.status, r.read().decode()))
        assert all(status == 200 and "4 / 10 baris ke-4" in page for status, page in pages)
        # The latency histogram is summed over gunicorn's worker processes.
        metrics = _get(base + "/metrics")[2]
        assert 'talenta_http_request_duration_seconds_count{method="GET",route="/healthz"}' in metrics

        children = _children(serve.pid)
        assert len(children) == 3  # gunicorn's master and two workers
        grandchildren = [g for c in children for g in _children(c)]
        assert len(grandchildren) >= 2  # gunicorn's two web processes
    finally:
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(timeout=60)
    assert code == 0, serve.stdout.read().decode()
    time.sleep(0.5)
    assert not [p for p in children + grandchildren if _alive(p)]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
