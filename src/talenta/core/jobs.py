"""Progress of long work, on the terminal and in the browser.

`Progress` is what long-running code reports to: it draws a bar on a terminal (stderr) and, when given a
`Job`, publishes `{done, total, message}` to the cache so the browser can poll it (`dashboard:job` view, an
htmx fragment). The cache, not the database, carries live progress: an atomic import holds SQLite's
write lock for its whole run. A job that produces a file puts `download_url` (and `name`, `size`) in its
result; the fragment then shows an "Unduh" link (the URL's own view checks who may download).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TextIO

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talenta.core.errors import JobError
from talenta.core.models import Job

CACHE_TTL = 24 * 3600
logger = logging.getLogger(__name__)
# Called with the ids of jobs that jobs_reap failed (siasn marks their import runs failed too).
REAPED_HOOKS: list[Callable[[list[int]], None]] = []
# Called with the ids of jobs that failed (run or reaped): accounts tells each job's owner (a notification).
FAILED_HOOKS: list[Callable[[list[int]], None]] = []


class JobTimeout(JobError):
    """A job ran past JOB_TIMEOUT_MINUTES; raised at its next progress report, so it stops and rolls back."""


class TooManyJobs(BadRequest):
    """The user already has JOB_MAX_ACTIVE_PER_USER jobs queued or running (answered 429 by the API)."""


def user_message(exc: BaseException) -> str:
    """What a user may read about a failed job: our own messages, never an exception's raw text."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, JobError):
        return str(exc)
    return _(
        "The job failed because of an error on the server; it was recorded. "
        "Try again or ask the administrator."
    )


def jobs_reap(now: datetime | None = None) -> int:
    """Fail the jobs that have been running longer than JOB_TIMEOUT_MINUTES: their worker died (kill -9,
    a restart) or they hang. Without this such a job would show "running" forever."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.JOB_TIMEOUT_MINUTES)
    # A job queued that long never started (no worker): failed too, so it does not hold the user's quota.
    stale = list(
        Job.objects.filter(
            Q(status=Job.Status.RUNNING, started_at__lt=cutoff)
            | Q(status=Job.Status.QUEUED, created_at__lt=cutoff)
        ).values_list("pk", flat=True)
    )
    if not stale:
        return 0
    message = _(
        "Stopped: the job did not finish within %(n)d minutes (its worker stopped or it hung). "
        "Start it again."
    ) % {"n": settings.JOB_TIMEOUT_MINUTES}
    n = Job.objects.filter(pk__in=stale, status__in=(Job.Status.RUNNING, Job.Status.QUEUED)).update(
        status=Job.Status.FAILED, error=message, finished_at=now
    )
    for hook in REAPED_HOOKS:
        hook(stale)
    for hook in FAILED_HOOKS:
        hook(stale)
    return n


def _key(job_id: int) -> str:
    return f"talenta:job:{job_id}"


def job_progress(job_id: int) -> dict[str, Any]:
    return cache.get(_key(job_id)) or {}


class Progress:
    def __init__(
        self,
        total: int | None,
        label: str = "",
        *,
        job: Job | None = None,
        stream: TextIO | None = None,
        min_interval: float = 0.25,
        unit: str = "",
    ) -> None:
        self.total = total
        self.label = label
        self.unit = unit  # "" counts things; "B" counts bytes (shown in MB)
        self.job = job
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.message = ""
        self.started = time.monotonic()
        self._last = 0.0
        self._min_interval = min_interval
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._written = ""

    def advance(self, n: int = 1, message: str | None = None) -> None:
        if self.job is not None and self.elapsed > settings.JOB_TIMEOUT_MINUTES * 60:
            raise JobTimeout(
                _("Stopped: the job ran longer than %(n)d minutes. Split the file or ask the administrator.")
                % {"n": settings.JOB_TIMEOUT_MINUTES}
            )
        self.done += n
        if message is not None:
            self.message = message
        now = time.monotonic()
        if now - self._last >= self._min_interval or self.message != self._written:
            self._last = now
            self._publish()

    def set_total(self, total: int, *, unit: str | None = None) -> None:
        self.total = total
        if unit is not None:
            self.unit = unit
        self._publish()

    def update(self, done: int, message: str | None = None) -> None:
        """Set how much is done (rather than add to it), e.g. the bytes of a file read so far."""
        self.advance(done - self.done, message)

    def _amount(self, n: int) -> str:
        return f"{n / 1e6:,.1f} MB" if self.unit == "B" else f"{n:,}"

    def finish(self, message: str = "") -> None:
        self.message = message or self.message
        self._publish(final=True)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def _publish(self, final: bool = False) -> None:
        if self.job is not None:
            cache.set(
                _key(self.job.pk),
                {
                    "done": self.done,
                    "total": self.total,
                    "message": self.message,
                    "label": self.label,
                    "unit": self.unit,
                },
                CACHE_TTL,
            )
        if self.stream is None:
            return
        if self.total:
            frac = min(self.done / self.total, 1.0)
            bar = "█" * int(frac * 30) + "░" * (30 - int(frac * 30))
            counts = f"{self._amount(self.done)}/{self._amount(self.total)}"
            line = f"{self.label} {bar} {frac:6.1%} {counts} {self.elapsed:6.1f}s {self.message}"
        else:
            line = f"{self.label} {self._amount(self.done)} {self.elapsed:6.1f}s {self.message}"
        if self._tty:
            self.stream.write("\r" + line[:160].ljust(100) + ("\n" if final else ""))
        elif final or self.done == 0 or int(self.elapsed) % 5 == 0 or self.message != self._written:
            # A log (not a terminal) gets a line every 5 s and one for every new stage, so a long stage
            # after the bar is full (the apps' demo data) still says what it is doing.
            self._written = self.message
            self.stream.write(line + "\n")
        self.stream.flush()


def job_context(job: Job) -> dict[str, Any]:
    """What the `core/_job.html` fragment needs: the job, its live progress and the bar's width."""
    if job.status == Job.Status.RUNNING and jobs_reap():
        job.refresh_from_db()
    progress = job_progress(job.pk)
    if job.status == Job.Status.SUCCEEDED:
        progress = {**progress, "done": progress.get("total") or progress.get("done", 0)}
    total = progress.get("total") or 0
    percent = min(100, int(100 * progress.get("done", 0) / total)) if total else 0
    return {"job": job, "progress": progress, "percent": percent, "percent_step": percent // 5 * 5}


def job_create(*, kind: str, label: str, user: Any = None, params: dict | None = None) -> Job:
    """A queued job. A user with JOB_MAX_ACTIVE_PER_USER jobs queued or running gets TooManyJobs (400 on
    a page, 429 from the API), so one user's imports cannot fill the only worker's queue."""
    jobs_reap()
    username = getattr(user, "username", "") or ""
    if username:
        active = Job.objects.filter(
            created_by=username, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)
        ).count()
        if active >= settings.JOB_MAX_ACTIVE_PER_USER:
            raise TooManyJobs(
                _("You already have %(n)d jobs waiting or running; start this one when one has finished.")
                % {"n": active}
            )
    return Job.objects.create(
        kind=kind,
        label=label,
        created_by=getattr(user, "username", "") or "system",
        instansi_id=getattr(user, "instansi_id", None),
        # The language of whoever started it: the job's messages and reports are written in it.
        params={"language": translation.get_language() or settings.LANGUAGE_CODE, **(params or {})},
    )


def job_run(job: Job, work: Callable[[Progress], dict[str, Any]], *, stream: TextIO | None = None) -> Job:
    """Run `work(progress)` for `job`, recording its status and result (or error) on the Job row, in the
    language of whoever started it (a worker has no request to take it from)."""
    with translation.override((job.params or {}).get("language") or settings.LANGUAGE_CODE):
        return _job_run(job, work, stream=stream)


def _job_run(job: Job, work: Callable[[Progress], dict[str, Any]], *, stream: TextIO | None) -> Job:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    progress = Progress(None, job.label, job=job, stream=stream)
    try:
        result = work(progress)
    except Exception as exc:  # the job page shows a message for people; the log keeps the exception
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        message = user_message(exc)[:5000]
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.FAILED, error=message, finished_at=timezone.now()
            )
        progress.finish(message[:200])
        for hook in FAILED_HOOKS:
            hook([job.pk])
        raise
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED, result=result or {}, finished_at=timezone.now()
    )
    progress.finish()
    job.refresh_from_db()
    return job
