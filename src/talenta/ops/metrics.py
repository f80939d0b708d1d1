"""Prometheus metrics: request latency per route (in-process, summed over gunicorn's workers through
prometheus_client's multiprocess mode), and figures read from the database at scrape time (job queue,
imports, login failures), which are the same whichever web process answers."""

from __future__ import annotations

import os
from collections.abc import Iterator

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from talenta.ops import heartbeat

REQUEST_LATENCY = Histogram(
    "talenta_http_request_duration_seconds",
    "Time to answer a request, by route (URL pattern) and method.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
)
REQUESTS = Counter(
    "talenta_http_requests",
    "Requests answered, by route, method and status class.",
    ["route", "method", "status"],
)


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        from django_tasks_db.models import DBTaskResult

        from talenta.core.models import AuditEntry, Job

        now = timezone.now()
        ready = DBTaskResult.objects.ready()
        depth = GaugeMetricFamily(
            "talenta_job_queue_depth", "Background tasks waiting to run.", labels=["queue"]
        )
        for row in ready.values("queue_name").order_by().annotate(n=Count("id")):
            depth.add_metric([row["queue_name"]], row["n"])
        yield depth
        oldest = ready.aggregate(at=Min("enqueued_at"))["at"]
        yield GaugeMetricFamily(
            "talenta_job_queue_oldest_age_seconds",
            "Age of the oldest task still waiting (0 when none waits).",
            value=(now - oldest).total_seconds() if oldest else 0.0,
        )
        yield GaugeMetricFamily(
            "talenta_jobs_running",
            "Talenta jobs running now.",
            value=Job.objects.filter(status="running").count(),
        )
        last = (
            Job.objects.filter(kind="siasn.import", status="succeeded", started_at__isnull=False)
            .exclude(finished_at=None)
            .order_by("-finished_at")
            .first()
        )
        rate = 0.0
        if last is not None:
            seconds = (last.finished_at - last.started_at).total_seconds()
            rate = float(last.result.get("written", 0)) / seconds if seconds > 0 else 0.0
        yield GaugeMetricFamily(
            "talenta_import_rows_per_second",
            "Rows written per second by the last finished SIASN import.",
            value=rate,
        )
        failures = CounterMetricFamily(
            "talenta_login_failures", "Failed logins (audit entries auth.login_failed)."
        )
        failures.add_metric([], AuditEntry.objects.filter(action="auth.login_failed").count())
        yield failures
        age = heartbeat.age_seconds()
        yield GaugeMetricFamily(
            "talenta_worker_last_seen_seconds",
            "Seconds since a background worker last reported (-1: never).",
            value=-1.0 if age is None else age,
        )


def render() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
        registry.register(REQUESTS)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
