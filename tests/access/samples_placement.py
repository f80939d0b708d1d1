"""Samples for the placement routes (screens and /api/v1/penempatan)."""

from __future__ import annotations

from datetime import date

from talenta.placement import selectors
from talenta.placement.models import (
    Candidacy,
    FillingPost,
    FillingProcess,
    InstallationBatch,
    RankingRun,
)
from tests.access.registry import sample

ON = date(2026, 11, 1)


def _side(world, viewer, case):
    selectors.pool_invalidate()  # ids are reused between tests: never rank a previous test's people
    return {"own": world.side(viewer), "other_instansi": world.other(viewer)}.get(case)


def _fp(side) -> FillingPost:
    proc = FillingProcess.objects.create(instansi=side.instansi, name=f"Sampel {side.tag}", as_of=ON)
    return FillingPost.objects.create(process=proc, position=side.position, reason="kosong")


def _candidacy(side) -> Candidacy:
    fp = _fp(side)
    run = RankingRun.objects.create(
        instansi=side.instansi, position=side.position, filling_post=fp, on=ON, weights={},
        requirement_set=selectors.requirement_set_for(side.position.level, side.instansi.pk),
    )  # fmt: skip
    return Candidacy.objects.create(
        filling_post=fp,
        employee=side.colleague,
        rank=1,
        score=50,
        run=run,
        snapshot="{}",
        snapshot_sha256="0" * 64,
    )


def _batch(side) -> InstallationBatch:
    return InstallationBatch.objects.create(
        instansi=side.instansi, sk_nomor="800/1", sk_date=ON, decided_by="x"
    )


@sample("placement:process", "placement:plans", "placement:plan-create")
def _process(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _fp(side).process_id}


@sample("placement:post-candidates", "placement:propose", "placement:recommend", "placement:decide")
def _filling_post(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _fp(side).pk}


@sample("placement:post-candidate-evidence")
def _candidate_evidence(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _fp(side).pk, "employee": side.colleague.pk}


@sample("placement:candidacy")
def _cand(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _candidacy(side).pk}


@sample("placement:batch", "placement:batch-apply", "placement:batch-pdf")
def _batch_view(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _batch(side).pk}


# ----------------------------------------------------------------------------------------------- API


@sample("GET /api/v1/penempatan/positions/{ident}/candidates")
def _api_candidates(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"ident": str(side.position.pk)}


@sample(
    "POST /api/v1/penempatan/filling-posts/{pk}/propose",
    "POST /api/v1/penempatan/filling-posts/{pk}/recommend",
    "POST /api/v1/penempatan/filling-posts/{pk}/decide",
)
def _api_fp(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _fp(side).pk}


@sample("GET /api/v1/penempatan/batches/{pk}", "POST /api/v1/penempatan/batches/{pk}/apply")
def _api_batch(world, viewer, case):
    side = _side(world, viewer, case)
    if side is None:
        return None
    return {"pk": _batch(side).pk}
