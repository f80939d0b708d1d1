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
from django.utils.translation import gettext as _
from django_tasks import task

from talenta.core.display import angka
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
            raise JobError(_("The user who uploaded this file no longer exists."))
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
            raise FileRejected(_("%(n)s errors in the file; nothing was saved.") % {"n": angka(n)}) from exc
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


# ------------------------------------------------------------------------ invitation letters as a zip
LETTERS_KIND = "profiling.letters"


def letters_dir() -> Path:
    return Path(settings.VAR_DIR) / "profiling-letters"


def letters_path(job_id: int) -> Path:
    return letters_dir() / f"undangan-{job_id}.zip"


def letters_zip(*, job: Job, progress: Any) -> dict[str, Any]:
    """One invitation letter (PDF, WeasyPrint) per participant, addressed to the head of his OPD, in one
    zip. The participants are the ones the user saw when he asked (ids in the job's params, already scoped
    by the view); the zip is written to a temporary name and renamed, so a half-written file is never
    offered."""
    import zipfile
    from datetime import date

    from django.urls import reverse

    from talenta.profiling import documents
    from talenta.profiling.models import Campaign, Participant

    params = job.params
    campaign = Campaign.objects.get(pk=params["campaign"])
    parts = list(
        Participant.objects.filter(pk__in=params["participants"], campaign=campaign)
        .select_related("employee__unit__opd", "employee__position", "wave")
        .order_by("employee__unit__path", "employee__name")
    )
    if not parts:
        raise JobError(_("No participants: no invitation letter was made."))
    progress.set_total(len(parts))
    today = date.fromisoformat(params["date"])
    target = letters_path(job.pk)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i, p in enumerate(parts, start=1):
            unit = p.employee.unit
            opd = unit.opd if unit is not None and unit.opd_id else unit
            if opd is None:
                progress.advance(1)
                continue
            pdf = documents.letter_pdf(campaign, opd, [p], today=today, number=params.get("number", ""))
            name = re.sub(r"[^A-Za-z0-9]+", "-", p.employee.full_name).strip("-")[:60]
            zf.writestr(f"{i:04d}-{p.employee.nip}-{name}.pdf", pdf)
            progress.advance(1, p.employee.full_name)
    partial.replace(target)
    return {
        "download_url": reverse("profiling:letters-zip-file", args=[job.pk]),
        "name": target.name,
        "size": target.stat().st_size,
        "count": len(parts),
    }


@task()
def letters_zip_task(job_id: int) -> dict[str, Any]:
    job = Job.objects.get(pk=job_id)
    job_run(job, lambda progress: letters_zip(job=job, progress=progress), stream=None)
    job.refresh_from_db()
    return job.result
