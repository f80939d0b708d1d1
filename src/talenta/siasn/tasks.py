"""Background execution of SIASN imports and exports (django-tasks; the test settings run tasks
immediately)."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from talenta.core.audit import audit_record
from talenta.core.jobs import REAPED_HOOKS, job_create, job_run, user_message
from talenta.core.models import Job
from talenta.people.models import Instansi, Unit
from talenta.siasn.exports import EXPORT_KIND, export_file_name, export_root, export_to_file, exports_cleanup
from talenta.siasn.models import ImportRun
from talenta.siasn.services import siasn_import


def uploads_cleanup(*, keep_days: int, now: float | None = None, spare: str = "") -> list[Path]:
    """Delete the uploaded SIASN files (NIK, addresses, phones) older than `keep_days`, like the exports;
    their runs keep the report but can no longer be confirmed (upload_dir cleared)."""
    root = Path(settings.VAR_DIR) / "siasn-uploads"
    if not root.is_dir():
        return []
    cutoff = (now if now is not None else time.time()) - keep_days * 86400
    gone = [d for d in root.iterdir() if d.is_dir() and d.stat().st_mtime < cutoff and str(d) != spare]
    for d in gone:
        shutil.rmtree(d, ignore_errors=True)
    ImportRun.objects.filter(upload_dir__in=[str(d) for d in gone]).update(upload_dir="")
    return gone


@task()
def import_run_task(run_id: int, job_id: int) -> None:
    run = ImportRun.objects.select_related("instansi").get(pk=run_id)
    uploads_cleanup(keep_days=settings.SIASN_UPLOAD_KEEP_DAYS, spare=run.upload_dir)
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
            hukdis_complete=run.hukdis_complete,
            user=user,
            progress=progress,
            run=run,
        )
        return {"run": run.pk, "written": report.written, "errors": report.error_count}

    try:
        job_run(job, work)
    except Exception as exc:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, message=user_message(exc))
        raise


def _fail_reaped_runs(job_ids: list[int]) -> None:
    """An import whose job was reaped (its worker died) is failed too, with the job's message."""
    for job in Job.objects.filter(pk__in=job_ids):
        ImportRun.objects.filter(
            job=job, status__in=(ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
        ).update(status=ImportRun.Status.FAILED, message=job.error)


REAPED_HOOKS.append(_fail_reaped_runs)


@task()
def export_task(job_id: int, user_id: int | None = None) -> dict:
    """Write an export to a file under VAR_DIR/siasn-exports/ for the screens and the API to download.

    The job's params name the format and the unit; its instansi is the requester's. Each run first deletes
    export folders older than SIASN_EXPORT_KEEP_DAYS (7): the files hold personal data and are not an
    archive (the audit trail keeps who exported what)."""
    job = Job.objects.get(pk=job_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    instansi = Instansi.objects.get(pk=job.instansi_id)
    unit = None
    if job.params.get("unit_id"):
        unit = Unit.objects.get(pk=job.params["unit_id"], instansi=instansi)
    fmt = job.params["format"]
    exports_cleanup(keep_days=settings.SIASN_EXPORT_KEEP_DAYS)

    def work(progress) -> dict:
        folder = export_root() / f"{job.pk}-{uuid.uuid4().hex}"
        name = export_file_name(unit, fmt, timezone.localtime())
        f = export_to_file(instansi=instansi, fmt=fmt, folder=folder, name=name, unit=unit, progress=progress)
        result = {
            "format": fmt,
            "unit_id": unit.pk if unit else None,
            "unit": unit.name if unit else "",
            "name": f.name,
            "path": str(f.path),
            "size": f.size,
            "rows": f.counts,
            "download_url": reverse("siasn:export-file", args=[job.pk]),
        }
        audit_record(
            actor=user,
            action="siasn.export",
            target_type="core.job",
            target_id=str(job.pk),
            target_repr=job.label,
            instansi_id=instansi.pk,
            changes={k: result[k] for k in ("format", "unit_id", "unit", "name", "size", "rows")},
        )
        return result

    job_run(job, work)
    job.refresh_from_db()
    return job.result


FORMAT_NAMES = {"xlsx": "Excel", "csv": "CSV", "json": "JSON"}


def export_enqueue(*, user, fmt: str, unit: Unit | None = None) -> Job:
    """Create the export job of the user's instansi and queue it once the request's transaction commits."""
    what = unit.name if unit is not None else gettext("whole instansi")
    job = job_create(
        kind=EXPORT_KIND,
        label=gettext("SIASN export: %(what)s (%(format)s)") % {"what": what, "format": FORMAT_NAMES[fmt]},
        user=user,
        params={"format": fmt, "unit_id": unit.pk if unit else None, "unit": unit.name if unit else ""},
    )
    transaction.on_commit(lambda: export_task.enqueue(job.pk, user.pk))
    return job
