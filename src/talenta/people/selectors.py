"""Reads about people and posts."""

from __future__ import annotations

from datetime import date

from django.db.models import IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from talenta.people.models import Employee
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
