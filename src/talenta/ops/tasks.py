"""A canary task: proves the queue's round trip (enqueue → a worker runs it once) in drills and tests."""

from __future__ import annotations

import os
import time

from django.utils import timezone
from django_tasks import task

from talenta.core.models import Job

CANARY_KIND = "ops.canary"


@task()
def canary(token: str, seconds: float = 0.0) -> int:
    """Record one `ops.canary` job named `token` (after sleeping `seconds`); return the worker's pid."""
    started = timezone.now()
    time.sleep(seconds)
    Job.objects.create(
        kind=CANARY_KIND,
        label=token,
        status=Job.Status.SUCCEEDED,
        created_by="system",
        result={"pid": os.getpid()},
        started_at=started,
        finished_at=timezone.now(),
    )
    return os.getpid()
