"""Read-replica routing: heavy reads go to PostgreSQL's streaming replica, everything else to the primary.

With `DATABASE_REPLICA_URL` set, the database alias `replica` exists and `ReplicaRouter` is installed. A read
goes to the replica only inside `use_replica()` (the middleware opens it for the GET routes in
`REPLICA_ROUTES`; a background job may open it itself), and only while nothing has been written in that
request: the first write pins the rest of the request to the primary, so a read right after a write sees
it. The response of a request that wrote sets a short cookie that keeps the same browser on the primary
for `REPLICA_PIN_SECONDS`, longer than the replica's usual lag, so the page after a redirect sees the write.
Sessions, users and tokens, the lock-out counters, the task queue and job progress rows always use the
primary."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "talenta_primary"
PRIMARY_ONLY_APPS = {
    "sessions",
    "accounts",
    "axes",
    "django_tasks_database",
    "django_tasks_db",
    "contenttypes",
}
PRIMARY_ONLY_MODELS = {"core.job", "core.audithead"}

# Reports, exports, dashboards, the candidate pool and the nine-box screens (URL names).
REPLICA_ROUTES = frozenset(
    {
        "dashboard:home",
        "people:employee-export",
        "accounts:audit-log",
        "accounts:audit-export",
        "talent:grid",
        "talent:box",
        "talent:charts",
        "talent:pools",
        "talent:succession",
        "talent:succession-post",
        "talent:retirement",
        "talent:idp-export",
        "placement:post-candidates",
        "placement:post-candidate-evidence",
        "placement:fairness",
        "profiling:coverage",
        "profiling:roster-xlsx",
    }
)


@dataclass
class _State:
    replica: bool
    wrote: bool = False


_state: contextvars.ContextVar[_State | None] = contextvars.ContextVar("talenta_db_state", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def use_replica(enabled: bool = True) -> Iterator[None]:
    """Reads inside go to the replica (when one is configured) until the first write."""
    token = _state.set(_State(replica=enabled))
    try:
        yield
    finally:
        _state.reset(token)


def wrote() -> bool:
    state = _state.get()
    return bool(state and state.wrote)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        state = _state.get()
        if (
            state is None
            or not state.replica
            or state.wrote
            or not replica_configured()
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or model._meta.label_lower in PRIMARY_ONLY_MODELS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block  # a transaction's reads belong with its writes
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type, **hints: Any) -> str:
        state = _state.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Opens `use_replica()` for the GET/HEAD requests of `REPLICA_ROUTES`, unless the browser is pinned."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _state.set(_State(replica=False))
        try:
            response = self.get_response(request)
            if wrote():
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.REPLICA_PIN_SECONDS,
                    httponly=True,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
            return response
        finally:
            _state.reset(token)

    def process_view(self, request: HttpRequest, view: Callable, args: Any, kwargs: Any) -> None:
        state = _state.get()
        match = request.resolver_match
        if (
            state is not None
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in REPLICA_ROUTES
            and PIN_COOKIE not in request.COOKIES
        ):
            state.replica = True
