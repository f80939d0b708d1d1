"""SIASN import over the API: upload files (a dry run by default), then confirm; read a run's report.

A Ninja `router`, mounted by the project's NinjaAPI at /api/v1/siasn/ (api/urls.py ROUTERS). Admin and
analis only (`access`): another role is refused before the upload is read; another instansi's run is 404.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from talenta.accounts.roles import Role
from talenta.api.auth import access
from talenta.api.people import ERRORS
from talenta.core.jobs import job_create
from talenta.siasn import selectors
from talenta.siasn.models import ImportRun
from talenta.siasn.services import safe_name
from talenta.siasn.tasks import import_run_task

router = Router(tags=["siasn"])
ALLOWED = {Role.ADMIN, Role.ANALIS}


class RunOut(Schema):
    id: int
    status: str
    dry_run: bool
    skip_invalid: bool
    files: list[dict[str, Any]]
    counts: dict[str, dict[str, int]]
    error_count: int
    errors: list[dict[str, str]]


class ImportIn(Schema):
    format: str = "auto"
    skip_invalid: bool = False
    dry_run: bool = True


def _user(request):
    # A bearer token authenticates as `request.auth`; a session as both.
    auth = getattr(request, "auth", None)
    user = auth if getattr(auth, "is_authenticated", False) else getattr(request, "user", None)
    if not (user and user.is_authenticated and user.instansi_id) or user.role not in ALLOWED:
        raise HttpError(403, "Forbidden")
    return user


def _out(run: ImportRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "dry_run": run.dry_run,
        "skip_invalid": run.skip_invalid,
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


@router.post("/imports", response={202: RunOut, **ERRORS}, auth=access(*ALLOWED))
def import_create(request, data: Form[ImportIn], files: File[list[UploadedFile]]):
    user = _user(request)
    if data.format not in ("auto", "json", "csv", "xlsx"):
        raise HttpError(422, "format: auto, json, csv or xlsx")
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
        dry_run=data.dry_run,
        upload_dir=str(folder),
    )
    _start(run, user)
    run.refresh_from_db()
    return Status(202, _out(run))


@router.post("/imports/{run_id}/confirm", response={202: RunOut, **ERRORS}, auth=access(*ALLOWED))
def import_confirm(request, run_id: int):
    user = _user(request)
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


@router.get("/imports/{run_id}", response={200: RunOut, **ERRORS}, auth=access(*ALLOWED))
def import_detail(request, run_id: int):
    user = _user(request)
    return _out(get_object_or_404(selectors.runs_for(user), pk=run_id))


@router.get("/imports", response={200: list[RunOut], **ERRORS}, auth=access(*ALLOWED))
def import_list(request):
    user = _user(request)
    return [_out(r) for r in selectors.runs_for(user)[:100]]
