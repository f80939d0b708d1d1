"""The profile's assessment tab: each result's nine levels against the standard of the current post."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from talenta.accounts import scope
from talenta.accounts.roles import Role
from talenta.people.rules.jabatan import COMPETENCIES
from talenta.profiling import selectors
from talenta.profiling.rules.jpm import gaps, jpm, mapping_category


@scope.role_required(*Role)
def employee_assessments(request: HttpRequest, pk: int) -> HttpResponse:
    employee = get_object_or_404(scope.employees_for(request.user).select_related("position"), pk=pk)
    today = timezone.localdate()
    standard = employee.position.competency_standard if employee.position_id else None
    rows = []
    for a in selectors.employee_assessments(employee.pk):
        levels = a.levels
        against = standard or {k: int(v) for k, v in (a.standard or {}).items()}
        try:
            value = jpm(levels, against) if against else None
        except ValueError:
            value = None
        diff = gaps(levels, against) if against else {}
        rows.append(
            {
                "a": a,
                "valid": a.is_valid_on(today),
                "jpm": value,
                "category": mapping_category(value) if value is not None else "",
                "competencies": [
                    {
                        "code": c,
                        "name": COMPETENCIES[c],
                        "level": levels.get(c),
                        "standard": against.get(c),
                        "gap": diff.get(c),
                    }
                    for c in COMPETENCIES
                ],
            }
        )
    return render(
        request,
        "profiling/_assessments.html",
        {"e": employee, "rows": rows, "against_post": standard is not None},
    )
