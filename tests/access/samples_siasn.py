"""Samples for the SIASN import screens and API: an import run belongs to an instansi."""

from __future__ import annotations

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
