"""Placement API: vacancies, candidates, plans, decisions, batches. Mount `router` in the NinjaAPI (issue 4's
api app authenticates); each operation's action is checked first (`access`, 403) and reads through
`accounts.scope` (404 outside it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from talenta.accounts import scope
from talenta.api.auth import access, caller
from talenta.api.schemas import Input
from talenta.placement import selectors, services
from talenta.placement.models import Candidacy, Decision, FillingPost, InstallationBatch

router = Router(tags=["placement"])
MAX_MONTHS = 1200  # a vacancy horizon of a century; more is a malformed parameter, not a date overflow


class VacancyOut(Schema):
    position_id: int
    name: str
    level: str
    reason: str
    date: date | None
    holder_nip: str | None


class ForbidIn(Input):
    employee: int
    position: int
    reason: str


class PlanIn(Input):
    positions: list[str]
    forbid: list[ForbidIn] = []
    depth: int = 1
    keep: list[int] = []
    min_promotions: int = 0
    max_moves_per_opd: int | None = None
    on: date | None = None


class StepIn(Input):
    candidacy: int | None = None
    employees: list[int] = []
    minutes: str = ""
    reason: str = ""


class BatchIn(Input):
    sk_nomor: str
    sk_date: date
    decisions: list[int]


def _position(request: HttpRequest, ident: str) -> Any:
    pos = selectors.resolve_position(scope.positions_for(request.user), ident)
    if pos is None:
        raise HttpError(404, _("Post not found."))
    return pos


@router.get("/vacancies", response=list[VacancyOut], auth=access("placement.vacancies"))
def vacancies(request: HttpRequest, months: int = Query(24, ge=0, le=MAX_MONTHS)) -> list[dict[str, Any]]:
    vac = selectors.vacancies(scope.positions_for(request.user), today=timezone.localdate(), months=months)
    return [
        {
            "position_id": v.position.pk,
            "name": v.position.name,
            "level": v.position.level,
            "reason": v.reason,
            "date": v.on,
            "holder_nip": v.holder.nip if v.holder else None,
        }
        for v in vac
    ]


@router.get("/positions/{ident}/candidates", auth=access("placement.view"))
def candidates(request: HttpRequest, ident: str, top: int = 10, on: date | None = None) -> dict[str, Any]:
    pos = _position(request, ident)
    outcome = services.rank_position(position=pos, on=on or timezone.localdate(), top=min(max(top, 1), 200))
    data = outcome.as_dict()
    data.pop("eligible_ids", None)
    return data


@router.post("/plans", auth=access("placement.plan.compute"))
def plans(request: HttpRequest, payload: PlanIn) -> dict[str, Any]:
    positions = [_position(request, p) for p in payload.positions]
    outcome = services.plan_compute(
        positions=positions,
        on=payload.on or timezone.localdate(),
        depth=min(max(payload.depth, 0), 3),
        keep=payload.keep,
        forbid=[(f.employee, f.position) for f in payload.forbid],
        min_promotions=payload.min_promotions,
        max_moves_per_opd=payload.max_moves_per_opd,
    )
    data = outcome.as_dict()
    data["forbidden"] = [f.dict() for f in payload.forbid]
    return data


def _fp(request: HttpRequest, pk: int) -> FillingPost:
    return get_object_or_404(scope.visible(request.user, FillingPost), pk=pk)


def _step(request: HttpRequest) -> StepIn:
    """The step's body, read after the filling post was found in scope (an outsider gets 404 first)."""
    import json

    from pydantic import ValidationError as PydanticError

    try:
        data = json.loads(request.body or b"{}")
        return StepIn(**(data if isinstance(data, dict) else {}))
    except PydanticError as e:  # name the fields, not pydantic's own text
        fields = ", ".join(sorted({str(err["loc"][0]) for err in e.errors() if err.get("loc")}))
        raise HttpError(422, _("Invalid fields: %(fields)s") % {"fields": fields}) from e
    except (ValueError, RecursionError) as e:  # RecursionError: arrays nested deeper than json can read
        raise HttpError(422, _("The body is not valid JSON.")) from e


def _cand(fp: FillingPost, pk: int | None) -> Candidacy:
    cand = fp.candidacies.filter(pk=pk or 0).first()
    if cand is None:
        raise HttpError(422, _("Choose a candidate proposed for this post."))
    return cand


@router.post("/filling-posts/{pk}/propose", auth=access("placement.propose"))
def propose(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = caller(request)
    fp = _fp(request, pk)
    payload = _step(request)
    cands = services.proposal_create(
        filling_post=fp, by=user, employee_ids=payload.employees or None, reason=payload.reason
    )
    return {
        "candidacies": [
            {"id": c.pk, "employee_id": c.employee_id, "rank": c.rank, "sha256": c.snapshot_sha256}
            for c in cands
        ]
    }


@router.post("/filling-posts/{pk}/recommend", auth=access("placement.recommend"))
def recommend(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = caller(request)
    fp = _fp(request, pk)
    payload = _step(request)
    fp = services.recommend(
        filling_post=fp,
        candidacy=_cand(fp, payload.candidacy),
        minutes=payload.minutes,
        by=user,
        reason=payload.reason,
    )
    return {"stage": fp.stage, "recommended": fp.recommended_id}


@router.post("/filling-posts/{pk}/decide", auth=access("placement.decide"))
def decide(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = caller(request)
    fp = _fp(request, pk)
    payload = _step(request)
    try:
        d = services.decide(
            filling_post=fp, candidacy=_cand(fp, payload.candidacy), by=user, reason=payload.reason
        )
    except PermissionDenied as e:
        raise HttpError(403, _("Your role may not take this action.")) from e
    return _decision(d)


def _decision(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "employee_nip": d.employee.nip,
        "position_id": d.position_id,
        "kind": d.kind,
        "decided_by": d.decided_by,
        "snapshot_sha256": d.snapshot_sha256,
        "mapping_finalised": d.mapping_finalised,
        "batch_id": d.batch_id,
    }


@router.get("/decisions", auth=access("placement.view"))
def decisions(request: HttpRequest) -> list[dict[str, Any]]:
    qs = scope.visible(request.user, Decision).select_related("employee")
    return [_decision(d) for d in qs.order_by("-decided_at")[:500]]


def _batches(request: HttpRequest) -> Any:
    return scope.visible(request.user, InstallationBatch)


@router.get("/batches", auth=access("placement.view"))
def batches(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": b.pk,
            "sk_nomor": b.sk_nomor,
            "sk_date": b.sk_date,
            "applied": b.applied_at is not None,
            "summary": services.batch_summary(b),
        }
        for b in _batches(request)
    ]


@router.get("/batches/{pk}", auth=access("placement.view"))
def batch(request: HttpRequest, pk: int) -> dict[str, Any]:
    b = get_object_or_404(_batches(request), pk=pk)
    return {
        "id": b.pk,
        "sk_nomor": b.sk_nomor,
        "sk_date": b.sk_date,
        "applied": b.applied_at is not None,
        "summary": services.batch_summary(b),
        "decisions": [_decision(d) for d in b.decisions.select_related("employee")],
    }


@router.post("/batches", auth=access("placement.batch.create"))
def batch_create(request: HttpRequest, payload: BatchIn) -> dict[str, Any]:
    user = caller(request)
    ds = list(scope.visible(user, Decision).filter(pk__in=payload.decisions, batch__isnull=True))
    b = services.batch_create(
        instansi=user.instansi, sk_nomor=payload.sk_nomor, sk_date=payload.sk_date, by=user, decisions=ds
    )
    return {"id": b.pk, "summary": services.batch_summary(b)}


@router.post("/batches/{pk}/apply", auth=access("placement.batch.apply"))
def batch_apply(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = caller(request)
    b = get_object_or_404(_batches(request), pk=pk)
    n = services.batch_apply(batch=b, by=user)
    return {"applied": n}
