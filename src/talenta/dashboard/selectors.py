"""Reads for the home page: the instansi's headline figures, computed from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from talenta.people.models import Employee, Position, Unit
from talenta.people.rules.dates import add_years


@dataclass(frozen=True)
class Headline:
    employees: int
    units: int
    positions: int
    vacant: int
    acting: int
    retiring_24m: int
    by_status: dict[str, int]
    by_sex: dict[str, int]


def retirements_between(employees, start: date, end: date) -> int:
    """Employees whose retirement date falls in [start, end). Retirement is the 1st of the month after
    the BUP birthday, so birth date in a window per BUP answers it with an indexed range query."""
    from talenta.people.selectors import retiring_between

    return retiring_between(employees, start, end).count()


def headline(*, employees, units, positions, today: date) -> Headline:
    status = dict(employees.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    sex = dict(employees.values_list("sex").annotate(n=Count("id")).values_list("sex", "n"))
    pos = positions.aggregate(
        total=Count("id"),
        vacant=Count("id", filter=Q(holder__isnull=True)),
        acting=Count("id", filter=Q(acting_holder__isnull=False)),
    )
    return Headline(
        employees=sum(status.values()),
        units=units.count(),
        positions=pos["total"],
        vacant=pos["vacant"],
        acting=pos["acting"],
        retiring_24m=retirements_between(employees, today, add_years(today, 2)),
        by_status=status,
        by_sex=sex,
    )


__all__ = ["Employee", "Headline", "Position", "Unit", "headline"]


# --- Beranda: the figures behind the charts, each with the URL of the list behind it --------------------


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    url: str


@dataclass(frozen=True)
class Dashboard:
    headline: Headline
    by_status: list[Figure]
    by_level: list[Figure]
    by_opd: list[Figure]
    retire_by_month: list[Figure]
    soon_vacant: int
    profiled: int
    not_profiled: int

    def chart_data(self) -> dict[str, list[dict[str, object]]]:
        """What home.js draws (json_script): name, value and the URL each bar or slice opens."""

        def rows(figs: list[Figure]) -> list[dict[str, object]]:
            return [{"name": str(f.label), "value": f.value, "url": f.url} for f in figs]

        return {
            "status": rows(self.by_status),
            "level": rows(self.by_level),
            "opd": rows(self.by_opd),
            "retire": rows(self.retire_by_month),
        }


def _month_label(d: date) -> str:
    from django.utils.dateformat import format as date_format

    return date_format(d, "M Y")


def dashboard(*, employees, units, positions, today: date) -> Dashboard:
    from urllib.parse import urlencode

    from django.urls import reverse

    from talenta.people.rules.dates import retirement_date
    from talenta.people.selectors import add_months, retiring_between
    from talenta.profiling.selectors import with_valid_assessment

    people_url = reverse("people:employee-list")

    def url(base: str, **params: object) -> str:
        return f"{base}?{urlencode(params)}"

    h = headline(employees=employees, units=units, positions=positions, today=today)
    status_labels = dict(Employee.Status.choices)
    by_status = [
        Figure(k, status_labels.get(k, k), n, url(people_url, status=k))
        for k, n in sorted(h.by_status.items(), key=lambda kv: -kv[1])
    ]
    from talenta.people.rules.jabatan import LEVEL_LABELS

    level_labels = {lvl.value: label for lvl, label in LEVEL_LABELS.items()}
    levels = dict(
        employees.values_list("position__level").annotate(n=Count("id")).values_list("position__level", "n")
    )
    by_level = [
        Figure(k, level_labels[k], levels[k], url(people_url, level=k)) for k in level_labels if levels.get(k)
    ]
    opd_rows = (
        employees.filter(unit__isnull=False)
        .values("unit__opd_id", "unit__opd__name", "unit__opd__short_name")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__opd__name")
    )
    by_opd = [
        Figure(
            str(r["unit__opd_id"]),
            r["unit__opd__short_name"] or r["unit__opd__name"],
            r["n"],
            url(people_url, opd=r["unit__opd_id"]),
        )
        for r in opd_rows
    ]
    end = add_months(today, 24)
    retiring = retiring_between(employees, today, end)
    counts: dict[date, int] = {}
    for birth, bup in retiring.values_list("birth_date", "bup_value").iterator(chunk_size=5000):
        d = retirement_date(birth, bup)
        counts[d] = counts.get(d, 0) + 1
    months = []
    m = date(today.year, today.month, 1)
    while m < end:
        months.append(m)
        m = add_months(m, 1)
    retire_by_month = [
        Figure(f"{m:%Y-%m}", _month_label(m), counts.get(m, 0), url(people_url, retire=f"{m:%Y-%m}"))
        for m in months
    ]
    soon_vacant = positions.filter(
        Q(pk__in=retiring.filter(position__isnull=False).values("position_id"))
        | Q(vacant_from__gte=today, vacant_from__lt=end)
    ).count()
    profiled = with_valid_assessment(employees, today).count()
    return Dashboard(
        headline=h,
        by_status=by_status,
        by_level=by_level,
        by_opd=by_opd,
        retire_by_month=retire_by_month,
        soon_vacant=soon_vacant,
        profiled=profiled,
        not_profiled=h.employees - profiled,
    )
