"""Warm a new web process before it takes requests (gunicorn's `post_worker_init`): the candidate pools of
open filling processes take seconds to build, and the first Analis to open a ranking should not wait."""

from __future__ import annotations

import logging
import time

logger = logging.getLogger(__name__)


def warm() -> None:
    from django.db import close_old_connections

    from talenta.placement.models import FillingProcess
    from talenta.placement.selectors import candidate_pool

    started = time.perf_counter()
    try:
        keys = set(
            FillingProcess.objects.filter(status=FillingProcess.Status.OPEN).values_list(
                "instansi_id", "as_of"
            )
        )
        for instansi_id, as_of in sorted(keys):
            candidate_pool(instansi_id, on=as_of)
    except Exception:  # a cold pool is slower, not broken: never keep a web process from starting
        logger.warning("warm-up failed", exc_info=True)
    finally:
        close_old_connections()
    logger.info("warm-up took %.1f s", time.perf_counter() - started)
