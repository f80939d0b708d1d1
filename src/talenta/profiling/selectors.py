"""Reads about assessment results."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from talenta.people.rules.dates import add_years
from talenta.profiling.models import Assessment


def valid_on_q(today: date, prefix: str = "") -> Q:
    """Assessments valid on `today`: assessed_on ≤ today < assessed_on + validity_years. The validity is
    per row, so one date range per distinct validity keeps the condition indexable."""
    years = Assessment.objects.values_list("validity_years", flat=True).distinct().order_by()
    cond = Q(pk__in=[])
    for v in set(years) or {3}:
        cond |= Q(
            **{
                f"{prefix}validity_years": v,
                f"{prefix}assessed_on__gt": add_years(today, -v),
                f"{prefix}assessed_on__lte": today,
            }
        )
    return cond


def with_valid_assessment(employees: QuerySet, today: date, *, valid: bool = True) -> QuerySet:
    """Employees of `employees` who have (valid=True) or lack (False) an assessment valid on `today`."""
    sub = Assessment.objects.filter(valid_on_q(today), employee=OuterRef("pk"))
    return employees.filter(Exists(sub) if valid else ~Exists(sub))


def employee_assessments(employee_id: int) -> list[Assessment]:
    return list(Assessment.objects.filter(employee_id=employee_id).order_by("-assessed_on"))
