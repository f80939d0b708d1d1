"""Reads about people and posts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import F, IntegerField, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from talenta.core.hardening import is_digits
from talenta.people.models import Employee, Position, Unit
from talenta.people.rules.dates import add_years

BUP_VALUES = range(50, 71)


def _month_first_ceil(d: date) -> date:
    if d.day == 1:
        return d
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _prev_month(d: date) -> date:
    return date(d.year - (d.month == 1), (d.month - 2) % 12 + 1, 1)


def with_bup(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    return qs.annotate(
        bup_value=Coalesce("bup_override", "position__bup", Value(58), output_field=IntegerField())
    )


def retiring_between(qs: QuerySet[Employee], start: date, end: date) -> QuerySet[Employee]:
    """Employees whose retirement date (1st of the month after the BUP birthday) is in [start, end).

    r >= S  <=>  birthday >= (S' - 1 month), S' the first 1st-of-month on or after S; the same for E.
    One birth-date range per BUP value keeps it an indexed range scan at national size."""
    lo = _prev_month(_month_first_ceil(start))
    hi = _prev_month(_month_first_ceil(end))
    cond = Q()
    for b in BUP_VALUES:
        cond |= Q(bup_value=b, birth_date__gte=add_years(lo, -b), birth_date__lt=add_years(hi, -b))
    return with_bup(qs).filter(cond)


# --- Screens: lists, profile, tree -------------------------------------------------------------------

AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    # National BKN bands (BANTEN.md): ≤30, 31–40, 41–50, 51–60, and over 60 (JF Ahli Utama, JPT).
    "le30": (None, 30),
    "31-40": (31, 40),
    "41-50": (41, 50),
    "51-60": (51, 60),
    "gt60": (61, None),
}

EMPLOYEE_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "nip": ("nip",),
    "-nip": ("-nip",),
    "golongan": ("golongan", "name", "id"),
    "-golongan": ("-golongan", "name", "id"),
    # Older first = earlier birth date first.
    "age": ("-birth_date", "id"),
    "-age": ("birth_date", "id"),
    "unit": ("unit__path", "name", "id"),
    "-unit": ("-unit__path", "name", "id"),
}


def birth_range_for_age(band: str, today: date) -> tuple[date | None, date | None]:
    """(born after, born on or before) for an age band: age a..b ⇔ birth in (today−(b+1)y, today−a y]."""
    lo_age, hi_age = AGE_BANDS[band]
    born_after = add_years(today, -(hi_age + 1)) if hi_age is not None else None
    born_by = add_years(today, -lo_age) if lo_age is not None else None
    return born_after, born_by


def employee_search(qs: QuerySet[Employee], text: str) -> QuerySet[Employee]:
    """Digits search the NIP from its start (an indexed prefix), anything else the name. Several words
    match in any order, each in the name or, if digits, anywhere in the NIP ("wulandari 1993": born 1993)."""
    text = " ".join(text.split())
    if not text:
        return qs
    words = text.split()
    if len(words) > 1:
        for word in words[:8]:
            qs = qs.filter(nip__contains=word) if is_digits(word) else qs.filter(name__icontains=word)
        return qs
    if is_digits(text):
        # A range, not LIKE 'x%': SQLite never uses an index for Django's LIKE ... ESCAPE, and PostgreSQL
        # only with a pattern opclass; a range uses the unique index on nip in both.
        if len(text) >= 18:
            return qs.filter(nip=text)
        upper = text[:-1] + chr(ord(text[-1]) + 1)
        return qs.filter(nip__gte=text, nip__lt=upper)
    return qs.filter(name__icontains=text)


def employee_list(
    qs: QuerySet[Employee],
    *,
    today: date,
    q: str = "",
    unit: Unit | None = None,
    opd: Unit | None = None,
    golongan: str = "",
    level: str = "",
    kind: str = "",
    education: str = "",
    age: str = "",
    status: str = "",
    sex: str = "",
    profiled: str = "",
    retire: str = "",
    sort: str = "name",
) -> QuerySet[Employee]:
    """The Pegawai list: `qs` is already the user's scope; every filter narrows it."""
    qs = employee_search(qs, q)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if opd is not None:
        qs = qs.filter(unit__opd_id=opd.pk)
    if golongan:
        qs = qs.filter(golongan=golongan)
    if level:
        qs = qs.filter(position__level=level)
    if kind:
        qs = qs.filter(position__kind=kind)
    if education:
        qs = qs.filter(education_level=education)
    if age in AGE_BANDS:
        born_after, born_by = birth_range_for_age(age, today)
        if born_after:
            qs = qs.filter(birth_date__gt=born_after)
        if born_by:
            qs = qs.filter(birth_date__lte=born_by)
    if status:
        qs = qs.filter(status=status)
    if sex:
        qs = qs.filter(sex=sex)
    if retire:
        qs = retiring_in(qs, retire, today)
    if profiled:
        qs = filter_profiled(qs, profiled, today)
    order = EMPLOYEE_SORTS.get(sort, EMPLOYEE_SORTS["name"])
    # Without the SIASN `raw` payloads (a list never shows them; decoding them was a share of each page).
    return (
        qs.select_related("unit", "unit__opd", "position")
        .defer("raw", "unit__raw", "unit__opd__raw", "position__raw")
        .order_by(*order)
    )


def history_prefetches() -> list[Prefetch]:
    """Every history of an employee, newest first on every database: an undated row last (SQLite and
    PostgreSQL put NULL at opposite ends), a tie of dates the last entered first. What the profile and the
    API show, so that a client reading the first row as the latest gets the same one from both. Without
    the SIASN `raw` payloads: a profile never shows them, and decoding every row's JSON was a good part of
    the page's cost (the evidence view reads one record's `raw` itself)."""
    from talenta.people import models as m

    out = []
    for model in (
        m.GolonganHistory,
        m.JabatanHistory,
        m.EducationHistory,
        m.LeadershipTraining,
        m.Training,
        m.SkpHistory,
        m.DisciplineHistory,
        m.AwardHistory,
    ):
        order = model._meta.ordering[1:]  # `people.models.newest_first`, after the employee
        out.append(
            Prefetch(f"{model._meta.model_name}_set", queryset=model.objects.defer("raw").order_by(*order))
        )
    return out


def employee_profile(qs: QuerySet[Employee], pk: int) -> Employee:
    """One employee of `qs` (the user's scope; absent → 404) with every history loaded."""
    from django.shortcuts import get_object_or_404

    histories = history_prefetches()
    return get_object_or_404(
        qs.select_related("instansi", "unit", "unit__opd", "position", "position__unit")
        .defer("raw")
        .prefetch_related(*histories, "acting_positions"),
        pk=pk,
    )


def unit_children(
    units: QuerySet[Unit], parent: Unit | None, employees: QuerySet[Employee] | None = None
) -> QuerySet[Unit]:
    """Children of `parent` (roots when None) within the user's units, each with the number of the
    user's employees in its whole subtree (a prefix match on the materialised path)."""
    from django.db.models import Count, Exists, OuterRef, Subquery

    qs = units.filter(parent=parent) if parent else units.filter(parent__isnull=True)
    if parent is None and not qs.exists():
        # A Kepala OPD's scope starts below the roots: his own unit is his tree's root.
        min_depth = units.order_by("depth").values_list("depth", flat=True).first()
        qs = units.filter(depth=min_depth) if min_depth is not None else qs
    employees = employees if employees is not None else Employee.objects.all()
    subtree = (
        employees.filter(unit__path__startswith=OuterRef("path"))
        .order_by()
        .values("instansi_id")
        .annotate(c=Count("id"))
        .values("c")
    )
    return qs.annotate(
        n_employees=Coalesce(Subquery(subtree, output_field=IntegerField()), Value(0)),
        has_children=Exists(Unit.objects.filter(parent=OuterRef("pk"))),
    ).order_by("order", "name")


def position_list(
    qs: QuerySet[Position],
    *,
    employees: QuerySet[Employee],
    today: date,
    q: str = "",
    unit: Unit | None = None,
    level: str = "",
    kind: str = "",
    vacant: bool = False,
    acting: bool = False,
    critical: bool = False,
    vacating_months: int | None = None,
) -> QuerySet[Position]:
    """The Jabatan list. 'Vacating within N months' = the holder's retirement (BUP) in [today, +N months)
    or a planned vacancy date in that window."""
    for word in q.split()[:8]:  # several words, in any order
        qs = qs.filter(name__icontains=word)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if vacant:
        qs = qs.filter(holder__isnull=True)
    if acting:
        qs = qs.filter(acting_holder__isnull=False)
    if critical:
        qs = qs.filter(is_critical=True)
    if vacating_months:
        end = add_months(today, vacating_months)
        retiring = retiring_between(employees.filter(position__isnull=False), today, end)
        qs = qs.filter(
            Q(pk__in=retiring.values("position_id")) | Q(vacant_from__gte=today, vacant_from__lt=end)
        )
    return qs.select_related("unit", "holder", "acting_holder").order_by(
        "unit__path", "-heads_unit", "name", "pk"
    )


def add_months(d: date, months: int) -> date:
    """`d` plus whole months, the day clamped to 28 (enough for a window of months)."""
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, min(d.day, 28))


def position_holders(position: Position, employees: QuerySet[Employee]) -> QuerySet:
    """Past and present holders of a post among the user's `employees`: history rows linked to it, or
    naming it in the same unit (imports before Talenta linked rows to posts)."""
    from talenta.people.models import JabatanHistory

    cond = Q(position=position)
    if position.unit.bkn_unor_id:
        cond |= Q(unor_id=position.unit.bkn_unor_id, jabatan_name__iexact=position.name)
    cond |= Q(unit=position.unit, jabatan_name__iexact=position.name)
    return (
        JabatanHistory.objects.filter(cond, employee__in=employees)
        .select_related("employee")
        .order_by(F("tmt").desc(nulls_last=True), "-id")  # undated: the oldest
    )


def retiring_in(qs: QuerySet[Employee], value: str, today: date) -> QuerySet[Employee]:
    """`value` "2026-12" = retiring that month; "24" = within the next 24 months; anything else = all."""
    import re

    if m := re.fullmatch(r"(\d{4})-(\d{2})", value or ""):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            start = date(year, month, 1)
            return retiring_between(qs, start, add_months(start, 1))
    if is_digits(value or "") and len(value) < 4 and 0 < int(value) <= 120:
        return retiring_between(qs, today, add_months(today, int(value)))
    return qs


# Filters that apps above people contribute to the employee list (a registry, so people imports none of
# them): profiling registers "profiled" (with an assessment valid today) in its AppConfig.ready().
EMPLOYEE_FILTERS: dict[str, Callable[..., QuerySet[Employee]]] = {}


def filter_profiled(qs: QuerySet[Employee], value: str, today: date) -> QuerySet[Employee]:
    """ "1" = with an assessment valid today, "0" = without one."""
    if value not in {"0", "1"} or "profiled" not in EMPLOYEE_FILTERS:
        return qs
    return EMPLOYEE_FILTERS["profiled"](qs, today, valid=value == "1")
