"""Background workers say they are alive: `/readyz` wants one seen in the last minute.

The heartbeat is a cache entry (the same cache that carries job progress), written every
`HEARTBEAT_EVERY` seconds by a thread of each worker process, so a worker busy with a ten-minute import
still counts as alive. Several web servers need a shared cache (Redis, `REDIS_URL`) to see it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)
KEY = "talenta:worker:last_seen"
HEARTBEAT_EVERY = 15.0
FRESH_FOR = 60.0


def beat(worker_id: str) -> None:
    cache.set(KEY, {"at": time.time(), "worker": worker_id}, timeout=int(FRESH_FOR * 10))


def last_seen() -> dict | None:
    return cache.get(KEY)


def age_seconds(now: float | None = None) -> float | None:
    seen = last_seen()
    if not seen:
        return None
    return max(0.0, (now or time.time()) - float(seen["at"]))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def start(worker: str, every: float = HEARTBEAT_EVERY) -> threading.Event:
    """Beat now and then every `every` seconds in a daemon thread; set the returned event to stop."""
    stop = threading.Event()

    def run() -> None:
        while True:
            try:
                beat(worker)
            except Exception:  # a cache hiccup must not kill the worker; the next beat retries
                logger.warning("heartbeat not written", exc_info=True)
            if stop.wait(every):
                return

    threading.Thread(target=run, name="talenta-heartbeat", daemon=True).start()
    return stop
