"""Regional oversight screens (issue #18): the instansi of the region side by side, one instansi's evidence,
and the Excel export. Read-only: every row comes through accounts.scope."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from talenta.accounts import scope
from talenta.accounts.policy import allows
from talenta.core.audit import audit_record
from talenta.people.models import Instansi
from talenta.region import exports, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@allows("region.oversight")
def overview(request: HttpRequest) -> HttpResponse:
    figs = selectors.region_figures(request.user, today=timezone.localdate())
    ctx = {"figs": figs, "totals": selectors.totals(figs), "region": request.user.instansi.region}
    return render(request, "region/overview.html", ctx)


@allows("region.oversight")
def instansi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instansi = get_object_or_404(scope.visible(request.user, Instansi), pk=pk)
    today = timezone.localdate()
    [fig] = selectors.region_figures(request.user, today=today, only=instansi.pk)
    ev = selectors.evidence(request.user, instansi, today=today)
    # Another instansi's records (its people, its decisions and their reasons): in both trails.
    for trail in dict.fromkeys([request.user.instansi_id, instansi.pk]):
        audit_record(
            actor=request.user,
            action="region.evidence.view",
            target=instansi,
            instansi_id=trail,
            changes={"deviated": [d.pk for d in ev["deviated"]]},
        )
    return render(request, "region/instansi.html", {"f": fig, "ev": ev, "instansi": instansi})


@allows("region.export")
def export(request: HttpRequest) -> HttpResponse:
    figs = selectors.region_figures(request.user, today=timezone.localdate())
    data = exports.overview_xlsx(figs, selectors.totals(figs))
    audit_record(
        actor=request.user,
        action="region.export",
        target_type="region.overview",
        target_repr="Perbandingan instansi wilayah",
        changes={"instansi": [f.instansi.pk for f in figs]},
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="pengawasan-wilayah.xlsx"'
    return response
