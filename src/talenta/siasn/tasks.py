"""Background execution of SIASN imports (django-tasks; the test settings run tasks immediately)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django_tasks import task

from talenta.core.jobs import job_run
from talenta.core.models import Job
from talenta.siasn.models import ImportRun
from talenta.siasn.services import siasn_import


@task()
def import_run_task(run_id: int, job_id: int) -> None:
    run = ImportRun.objects.select_related("instansi").get(pk=run_id)
    job = Job.objects.get(pk=job_id)
    user = get_user_model().objects.filter(pk=run.user_id).first()
    paths = sorted(Path(run.upload_dir).iterdir())

    def work(progress) -> dict:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
        report = siasn_import(
            paths=paths,
            fmt=run.format,
            instansi=run.instansi,
            dry_run=run.dry_run,
            skip_invalid=run.skip_invalid,
            user=user,
            progress=progress,
            run=run,
        )
        return {"run": run.pk, "written": report.written, "errors": report.error_count}

    try:
        job_run(job, work)
    except Exception as exc:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, message=str(exc)[:2000])
        raise
