"""SIASN import over the API: upload files (a dry run by default), then confirm; read a run's report.
SIASN export: start one (202 with the job), follow its progress, download its file.

A Ninja `router`, mounted by the project's NinjaAPI at /api/v1/siasn/ (api/urls.py ROUTERS). Admin and
analis only (`access`): another role is refused before the upload is read; another instansi's run is 404.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from talenta.accounts import scope
from talenta.api.auth import access, caller
from talenta.api.people import ERRORS
from talenta.api.schemas import Input
from talenta.core.jobs import job_create, job_progress, jobs_reap
from talenta.core.models import Job
from talenta.core.uploads import check_siasn_upload
from talenta.siasn import selectors
from talenta.siasn.exports import export_download, export_path
from talenta.siasn.models import ImportRun
from talenta.siasn.services import safe_name
from talenta.siasn.tasks import export_enqueue, import_run_task

router = Router(tags=["siasn"])


class RunOut(Schema):
    id: int
    status: str
    dry_run: bool
    skip_invalid: bool
    hukdis_complete: bool
    files: list[dict[str, Any]]
    counts: dict[str, dict[str, int]]
    error_count: int
    errors: list[dict[str, str]]


class ImportIn(Input):
    format: str = "auto"
    skip_invalid: bool = False
    hukdis_complete: bool = False
    dry_run: bool = True


def _out(run: ImportRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "dry_run": run.dry_run,
        "skip_invalid": run.skip_invalid,
        "hukdis_complete": run.hukdis_complete,
        "files": run.files,
        "counts": run.counts,
        "error_count": run.error_count,
        "errors": run.errors[:1000],
    }


def _start(run: ImportRun, user) -> None:
    job = job_create(kind="siasn.import", label="SIASN", user=user, params={"run": run.pk})
    run.job = job
    run.status = ImportRun.Status.QUEUED
    run.save(update_fields=["job", "status"])
    transaction.on_commit(lambda: import_run_task.enqueue(run.pk, job.pk))


@router.post("/imports", response={202: RunOut, **ERRORS}, auth=access("siasn.manage"))
def import_create(request, data: Form[ImportIn], files: File[list[UploadedFile]]):
    user = caller(request)
    if data.format not in ("auto", "json", "csv", "xlsx"):
        raise HttpError(422, "format: auto, json, csv or xlsx")
    if not files:
        raise HttpError(422, "files: choose at least one file")
    for f in files:
        check_siasn_upload(f)  # the same formats and caps as the web form (a ValidationError is a 422)
    folder = Path(settings.VAR_DIR) / "siasn-uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    for f in files:
        with (folder / safe_name(f.name)).open("wb") as out:
            for chunk in f.chunks():
                out.write(chunk)
    run = ImportRun.objects.create(
        user=user,
        username=user.username,
        instansi_id=user.instansi_id,
        format=data.format,
        skip_invalid=data.skip_invalid,
        hukdis_complete=data.hukdis_complete,
        dry_run=data.dry_run,
        upload_dir=str(folder),
    )
    _start(run, user)
    run.refresh_from_db()
    return Status(202, _out(run))


@router.post("/imports/{run_id}/confirm", response={202: RunOut, **ERRORS}, auth=access("siasn.manage"))
def import_confirm(request, run_id: int):
    user = caller(request)
    run = get_object_or_404(selectors.runs_for(user), pk=run_id)
    if (
        run.status != ImportRun.Status.PREVIEW
        or not run.upload_dir
        or (run.error_count and not run.skip_invalid)
    ):
        raise HttpError(422, "Only a preview without rejected rows (or with skip_invalid) can be confirmed.")
    run.dry_run = False
    run.save(update_fields=["dry_run"])
    _start(run, user)
    run.refresh_from_db()
    return Status(202, _out(run))


@router.get("/imports/{run_id}", response={200: RunOut, **ERRORS}, auth=access("siasn.manage"))
def import_detail(request, run_id: int):
    user = caller(request)
    jobs_reap()  # a run whose worker died says so (failed), not "running" forever
    return _out(get_object_or_404(selectors.runs_for(user), pk=run_id))


@router.get("/imports", response={200: list[RunOut], **ERRORS}, auth=access("siasn.manage"))
def import_list(request):
    user = caller(request)
    return [_out(r) for r in selectors.runs_for(user)[:100]]


# --- exports: started here, written by a background task, downloaded when done -----------------------------


class ExportIn(Input):
    format: str
    unit_id: int | None = None


class ExportOut(Schema):
    id: int
    status: str
    format: str
    unit_id: int | None
    unit: str
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    progress: dict[str, Any]
    result: dict[str, Any]
    error: str
    file_url: str | None


def _export_out(job: Job) -> dict[str, Any]:
    # The server's path stays on the server: the result says the name, size and rows, and where to fetch it.
    result = {k: v for k, v in job.result.items() if k not in ("path", "download_url")}
    available = export_path(job) is not None
    return {
        "id": job.pk,
        "status": job.status,
        "format": job.params.get("format", ""),
        "unit_id": job.params.get("unit_id"),
        "unit": job.params.get("unit", ""),
        "created_by": job.created_by,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "progress": job_progress(job.pk),
        "result": {**result, "available": available} if job.result else {},
        "error": job.error,
        "file_url": reverse("api:siasn-export-file", kwargs={"job_id": job.pk}) if available else None,
    }


@router.post("/exports", response={202: ExportOut, **ERRORS}, auth=access("siasn.manage"))
def export_create(request, data: ExportIn):
    user = caller(request)
    if data.format not in ("json", "csv", "xlsx"):
        raise HttpError(422, "format: json, csv or xlsx")
    unit = None
    if data.unit_id is not None:
        unit = scope.units_for(user).filter(pk=data.unit_id).first()
        if unit is None:
            raise HttpError(422, f"unit_id: unit {data.unit_id} is not in your instansi")
    job = export_enqueue(user=user, fmt=data.format, unit=unit)
    return Status(202, _export_out(job))


@router.get("/exports/{job_id}", response={200: ExportOut, **ERRORS}, auth=access("siasn.manage"))
def export_detail(request, job_id: int):
    user = caller(request)
    return _export_out(get_object_or_404(selectors.exports_for(user), pk=job_id))


@router.get("/exports", response={200: list[ExportOut], **ERRORS}, auth=access("siasn.manage"))
def export_list(request):
    user = caller(request)
    return [_export_out(j) for j in selectors.exports_for(user)[:100]]


@router.get(
    "/exports/{job_id}/file",
    response={200: None, **ERRORS},
    auth=access("siasn.manage"),
    url_name="siasn-export-file",
    openapi_extra={"responses": {200: {"description": "The export file (zip, csv or xlsx)."}}},
)
def export_file(request, job_id: int):
    user = caller(request)
    job = get_object_or_404(selectors.exports_for(user), pk=job_id)
    path = export_download(job, user)
    if path is None:
        raise HttpError(404, "The export is not finished, failed, or its file was deleted (kept 7 days).")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
