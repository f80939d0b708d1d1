"""Production settings read from the environment: the pooler, the replica, sessions in Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SNIPPET = """
import json
from talenta import settings as s
print(json.dumps({
    "dbs": {a: {k: d.get(k) for k in ("HOST", "PORT", "NAME", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS",
                                      "DISABLE_SERVER_SIDE_CURSORS", "OPTIONS", "TEST")}
            for a, d in s.DATABASES.items()},
    "routers": getattr(s, "DATABASE_ROUTERS", []),
    "session": getattr(s, "SESSION_ENGINE", "django.contrib.sessions.backends.db"),
}, default=str))
"""


def _settings(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DB_", "REDIS_"))}
    done = subprocess.run(
        [sys.executable, "-c", SNIPPET], env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


PG = "postgres://talenta@10.0.0.11:6432/talenta"


def test_transaction_pooling_turns_off_server_side_cursors_and_prepared_statements():
    s = _settings(
        DATABASE_URL=PG, DB_POOLER="true", DATABASE_REPLICA_URL="postgres://talenta@10.0.0.12:6432/talenta"
    )
    for alias in ("default", "replica"):
        db = s["dbs"][alias]
        assert db["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert db["OPTIONS"]["prepare_threshold"] is None
        assert db["CONN_HEALTH_CHECKS"] is True and db["CONN_MAX_AGE"] == 60


def test_without_a_pooler_server_side_cursors_stay_on():
    db = _settings(DATABASE_URL=PG)["dbs"]["default"]
    assert not db.get("DISABLE_SERVER_SIDE_CURSORS")
    assert "prepare_threshold" not in (db["OPTIONS"] or {})


def test_a_replica_url_adds_the_replica_and_its_router():
    s = _settings(DATABASE_URL=PG, DATABASE_REPLICA_URL="postgres://talenta@10.0.0.12:5432/talenta")
    assert s["dbs"]["replica"]["HOST"] == "10.0.0.12"
    assert s["dbs"]["replica"]["TEST"] == {"MIRROR": "default"}
    assert s["routers"] == ["talenta.ops.routing.ReplicaRouter"]
    assert "replica" not in _settings(DATABASE_URL=PG)["dbs"]


def test_sessions_are_read_from_the_cache_with_the_database_behind_it():
    # Redis when configured (several web servers), else the file cache of the one server.
    assert _settings(REDIS_URL="redis://127.0.0.1:6379/0")["session"].endswith("cached_db")
    assert _settings()["session"].endswith("cached_db")


REDIS_SNIPPET = """
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.contrib.sessions.backends.cache import SessionStore  # the cache half of cached_db
cache.set("talenta-test-redis", {"n": 1}, 30)
s = SessionStore()
s["who"] = "analis"
s.create()
again = SessionStore(session_key=s.session_key)
print(cache.get("talenta-test-redis"), again["who"], settings.SESSION_ENGINE)
s.delete()
cache.delete("talenta-test-redis")
"""


def _redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_cache_and_the_sessions_really_work(tmp_path):
    # REDIS_URL once named a backend whose client library was not installed: every page answered 500.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DB_", "REDIS_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "talenta.settings",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'redis.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", REDIS_SNIPPET], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["{'n':", "1}", "analis", "django.contrib.sessions.backends.cached_db"]


def test_sqlite_keeps_its_connection_per_thread_like_postgresql():
    # Opening a SQLite connection runs the WAL pragmas: per request, that was most of a small page's cost.
    db = _settings(DATABASE_URL="sqlite:////tmp/talenta-settings-test.sqlite3")["dbs"]["default"]
    assert db["CONN_MAX_AGE"] == 60
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert (
        _settings(DATABASE_URL="sqlite:////tmp/t.sqlite3", DB_CONN_MAX_AGE="0")["dbs"]["default"][
            "CONN_MAX_AGE"
        ]
        == 0
    )


def _gunicorn(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WEB_")}
    code = "import json, talenta.gunicorn_conf as g; "
    code += "print(json.dumps([g.worker_class, g.threads, g.workers]))"
    done = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return dict(zip(("worker_class", "threads", "workers"), json.loads(done.stdout), strict=True))


def test_gunicorn_runs_one_request_per_process_unless_threads_are_asked_for():
    default = _gunicorn()
    assert default["worker_class"] == "sync" and default["threads"] == 1
    assert default["workers"] == min(max(os.cpu_count() or 1, 2), 16)
    assert _gunicorn(WEB_THREADS="4")["worker_class"] == "gthread"
    assert _gunicorn(WEB_CONCURRENCY="7")["workers"] == 7
