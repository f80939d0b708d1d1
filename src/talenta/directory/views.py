"""The people screens: Pegawai list and export, Profil pegawai, Struktur organisasi, Jabatan.

Every view names its action (`policy.allows`) and reads only through `talenta.accounts.scope`: another
unit's or instansi's record is absent from the queryset, so its id answers 404."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from talenta.accounts import scope
from talenta.accounts.policy import allows
from talenta.core import xlsx
from talenta.core.audit import audit_bulk_read
from talenta.core.display import angka
from talenta.core.paging import EstimatedPaginator
from talenta.directory.forms import EmployeeFilterForm, PositionFilterForm
from talenta.directory.profile import profile_context
from talenta.people import selectors
from talenta.people.models import Position
from talenta.people.tables import education_label, golongan_label, level_label

PER_PAGE = 25
# An export is built in memory: the cap keeps one request from exhausting the server (a province is
# ~22k ASN; a national instansi must narrow its filter first).
EXPORT_MAX_ROWS = 100_000


def _employee_rows(request: HttpRequest):
    units = scope.units_for(request.user)
    form = EmployeeFilterForm(request.GET or None, units=units)
    rows = selectors.employee_list(
        scope.employees_for(request.user), today=timezone.localdate(), **form.filters()
    )
    return form, rows


@allows("people.view")
def employee_list(request: HttpRequest) -> HttpResponse:
    form, rows = _employee_rows(request)
    filters = form.filters()
    # An unfiltered list of a national instansi shows the planner's estimate, not a COUNT(*) of 1M rows.
    unfiltered = not any(v for k, v in filters.items() if k != "sort")
    page = EstimatedPaginator(rows, PER_PAGE, estimate=unfiltered).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "form": form,
        "page": page,
        "rows": _list_rows(page.object_list, timezone.localdate()),
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "unit_filter": filters["unit"],
    }
    template = (
        "people/_employee_results.html"
        if request.htmx and not request.htmx.boosted
        else ("people/employee_list.html")
    )
    return render(request, template, ctx)


def _list_rows(employees, today) -> list[dict[str, str]]:
    """The page's rows as display strings, built once in Python: the list is the busiest screen, and a
    template spends about a microsecond per variable lookup and filter on every cell."""
    rows = []
    for e in employees:
        unit, position = e.unit, e.position
        opd = unit.opd if unit is not None and unit.opd_id != unit.pk else None
        age = e.age(today)
        rows.append(
            {
                "url": reverse("people:employee-detail", args=[e.pk]),
                "name": e.full_name,
                "nip": e.nip,
                "golongan": golongan_label(e.golongan),
                "post": position.name if position else "",
                "level": level_label(position.level) if position else "",
                "unit": unit.name if unit else "",
                "opd": (opd.short_name or opd.name) if opd else "",
                "age": "–" if age is None else str(age),
                "status": e.get_status_display(),
            }
        )
    return rows


@allows("people.export")
def employee_export(request: HttpRequest) -> HttpResponse:
    _form, rows = _employee_rows(request)
    total = rows.count()
    if total > EXPORT_MAX_ROWS:
        return render(
            request,
            "core/error.html",
            {
                "code": 413,
                "message": _(
                    "The filtered list has %(n)s rows; an export holds at most %(max)s. "
                    "Narrow the filter first."
                )
                % {"n": angka(total), "max": angka(EXPORT_MAX_ROWS)},
            },
            status=413,
        )
    if total == 0:
        return xlsx.nothing_to_export(
            request,
            _("No employee matches the filter: there is nothing to export."),
            back=reverse("people:employee-list"),
        )
    today = timezone.localdate()
    audit_bulk_read(request, action="people.export", rows=total)
    header = [
        _("NIP"),
        _("Name"),
        _("Status"),
        _("Sex"),
        _("Birth date"),
        _("Age"),
        _("Golongan"),
        _("TMT golongan"),
        _("Post"),
        _("Level"),
        _("TMT jabatan"),
        _("Unit"),
        _("OPD"),
        _("Education"),
    ]
    rows = (
        [
            e.nip,
            e.full_name,
            e.get_status_display(),
            e.get_sex_display(),
            e.birth_date,
            e.age(today),
            golongan_label(e.golongan),
            e.tmt_golongan,
            e.position.name if e.position else "",
            level_label(e.position.level) if e.position else "",
            e.tmt_jabatan,
            e.unit.name if e.unit else "",
            e.unit.opd.name if e.unit and e.unit.opd else "",
            education_label(e.education_level),
        ]
        for e in rows.iterator(chunk_size=2000)
    )
    return xlsx.response("pegawai", _("Employees"), header, rows)


@allows("people.profile")
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employee = selectors.employee_profile(scope.employees_for(request.user), pk)
    return render(request, "people/employee_detail.html", profile_context(employee, timezone.localdate()))


@allows("people.view")
def unit_tree(request: HttpRequest) -> HttpResponse:
    units = scope.units_for(request.user)
    roots = selectors.unit_children(units, None, scope.employees_for(request.user))
    return render(request, "people/unit_tree.html", {"nodes": roots})


@allows("people.view")
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    units = scope.units_for(request.user)
    parent = get_object_or_404(units, pk=pk)
    return render(
        request,
        "people/_unit_nodes.html",
        {
            "nodes": selectors.unit_children(units, parent, scope.employees_for(request.user)),
            "parent": parent,
        },
    )


@allows("people.view")
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(scope.units_for(request.user).select_related("parent", "opd"), pk=pk)
    positions = (
        scope.positions_for(request.user)
        .filter(unit=unit)
        .select_related("holder", "acting_holder")
        .order_by("-heads_unit", "name")
    )
    ctx = {
        "unit": unit,
        "positions": positions,
        "today": timezone.localdate(),
        "n_employees": scope.employees_for(request.user).filter(unit=unit).count(),
        "n_subtree": scope.employees_for(request.user).filter(unit__path__startswith=unit.path).count(),
    }
    template = "people/_unit_panel.html" if request.htmx else "people/unit_detail.html"
    return render(request, template, ctx)


@allows("people.view")
def position_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PositionFilterForm(request.GET or None, units=scope.units_for(request.user))
    rows = selectors.position_list(
        scope.positions_for(request.user),
        employees=scope.employees_for(request.user),
        today=today,
        **form.filters(),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "today": today,
        "unit_filter": form.filters()["unit"],
    }
    template = "people/_position_results.html" if request.htmx else "people/position_list.html"
    return render(request, template, ctx)


@allows("people.view")
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from talenta.people.rules.jabatan import COMPETENCIES

    position: Position = get_object_or_404(
        scope.positions_for(request.user).select_related("unit", "holder", "acting_holder"), pk=pk
    )
    today = timezone.localdate()
    holder = position.current_holder
    standard = [(code, COMPETENCIES[code], level) for code, level in position.competency_standard.items()]
    ctx = {
        "position": position,
        "holder": holder,
        "standard": standard,
        "history": selectors.position_holders(position, scope.employees_for(request.user)),
        "today": today,
        "holder_retires": holder.retirement_date if holder else None,
    }
    return render(request, "people/position_detail.html", ctx)
