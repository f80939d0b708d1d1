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
