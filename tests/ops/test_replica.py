"""Read-replica routing and several workers, against a real PostgreSQL primary and streaming replica.

`.ci/run` starts them (scripts/pg_replica.sh) and runs `pytest -m replica`; without DATABASE_REPLICA_URL
these tests are skipped. To show where a read went, the replica's replay is paused: a row written to the
primary afterwards is visible on the primary only."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from talenta.ops.routing import PIN_COOKIE, use_replica
from talenta.people.models import Instansi

ROOT = Path(__file__).resolve().parents[2]
TALENTA = str(ROOT / ".venv/bin/talenta")

pytestmark = [
    pytest.mark.replica,
    pytest.mark.xdist_group("replica"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def _replica(sql: str) -> object:
    with connections["replica"].cursor() as c:
        c.execute(sql)
        return c.fetchone()[0]


def _caught_up(timeout: float = 30) -> None:
    with connections["default"].cursor() as c:
        c.execute("SELECT pg_current_wal_lsn()::text")
        lsn = c.fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connections["replica"].cursor() as c:
            c.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if c.fetchone()[0]:
                return
        time.sleep(0.05)
    pytest.fail("the replica did not catch up")


@contextlib.contextmanager
def replay_paused() -> Iterator[None]:
    _caught_up()
    _replica("SELECT pg_wal_replay_pause()::text")
    try:
        yield
    finally:
        _replica("SELECT pg_wal_replay_resume()::text")
        _caught_up()


def _seen_on_replica(bkn_id: str, timeout: float = 10) -> None:
    """The replay position reached, the row is visible once the standby has applied the commit: poll
    briefly (a CI run once read the replica a moment too early)."""
    _caught_up()
    deadline = time.monotonic() + timeout
    while _replica(f"SELECT count(*) FROM people_instansi WHERE bkn_id = '{bkn_id}'") != 1:
        assert time.monotonic() < deadline, "the row never reached the replica"
        time.sleep(0.05)


def _instansi(n: int) -> Instansi:
    return Instansi.objects.create(bkn_id=f"DRILL{n}", name=f"Instansi drill {n}")


def test_the_replica_is_a_streaming_standby_of_the_primary():
    assert _replica("SELECT pg_is_in_recovery()") is True
    with connections["default"].cursor() as c:
        c.execute("SELECT pg_is_in_recovery()")
        assert c.fetchone()[0] is False
    _instansi(1)
    _seen_on_replica("DRILL1")


def test_heavy_reads_go_to_the_replica_and_reads_after_a_write_to_the_primary():
    _instansi(1)
    _seen_on_replica("DRILL1")  # before the pause: the replica's copy must hold it
    with replay_paused():
        _instansi(2)  # on the primary only, for now
        with use_replica():
            assert Instansi.objects.filter(bkn_id__startswith="DRILL").count() == 1  # the replica's copy
            _instansi(3)
            # The write pinned this unit of work to the primary: it sees its own write and the one before.
            assert Instansi.objects.filter(bkn_id__startswith="DRILL").count() == 3
        assert Instansi.objects.filter(bkn_id__startswith="DRILL").count() == 3  # outside: the primary


def test_reads_inside_a_transaction_stay_on_the_primary():
    with replay_paused():
        _instansi(1)
        with use_replica(), transaction.atomic():
            assert Instansi.objects.filter(bkn_id="DRILL1").exists()


def _login(client: Client, user) -> None:
    client.force_login(user)
    client.cookies.pop(PIN_COOKIE, None)


def test_a_dashboard_request_reads_from_the_replica_and_a_list_from_the_primary(demo_province):
    client = Client()
    _login(client, demo_province.accounts["analis"])
    _caught_up()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/").status_code == 200
    assert len(on_replica) > 0
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/pegawai/").status_code == 200
    assert len(on_replica) == 0


def test_a_browser_that_just_wrote_reads_from_the_primary(demo_province):
    analis = demo_province.accounts["analis"]
    client = Client()
    response = client.post("/akun/masuk/", {"username": analis.username, "password": analis.raw_password})
    assert response.status_code == 302
    assert PIN_COOKIE in response.cookies  # the login wrote (session, audit entry)
    _caught_up()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/").status_code == 200
    assert len(on_replica) == 0
    client.cookies.pop(PIN_COOKIE)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/").status_code == 200
    assert len(on_replica) > 0


def test_two_workers_on_one_queue_run_each_job_exactly_once(settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from talenta.core.models import Job
    from talenta.ops.tasks import CANARY_KIND, canary

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tokens = [f"job-{i:03d}" for i in range(40)]
    for token in tokens:
        # The first job holds whichever worker takes it for 4 s: the other, however late it starts on a busy
        # machine, still finds the queue full (39 jobs of 0.05 s would otherwise be 2 s of work).
        canary.enqueue(token, seconds=4 if token == tokens[0] else 0.05)
    s = connections["default"].settings_dict
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_REPLICA_URL"}}
    env.update(
        DATABASE_URL=f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}",
        TALENTA_VAR=str(tmp_path / "var"),
        HTTPS="false",
    )
    cmd = [TALENTA, "worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", "-v", "0"]
    workers = [subprocess.Popen(cmd, env=env) for _ in range(2)]
    assert [w.wait(timeout=240) for w in workers] == [0, 0]

    ran = list(Job.objects.filter(kind=CANARY_KIND).values_list("label", "result"))
    assert sorted(label for label, _ in ran) == tokens  # each job once, none lost
    assert len({result["pid"] for _, result in ran}) == 2  # and both workers took part
    results = DBTaskResult.objects.all()
    assert {r.status for r in results} == {"SUCCESSFUL"}
    assert all(len(r.worker_ids) == 1 for r in results)
