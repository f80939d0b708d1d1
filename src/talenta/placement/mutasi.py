"""Moves between the instansi of a region (mutasi, issue #18): keyword-only, atomic, audited in every
instansi concerned.

PP 11/2017 Pasal 190(2)-(3) as amended by PP 17/2020: a move between kabupaten/kota of one province, or
between the province and a kabupaten/kota, is decided by the Governor after BKN's technical consideration
(*pertimbangan teknis*), with the agreement of both PPKs. The receiving instansi's agreement is its
proposal; the releasing PPK agrees or refuses; the province's BKD records BKN's consideration; the
Governor (the province's PPK) decides, which makes a Decision of type *mutasi* in an installation batch of
the receiving instansi; the receiving BKD installs, and the employee, his post history and his open
development plans move to the receiving instansi in one transaction."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talenta.accounts import policy
from talenta.accounts.models import User
from talenta.core.audit import audit_record
from talenta.people.models import Employee, Position
from talenta.people.services import mark_changed
from talenta.placement import selectors, services
from talenta.placement.models import Decision, Mutasi
from talenta.placement.sharing import redacted
from talenta.talent.models import DevelopmentPlan, Successor

Stage = Mutasi.Stage


# Whose step each stage waits for: the action, and the instansi that takes it.
NEXT = {
    Stage.PROPOSED: ("mutasi.release", "from_instansi_id"),
    Stage.RELEASED: ("mutasi.consider", "province_id"),
    Stage.BKN_CONSIDERED: ("mutasi.decide", "province_id"),
    Stage.DECIDED: ("mutasi.install", "to_instansi_id"),
}


def next_step(m: Mutasi, user: Any) -> str | None:
    """The action `user` may take on the move now (for the screen's one form), or None."""
    action, instansi = NEXT.get(m.stage, (None, None))
    if action is None or not policy.can(user, action, stage=m.stage):
        return None
    return action if getattr(m, instansi) == user.instansi_id else None


def _audit(m: Mutasi, *, by: Any, action: str, changes: dict[str, Any], reason: str = "") -> None:
    """One entry in the trail of each instansi the move concerns (receiving, releasing, deciding)."""
    for instansi_id in dict.fromkeys([m.to_instansi_id, m.from_instansi_id, m.province_id]):
        audit_record(
            actor=by, action=action, target=m, instansi_id=instansi_id, changes=changes, reason=reason
        )


def _step(m: Mutasi, *, by: Any, action: str, instansi_id: int) -> Mutasi:
    """Lock the move, check the action at its stage, and that `by` acts for the instansi whose step it is."""
    locked = (
        Mutasi.objects.select_for_update(of=("self",)).select_related("employee", "position").get(pk=m.pk)
    )
    if not policy.can(by, action):
        raise PermissionDenied
    if not policy.can(by, action, stage=locked.stage):
        raise ValidationError(
            _("Mutasi of NIP %(nip)s is at stage “%(stage)s”: this step is not open.")
            % {"nip": locked.employee.nip, "stage": locked.get_stage_display()},
            code="stage",
        )
    if by.instansi_id != instansi_id:
        raise PermissionDenied
    return locked


@transaction.atomic
def mutasi_propose(*, employee: Employee, position: Position, by: Any, on: date, reason: str = "") -> Mutasi:
    """The receiving BKD proposes `employee` of another instansi of its region for its vacant `position`,
    with his eligibility and ranking for the post as evidence (ranked among his own instansi's PNS)."""
    policy.require(by, "mutasi.propose")
    if position.instansi_id != by.instansi_id:
        raise PermissionDenied
    employee = Employee.objects.select_related("instansi", "position", "unit").get(pk=employee.pk)
    receiving = position.instansi
    if employee.instansi_id == receiving.pk:
        raise ValidationError(
            _("NIP %(nip)s already works in this instansi: use a rotation or a promotion.")
            % {"nip": employee.nip},
            code="same_instansi",
        )
    region = receiving.region
    if region is None or employee.instansi.region_id != region.pk:
        raise ValidationError(
            _("NIP %(nip)s is not an employee of an instansi of this region.") % {"nip": employee.nip},
            code="region",
        )
    province = region.province
    if province is None:
        raise ValidationError(
            _("Region %(region)s has no province to decide the move.") % {"region": region},
            code="province",
        )
    if Employee.objects.filter(position=position).exists():
        raise ValidationError(_("Post %(post)s is not vacant.") % {"post": position.name}, code="occupied")
    if Mutasi.objects.filter(employee=employee).exclude(stage__in=[Stage.REFUSED, Stage.INSTALLED]).exists():
        raise ValidationError(
            _("NIP %(nip)s already has a move in progress.") % {"nip": employee.nip}, code="open"
        )
    pool = selectors.candidate_pool(employee.instansi_id, on=on)
    outcome = services.rank_position(position=position, on=on, top=None, near_top=0, pool=pool, explain=0)
    i = outcome.row_of(employee.pk)
    if i is None:
        raise ValidationError(
            _("NIP %(nip)s is not a PNS who can be ranked for a post.") % {"nip": employee.nip},
            code="not_ranked",
        )
    rank = outcome.rank_of(employee.pk)
    snap = services._snapshot(
        c=selectors.candidates_at(pool, [i])[0],
        employee=employee,
        outcome=outcome,
        rank=rank,
        explanation=outcome.ranking.explanation(i),
    )
    snap["mutasi"] = {"from": employee.instansi.name, "to": receiving.name, "province": province.name}
    evidence = services.canonical(snap)
    m = Mutasi.objects.create(
        employee=employee,
        from_instansi=employee.instansi,
        to_instansi=receiving,
        province=province,
        position=position,
        evidence=evidence,
        evidence_sha256=services.sha256(evidence),
        proposal_reason=reason,
        proposed_by=by.username,
    )
    _audit(
        m,
        by=by,
        action="mutasi.propose",
        reason=reason,
        changes={
            "employee": employee.nip,
            "position": position.pk,
            "eligible": snap["eligibility"]["eligible"],
            "rank": rank,
            "evidence_sha256": m.evidence_sha256,
        },
    )
    return m


@transaction.atomic
def mutasi_release(*, mutasi: Mutasi, by: Any, agree: bool, reason: str = "") -> Mutasi:
    """The releasing PPK agrees to let the employee go, or refuses with a reason."""
    m = _step(mutasi, by=by, action="mutasi.release", instansi_id=mutasi.from_instansi_id)
    if not agree and not reason.strip():
        raise ValidationError(_("A refusal needs a reason."), code="reason")
    m.stage = Stage.RELEASED if agree else Stage.REFUSED
    m.released_by = by.username
    m.released_at = timezone.now()
    m.refusal_reason = "" if agree else reason.strip()
    m.save(update_fields=["stage", "released_by", "released_at", "refusal_reason"])
    _audit(m, by=by, action="mutasi.release" if agree else "mutasi.refuse", reason=reason, changes={})
    return m


@transaction.atomic
def mutasi_consider(*, mutasi: Mutasi, by: Any, number: str, on: date | None) -> Mutasi:
    """The province's BKD records BKN's technical consideration (its letter's number and date)."""
    m = _step(mutasi, by=by, action="mutasi.consider", instansi_id=mutasi.province_id)
    if not number.strip() or on is None:
        raise ValidationError(
            _("Record the number and the date of BKN's technical consideration."), code="bkn"
        )
    m.stage = Stage.BKN_CONSIDERED
    m.bkn_number, m.bkn_date, m.bkn_recorded_by = number.strip(), on, by.username
    m.save(update_fields=["stage", "bkn_number", "bkn_date", "bkn_recorded_by"])
    _audit(m, by=by, action="mutasi.consider", changes={"bkn_number": m.bkn_number, "bkn_date": on})
    return m


@transaction.atomic
def mutasi_decide(*, mutasi: Mutasi, by: Any, sk_nomor: str, sk_date: date | None) -> Mutasi:
    """The Governor decides: a Decision of type mutasi, in an installation batch of the receiving instansi
    under the Governor's decree."""
    m = _step(mutasi, by=by, action="mutasi.decide", instansi_id=mutasi.province_id)
    if not sk_nomor.strip() or sk_date is None:
        raise ValidationError(_("Record the number and the date of the Governor's decree."), code="sk")
    employee = Employee.objects.select_related("position", "unit").get(pk=m.employee_id)
    snap = json.loads(m.evidence)
    decision = services._decision_create(
        employee=employee,
        position=m.position,
        by=by,
        snapshot=m.evidence,
        kind=Decision.Kind.MUTASI,  # to another instansi, whatever the level (rules/decision.py)
        filling_post=None,
        reason=m.proposal_reason,
        rank=snap["ranking"]["rank"],
        mapping_finalised=bool(snap.get("mapping", {}).get("finalised")),
    )
    services.batch_create(
        instansi=m.to_instansi, sk_nomor=sk_nomor.strip(), sk_date=sk_date, by=by, decisions=[decision]
    )
    m.stage = Stage.DECIDED
    m.sk_nomor, m.sk_date, m.decided_by, m.decision = sk_nomor.strip(), sk_date, by.username, decision
    m.save(update_fields=["stage", "sk_nomor", "sk_date", "decided_by", "decision"])
    _audit(
        m, by=by, action="mutasi.decide", changes={"sk": m.sk_nomor, "date": sk_date, "decision": decision.pk}
    )
    return m


@transaction.atomic
def mutasi_install(*, mutasi: Mutasi, by: Any) -> Mutasi:
    """The receiving BKD installs: the employee, his post history, his open development plans (and his own
    account) move to the receiving instansi; his old post falls vacant; he stops being a named successor
    in the instansi he leaves. All or nothing."""
    m = _step(mutasi, by=by, action="mutasi.install", instansi_id=mutasi.to_instansi_id)
    if m.decision_id is not None:
        decision = (
            Decision.objects.select_for_update(of=("self",)).select_related("batch").get(pk=m.decision_id)
        )
        if decision.applied or (decision.batch is not None and decision.batch.applied_at is not None):
            raise ValidationError(
                _("The Governor's decree %(sk)s has already been applied."),
                code="applied",
                params={"sk": m.sk_nomor},
            )
    emp = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("position", "unit")
        .get(pk=m.employee_id)
    )
    pos = Position.objects.select_for_update(of=("self",)).select_related("unit").get(pk=m.position_id)
    holder = Employee.objects.filter(position=pos).exclude(pk=emp.pk).first()
    if holder is not None:
        raise ValidationError(
            _("Post %(post)s is held by NIP %(nip)s: it is not vacant any more.")
            % {"post": pos.name, "nip": holder.nip},
            code="occupied",
        )
    old = {
        "instansi": emp.instansi_id,
        "unit": emp.unit_id,
        "position": emp.position_id,
        "tmt_jabatan": emp.tmt_jabatan,
    }
    old_position = emp.position
    emp.instansi_id = m.to_instansi_id
    emp.unit = pos.unit
    emp.position = pos
    emp.tmt_jabatan = m.sk_date
    emp.save(update_fields=["instansi", "unit", "position", "tmt_jabatan"])
    if old_position is not None:
        old_position.vacant_from = m.sk_date
        old_position.save(update_fields=["vacant_from"])
    # Kept on the decision: regional oversight reports how long the post stayed open.
    vacant_since = services.position_fill(position=pos, employee=emp)
    services.jabatan_history_create(employee=emp, position=pos, sk_nomor=m.sk_nomor, sk_date=m.sk_date)
    # His histories and plans are his (owned through the employee): they follow him. The plans still open
    # are named in the trail; the succession lists of the instansi he leaves no longer name him.
    plans = list(
        DevelopmentPlan.objects.filter(employee=emp)
        .exclude(status=DevelopmentPlan.Status.DONE)
        .values_list("pk", flat=True)
    )
    dropped = Successor.objects.filter(employee=emp, plan__position__instansi_id=old["instansi"])
    successor_of = list(dropped.values_list("plan__position_id", flat=True))
    dropped.delete()
    # His own account follows him; an account scoped to a unit of the instansi he leaves ends there.
    accounts = list(User.objects.filter(employee=emp).values_list("username", flat=True))
    User.objects.filter(employee=emp, unit__isnull=True).update(instansi_id=m.to_instansi_id)
    User.objects.filter(employee=emp, unit__isnull=False).update(is_active=False)
    Decision.objects.filter(pk=m.decision_id).update(applied=True, vacant_since=vacant_since)
    if m.decision_id:
        batch = m.decision.batch
        if batch is not None and batch.applied_at is None:
            batch.applied_at, batch.applied_by = timezone.now(), by.username
            batch.save(update_fields=["applied_at", "applied_by"])
    m.stage = Stage.INSTALLED
    m.installed_by, m.installed_at = by.username, timezone.now()
    m.save(update_fields=["stage", "installed_by", "installed_at"])
    _audit(
        m,
        by=by,
        action="mutasi.install",
        reason=f"SK {m.sk_nomor}",
        changes={
            "before": old,
            "after": {"instansi": m.to_instansi_id, "unit": pos.unit_id, "position": pos.pk},
            "open_plans": plans,
            "no_longer_successor_for": successor_of,
            "accounts": accounts,
        },
    )
    mark_changed(employee_ids=[m.employee_id])  # he leaves one instansi's candidate pool for the other's
    return m


@transaction.atomic
def mutasi_viewed(*, mutasi: Mutasi, by: Any) -> None:
    """A move is a record of several instansi: every view of it (the person, his evidence) is written in
    the trail of each instansi concerned, and in the viewer's own (the regional oversight's)."""
    concerned = [mutasi.to_instansi_id, mutasi.from_instansi_id, mutasi.province_id, by.instansi_id]
    for instansi_id in dict.fromkeys(concerned):
        audit_record(
            actor=by,
            action="mutasi.view",
            target=mutasi,
            instansi_id=instansi_id,
            changes={"employee": mutasi.employee.nip, "stage": mutasi.stage},
        )


def evidence(m: Mutasi) -> dict[str, Any]:
    return json.loads(m.evidence)


def evidence_for(m: Mutasi, user: Any) -> dict[str, Any]:
    """The evidence as `user` may read it. Until the releasing PPK has agreed, everyone but the releasing
    instansi sees the rows whose evidence is that instansi's own records (SKP, discipline, education,
    training...) only as "perlu verifikasi"; the stored snapshot stays whole."""
    data = evidence(m)
    if user.instansi_id == m.from_instansi_id or m.stage not in (Stage.PROPOSED, Stage.REFUSED):
        return data
    rows, _n = redacted(data.get("eligibility", {}).get("rows", []))
    data.setdefault("eligibility", {})["rows"] = rows
    data.pop("candidate", None)
    return data
