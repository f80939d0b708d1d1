"""Background mapping run for the UI's "run mapping" button (django-tasks, progress via core.jobs)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from talenta.core.jobs import job_run
from talenta.core.models import Job


@task()
def run_mapping(job_id: int, period_id: int, user_id: int | None = None) -> dict[str, Any]:
    from talenta.accounts.models import User
    from talenta.talent import services
    from talenta.talent.models import MappingPeriod

    job = Job.objects.get(pk=job_id)
    period = MappingPeriod.objects.get(pk=period_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None

    def work(progress: Any) -> dict[str, Any]:
        report = services.period_run(period=period, by=user, progress=progress)
        return {"total": report.total, "mappable": report.mappable, "moved": len(report.moved),
                "unchanged": report.unchanged, "seconds": round(report.seconds, 2)}  # fmt: skip

    job_run(job, work, stream=None)
    job.refresh_from_db()
    return job.result
