"""Gunicorn's settings for `talenta serve` (and the systemd unit in deploy/).

Command-line options given by `talenta serve` (bind, workers, threads) override these. Requests are logged by
Talenta's own middleware (JSON with the request id), so gunicorn's access log stays off.
"""

from __future__ import annotations

import os
from typing import Any

wsgi_app = "talenta.wsgi:application"
# One request at a time per process, and one queue for all of them: a page's work is Python (templates,
# the ORM), so threads of one process only wait for each other's GIL, and a keep-alive connection tied a
# client to one process whatever its queue. Under 20 clients on two cores (docs/performance.md, "Under
# load", fifth session) 5 processes × 4 threads answered p95 404 ms, 3 × 1 gthread 320 ms, 3 sync
# 171–213 ms, 2 sync 164 ms (SQLite); on PostgreSQL on the same cores 2 sync 224 ms, 3 sync 322 ms.
# So one process per core (at least two, so one long export does not stop the site); where PostgreSQL runs
# on another machine a process also waits for it, and WEB_CONCURRENCY = cores + 1 or more pays.
# Sync processes need a buffering proxy in front of them against slow clients: nginx (deploy/) is that.
# WEB_THREADS > 1 switches to gthread (the old default was 4) for sites that serve slow clients directly.
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(max(os.cpu_count() or 1, 2), 16))))
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))  # an Excel export of a whole province takes a while
graceful_timeout = 30
keepalive = 5  # gthread only: a sync process closes the connection after each response
# Recycle a worker now and then so memory a big export took is given back; rarely, because a new worker
# warms its candidate pools first (seconds of CPU: docs/performance.md). At 2,000 a worker of a busy
# two-core server was replaced every half minute, inside the load benchmark's window.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = None
errorlog = "-"
# gunicorn's own lines (start, worker boot and exit, timeouts) as JSON too, unless LOG_FORMAT=text.
if os.environ.get("LOG_FORMAT") != "text":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "talenta.ops.logging.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
    }
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "talenta-web"
# gunicorn 27's control socket defaults to one path per user (~/.gunicorn/): two servers would share it.
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    if os.environ.get("WEB_WARMUP", "true").lower() not in {"0", "false", "no", "off"}:
        from talenta.ops.warm import warm

        warm()


def child_exit(server: Any, worker: Any) -> None:
    # Prometheus multiprocess mode: a dead worker's live gauges must not be summed any more.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
