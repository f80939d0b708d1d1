"""The figures of regional oversight, per instansi of the viewer's region, read through accounts.scope
(the oversight role's REGION reach: every instansi of its region, read-only)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F

from talenta.accounts import scope
from talenta.people.models import Employee, Instansi, Position
from talenta.people.rules import jabatan as jr
from talenta.placement.models import Decision
from talenta.placement.rules import decision as dr
from talenta.profiling.models import Assessment
from talenta.region.rules.vacancy import days_open, durations
from talenta.talent.models import MappingPeriod, MappingResult, Readiness, Successor
from talenta.talent.rules.ninebox import SUCCESSION_GROUP
from talenta.talent.selectors import POOL_TARGETS

POOL_LEVELS = ("jpt_pratama", "administrator", "pengawas")  # the target levels of the pools (talent)
OTHER = "lainnya"


def pool_target(level: str | None) -> str:
    """The highest target level a member's current level feeds (talent.selectors.POOL_TARGETS)."""
    return next((t for t in POOL_LEVELS if (level or "pelaksana") in POOL_TARGETS[t]["feeders"]), OTHER)


@dataclass
class Figures:
    instansi: Instansi
    employees: int = 0
    profiled: int = 0
    mapped: int = 0
    period: str = ""
    pool_by_level: dict[str, int] = field(default_factory=dict)
    critical: int = 0
    critical_ready: int = 0
    vacancies: int = 0
    vacancy_days_median: int | None = None
    vacancy_days_max: int | None = None
    # Filled vacancies: from the day the post fell vacant to the installation (the SK date).
    filled: int = 0
    filled_days_median: int | None = None
    filled_days_max: int | None = None
    decisions: int = 0
    from_pool: int = 0
    deviated: int = 0

    @property
    def pool(self) -> int:
        return sum(self.pool_by_level.values())

    @property
    def critical_without(self) -> int:
        return self.critical - self.critical_ready

    def share(self, part: int) -> float | None:
        return round(100 * part / self.employees, 1) if self.employees else None

    @property
    def profiled_pct(self) -> float | None:
        return self.share(self.profiled)

    @property
    def mapped_pct(self) -> float | None:
        return self.share(self.mapped)


def _latest_final(instansi_ids: list[int], user: Any) -> dict[int, MappingPeriod]:
    out: dict[int, MappingPeriod] = {}
    periods = scope.visible(user, MappingPeriod).filter(
        instansi_id__in=instansi_ids, status=MappingPeriod.Status.FINALISED
    )
    for p in periods.order_by("instansi_id", *MappingPeriod.LATEST_FIRST):
        out.setdefault(p.instansi_id, p)
    return out


def _from_pool(snapshot: str) -> bool:
    try:
        box = json.loads(snapshot).get("mapping", {}).get("box")
    except ValueError:
        return False
    return box in SUCCESSION_GROUP


def region_figures(user: Any, *, today: date, only: int | None = None) -> list[Figures]:
    """One Figures per instansi the user may see (for the oversight role: its region), in a fixed number of
    queries whatever the number of instansi."""
    instansi = scope.visible(user, Instansi)
    if only is not None:
        instansi = instansi.filter(pk=only)
    figs = {i.pk: Figures(i) for i in instansi}
    ids = list(figs)
    emp = scope.visible(user, Employee).filter(instansi_id__in=ids)
    for row in emp.values("instansi_id").annotate(n=Count("pk")):
        figs[row["instansi_id"]].employees = row["n"]
    assessed = scope.visible(user, Assessment).filter(employee__instansi_id__in=ids)
    for row in assessed.values("employee__instansi_id").annotate(n=Count("employee_id", distinct=True)):
        figs[row["employee__instansi_id"]].profiled = row["n"]
    periods = _latest_final(ids, user)
    results = scope.visible(user, MappingResult).filter(
        period__in=list(periods.values()), mappable=True, employee__instansi_id__in=ids
    )
    pool: dict[int, Counter[str]] = defaultdict(Counter)
    for inst, box, cal, level in results.values_list(
        "period__instansi_id", "box", "calibrated_box", "employee__position__level"
    ):
        figs[inst].mapped += 1
        if (cal or box) in SUCCESSION_GROUP:
            pool[inst][pool_target(level)] += 1
    for inst, p in periods.items():
        figs[inst].period = p.name
        figs[inst].pool_by_level = dict(pool[inst])
    positions = scope.visible(user, Position).filter(instansi_id__in=ids)
    for row in positions.filter(is_critical=True).values("instansi_id").annotate(n=Count("pk")):
        figs[row["instansi_id"]].critical = row["n"]
    ready = (
        scope.visible(user, Successor)
        .filter(plan__position__is_critical=True, readiness=Readiness.SIAP_SEKARANG)
        .filter(plan__position__instansi_id__in=ids)
        .values("plan__position__instansi_id")
        .annotate(n=Count("plan__position", distinct=True))
    )
    for row in ready:
        figs[row["plan__position__instansi_id"]].critical_ready = row["n"]
    days: dict[int, list[int]] = defaultdict(list)
    for inst, since in positions.filter(holder__isnull=True).values_list("instansi_id", "vacant_from"):
        figs[inst].vacancies += 1
        if since is not None:
            days[inst].append(days_open(since, today))
    for inst, d in days.items():
        open_for = durations(d)
        figs[inst].vacancy_days_median, figs[inst].vacancy_days_max = open_for.median, open_for.longest
    decisions = scope.visible(user, Decision).filter(instansi_id__in=ids).exclude(kind__in=[dr.PLT, dr.PLH])
    filled: dict[int, list[int]] = defaultdict(list)
    installed = decisions.filter(applied=True, vacant_since__isnull=False, batch__isnull=False)
    for inst, since, installed_on in installed.values_list("instansi_id", "vacant_since", "batch__sk_date"):
        filled[inst].append(days_open(since, installed_on))
    for inst, d in filled.items():
        stayed_open = durations(d)
        f = figs[inst]
        f.filled, f.filled_days_median, f.filled_days_max = (
            stayed_open.count,
            stayed_open.median,
            stayed_open.longest,
        )
    for inst, snapshot, rank in decisions.values_list("instansi_id", "snapshot", "ranking_rank"):
        f = figs[inst]
        f.decisions += 1
        f.from_pool += _from_pool(snapshot)
        f.deviated += rank is not None and rank > 1
    # The province first, then the kabupaten/kota by BKN kode.
    return sorted(figs.values(), key=lambda f: (f.instansi.kind != Instansi.Kind.PROVINSI, f.instansi.kode))


def totals(figs: list[Figures]) -> dict[str, int]:
    keys = (
        "employees",
        "profiled",
        "mapped",
        "critical",
        "critical_ready",
        "vacancies",
        "filled",
        "decisions",
    )
    out = {k: sum(getattr(f, k) for f in figs) for k in keys}
    out |= {"from_pool": sum(f.from_pool for f in figs), "deviated": sum(f.deviated for f in figs)}
    out["pool"] = sum(f.pool for f in figs)
    return out


def level_label(level: str) -> str:
    if level == OTHER:
        return "Lainnya"
    try:
        return str(jr.LEVEL_LABELS[jr.Level(level)])
    except ValueError:
        return level


def evidence(user: Any, instansi: Instansi, *, today: date) -> dict[str, Any]:
    """The rows behind one instansi's figures that the user may see: placements that departed from the
    ranking (with their reasons), open vacancies (since when), filled vacancies (how long they stayed
    open), critical posts without a ready successor."""
    decisions = (
        scope.visible(user, Decision)
        .filter(instansi=instansi, ranking_rank__gt=1)
        .exclude(kind__in=[dr.PLT, dr.PLH])
        .select_related("employee", "position")
        .order_by("-decided_at")[:200]
    )
    positions = scope.visible(user, Position).filter(instansi=instansi)
    vacant = (
        positions.filter(holder__isnull=True)
        .select_related("unit")
        .order_by(F("vacant_from").asc(nulls_last=True), "name", "pk")[:200]
    )
    ready_posts = (
        scope.visible(user, Successor).filter(readiness=Readiness.SIAP_SEKARANG).values("plan__position_id")
    )
    uncovered = (
        positions.filter(is_critical=True)
        .exclude(pk__in=ready_posts)
        .select_related("unit")
        .order_by("name", "pk")
    )
    filled = (
        scope.visible(user, Decision)
        .filter(instansi=instansi, applied=True, vacant_since__isnull=False, batch__isnull=False)
        .exclude(kind__in=[dr.PLT, dr.PLH])
        .select_related("position", "batch")
        .order_by("-batch__sk_date", "position__name", "pk")[:200]
    )
    return {
        "deviated": list(decisions),
        "filled": [(d, days_open(d.vacant_since, d.batch.sk_date)) for d in filled],
        "vacant": [(p, (today - p.vacant_from).days if p.vacant_from else None) for p in vacant],
        "uncovered": list(uncovered[:200]),
    }
