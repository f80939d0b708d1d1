"""Talenta through a real PgBouncer in transaction mode, with DB_POOLER=true (.ci/run starts PgBouncer with
scripts/pg_replica.sh when scripts/ensure_pgbouncer.sh could install it; skipped without PGBOUNCER_URL)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

from talenta.people.models import Instansi

ROOT = Path(__file__).resolve().parents[2]
TALENTA = str(ROOT / ".venv/bin/talenta")

pytestmark = [
    pytest.mark.replica,
    pytest.mark.xdist_group("replica"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("PGBOUNCER_URL"), reason="no PgBouncer (PGBOUNCER_URL)"),
]

# Four threads, each its own Django connection, share PgBouncer's two server connections: transactions of
# one Django connection land on different server connections. Each thread writes in transactions, repeats
# the same query (psycopg prepares a statement from the 5th time unless told not to) and reads with
# .iterator() (a server-side cursor unless disabled).
WORKLOAD = """
import threading
from django.db import connection, transaction
from talenta.people.models import Instansi
errors = []
def work(t):
    try:
        for i in range(25):
            with transaction.atomic():
                Instansi.objects.create(bkn_id=f"PGB-{t}-{i}", name=f"Instansi {t}-{i}")
            Instansi.objects.filter(bkn_id__startswith="PGB-").count()
            sum(1 for _ in Instansi.objects.filter(bkn_id__startswith=f"PGB-{t}-").iterator(chunk_size=3))
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()
threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
print("ERRORS", len(errors), errors[:1])
"""


def _run(pooler: bool, tmp_path: Path) -> subprocess.CompletedProcess:
    name = connections["default"].settings_dict["NAME"]
    bouncer = urlsplit(os.environ["PGBOUNCER_URL"])
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_REPLICA_URL"}}
    env.update(
        DATABASE_URL=f"postgres://{bouncer.username}@{bouncer.hostname}:{bouncer.port}/{name}",
        DB_POOLER="true" if pooler else "false",
        TALENTA_VAR=str(tmp_path / "var"),
        HTTPS="false",
    )
    return subprocess.run(
        [TALENTA, "shell", "-c", WORKLOAD], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def bouncer_released():
    yield
    # PgBouncer keeps its server connections to the test database open: end them so it can be dropped.
    with connections["default"].cursor() as c:
        c.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_talenta_works_through_pgbouncer_in_transaction_mode(tmp_path, bouncer_released):
    done = _run(True, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ERRORS 0 []" in done.stdout, done.stdout
    assert Instansi.objects.filter(bkn_id__startswith="PGB-").count() == 100


def test_without_the_pooler_settings_transaction_mode_breaks(tmp_path, bouncer_released):
    done = _run(False, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ERRORS 0 []" not in done.stdout, done.stdout
