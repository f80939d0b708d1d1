"""`make run` from a fresh state: its set-up succeeds on an empty database, twice, and the server answers.

Runs the real Makefile in a subprocess against a throw-away SQLite file (a small demo size keeps it quick).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.long,
    pytest.mark.one_database,
    pytest.mark.xdist_group("make-run"),
    # It sets its own SQLite database whatever the suite runs on: the PostgreSQL pass of .ci/run would run
    # the very same 90 seconds again.
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="make run on its own SQLite database: already run by the SQLite pass",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_run_sets_up_an_empty_database_and_serves(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(TALENTA_VAR=str(tmp_path / "var"), DATABASE_URL=f"sqlite:///{tmp_path / 'talenta.sqlite3'}")
    first = subprocess.run(
        ["make", "-s", "setup", "DEMO_SIZE=400"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Demo accounts" in first.stdout and "http://127.0.0.1:8000" in first.stdout
    for username in ("admin", "analis", "komite", "pimpinan", "kepala-opd", "pegawai", "auditor"):
        assert f"\n  {username} " in first.stdout

    second = subprocess.run(
        ["make", "-s", "setup", "DEMO_SIZE=400"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert "0 baru" in second.stdout  # reference data unchanged
    assert (
        "admin" not in second.stdout.split("Referensi BKN")[-1].split("\n", 2)[-1] or "tidak" in second.stdout
    )

    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/talenta"), "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env={**env, "HTTPS": "false"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/akun/masuk/", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the server did not answer")
        assert "Talenta" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
            assert r.status == 200
            assert r.headers["Server"].startswith("gunicorn")  # the production server, not runserver
        # Static files from WhiteNoise under their hashed names, cached for good.
        css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body).group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=5) as r:
            assert r.status == 200 and "immutable" in r.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=15)
