"""Samples for the SIASN screens and API: an import run and an export job belong to an instansi."""

from __future__ import annotations

from talenta.core.models import Job
from talenta.siasn.exports import EXPORT_KIND, export_root
from talenta.siasn.models import ImportRun
from tests.access.registry import sample


def _run(world, viewer, case):
    side = {"own": world.side(viewer), "other_instansi": world.other(viewer)}.get(case)
    if side is None:
        return None
    # Already imported: confirming it again answers 422, so the matrix never starts an import.
    return ImportRun.objects.create(
        instansi=side.instansi, username="sample", status=ImportRun.Status.SUCCEEDED
    )


@sample("siasn:run", "siasn:run-status", "siasn:confirm")
def _run_page(world, viewer, case):
    run = _run(world, viewer, case)
    return None if run is None else {"pk": run.pk}


@sample("siasn:errors")
def _run_errors(world, viewer, case):
    run = _run(world, viewer, case)
    return None if run is None else {"pk": run.pk, "fmt": "csv"}


@sample("POST /api/v1/siasn/imports/{run_id}/confirm", "GET /api/v1/siasn/imports/{run_id}")
def _run_api(world, viewer, case):
    run = _run(world, viewer, case)
    return None if run is None else {"run_id": run.pk}


def _export(world, viewer, case):
    """A finished export job with its file on disk, of the viewer's instansi or the other one."""
    side = {"own": world.side(viewer), "other_instansi": world.other(viewer)}.get(case)
    if side is None:
        return None
    job = Job.objects.create(
        kind=EXPORT_KIND,
        label="sample",
        instansi_id=side.instansi.pk,
        status=Job.Status.SUCCEEDED,
        params={"format": "csv", "unit_id": None, "unit": ""},
    )
    folder = export_root() / f"{job.pk}-sample"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "siasn-instansi.csv"
    path.write_text("NIP BARU\r\n", encoding="utf-8")
    job.result = {"format": "csv", "name": path.name, "path": str(path), "size": path.stat().st_size}
    job.save(update_fields=["result"])
    return job


@sample("siasn:export-job", "siasn:export-file")
def _export_page(world, viewer, case):
    job = _export(world, viewer, case)
    return None if job is None else {"pk": job.pk}


@sample("GET /api/v1/siasn/exports/{job_id}", "GET /api/v1/siasn/exports/{job_id}/file")
def _export_api(world, viewer, case):
    job = _export(world, viewer, case)
    return None if job is None else {"job_id": job.pk}
