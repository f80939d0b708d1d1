"""The regional talent pool (issue #18): what an instansi shares of its pool with the other instansi of its
region, and the one read path across the tenant boundary.

An instansi opts in with a visibility level (talent.PoolSharing); without it, or at "off", it is invisible
to the others. What is shared is its talent pool: the people in boxes 7-9 of its last finalised mapping
period who still work there, with the columns the level allows. Discipline records and narratives are never
shared at any level. Every read of another instansi's shared records is audited in the viewer's instansi
and in each instansi whose records were shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from talenta.accounts import policy, scope
from talenta.core.audit import audit_record
from talenta.people.models import Instansi
from talenta.people.rules import jabatan as jr
from talenta.profiling.models import Assessment
from talenta.talent.models import MappingResult, PoolSharing
from talenta.talent.rules.ninebox import READINESS_LABELS, SUCCESSION_GROUP, readiness
from talenta.talent.selectors import POOL_TARGETS, latest_final_period, period_config

Level = PoolSharing.Level


@dataclass(frozen=True)
class SharedMember:
    instansi_id: int
    instansi_name: str
    employee_id: int
    nip: str
    name: str
    level: str  # the level of his current post ("" without one)
    level_label: str
    box: int | None = None  # from Level.BOX
    readiness: str | None = None  # from Level.READINESS (its label)
    ready_for: tuple[str, ...] | None = None  # the target levels his level feeds (READINESS; labels)
    jpm: float | None = None  # from Level.COMPETENCY: his latest assessment's JPM
    jpm_category: str | None = None


@dataclass(frozen=True)
class SharedPool:
    instansi: Instansi
    level: str
    period_name: str
    members: tuple[SharedMember, ...]


def sharing_of(instansi: Instansi) -> PoolSharing:
    return PoolSharing.objects.filter(instansi=instansi).first() or PoolSharing(instansi=instansi)


@transaction.atomic
def sharing_update(*, instansi: Instansi, level: str, by: Any) -> PoolSharing:
    """The instansi's Admin chooses what it shares with its region (audited, with before and after)."""
    policy.require(by, "talent.sharing.manage")
    if by.instansi_id != instansi.pk:
        raise PermissionDenied
    if level not in Level.values:
        raise ValidationError(_("Unknown visibility level %(level)s.") % {"level": level}, code="level")
    if level != Level.OFF and instansi.region_id is None:
        raise ValidationError(
            _("%(instansi)s belongs to no region: there is nobody to share the talent pool with.")
            % {"instansi": instansi},
            code="region",
        )
    current = PoolSharing.objects.select_for_update().filter(instansi=instansi).first()
    before = current.level if current else Level.OFF
    sharing, _created = PoolSharing.objects.update_or_create(
        instansi=instansi, defaults={"level": level, "updated_by": by.username}
    )
    audit_record(
        actor=by,
        action="talent.sharing.update",
        target=sharing,
        instansi_id=instansi.pk,
        changes={"before": before, "after": level},
    )
    return sharing


def _level_label(level: str) -> str:
    try:
        return str(jr.LEVEL_LABELS[jr.Level(level)])
    except ValueError:
        return level


def _members(sharing: PoolSharing, period_id: int, cfg_readiness: dict[int, str]) -> list[SharedMember]:
    inst = sharing.instansi
    rows = (
        MappingResult.objects.filter(period_id=period_id, mappable=True, employee__instansi_id=inst.pk)
        .select_related("employee__position")
        .order_by("employee__name")
    )
    picked = [(r, r.final_box) for r in rows if r.final_box in SUCCESSION_GROUP]
    jpm: dict[int, Assessment] = {}
    if sharing.shows(Level.COMPETENCY):
        for a in Assessment.objects.filter(employee_id__in=[r.employee_id for r, _b in picked]).order_by(
            "employee_id", *Assessment.NEWEST_FIRST
        ):
            jpm.setdefault(a.employee_id, a)
    out = []
    for r, box in picked:
        e = r.employee
        lvl = e.position.level if e.position_id else ""
        extra: dict[str, Any] = {}
        if sharing.shows(Level.BOX):
            extra["box"] = box
        if sharing.shows(Level.READINESS):
            extra["readiness"] = READINESS_LABELS.get(readiness(box, cfg_readiness), "")
            extra["ready_for"] = tuple(
                _level_label(t) for t, spec in POOL_TARGETS.items() if lvl in spec["feeders"]
            )
        if sharing.shows(Level.COMPETENCY) and e.pk in jpm:
            a = jpm[e.pk]
            extra["jpm"] = None if a.jpm is None else float(a.jpm)
            extra["jpm_category"] = a.jpm_category
        name = inst.short_name or inst.name
        out.append(SharedMember(inst.pk, name, e.pk, e.nip, e.full_name, lvl, _level_label(lvl), **extra))
    return out


def shared_pools(viewer: Any) -> list[SharedPool]:
    """The pools the other instansi of the viewer's region share with it (none for a viewer outside a
    region, and none from an instansi that does not share)."""
    if not policy.active(viewer) or viewer.instansi.region_id is None:
        return []
    others = scope.region_instansi(viewer).exclude(pk=viewer.instansi_id)
    sharings = (
        PoolSharing.objects.filter(instansi__in=others)
        .exclude(level=Level.OFF)
        .select_related("instansi")
        .order_by("instansi__kode", "instansi__name")
    )
    pools = []
    for s in sharings:
        period = latest_final_period(s.instansi_id)
        if period is None:
            continue
        members = _members(s, period.pk, period_config(period).readiness)
        pools.append(SharedPool(s.instansi, s.level, period.name, tuple(members)))
    return pools


def shared_members(viewer: Any) -> dict[int, SharedMember]:
    """{employee id: member} over every pool shared with the viewer."""
    return {m.employee_id: m for p in shared_pools(viewer) for m in p.members}


def audit_shared_view(*, viewer: Any, what: str, members: list[SharedMember]) -> None:
    """A read of other instansi's shared records: one entry in the viewer's trail, and one in the trail of
    each instansi whose people were shown (naming the viewer's instansi and the NIPs shown)."""
    by_instansi: dict[int, list[str]] = {}
    for m in members:
        by_instansi.setdefault(m.instansi_id, []).append(m.nip)
    if not by_instansi:
        return
    with transaction.atomic():
        audit_record(
            actor=viewer,
            action="talent.shared_pool.view",
            target_type="talent.sharedpool",
            target_repr=what[:300],
            instansi_id=viewer.instansi_id,
            changes={"shown": {str(k): v for k, v in by_instansi.items()}},
        )
        for instansi_id, nips in by_instansi.items():
            audit_record(
                actor=viewer,
                action="talent.shared_pool.view",
                target_type="talent.sharedpool",
                target_repr=what[:300],
                instansi_id=instansi_id,
                changes={"viewer_instansi": viewer.instansi_id, "nips": nips},
            )
