"""The home page (Beranda) and the htmx-polled progress fragment of background jobs."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from talenta.accounts import policy, scope
from talenta.accounts.policy import allows
from talenta.accounts.roles import reach
from talenta.core.jobs import job_context
from talenta.dashboard.selectors import dashboard


@allows("home.view")
def home(request: HttpRequest) -> HttpResponse:
    """The instansi's figures (a Kepala OPD's: his subtree's); a Pegawai goes to his own profile."""
    user = request.user
    if policy.can(user, "region.oversight"):  # the regional oversight role's home is the region (#18)
        return redirect("region:overview")
    if not policy.can(user, "home.dashboard"):
        return redirect("people:employee-detail", pk=user.employee_id)
    today = timezone.localdate()
    # The figures take ~200 ms of aggregates on a province and change slowly: kept per scope and language
    # for DASHBOARD_CACHE_SECONDS (a minute by default). What is kept is their HTML: it depends on nothing
    # but the figures, the language and the day (all in the key), and rendering it was most of the page's
    # cost. The greeting and "Tugas saya" above it are per user and rendered on every request.
    where = f"{user.instansi_id}:{reach(user.role)}:{user.unit_id or ''}"
    key = f"talenta:dashboard-html:{where}:{get_language()}:{today}"
    figures = cache.get(key)
    if figures is None:
        d = dashboard(
            employees=scope.employees_for(user),
            units=scope.units_for(user),
            positions=scope.positions_for(user),
            today=today,
        )
        figures = render_to_string(
            "dashboard/_figures.html",
            {
                "d": d,
                "h": d.headline,
                "charts": d.chart_data(),
                "coverage_step": _step(d.profiled, d.headline.employees),
            },
        )
        cache.set(key, str(figures), settings.DASHBOARD_CACHE_SECONDS)
    return render(
        request,
        "dashboard/home.html",
        {"today": today, "figures": mark_safe(figures)},  # noqa: S308 - our own template's output, escaped there
    )


def _step(part: int, whole: int) -> int:
    """A percentage rounded down to a multiple of 5, for the CSS width classes (no inline style)."""
    return min(100, (100 * part // whole) // 5 * 5) if whole else 0


@allows("job.view")
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment of a background job: its owner's, or one of a kind the user may act on."""
    obj = get_object_or_404(scope.jobs_for(request.user), pk=pk)
    return render(request, "core/_job.html", job_context(obj))
