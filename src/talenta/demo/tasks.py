"""Demo generation as a background job (django-tasks), with progress for the browser."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django_tasks import task

from talenta.core.jobs import Progress, job_run
from talenta.core.models import Job
from talenta.demo import generator as g


@task()
def demo_generate_task(
    job_id: int,
    size: int = g.DEFAULT_SIZE,
    seed: int = g.DEFAULT_SEED,
    instansi: str = "banten",
    reset: bool = False,
    as_of: str | None = None,
) -> dict[str, Any]:
    """Run `talenta demo` for `Job` `job_id`. The demo accounts get new passwords, which are NOT stored in
    the job's result (a result is readable later): set them with `talenta changepassword <username>`."""
    job = Job.objects.get(pk=job_id)

    def work(progress: Progress) -> dict[str, Any]:
        if reset:
            g.reset(instansi_key=instansi)
        progress.set_total(size)
        summary = g.generate(
            size=size,
            seed=seed,
            instansi_key=instansi,
            as_of=date.fromisoformat(as_of) if as_of else timezone.localdate(),
            progress=progress,
        )
        return {
            "counts": summary.counts,
            "elapsed": round(summary.elapsed, 2),
            "accounts": [a[0] for a in summary.accounts],
        }

    return job_run(job, work).result
