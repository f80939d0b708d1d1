"""/healthz, /readyz and /metrics, and the request id that ties a request's log lines and audit entries."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from talenta.core.models import AuditEntry
from talenta.ops import heartbeat


@pytest.fixture
def shared_cache(settings, tmp_path):
    # The heartbeat travels through the cache, as between a worker and the web processes.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }


def test_healthz_answers_without_login(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_unavailable_until_a_worker_is_seen(db, shared_cache):
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "worker": "not seen in the last minute",
    }

    heartbeat.beat("test-worker")
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_forgets_a_worker_silent_for_over_a_minute(db, shared_cache, monkeypatch):
    heartbeat.beat("test-worker")
    real = heartbeat.time.time
    monkeypatch.setattr(heartbeat.time, "time", lambda: real() + heartbeat.FRESH_FOR + 5)
    assert Client().get("/readyz").status_code == 503


def test_metrics_refuses_an_address_outside_the_allow_list(db):
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics")
    assert response.status_code == 403
    assert b"talenta_" not in response.content


def test_metrics_accepts_the_metrics_token_from_anywhere(db, settings):
    settings.METRICS_TOKEN = "rahasia-metrik-0123456789"
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer salah").status_code == 403
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer rahasia-metrik-0123456789")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def _metric(text: str, name: str, **labels: str) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    raise AssertionError(f"{name} {labels} not in metrics")


def test_metrics_count_requests_per_route_and_login_failures(db, make_user):
    make_user("analis")
    client = Client()
    client.get("/akun/masuk/")
    client.post("/akun/masuk/", {"username": "analis-user", "password": "salah-sekali-2026"})
    text = client.get("/metrics").content.decode()
    assert (
        _metric(text, "talenta_http_request_duration_seconds_count", route="/akun/masuk/", method="GET") >= 1
    )
    assert (
        _metric(text, "talenta_http_request_duration_seconds_count", route="/akun/masuk/", method="POST") >= 1
    )
    assert _metric(text, "talenta_login_failures_total") == 1


def test_metrics_show_the_job_queue_depth(db, settings):
    from talenta.ops.tasks import canary

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = Client().get("/metrics").content.decode()
    assert "talenta_job_queue_depth{" not in before
    assert _metric(before, "talenta_job_queue_oldest_age_seconds") == 0
    canary.enqueue("a")
    canary.enqueue("b")
    after = Client().get("/metrics").content.decode()
    assert _metric(after, "talenta_job_queue_depth", queue="default") == 2
    assert _metric(after, "talenta_job_queue_oldest_age_seconds") >= 0


def test_a_request_id_is_returned_logged_and_written_to_its_audit_entries(db, make_user, caplog):
    make_user("analis")
    client = Client()
    with caplog.at_level(logging.INFO, logger="talenta.request"):
        response = client.post(
            "/akun/masuk/",
            {"username": "analis-user", "password": "rahasia-Talenta-2026"},
            HTTP_X_REQUEST_ID="req-0123456789abcdef",
        )
    assert response["X-Request-ID"] == "req-0123456789abcdef"
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.request_id == "req-0123456789abcdef"
    record = next(r for r in caplog.records if r.name == "talenta.request")
    assert record.request_id == "req-0123456789abcdef" and record.status == 302


def test_an_unsafe_request_id_is_replaced(db):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="x\n{evil}")
    assert response["X-Request-ID"] != "x\n{evil}" and len(response["X-Request-ID"]) == 32


def test_the_json_log_line_carries_the_request_id():
    from talenta.core.request_id import reset_request_id, set_request_id
    from talenta.ops.logging import JsonFormatter, RequestIdFilter

    record = logging.makeLogRecord({"name": "talenta.request", "msg": "GET /x 200", "levelname": "INFO"})
    token = set_request_id("abc12345")
    try:
        RequestIdFilter().filter(record)
    finally:
        reset_request_id(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc12345" and line["message"] == "GET /x 200"


def test_a_refusal_is_logged_without_its_traceback_and_a_server_error_with_it(db, make_user):
    """Through the project's own logging configuration: a 403's line names the path and status, with no
    stack; an exception (500) keeps its traceback."""
    import io

    from talenta.ops.logging import RefusalWithoutTraceback

    (handler,) = [  # the console handler of settings.LOGGING
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RefusalWithoutTraceback) for f in h.filters)
    ]
    stream = io.StringIO()
    original = handler.setStream(stream)
    try:
        client = Client()
        client.force_login(make_user("analis"))
        assert client.get("/akun/pengguna/").status_code == 403  # the admin's screen
        refused = [json.loads(x) for x in stream.getvalue().splitlines() if '"django.request"' in x]
        assert refused and refused[-1]["status_code"] == 403 and "exception" not in refused[-1]
        try:
            raise RuntimeError("rusak")
        except RuntimeError:
            logging.getLogger("django.request").error("Internal Server Error", exc_info=True,
                                                      extra={"status_code": 500})  # fmt: skip
        failed = json.loads(stream.getvalue().splitlines()[-1])
        assert "RuntimeError: rusak" in failed["exception"]
    finally:
        handler.setStream(original)


def test_a_tampered_request_id_breaks_the_audit_chain(db):
    from talenta.core.audit import audit_record, audit_verify
    from talenta.core.request_id import reset_request_id, set_request_id

    token = set_request_id("req-aaaaaaaa")
    try:
        entry = audit_record(action="test.something", target_type="x", target_id="1")
    finally:
        reset_request_id(token)
    assert audit_verify().ok
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "DROP TRIGGER IF EXISTS core_auditentry_append_only"
            + (" ON core_auditentry" if connection.vendor == "postgresql" else "")
        )
        c.execute("UPDATE core_auditentry SET request_id = 'req-bbbbbbbb' WHERE id = %s", [entry.pk])
    assert not audit_verify().ok
