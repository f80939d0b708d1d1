"""Reads for profiling: who may be selected, who is still unprofiled, coverage, a person's results."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext

from talenta.people.models import Employee, JabatanHistory, Position, Unit
from talenta.people.rules import jabatan as jr
from talenta.people.selectors import retiring_between
from talenta.profiling.models import Assessment, Campaign, Participant, Wave
from talenta.profiling.rules import validity


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    day = min(d.day, 28) if m + 1 == 2 else min(d.day, 30) if m + 1 in (4, 6, 9, 11) else d.day
    return date(d.year + y, m + 1, day)


def retirement_cutoff(campaign: Campaign) -> date:
    """People retiring before this date are left out: their results would not be usable."""
    return add_months(campaign.end_date, campaign.retirement_margin_months)


def exclude_retiring(
    qs: QuerySet[Employee], campaign: Campaign
) -> tuple[QuerySet[Employee], QuerySet[Employee]]:
    """(kept, retiring): retiring = retirement date before the cutoff (including already retired)."""
    retiring = retiring_between(qs, date(1900, 1, 1), retirement_cutoff(campaign))
    ids = retiring.values("pk")
    return qs.exclude(pk__in=ids), qs.filter(pk__in=ids)


def profiled_since(instansi_id: int, since: date) -> QuerySet[Assessment]:
    return Assessment.objects.filter(employee__instansi_id=instansi_id, assessed_on__gte=since)


def succession_candidates(employees: QuerySet[Employee]) -> dict[int, str]:
    """Succession candidates of critical posts: for each post with `is_critical`, the employees whose
    own post is ONE level below it (LEVEL_RANK − 1, structural or JF equivalent) and who work in the
    critical post's unit or below it. Returns {employee id: critical post name} (the first post wins)."""
    out: dict[int, str] = {}
    critical = (
        Position.objects.filter(instansi_id__in=employees.values("instansi_id"), is_critical=True)
        .select_related("unit")
        .order_by("unit__path", "name")
    )
    for post in critical:
        rank = jr.LEVEL_RANK.get(jr.Level(post.level))
        if rank is None:
            continue
        below = [lvl.value for lvl, r in jr.LEVEL_RANK.items() if r == rank - 1]
        qs = employees.filter(unit__path__startswith=post.unit.path, position__level__in=below).exclude(
            position=post
        )
        for pk in qs.values_list("pk", flat=True):
            out.setdefault(pk, post.name)
    return out


def unprofiled(employees: QuerySet[Employee], *, today: date, validity_years: int = 3) -> QuerySet[Employee]:
    """Employees with no assessment still valid on `today` under `validity_years` (never profiled, or
    every result older than that: `profiling.rules.validity`)."""
    return employees.exclude(assessments__assessed_on__gte=validity.earliest_valid(today, validity_years))


def post_on(employee: Employee, day: date) -> tuple[str | None, dict[str, int] | None, str]:
    """(level, overrides, label) of the post held on `day`: the JabatanHistory row with the latest
    tmt ≤ day (its Position, else its level); the current post when the history has no answer."""
    row = (
        JabatanHistory.objects.filter(employee=employee, tmt__lte=day)
        .select_related("position")
        .order_by("-tmt", "-pk")
        .first()
    )
    if row is not None:
        if row.position is not None:
            return row.position.level, row.position.competency_overrides, row.position.name
        if row.level:
            return row.level, None, row.jabatan_name
    if employee.position_id:
        return employee.position.level, employee.position.competency_overrides, employee.position.name
    return None, None, ""


def wave_counts(campaign: Campaign, employees: QuerySet[Employee] | None = None) -> list[dict]:
    """Per wave: size, present, absent, excused, not yet marked: of `employees` (a Kepala OPD: his unit's
    people) when given; free seats are the wave's, whoever fills them."""
    mine = Q(participants__employee__in=employees) if employees is not None else Q()
    rows = (
        Wave.objects.filter(campaign=campaign)
        .annotate(
            total=Count("participants"),
            size=Count("participants", filter=mine),
            present=Count("participants", filter=mine & Q(participants__attendance="present")),
            absent=Count("participants", filter=mine & Q(participants__attendance="absent")),
            excused=Count("participants", filter=mine & Q(participants__attendance="excused")),
        )
        .order_by("number")
    )
    return [
        {
            "wave": w,
            "size": w.size,
            "present": w.present,
            "absent": w.absent,
            "excused": w.excused,
            "pending": w.size - w.present - w.absent - w.excused,
            "free": max(w.capacity - w.total, 0),
        }
        for w in rows
    ]


def opd_name(employee: Employee) -> str:
    unit = employee.unit
    if unit is None:
        return "—"
    return unit.opd.name if unit.opd_id and unit.opd_id != unit.pk else unit.name


def _unit_group(path: str) -> Case:
    """The OPD name a unit counts under (its OPD's name, or its own for an OPD or a unit without one), for
    the unit at `path` ("" for the Unit model itself)."""
    p = f"{path}__" if path else ""
    return Case(
        When(Q(**{f"{p}opd__isnull": False}) & ~Q(**{f"{p}opd_id": F(f"{path}_id" if path else "pk")}),
            then=F(f"{p}opd__name")),
        default=F(f"{p}name"),
        output_field=CharField(),
    )  # fmt: skip


def opd_name_expression(prefix: str = "employee__") -> Case:
    """`opd_name` of the employee at `prefix` as a database expression (the same three cases)."""
    unit = f"{prefix}unit"
    return Case(
        When(**{f"{unit}__isnull": True}, then=Value("—")),
        default=_unit_group(unit),
        output_field=CharField(),
    )


def opd_group(employee: Employee, campaign: Campaign) -> str:
    """The group the per-wave OPD cap counts against: `opd_name`, and for a partner's people in a joint
    campaign also their instansi (the province's and Kab. Serang's "Dinas Kesehatan" are two offices, each
    with its own cap). The organiser's people keep the bare name, which is also what the schedule's messages
    show."""
    name = opd_name(employee)
    if employee.instansi_id == campaign.instansi_id:
        return name
    instansi = employee.instansi
    return f"{name} ({instansi.short_name or instansi.name})"


def seats_per_wave(campaign: Campaign, *, employee: Employee) -> tuple[dict[int, int], dict[int, int]]:
    """(wave number → participants seated there, wave number → those of them in `employee`'s OPD group
    (`opd_group`: his instansi's units under his OPD's name)), counted by the database. The OPD's
    participants are found through its units (a few, from the small unit table), not by computing every
    participant's OPD name: at 1M people that scan of the employees took about a second per move of an
    absentee."""
    seated = Participant.objects.filter(campaign=campaign, wave__isnull=False)
    sizes = dict(seated.values_list("wave__number").annotate(n=Count("pk")).order_by())
    group = opd_name(employee)
    units = (
        Unit.objects.filter(instansi_id=employee.instansi_id)
        .annotate(group=_unit_group(""))
        .filter(group=group)
        .values("pk")
    )
    mine = Q(employee__unit_id__in=units)
    if group == "—":
        mine |= Q(employee__unit__isnull=True, employee__instansi_id=employee.instansi_id)
    ours = seated.filter(mine).values_list("wave__number").annotate(n=Count("pk")).order_by()
    return sizes, dict(ours)


def participants_of(visible: QuerySet[Participant], campaign: Campaign) -> QuerySet[Participant]:
    """The campaign's participants among `visible` (accounts.scope.visible), with relations loaded."""
    return (
        visible.filter(campaign=campaign)
        .select_related("employee__unit__opd", "employee__position", "wave", "assessment")
        .order_by(F("wave__number").asc(nulls_last=True), "employee__name", "pk")
    )


def participants(campaign: Campaign, employees: QuerySet[Employee]) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(campaign=campaign, employee__in=employees)
        .select_related("employee__unit__opd", "employee__position", "wave", "assessment")
        .order_by(F("wave__number").asc(nulls_last=True), "employee__name", "pk")
    )


@dataclass
class Coverage:
    total: int = 0
    profiled: int = 0
    valid: int = 0
    never: int = 0
    by_opd: list[dict] = field(default_factory=list)
    by_level: list[dict] = field(default_factory=list)


def coverage(employees: QuerySet[Employee], *, today: date, campaign: Campaign | None = None) -> Coverage:
    """Profiled (any result), valid (a result not expired on `today`) and never profiled, by OPD and level.
    With a campaign: over its participants, counting the results it produced. Reads plain tuples: at
    province size (12,000) model instances would cost seconds."""
    emp = employees
    if campaign is not None:
        emp = emp.filter(profiling_entries__campaign=campaign)
    rows = list(
        emp.values_list("pk", "unit_id", "unit__name", "unit__opd_id", "unit__opd__name", "position__level")
    )
    results = Assessment.objects.filter(employee__in=emp.values("pk"))
    if campaign is not None:
        results = results.filter(campaign=campaign)
    profiled: set[int] = set()
    valid: set[int] = set()
    for emp_id, assessed_on, years in results.values_list("employee_id", "assessed_on", "validity_years"):
        profiled.add(emp_id)
        if validity.is_valid(assessed_on, years, today):
            valid.add(emp_id)
    by_opd: dict[str, Counter] = defaultdict(Counter)
    by_level: dict[str, Counter] = defaultdict(Counter)
    labels = {lvl.value: label for lvl, label in jr.LEVEL_LABELS.items()}
    for pk, unit_id, unit_name, opd_id, opd, level in rows:
        opd_label = "—" if unit_id is None else (opd if opd_id and opd_id != unit_id else unit_name)
        level_label = (labels.get(level) if level else None) or gettext("No post")
        for bucket in (by_opd[opd_label], by_level[level_label]):
            bucket["total"] += 1
            bucket["profiled"] += pk in profiled
            bucket["valid"] += pk in valid
    order = {jr.LEVEL_LABELS[lvl]: -r for lvl, r in jr.LEVEL_RANK.items()}

    def table(d: dict[str, Counter]) -> list[dict]:
        return [
            {"name": k, "total": c["total"], "profiled": c["profiled"], "valid": c["valid"],
             "never": c["total"] - c["profiled"]}
            for k, c in d.items()
        ]  # fmt: skip

    return Coverage(
        total=len(rows),
        profiled=len(profiled),
        valid=len(valid),
        never=len(rows) - len(profiled),
        by_opd=sorted(table(by_opd), key=lambda r: (-r["total"], r["name"])),
        by_level=sorted(table(by_level), key=lambda r: (order.get(r["name"], 99), r["name"])),
    )


def assessments_of(employee: Employee) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(employee=employee)
        .select_related("campaign")
        .order_by(*Assessment.NEWEST_FIRST)
    )


# The profile's assessment tab and the home page's coverage figure.
def valid_on_q(today: date, prefix: str = "") -> Q:
    """Assessments valid on `today` (`profiling.rules.validity.is_valid`). The validity is per row, so one
    date range per distinct validity keeps the condition indexable."""
    years = Assessment.objects.values_list("validity_years", flat=True).distinct().order_by()
    cond = Q(pk__in=[])
    for v in set(years) or {3}:
        cond |= Q(
            **{
                f"{prefix}validity_years": v,
                f"{prefix}assessed_on__gte": validity.earliest_valid(today, v),
                f"{prefix}assessed_on__lte": today,
            }
        )
    return cond


def with_valid_assessment(employees: QuerySet, today: date, *, valid: bool = True) -> QuerySet:
    """Employees of `employees` who have (valid=True) or lack (False) an assessment valid on `today`."""
    sub = Assessment.objects.filter(valid_on_q(today), employee=OuterRef("pk"))
    return employees.filter(Exists(sub) if valid else ~Exists(sub))


def employee_assessments(employee_id: int) -> list[Assessment]:
    return list(Assessment.objects.filter(employee_id=employee_id).order_by(*Assessment.NEWEST_FIRST))
