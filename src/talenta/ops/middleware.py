"""Every request gets an id (the caller's `X-Request-ID` when it is sane, else a new one): it is sent back in
the response, put on every log line of the request and in the audit entries the request writes. The request
is then logged as one JSON line and counted in the latency histogram of its route."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from talenta.core.request_id import reset_request_id, set_request_id
from talenta.ops import metrics

logger = logging.getLogger("talenta.request")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return "/" + str(match.route)


class RequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = set_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            route = _route(request)
            response.headers["X-Request-ID"] = request_id
            metrics.REQUEST_LATENCY.labels(route, request.method).observe(elapsed)
            metrics.REQUESTS.labels(route, request.method, f"{response.status_code // 100}xx").inc()
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "route": route,
                    "status": response.status_code,
                    "ms": round(elapsed * 1000, 1),
                    "user": getattr(user, "username", "") if getattr(user, "is_authenticated", False) else "",
                    "ip": request.META.get("REMOTE_ADDR", ""),
                },
            )
            return response
        finally:
            reset_request_id(token)
