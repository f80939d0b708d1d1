"""Health, readiness and metrics: for load balancers, systemd and Prometheus, not for people."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from talenta.accounts.policy import public
from talenta.ops import heartbeat, metrics


@public
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to take traffic: the database answers, every migration is applied, a worker was seen lately."""
    checks: dict[str, str] = {}
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as c:
            c.execute("SELECT 1")
        checks["database"] = "ok"
        pending = MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
        checks["migrations"] = "ok" if not pending else f"{len(pending)} not applied"
    except Exception as exc:  # any database error means "not ready", with its reason
        checks["database"] = f"error: {type(exc).__name__}"
        checks["migrations"] = "unknown"
    age = heartbeat.age_seconds()
    checks["worker"] = (
        "ok" if age is not None and age <= heartbeat.FRESH_FOR else "not seen in the last minute"
    )
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


def _metrics_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        ip = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)


@public  # not a role's screen: an allow-list of addresses or the metrics token guards it
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(metrics.render(), content_type=CONTENT_TYPE_LATEST)
