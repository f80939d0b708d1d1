"""Screens of talent mapping. Every query goes through `talenta.accounts.scope`; every view carries
`policy.allows`. Objects outside the user's scope are 404."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talenta.accounts import policy, scope
from talenta.accounts.policy import allows
from talenta.core import display
from talenta.core.audit import audit_bulk_read
from talenta.core.hardening import MAX_ID, int_param
from talenta.people.models import Employee, Position, Unit
from talenta.people.rules import jabatan as jr
from talenta.talent import exports, forms, selectors, services
from talenta.talent.models import (
    Calibration,
    DevelopmentAction,
    DevelopmentPlan,
    MappingPeriod,
    MappingResult,
    SuccessionPlan,
    Successor,
)
from talenta.talent.rules.config import preset as preset_config
from talenta.talent.rules.ninebox import LABELS, READINESS_LABELS, SCREEN_ROWS, SUCCESSION_GROUP
from talenta.talent.texts import reason_text


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _period(request: HttpRequest, pk: int) -> MappingPeriod:
    return get_object_or_404(scope.visible(request.user, MappingPeriod), pk=pk)


def _results(request: HttpRequest, period: MappingPeriod) -> QuerySet[MappingResult]:
    # The period's own rows, in the user's reach (a join on the period, not a list of the instansi's
    # employee ids: the nine-box counts went from two 12k-id IN lists to two index scans).
    return scope.visible(request.user, MappingResult).filter(period=period)


def _today() -> date:
    return timezone.localdate()


# Periods ------------------------------------------------------------------------------------------------


def _period_form(request: HttpRequest, data: Any = None, **kwargs: Any) -> forms.PeriodForm:
    from talenta.talent.models import MappingPreset

    return forms.PeriodForm(
        data, instansi_id=request.user.instansi_id, presets=MappingPreset.objects.all(), **kwargs
    )


@require_GET
@allows("talent.view")
def index(request: HttpRequest) -> HttpResponse:
    periods = scope.visible(request.user, MappingPeriod)
    can_run = policy.can(request.user, "talent.period.manage")
    form = _period_form(request, initial={"statuses": ["pns"]}) if can_run else None
    return render(request, "talent/index.html", {"periods": periods, "form": form, "can_run": can_run})


@require_POST
@allows("talent.period.manage")
def period_create(request: HttpRequest) -> HttpResponse:
    instansi = scope.instansi_for(request.user).get()
    form = _period_form(request, request.POST)
    if form.is_valid():
        try:
            period = services.period_create(
                instansi=instansi,
                name=form.cleaned_data["name"].strip(),
                as_of=form.cleaned_data["as_of"],
                config=form.cleaned_data["config"],
                preset=form.cleaned_data["preset"] or "default",
                population=form.population(),
                by=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("talent:grid", pk=period.pk)
    ctx = {
        "periods": MappingPeriod.objects.filter(instansi=instansi),
        "errors": [m for errs in form.errors.values() for m in errs],
        "can_run": True,
        "form": form,
    }
    return render(request, "talent/index.html", ctx, status=422)


@allows("talent.period.manage")
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The as-of date, configuration and population filter of a draft period. A finalised period is shown
    read-only and any change is refused (422)."""
    period = _period(request, pk)
    initial = forms.PeriodForm.initial_for(period)
    form = _period_form(
        request, request.POST or None, initial=initial, editing=True, base=preset_config(period.preset)
    )
    if request.method == "POST":
        if period.is_final:
            form.add_error(None, _("This period is finalised."))
        elif form.is_valid():
            try:
                services.period_configure(
                    period=period,
                    by=request.user,
                    as_of=form.cleaned_data["as_of"],
                    config=form.cleaned_data["config"],
                    population=form.population(),
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Period saved. Run the mapping to apply the changes."))
                return redirect("talent:grid", pk=period.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "talent/period_form.html", {"period": period, "form": form}, status=status)


@require_GET
@allows("talent.period.replay")
def period_replay(request: HttpRequest, pk: int) -> HttpResponse:
    """Recompute a period from its stored inputs and configuration and say whether the boxes are identical."""
    period = _period(request, pk)
    mismatches = services.period_replay(period=period)
    if mismatches:
        messages.error(request, _("Replay differs for %(n)s people.") % {"n": len(mismatches)})
    else:
        messages.success(request, _("Replay from the stored inputs and configuration gives identical boxes."))
    return redirect("talent:grid", pk=period.pk)


@require_POST
@allows("talent.period.manage")
def period_run(request: HttpRequest, pk: int) -> HttpResponse:
    from talenta.core.jobs import job_create
    from talenta.talent.tasks import run_mapping

    period = _period(request, pk)
    if period.is_final:
        return render(
            request, "talent/_errors.html", {"errors": [_("This period is finalised.")]}, status=422
        )
    job = job_create(
        kind="talent.map", label=f"Pemetaan: {period.name}", user=request.user, params={"period": period.pk}
    )
    run_mapping.enqueue(job.pk, period.pk, request.user.pk)
    job.refresh_from_db()
    from talenta.core.jobs import job_progress

    return render(
        request,
        "core/_job.html",
        {"job": job, "progress": job_progress(job.pk), "percent": 0, "percent_step": 0},
    )


@require_POST
@allows("talent.period.manage")
def period_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    try:
        services.period_finalise(period=period, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Period finalised: its results are now frozen."))
    return redirect("talent:grid", pk=period.pk)


# The nine box -----------------------------------------------------------------------------------------

BOX_TONE = {9: "g3", 8: "g2", 7: "g1", 6: "y", 5: "y", 4: "y", 3: "o", 2: "o", 1: "r"}


def _grid_context(request: HttpRequest, period: MappingPeriod) -> dict[str, Any]:
    int_param(request, "opd", None, 1, MAX_ID)  # a malformed opd is a 400, not a database error
    results = selectors.apply_filters(_results(request, period), request.GET, _today())
    # Counted by the database in one query (at most 2 × 10 × 10 groups, the unmappable ones included),
    # not by fetching every result of the period; mapping_result_grid_idx covers it (an index-only scan).
    rows = results.values_list("mappable", "box", "calibrated_box").annotate(n=Count("*")).order_by()
    counts: Counter[int] = Counter()
    calibrated: Counter[int] = Counter()
    unmapped = 0
    for mappable, b, c, n in rows:
        if not mappable:
            unmapped += n
            continue
        counts[c or b] += n
        if c:
            calibrated[c] += n
    total = sum(counts.values())
    query = request.GET.urlencode()
    # Every cell's text is worked out here once (nine cells, a dozen values each): the same strings the
    # template filters gave, at a fraction of the template's cost per lookup (the box number is a string
    # too: an int is localized on every output).
    box_label = _("Box")
    grid = [
        [
            {
                "box": str(b),
                "label": LABELS[b],
                "count": display.angka(counts.get(b, 0)),
                "share": display.persen(counts.get(b, 0), total),
                "aria": f"{box_label} {b}: {LABELS[b]}, {counts.get(b, 0)}",
                "url": f"{reverse('talent:box', args=(period.pk, b))}?{query}",
                "calibrated": calibrated.get(b, 0),
                "tone": BOX_TONE[b],
                "succession": b in SUCCESSION_GROUP,
            }
            for b in row
        ]
        for row in SCREEN_ROWS
    ]
    return {
        "period": period,
        "grid": zip(("di_atas", "sesuai", "di_bawah"), grid, strict=True),
        "total": total,
        "unmapped": unmapped,
        "query": query,
    }


def _options(pairs: Iterable[tuple[str, str]], selected: str | None) -> SafeString:
    """A select's <option> elements from (value, label) pairs, the one matching `selected` selected.
    Built here once: a template loop over the filters' ~70 options cost more than the rest of the form."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in pairs),
    )


@require_GET
@allows("talent.view")
def grid(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    ctx = _grid_context(request, period)
    if request.htmx:
        return render(request, "talent/_grid.html", ctx)
    get = request.GET.get
    opds = scope.units_for(request.user).filter(parent__isnull=True).values_list("pk", "short_name", "name")
    can_run = policy.can(request.user, "talent.period.manage")
    ctx.update(
        {
            "opds": _options(((str(unit), short or name) for unit, short, name in opds), get("opd")),
            "levels": _options(jr.LEVEL_LABELS.items(), get("level")),
            "golongan": _options(((k, v[0]) for k, v in jr.GOLONGAN.items()), get("golongan")),
            "age_bands": _options(((k, k) for k in selectors.AGE_BANDS), get("age")),
            "sex": get("sex"),
            "can_run": can_run,
            # The instansi-wide counts of the last run: for those who run it.
            "last_run": selectors.last_run_summary(period) if can_run else None,
            "population_summary": selectors.population_summary(period),
            # The diff names people across the whole instansi: only for roles that see all of it.
            "show_diff": policy.can(request.user, "talent.calibration.view"),
        }
    )
    return render(request, "talent/grid.html", ctx)


@require_GET
@allows("talent.view")
def box_people(request: HttpRequest, pk: int, box: int) -> HttpResponse:
    period = _period(request, pk)
    if box not in range(0, 10):
        raise Http404
    int_param(request, "opd", None, 1, MAX_ID)  # a malformed opd is a 400, not a database error
    results = selectors.apply_filters(_results(request, period), request.GET, _today()).select_related(
        "employee__position", "employee__unit"
    )
    if box == 0:
        people = results.filter(mappable=False)
    else:
        people = results.filter(
            Q(calibrated_box=box) | Q(calibrated_box__isnull=True, box=box), mappable=True
        )
    if request.GET.get("format") == "xlsx":
        return _box_xlsx(request, period, box, people)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "talent/_box_people.html",
        {
            "period": period,
            "box": box,
            "label": LABELS.get(box, ""),
            "people": people[:500],
            "query": query.urlencode(),
            "jpm_cap": selectors.period_config(period).jpm_display_cap,  # RULES.md §3, display only
        },
    )


def _box_xlsx(request: HttpRequest, period: MappingPeriod, box: int, people: QuerySet) -> HttpResponse:
    """The people of one box (or the unmappable ones), every row, as Excel."""
    from talenta.core import xlsx

    if not people.exists():
        return xlsx.nothing_to_export(
            request,
            _("Nobody in this box: there is nothing to export."),
            back=reverse("talent:grid", args=[period.pk]),
        )
    audit_bulk_read(request, action="talent.box_export", rows=people.count(), target=period)
    name = _("Box %(n)s") % {"n": box} if box else _("Not mappable")
    header = [_("Name"), "NIP", _("Post"), _("Unit"), _("Golongan"), _("Box"), "JPM", _("Potential"),
              _("Calibrated"), _("Reason")]  # fmt: skip
    rows = (
        [
            r.employee.full_name,
            r.employee.nip,
            r.employee.position.name if r.employee.position else "",
            r.employee.unit.name if r.employee.unit else "",
            jr.GOLONGAN.get(r.employee.golongan, (r.employee.golongan, ""))[0],
            r.final_box if r.mappable else "",
            r.jpm,
            r.potential_score,
            _("yes") if r.calibrated_box else "",
            reason_text(r.reason) if not r.mappable else "",
        ]
        for r in people.iterator(chunk_size=2000)
    )
    return xlsx.response(
        f"kotak-{box}-{period.pk}", str(name), header, rows, title=[f"{period.name}: {name}"]
    )


def _card_ctx(request: HttpRequest, result: MappingResult, **extra: Any) -> dict[str, Any]:
    card_ = selectors.card(result)
    return {
        "card": card_,
        "r": result,
        "e": result.employee,
        "seat": services.committee_seat(request.user)
        if policy.can(request.user, "talent.calibrate")
        else None,
        "calibrations": result.calibrations.select_related("proposed_by__employee", "decided_by__employee"),
        "boxes": range(9, 0, -1),
        "readiness_label": READINESS_LABELS.get(card_.readiness, ""),
        "plan": DevelopmentPlan.objects.filter(employee=result.employee, period=result.period).first(),
        "can_idp": policy.can(request.user, "talent.idp.manage"),
        **extra,
    }


def _card_response(request: HttpRequest, result: MappingResult) -> HttpResponse:
    return render(request, "talent/card.html", _card_ctx(request, result))


def _seat(request: HttpRequest) -> Any:
    """The committee member's seat of the signed-in user, when he may calibrate."""
    return services.committee_seat(request.user) if policy.can(request.user, "talent.calibrate") else None


def _pegawai_final_only(request: HttpRequest, qs: QuerySet[MappingResult]) -> QuerySet[MappingResult]:
    """A Pegawai sees his results of finalised periods only: a draft may still change."""
    if not policy.can(request.user, "talent.period.drafts"):
        return qs.filter(period__status=MappingPeriod.Status.FINALISED)
    return qs


@require_GET
@allows("talent.card")
def card(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(
        _pegawai_final_only(
            request,
            scope.visible(request.user, MappingResult).select_related(
                "period", "employee__position", "employee__unit"
            ),
        ),
        pk=pk,
    )
    return _card_response(request, result)


@require_GET
@allows("talent.card")
def my_card(request: HttpRequest) -> HttpResponse:
    """The employee's own card in the latest period that maps him (finalised first)."""
    if not request.user.employee_id:
        return render(request, "talent/card.html", {"card": None, "e": None})
    result = (
        _pegawai_final_only(request, scope.visible(request.user, MappingResult))
        .filter(employee_id=request.user.employee_id)
        .select_related("period", "employee")
        .order_by("-period__status", "-period__as_of", "-period_id")
        .first()
    )
    if result is None:
        return render(request, "talent/card.html", {"card": None, "e": request.user.employee})
    return _card_response(request, result)


@require_GET
@allows("talent.card")
def employee_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Profile-tab fragment: the employee's results in every period, newest first, with the latest card."""
    employee = get_object_or_404(scope.employees_for(request.user), pk=pk)
    results = (
        # Through the tenant boundary: after a mutasi, his results in the releasing instansi's periods stay
        # that instansi's (as its card route answers 404 for them).
        _pegawai_final_only(request, scope.visible(request.user, MappingResult).filter(employee=employee))
        .select_related("period")
        .order_by("-period__as_of", "-period_id")
    )
    latest = results.first()
    card_ = selectors.card(latest) if latest else None
    return render(
        request,
        "talent/_employee_mapping.html",
        {
            "e": employee,
            "results": results,
            "card": card_,
            "readiness_label": READINESS_LABELS.get(card_.readiness, "") if card_ else "",
            "plans": employee.development_plans.prefetch_related("actions"),
        },
    )


# Calibration --------------------------------------------------------------------------------------------


@require_POST
@allows("talent.calibrate")
def calibrate(request: HttpRequest, pk: int) -> HttpResponse:
    if services.committee_seat(request.user) is None:
        raise PermissionDenied
    result = get_object_or_404(
        scope.visible(request.user, MappingResult).select_related("period", "employee"), pk=pk
    )
    try:
        to_box = int(request.POST.get("to_box") or 0)
        services.calibration_propose(
            result=result,
            to_box=to_box,
            reason=request.POST.get("reason", ""),
            by=request.user,
            ip=_ip(request),
        )
    except (ValidationError, ValueError) as e:
        msgs = e.messages if isinstance(e, ValidationError) else [_("Choose a box.")]
        return render(
            request,
            "talent/card.html",
            _card_ctx(request, result, errors=msgs, posted=request.POST),
            status=422,
        )
    messages.success(request, _("Calibration proposed; it waits for the chair's decision."))
    return redirect("talent:card", pk=result.pk)


@require_POST
@allows("talent.calibrate")
def calibration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    seat = services.committee_seat(request.user)
    if seat is None or not seat.is_chair:
        raise PermissionDenied
    cal = get_object_or_404(scope.visible(request.user, Calibration).select_related("result__period"), pk=pk)
    try:
        services.calibration_decide(
            calibration=cal,
            confirm=request.POST.get("decision") == "confirm",
            note=request.POST.get("note", ""),
            by=request.user,
            ip=_ip(request),
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    nxt = request.POST.get("next")
    if nxt == "meeting":
        return redirect("talent:meeting", pk=cal.result.period_id)
    return redirect("talent:card", pk=cal.result_id)


def _meeting_context(request: HttpRequest, period: MappingPeriod) -> dict[str, Any]:
    cals = Calibration.objects.filter(
        result__period=period, result__employee__in=scope.employees_for(request.user)
    ).select_related("result__employee__position", "proposed_by__employee", "decided_by__employee")
    from talenta.talent.models import CommitteeMember

    members = scope.visible(request.user, CommitteeMember).select_related("user__employee")
    return {
        "period": period,
        "calibrations": cals,
        "members": members,
        "labels": LABELS,
        "seat": services.committee_seat(request.user)
        if policy.can(request.user, "talent.calibrate")
        else None,
        "today": _today(),
    }


@require_GET
@allows("talent.calibration.view")
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    return render(request, "talent/meeting.html", _meeting_context(request, period))


@require_GET
@allows("talent.calibration.view")
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    ctx = _meeting_context(request, period)
    ctx["instansi"] = period.instansi
    # The meeting's own date: the day its proposals were decided (the latest), not the day of printing.
    decided = [c.decided_at for c in ctx["calibrations"] if c.decided_at]
    ctx["meeting_date"] = timezone.localtime(max(decided)).date() if decided else ctx["today"]
    pdf = exports.pdf_from_template("talent/minutes_pdf.html", ctx, request)
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="berita-acara-kalibrasi-{period.pk}.pdf"'
    return resp


# Charts ---------------------------------------------------------------------------------------------------


@require_GET
@allows("talent.view")
def charts(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    results = _results(request, period).filter(mappable=True)
    by_opd: dict[str, Counter] = {}
    by_level: dict[str, Counter] = {}
    for b, c, opd, unit, level in results.values_list(
        "box",
        "calibrated_box",
        "employee__unit__opd__name",
        "employee__unit__name",
        "employee__position__level",
    ):
        by_opd.setdefault(opd or unit or "-", Counter())[c or b] += 1
        by_level.setdefault(str(jr.LEVEL_LABELS.get(level, level or "-")) if level else "-", Counter())[
            c or b
        ] += 1

    def series(d: dict[str, Counter]) -> dict[str, Any]:
        names = sorted(d, key=lambda k: (-sum(d[k].values()), k))[:30]  # a tie at the cut: by name
        return {
            "categories": names,
            "series": [{"name": f"Kotak {b}", "data": [d[n].get(b, 0) for n in names]} for b in range(1, 10)],
        }

    other = None
    transition = None
    moves: list[dict[str, Any]] = []
    if request.GET.get("compare"):
        other = _period(request, int_param(request, "compare", None, 1, MAX_ID))
        transition, moves = _transition(request, other, period)
    return render(
        request,
        "talent/charts.html",
        {
            "period": period,
            "chart_data": {"opd": series(by_opd), "level": series(by_level)},
            "other": other,
            "transition": transition,
            # People mapped in both periods first (a real move), then those entering or leaving.
            "moves": sorted(moves, key=lambda m: (m["from"] is None or m["to"] is None, m["name"]))[:300],
            "moves_total": len(moves),
            "periods": scope.visible(request.user, MappingPeriod).exclude(pk=period.pk),
        },
    )


def _transition(request: HttpRequest, before: MappingPeriod, after: MappingPeriod):
    a = {
        e: (c or b)
        for e, b, c in _results(request, before).values_list("employee_id", "box", "calibrated_box")
    }
    rows = (
        _results(request, after)
        .select_related("employee")
        .values_list("employee_id", "box", "calibrated_box", "employee__nip", "employee__name")
    )
    matrix = [[0] * 10 for _ in range(10)]  # [from][to], 0 = not mapped / absent
    moves = []
    for e, b, c, nip, name in rows:
        to = c or b or 0
        fr = a.get(e) or 0
        matrix[fr][to] += 1
        if fr != to:
            moves.append({"nip": nip, "name": name, "from": fr or None, "to": to or None})
    header = [*range(9, 0, -1), 0]
    table = [{"from": fr, "cells": [matrix[fr][to] for to in header]} for fr in header]
    return {"header": header, "rows": table}, moves


# Pools, succession, retirement -------------------------------------------------------------------------


@require_GET
@allows("talent.pools")
def pools(request: HttpRequest) -> HttpResponse:
    period = selectors.latest_final_period(request.user.instansi_id)
    target = request.GET.get("level") or "administrator"
    if target not in selectors.POOL_TARGETS:
        raise Http404
    members = (
        selectors.talent_pool(period, target, today=_today(), employees=scope.employees_for(request.user))
        if period
        else []
    )
    words = request.GET.get("q", "").lower().split()[:8]
    if words:
        members = [
            m for m in members if all(w in f"{m.employee.full_name} {m.employee.nip}".lower() for w in words)
        ]
    if request.GET.get("format") == "xlsx":
        if not members:
            messages.info(request, _("Nobody in this pool: there is nothing to export."))
            return redirect(f"{request.path}?level={target}")
        from talenta.core import display, xlsx

        header = [
            _("Name"),
            "NIP",
            _("Post"),
            _("Unit"),
            _("Golongan"),
            _("Box"),
            _("Potential"),
            _("Readiness"),
        ]
        rows = [
            [
                m.employee.full_name,
                m.employee.nip,
                m.employee.position.name if m.employee.position else "",
                m.employee.unit.name if m.employee.unit else "",
                jr.GOLONGAN.get(m.employee.golongan, (m.employee.golongan, ""))[0],
                m.box,
                m.potential_score,
                str(READINESS_LABELS.get(m.readiness, display.label(m.readiness))),
            ]
            for m in members
        ]
        return xlsx.response(f"kelompok-talenta-{target}", _("Talent pool"), header, rows)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "talent/pools.html",
        {
            "period": period,
            "target": target,
            "members": page,
            "page": page,
            "query": query.urlencode(),
            "q": request.GET.get("q", ""),
            "readiness_labels": READINESS_LABELS,
            "targets": [(k, jr.LEVEL_LABELS[jr.Level(k)]) for k in selectors.POOL_TARGETS],
        },
    )


@require_GET
@allows("talent.view")
def succession(request: HttpRequest) -> HttpResponse:
    posts = (
        scope.positions_for(request.user)
        .filter(is_critical=True)
        .select_related("unit__opd", "unit", "holder", "succession_plan")
    )
    succ: dict[int, list[Successor]] = {}
    for s in (
        scope.visible(request.user, Successor)
        .filter(plan__position__in=posts)
        .select_related("employee", "plan")
    ):
        succ.setdefault(s.plan.position_id, []).append(s)
    rows = []
    by_opd: dict[str, list[int]] = {}
    for p in posts:
        ss = succ.get(p.pk, [])
        ready = selectors.bench_strength(ss)
        rows.append({"p": p, "successors": ss, "ready": ready})
        opd = (p.unit.opd or p.unit).name
        agg = by_opd.setdefault(opd, [0, 0, 0])
        agg[0] += 1
        agg[1] += ready
        agg[2] += 1 if ready else 0
    return render(
        request,
        "talent/succession.html",
        {"rows": rows, "by_opd": sorted(by_opd.items()), "readiness_labels": READINESS_LABELS},
    )


@allows("talent.view")
def succession_post(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(scope.positions_for(request.user).select_related("unit"), pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        policy.require(request.user, "talent.succession.manage")
        action = request.POST.get("action")
        try:
            if action == "critical":
                services.critical_set(
                    position=position,
                    is_critical=request.POST.get("is_critical") == "on",
                    reason=request.POST.get("critical_reason", ""),
                    by=request.user,
                )
            elif action == "build":
                services.succession_build(position=position, by=request.user, today=_today())
            elif action == "add":
                emp = get_object_or_404(
                    scope.employees_for(request.user), nip=request.POST.get("nip", "").strip()
                )
                services.successor_add(
                    position=position, employee=emp, by=request.user, note=request.POST.get("note", "")
                )
            elif action == "remove":
                s = get_object_or_404(
                    scope.visible(request.user, Successor),
                    pk=request.POST.get("successor"),
                    plan__position=position,
                )
                services.successor_remove(successor=s, by=request.user)
        except ValidationError as e:
            errors = e.messages
        if not errors:
            return redirect("talent:succession-post", pk=position.pk)
    plan = SuccessionPlan.objects.filter(position=position).first()
    successors = (
        list(scope.visible(request.user, plan.successors.all()).select_related("employee__position"))
        if plan
        else []
    )
    standard = position.competency_standard
    period = selectors.latest_final_period(request.user.instansi_id)
    gaps = _successor_gaps(successors, standard)
    return render(
        request,
        "talent/succession_post.html",
        {
            "position": position,
            "plan": plan,
            "successors": zip(successors, gaps, strict=True),
            "standard": standard,
            "errors": errors,
            "can_edit": policy.can(request.user, "talent.idp.manage"),
            "period": period,
            "ready": selectors.bench_strength(successors),
            "readiness_labels": READINESS_LABELS,
        },
        status=422 if errors else 200,
    )


def _successor_gaps(successors: list[Successor], standard: dict[str, int]) -> list[list[tuple[str, float]]]:
    """Each successor's gaps to the post's standard from his latest assessment (negative = to develop)."""
    from talenta.profiling.models import Assessment
    from talenta.profiling.rules.jpm import gaps

    latest: dict[int, Assessment] = {}
    for a in Assessment.objects.filter(employee_id__in=[s.employee_id for s in successors]).order_by(
        "employee_id", *Assessment.NEWEST_FIRST
    ):
        latest.setdefault(a.employee_id, a)
    out = []
    for s in successors:
        a = latest.get(s.employee_id)
        g = gaps({k: v for k, v in a.levels.items() if v is not None}, standard) if a else {}
        out.append(sorted(((k, float(v)) for k, v in g.items() if v < 0), key=lambda kv: kv[1]))
    return out


@require_GET
@allows("talent.retirement")
def retirement(request: HttpRequest) -> HttpResponse:
    months = int_param(request, "months", 24, 1, 120)
    today = _today()
    start = date(today.year, today.month, 1)
    kind = "all" if request.GET.get("kind") == "all" else "struktural"
    positions = scope.positions_for(request.user)
    if kind == "struktural":
        positions = positions.filter(level__in=[str(lv) for lv in jr.STRUCTURAL_LEVELS])
    vacancies = selectors.retirement_forecast(
        positions, start=start, months=months, successors=scope.visible(request.user, Successor)
    )
    by_month: dict[str, Counter] = {}
    for v in vacancies:
        key = v.retirement_date.strftime("%Y-%m")
        by_month.setdefault(key, Counter())[str(jr.LEVEL_LABELS.get(jr.Level(v.position.level), ""))] += 1
    levels = sorted({lv for c in by_month.values() for lv in c})
    months_sorted = sorted(by_month)
    chart = {
        "categories": months_sorted,
        "series": [{"name": lv, "data": [by_month[m].get(lv, 0) for m in months_sorted]} for lv in levels],
    }
    return render(
        request,
        "talent/retirement.html",
        {"vacancies": vacancies, "months": months, "chart": chart, "kind": kind},
    )


# Development plans ---------------------------------------------------------------------------------------


@require_GET
@allows("talent.idp.view")
def idp_list(request: HttpRequest) -> HttpResponse:
    plans = (
        DevelopmentPlan.objects.filter(employee__in=scope.employees_for(request.user))
        .select_related("employee", "period")
        .prefetch_related("actions")[:500]
    )
    return render(request, "talent/idp_list.html", {"plans": plans})


def _plan(request: HttpRequest, pk: int) -> DevelopmentPlan:
    return get_object_or_404(
        DevelopmentPlan.objects.select_related("employee", "period"),
        pk=pk,
        employee__in=scope.employees_for(request.user),
    )


@require_GET
@allows("talent.idp.view")
def idp(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return render(request, "talent/idp.html", _idp_ctx(request, plan))


def _idp_ctx(request: HttpRequest, plan: DevelopmentPlan, **extra: Any) -> dict[str, Any]:
    own = request.user.employee_id == plan.employee_id
    return {
        "plan": plan,
        "actions": plan.actions.all(),
        "kinds": DevelopmentAction.Kind.choices,
        "can_edit": policy.can(request.user, "talent.idp.manage"),
        "can_progress": policy.can(request.user, "talent.idp.progress") and own,
        "can_comment": policy.can(request.user, "talent.idp.comment"),
        **extra,
    }


@require_POST
@allows("talent.idp.manage")
def idp_generate(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(scope.visible(request.user, MappingResult), pk=pk)
    try:
        plan = services.idp_generate(result=result, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("talent:card", pk=result.pk)
    return redirect("talent:idp", pk=plan.pk)


@require_POST
@allows("talent.idp.update")
def idp_update(request: HttpRequest, pk: int) -> HttpResponse:
    """One endpoint, three permitted changes: the analyst edits/adds actions, the employee updates his own
    progress, the Kepala OPD comments."""
    plan = _plan(request, pk)
    user = request.user
    what = request.POST.get("what")
    try:
        if what == "progress":
            policy.require(user, "talent.idp.progress")
            if user.employee_id != plan.employee_id:
                raise PermissionDenied
            action = get_object_or_404(plan.actions, pk=request.POST.get("action"))
            services.idp_progress_update(
                action=action,
                progress=int(request.POST.get("progress") or 0),
                note=request.POST.get("employee_note", ""),
                by=request.user,
            )
        elif what == "comment":
            policy.require(user, "talent.idp.comment")
            services.idp_comment(plan=plan, comment=request.POST.get("head_comment", ""), by=request.user)
        elif what in ("edit", "add"):
            policy.require(user, "talent.idp.manage")
            due = date.fromisoformat(request.POST["due"]) if request.POST.get("due") else None
            fields = {
                "kind": request.POST.get("kind", ""),
                "description": request.POST.get("description", ""),
                "target": request.POST.get("target", ""),
                "due": due,
            }
            if what == "edit":
                action = get_object_or_404(plan.actions, pk=request.POST.get("action"))
                services.idp_action_update(action=action, by=request.user, **fields)
            else:
                services.idp_action_add(plan=plan, by=request.user, **fields)
        else:
            raise ValidationError(_("Unknown change."))
    except (ValidationError, ValueError) as e:
        msgs = e.messages if isinstance(e, ValidationError) else [_("Invalid number or date.")]
        return render(request, "talent/idp.html", _idp_ctx(request, plan, errors=msgs), status=422)
    return redirect("talent:idp", pk=plan.pk)


@require_GET
@allows("talent.idp.view")
def idp_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if request.GET.get("format") == "pdf":
        pdf = exports.pdf_from_template(
            "talent/idp_pdf.html", {"plan": plan, "actions": plan.actions.all(), "today": _today()}, request
        )
        resp = HttpResponse(pdf, content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="idp-{plan.employee.nip}.pdf"'
        return resp
    data = exports.idp_xlsx(plan)
    audit_bulk_read(request, action="talent.idp_export", rows=plan.actions.count(), target=plan.employee)
    resp = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="idp-{plan.employee.nip}.xlsx"'
    return resp


def unit_choices(user: Any) -> QuerySet[Unit]:
    return scope.units_for(user).filter(parent__isnull=True)


__all__ = ["Employee", "Position", "reverse"]
