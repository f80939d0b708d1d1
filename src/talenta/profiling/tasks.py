"""Background import of assessment results for the UI's upload (django-tasks, progress via core.jobs).

The upload is saved under VAR_DIR/profiling-uploads/<uuid>/ by the view; the task imports it with the
same service as `talenta import-assessments` (atomic: one bad row → nothing written) and deletes it.
The outcome goes to the Job's `result`: the counts, or the row errors when the file was refused."""

from __future__ import annotations

import re
import shutil
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django_tasks import task

from talenta.core.jobs import JobError, job_run
from talenta.core.models import Job
from talenta.profiling.imports import ImportFailed, ImportReport

KIND = "profiling.import"
MAX_ERRORS = 10_000  # kept on the job for the page and the CSV download


class FileRejected(JobError):
    """The file had bad rows: nothing was written; the errors are in the job's result."""


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "profiling-uploads"


def save_upload(name: str, chunks: Any) -> Path:
    """Store an uploaded file for the task: a fresh folder, a file name without path or odd characters."""
    folder = upload_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "hasil.csv"
    path = folder / safe[-150:]
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return path


def outcome(report: ImportReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "dry_run": report.dry_run,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "unknown_columns": report.unknown_columns,
        "error_count": len(report.errors),
        "errors": [{**asdict(e), "text": str(e)} for e in report.errors[:MAX_ERRORS]],
    }


@task()
def import_assessments_task(job_id: int) -> dict[str, Any]:
    from talenta.accounts import scope
    from talenta.accounts.models import User
    from talenta.profiling.imports import assessments_import
    from talenta.profiling.models import Campaign

    job = Job.objects.get(pk=job_id)
    params = job.params
    path = Path(params["path"])
    user = User.objects.filter(pk=params.get("user")).first()
    campaign = Campaign.objects.filter(pk=params.get("campaign") or 0, instansi_id=job.instansi_id).first()

    def work(progress: Any) -> dict[str, Any]:
        if user is None:  # never import on nobody's scope
            raise JobError("Pengguna yang mengunggah berkas ini sudah tidak ada.")
        try:
            report = assessments_import(
                name=params["name"],
                data=path.read_bytes(),
                instansi_id=job.instansi_id,
                by=user,
                dry_run=params.get("dry_run", False),
                campaign=campaign,
                # The uploader's scope, as when the import ran inside the request.
                employees=scope.employees_for(user),
                progress=progress,
            )
        except ImportFailed as exc:
            Job.objects.filter(pk=job.pk).update(result=outcome(exc.report))
            n = len(exc.report.errors)
            raise FileRejected(f"{n} kesalahan pada berkas; tidak ada yang disimpan.") from exc
        return outcome(report)

    try:
        job_run(job, work, stream=None)
    except FileRejected:
        pass  # an expected outcome, recorded on the job: not a worker error
    finally:
        if path.parent.parent == upload_dir():
            shutil.rmtree(path.parent, ignore_errors=True)
    job.refresh_from_db()
    return job.result
