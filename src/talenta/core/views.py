from __future__ import annotations

from django.core.exceptions import BadRequest
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from talenta.accounts import scope
from talenta.accounts.roles import Role
from talenta.accounts.scope import ALL_ROLES, public, role_required
from talenta.core.selectors import dashboard


@role_required(*ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """The instansi's figures (a Kepala OPD's: his subtree's); a Pegawai goes to his own profile."""
    user = request.user
    if user.role == Role.PEGAWAI:
        return redirect("people:employee-detail", pk=user.employee_id)
    today = timezone.localdate()
    d = dashboard(
        employees=scope.employees_for(user),
        units=scope.units_for(user),
        positions=scope.positions_for(user),
        today=today,
    )
    return render(
        request,
        "core/home.html",
        {
            "d": d,
            "h": d.headline,
            "today": today,
            "charts": d.chart_data(),
            "coverage_step": _step(d.profiled, d.headline.employees),
        },
    )


def _step(part: int, whole: int) -> int:
    """A percentage rounded down to a multiple of 5, for the CSS width classes (no inline style)."""
    return min(100, (100 * part // whole) // 5 * 5) if whole else 0


@public
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as c:
        c.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A malformed parameter (core.hardening.int_param): say which, never the exception's own text.
    message = exception.args[0] if isinstance(exception, BadRequest) and exception.args else ""
    return render(request, "core/error.html", {"code": 400, "message": message}, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"code": 403}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"code": 404}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors may fail here: a minimal, self-contained page (the database may be down).
    from django.template.loader import get_template

    try:
        return render(request, "core/error.html", {"code": 500}, status=500)
    except Exception:
        return HttpResponse(get_template("core/error_500_plain.html").render(), status=500)


@role_required(*ALL_ROLES)
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx-polled progress fragment of a background job (its owner's instansi only)."""
    from django.shortcuts import get_object_or_404

    from talenta.core.jobs import job_context
    from talenta.core.models import Job

    obj = get_object_or_404(Job, pk=pk, instansi_id=request.user.instansi_id)
    return render(request, "core/_job.html", job_context(obj))
