"""Placement screens. Every view: policy.allows, data through accounts.scope, writes through services."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talenta.accounts import policy, scope
from talenta.accounts.policy import allows
from talenta.core import display, xlsx
from talenta.core.audit import audit_bulk_read
from talenta.core.hardening import MAX_ID, as_id, int_list_param, int_param, user_errors
from talenta.people.models import Employee
from talenta.people.rules import jabatan as jr
from talenta.placement import quality, selectors, services
from talenta.placement.fairness import fairness_report
from talenta.placement.forms import RequirementForm
from talenta.placement.models import (
    Candidacy,
    Decision,
    FillingPost,
    FillingProcess,
    InstallationBatch,
    MeritException,
    RequirementSet,
)
from talenta.placement.rules import ranking as rk


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _processes(request: HttpRequest) -> QuerySet[FillingProcess]:
    return scope.visible(request.user, FillingProcess)


def _batches(request: HttpRequest) -> QuerySet[InstallationBatch]:
    return scope.visible(request.user, InstallationBatch)


def _decisions(request: HttpRequest) -> QuerySet[Decision]:
    return scope.visible(request.user, Decision)


@allows("placement.vacancies")
def vacancy_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    months = min(max(int_param(request, "bulan", 24, 0, 1200), 1), 60)
    vac = selectors.vacancies(scope.positions_for(request.user), today=today, months=months)
    opds = sorted(
        {(v.position.unit.opd_id or v.position.unit_id, _opd_name(v)) for v in vac}, key=lambda o: o[1]
    )
    levels = sorted({(v.position.level, v.level_label) for v in vac}, key=lambda o: o[1])
    f = {k: request.GET.get(k, "").strip() for k in ("q", "opd", "level", "reason")}
    vac = _filter_vacancies(vac, f)
    if request.GET.get("format") == "xlsx":
        if not vac:
            messages.info(request, _("No vacancy matches the filter: there is nothing to export."))
            return redirect(f"{request.path}?{_query_without(request, 'format')}")
        header = [_("Post"), _("OPD"), _("Unit"), _("Level"), _("Reason"), _("Date"), _("Holder / acting")]
        rows = [
            [
                v.position.name,
                _opd_name(v),
                v.position.unit.name,
                v.level_label,
                v.reason_label,
                v.on,
                _holder(v),
            ]
            for v in vac
        ]
        return xlsx.response("lowongan", _("Vacancies"), header, rows)
    page = Paginator(vac, 50).get_page(request.GET.get("page"))
    context = {
        "vacancies": page,
        "page": page,
        "today": today,
        "months": months,
        "f": f,
        "opds": opds,
        "levels": levels,
        "reasons": list(selectors.VACANCY_REASONS.items()),
        "query": _query_without(request, "page"),
    }
    return render(request, "placement/vacancies.html", context)


def _opd_name(v: selectors.Vacancy) -> str:
    unit = v.position.unit
    return unit.opd.name if unit.opd_id and unit.opd else unit.name


def _holder(v: selectors.Vacancy) -> str:
    if v.holder:
        return v.holder.full_name
    if v.position.acting_holder:
        return f"{v.position.get_acting_kind_display()}: {v.position.acting_holder.full_name}"
    return ""


def _filter_vacancies(vac: list[selectors.Vacancy], f: dict[str, str]) -> list[selectors.Vacancy]:
    words = f["q"].lower().split()
    if words:
        vac = [
            v
            for v in vac
            if all(w in f"{v.position.name} {_holder(v)} {_opd_name(v)}".lower() for w in words)
        ]
    if opd := as_id(f["opd"]):
        vac = [v for v in vac if (v.position.unit.opd_id or v.position.unit_id) == opd]
    if f["level"]:
        vac = [v for v in vac if v.position.level == f["level"]]
    if f["reason"]:
        vac = [v for v in vac if v.reason == f["reason"]]
    return vac


def _query_without(request: HttpRequest, *keys: str) -> str:
    query = request.GET.copy()
    for k in keys:
        query.pop(k, None)
    return query.urlencode()


@require_POST
@allows("placement.process.open")
def process_open(request: HttpRequest) -> HttpResponse:
    ids = [n for n in map(as_id, request.POST.getlist("position")) if n]
    positions = list(scope.positions_for(request.user).filter(pk__in=ids).select_related("unit"))
    try:
        as_of = date.fromisoformat(request.POST.get("as_of") or timezone.localdate().isoformat())
        proc = services.filling_process_open(
            instansi=request.user.instansi,
            positions=positions,
            by=request.user,
            today=timezone.localdate(),
            name=request.POST.get("name") or _("Filling process %(date)s") % {"date": as_of},
            as_of=as_of,
        )
    except (ValidationError, ValueError) as e:
        messages.error(request, "; ".join(user_errors(e)))
        return redirect("placement:vacancies")
    return redirect("placement:process", pk=proc.pk)


@allows("placement.view")
def process_list(request: HttpRequest) -> HttpResponse:
    procs = _processes(request).prefetch_related("posts__position")
    return render(request, "placement/processes.html", {"processes": procs})


@allows("placement.view")
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proc = get_object_or_404(_processes(request), pk=pk)
    posts = proc.posts.select_related("position__unit", "recommended__employee").prefetch_related(
        "candidacies__employee", "decisions__employee", "decisions__batch"
    )
    plans = proc.plans.all()[:10]
    return render(request, "placement/process.html", {"process": proc, "posts": posts, "plans": plans})


# What the ranking shows of each candidate's employee record (and his retirement date needs).
CANDIDATE_FIELDS = ("golongan", "birth_date", "bup_override", "position__name", "position__bup", "unit__name")


@allows("placement.view")
def post_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The explained ranking of one filling post (an htmx fragment, or a page)."""
    fp = get_object_or_404(
        scope.visible(request.user, FillingPost).select_related("position__unit", "process"),
        pk=pk,
    )
    outcome = services.rank_position(
        position=fp.position, on=fp.process.as_of, top=int_param(request, "top", 10, 1, 200), reuse=True
    )
    # Each candidate's current post, unit and golongan, in one query; a near-eligible person already past
    # his retirement date is a data problem (a missing death/retirement record), not a candidate.
    ids = [c.employee_id for c in [*outcome.candidates, *outcome.near]]
    people = {
        e.pk: e
        for e in Employee.objects.filter(pk__in=ids)
        .select_related("position", "unit")
        .only(*CANDIDATE_FIELDS)
    }
    ctx = {
        "fp": fp,
        "outcome": outcome,
        "labels": rk.COMPONENT_LABELS,
        "ranked": [(c, people.get(c.employee_id)) for c in outcome.candidates],
        "near": [
            (c, people.get(c.employee_id), _past_retirement(people.get(c.employee_id), fp.process.as_of))
            for c in outcome.near
        ],
    }
    if request.GET.get("format") == "xlsx":
        return _ranking_xlsx(request, fp, ctx)
    template = "placement/_candidates.html" if request.htmx else "placement/candidates.html"
    return render(request, template, ctx)


@allows("placement.view")
def post_candidate_evidence(request: HttpRequest, pk: int, employee: int) -> HttpResponse:
    """One person's eligibility table for a filling post: loaded into the ranking on demand (htmx), or a page
    of its own (the ranking's link without JavaScript)."""
    fp = get_object_or_404(
        scope.visible(request.user, FillingPost).select_related("position__unit", "process"), pk=pk
    )
    person = get_object_or_404(
        scope.visible(request.user, Employee).only("pk", "nip", "name", "gelar_depan", "gelar_belakang"),
        pk=employee,
    )
    rows = services.candidate_eligibility(position=fp.position, on=fp.process.as_of, employee_id=person.pk)
    if rows is None:
        raise Http404
    ctx = {"fp": fp, "person": person, "rows": rows}
    template = "placement/_candidate_evidence.html" if request.htmx else "placement/candidate_evidence.html"
    return render(request, template, ctx)


def _ranking_xlsx(request: HttpRequest, fp: FillingPost, ctx: dict) -> HttpResponse:
    """The explained ranking of a post as Excel: rank, person, current post, score and its points."""
    if not ctx["ranked"]:
        return xlsx.nothing_to_export(
            request, _("Nobody meets every requirement: there is nothing to export.")
        )
    audit_bulk_read(request, action="placement.ranking_export", rows=len(ctx["ranked"]), target=fp)
    parts = [str(k) for k, _v in ctx["ranked"][0][0].labelled_parts]
    header = [_("Rank"), _("Name"), "NIP", _("Current post"), _("Unit"), _("Golongan"), _("Score"), *parts]
    rows = [
        [
            c.rank,
            c.name,
            c.nip,
            e.position.name if e and e.position else "",
            e.unit.name if e and e.unit else "",
            jr.GOLONGAN.get(e.golongan, (e.golongan, ""))[0] if e else "",
            c.score,
            *[v for _k, v in c.labelled_parts],
        ]
        for c, e in ctx["ranked"]
    ]
    title = [_("Ranking for %(post)s") % {"post": fp.position.name}, fp.process.name]
    return xlsx.response(f"peringkat-{fp.pk}", _("Ranking"), header, rows, title=title)


def _past_retirement(e: Employee | None, on: date) -> date | None:
    if e is None:
        return None
    retires = e.retirement_date
    return retires if retires <= on else None


def _back_to_post(fp: FillingPost) -> HttpResponse:
    response = redirect(f"{reverse('placement:process', args=[fp.process_id])}#post-{fp.pk}")
    response.status_code = 303
    return response


def _chosen(fp: FillingPost, request: HttpRequest) -> Candidacy | None:
    pk = request.POST.get("candidacy") or ""
    return fp.candidacies.filter(pk=n).first() if (n := as_id(pk)) else None


def _form_error(request: HttpRequest, fp: FillingPost, e: ValidationError) -> HttpResponse:
    messages.error(request, "; ".join(e.messages))
    return _back_to_post(fp)


@require_POST
@allows("placement.propose")
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    fp = get_object_or_404(scope.visible(request.user, FillingPost), pk=pk)
    ids = [n for n in map(as_id, request.POST.getlist("employee")) if n]
    try:
        cands = services.proposal_create(
            filling_post=fp, by=request.user, employee_ids=ids or None, reason=request.POST.get("reason", "")
        )
    except ValidationError as e:
        return _form_error(request, fp, e)
    names = ", ".join(c.employee.full_name for c in cands)
    messages.success(
        request, _("Proposed for %(post)s: %(names)s.") % {"post": fp.position.name, "names": names}
    )
    return _back_to_post(fp)


@require_POST
@allows("placement.recommend")
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    fp = get_object_or_404(scope.visible(request.user, FillingPost), pk=pk)
    cand = _chosen(fp, request)
    if cand is None:
        return _form_error(request, fp, ValidationError(_("Choose a proposed candidate.")))
    try:
        services.recommend(
            filling_post=fp,
            candidacy=cand,
            minutes=request.POST.get("minutes", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as e:
        return _form_error(request, fp, e)
    messages.success(
        request,
        _("The committee recommends %(name)s for %(post)s.")
        % {"name": cand.employee.full_name, "post": fp.position.name},
    )
    return _back_to_post(fp)


@require_POST
@allows("placement.decide")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    fp = get_object_or_404(scope.visible(request.user, FillingPost), pk=pk)
    cand = _chosen(fp, request)
    if cand is None:
        return _form_error(request, fp, ValidationError(_("Choose a proposed candidate.")))
    try:
        services.decide(
            filling_post=fp, candidacy=cand, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as e:
        return _form_error(request, fp, e)
    messages.success(
        request,
        _("Decided: %(name)s for %(post)s.") % {"name": cand.employee.full_name, "post": fp.position.name},
    )
    return _back_to_post(fp)


@allows("placement.view")
def candidacy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cand = get_object_or_404(scope.visible(request.user, Candidacy), pk=pk)
    snap = json.loads(cand.snapshot)
    return render(request, "placement/candidacy.html", {"cand": cand, "snap": snap})


@allows("placement.plan.view")
def plan_compare(request: HttpRequest, pk: int) -> HttpResponse:
    proc = get_object_or_404(_processes(request), pk=pk)
    ids = int_list_param(request, "plan", 1, MAX_ID)
    plans = list(proc.plans.filter(pk__in=ids)) if ids else list(proc.plans.all()[:3])
    context = {
        "process": proc,
        "plans": plans,
        "all_plans": proc.plans.all(),
        "posts": proc.posts.select_related("position"),
        "rows": range(1, 4),
    }
    return render(request, "placement/plans.html", context)


@allows("placement.plan.view")
def people_options(request: HttpRequest) -> HttpResponse:
    """The plan form's autocomplete: people of the user's scope by name (several words, any order) or NIP,
    as <option>s of a datalist ("NIP · name"; the name is what people read)."""
    from talenta.people import selectors as people_selectors

    q = " ".join(
        request.GET.getlist("keep") + request.GET.getlist("forbid_person") + [request.GET.get("q", "")]
    )
    q = q.split("·")[0].replace("\x00", "").strip()[:100]
    people = []
    if len(q) >= 2:
        people = people_selectors.employee_search(scope.employees_for(request.user), q).select_related(
            "position"
        )[:20]
    return render(request, "placement/_people_options.html", {"people": people})


NIP = re.compile(r"\b(\d{18})\b")


def _person(request: HttpRequest, value: str, label: str) -> Employee:
    """The employee a "NIP · name" field names, within the user's scope; a clear error otherwise."""
    m = NIP.search(value)
    found = scope.employees_for(request.user).filter(nip=m.group(1)).first() if m else None
    if found is None:
        raise ValidationError(
            _("%(field)s: “%(value)s” is not an employee you can choose; pick one from the list.")
            % {"field": label, "value": value[:80]}
        )
    return found


def _plan_people(request: HttpRequest) -> tuple[list[int], list[dict[str, object]]]:
    """The people to keep in place and the forbidden pairs of the plan form, by NIP (never internal ids)."""
    keep = [
        _person(request, v, _("Keep in place %(n)d") % {"n": i}).pk
        for i, v in enumerate(request.POST.getlist("keep"), start=1)
        if v.strip()
    ]
    forbid = []
    rows = zip(
        request.POST.getlist("forbid_person"),
        request.POST.getlist("forbid_post"),
        request.POST.getlist("forbid_reason"),
        strict=False,
    )
    for i, (person, post, reason) in enumerate(rows, start=1):
        if not (person.strip() or post.strip() or reason.strip()):
            continue
        label = _("Forbidden pair %(n)d") % {"n": i}
        emp = _person(request, person, label)
        position = as_id(post)
        if not position or not reason.strip():
            raise ValidationError(_("%(field)s: choose the post and write the reason.") % {"field": label})
        forbid.append({"employee": emp.pk, "position": position, "reason": reason.strip()[:300]})
    return keep, forbid


@require_POST
@allows("placement.plan.create")
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    proc = get_object_or_404(_processes(request), pk=pk)
    positions = [fp.position for fp in proc.posts.select_related("position")]
    try:
        depth = min(max(int(request.POST.get("depth") or 1), 0), 3)
        min_promotions = int(request.POST.get("min_promotions") or 0)
        cap = request.POST.get("max_moves_per_opd")
        keep, forbid = _plan_people(request)
        options = {
            "depth": depth,
            "min_promotions": min_promotions,
            "max_moves_per_opd": int(cap) if cap else None,
            "keep": keep,
            "forbid": forbid,
        }
        outcome = services.plan_compute(
            positions=positions,
            on=proc.as_of,
            depth=depth,
            keep=keep,
            forbid=[(f["employee"], f["position"]) for f in forbid],
            min_promotions=min_promotions,
            max_moves_per_opd=options["max_moves_per_opd"],
        )
        services.plan_save(
            outcome=outcome,
            name=request.POST.get("name") or _("Plan"),
            positions=positions,
            depth=depth,
            options=options,
            by=request.user,
            process=proc,
        )
    except (ValidationError, ValueError) as e:
        messages.error(request, "; ".join(user_errors(e)))
    return redirect("placement:plans", pk=proc.pk)


@allows("placement.view")
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions = _decisions(request).select_related("employee", "position", "batch").order_by("-decided_at")
    batches = _batches(request)
    return render(request, "placement/decisions.html", {"decisions": decisions, "batches": batches})


@require_POST
@allows("placement.batch.create")
def batch_create(request: HttpRequest) -> HttpResponse:
    ids = [n for n in map(as_id, request.POST.getlist("decision")) if n]
    decisions = list(_decisions(request).filter(pk__in=ids, batch__isnull=True))
    try:
        batch = services.batch_create(
            instansi=request.user.instansi,
            sk_nomor=request.POST.get("sk_nomor", ""),
            sk_date=date.fromisoformat(request.POST.get("sk_date") or ""),
            by=request.user,
            decisions=decisions,
        )
    except (ValidationError, ValueError) as e:
        messages.error(request, "; ".join(user_errors(e)))
        return redirect("placement:decisions")
    return redirect("placement:batch", pk=batch.pk)


@allows("placement.view")
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    decisions = batch.decisions.select_related("employee", "position")
    return render(
        request,
        "placement/batch.html",
        {"batch": batch, "decisions": decisions, "summary": services.batch_summary(batch)},
    )


@require_POST
@allows("placement.batch.apply")
def batch_apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    # An SK dated in the future, or a batch already applied, is refused by the service (and so by the API).
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the confirmation before applying the batch."))
    else:
        try:
            n = services.batch_apply(batch=batch, by=request.user)
            messages.success(request, _("%(n)d decisions applied.") % {"n": n})
        except ValidationError as e:
            messages.error(request, "; ".join(e.messages))
    return redirect("placement:batch", pk=batch.pk)


def batch_lampiran_html(batch: InstallationBatch) -> str:
    """The SK's lampiran: each official's name and NIP, pangkat and golongan, old and new post with their
    units, the kind of appointment."""
    decisions = batch.decisions.select_related("employee", "position__unit")
    return render_to_string(
        "placement/batch_pdf.html",
        {"batch": batch, "decisions": decisions, "summary": services.batch_summary(batch)},
    )


@allows("placement.view")
def batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML

    batch = get_object_or_404(_batches(request), pk=pk)
    html = batch_lampiran_html(batch)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="pelantikan-{batch.pk}.pdf"'
    return response


@allows("placement.fairness")
def fairness(request: HttpRequest) -> HttpResponse:
    report = fairness_report(
        processes=_processes(request),
        decisions=_decisions(request),
        employees=scope.employees_for(request.user),
        today=timezone.localdate(),
    )
    return render(request, "placement/fairness.html", {"r": report})


@allows("placement.requirements.view")
def requirements(request: HttpRequest) -> HttpResponse:
    """The instansi's requirement tables (its own versions, or the national default it adopts) and its
    merit-system exception. Editing is `placement.requirements.edit` (the services check it)."""
    instansi = request.user.instansi
    status = 200
    sets = selectors.requirement_tables(instansi.pk)
    bound: dict[str, RequirementForm] = {}
    if request.method == "POST":
        policy.require(request.user, "placement.requirements.edit")
        try:
            _requirements_post(request, instansi, sets, bound)
            messages.success(request, _("A new version of the requirement table was saved."))
            return redirect("placement:requirements")
        except (ValidationError, ValueError) as e:
            messages.error(request, "; ".join(user_errors(e)))
            status = 422
    history = RequirementSet.objects.filter(Q(instansi=instansi) | Q(instansi=None)).order_by(
        "level", "-version"
    )
    # A form per level (not raw JSON); a form that failed comes back with its errors.
    rows = [(rs, bound.get(rs.level) or RequirementForm(level=rs.level, current=rs.data)) for rs in sets]
    merit = MeritException.objects.filter(instansi=instansi).first()
    ctx = {"rows": rows, "history": history, "merit": merit}
    return render(request, "placement/requirements.html", ctx, status=status)


def _requirements_post(
    request: HttpRequest, instansi: Any, sets: Any, bound: dict[str, RequirementForm]
) -> None:
    post = request.POST
    if post.get("form") == "merit":
        since = post.get("since") or None
        services.merit_exception_set(
            instansi=instansi,
            active=post.get("active") == "1",
            reference=post.get("reference", ""),
            since=date.fromisoformat(since) if since else None,
            by=request.user,
            note=post.get("note", ""),
        )
    elif post.get("form") == "adopt":
        services.requirement_set_adopt_national(
            instansi=instansi, level=post.get("level", ""), by=request.user, note=post.get("note", "")
        )
    else:
        level = post.get("level", "")
        current = next((rs for rs in sets if rs.level == level), None)
        if current is None:
            raise ValidationError(_("Unknown requirement table."))
        form = RequirementForm(post, level=level, current=current.data)
        bound[level] = form
        if not form.is_valid():
            raise ValidationError(
                _("Check the marked fields of the %(level)s table.") % {"level": display.label(level)}
            )
        services.requirement_set_update(
            instansi=instansi,
            level=level,
            data=form.data_for_service(),
            by=request.user,
            note=form.cleaned_data["note"],
        )


@allows("placement.data_quality.view")
def data_quality(request: HttpRequest) -> HttpResponse:
    """The "Kualitas data" screen: every record of the instansi that contradicts a rule (check-data)."""
    found = quality.check_data(scope.employees_for(request.user), today=timezone.localdate())
    kinds = [
        {
            "kind": k,
            "label": quality.KIND_LABELS[k],
            "error": quality.qr.KINDS[k] == quality.qr.ERROR,
            "count": len(rows),
            "rows": rows[:200],
        }
        for k, rows in found.items()
    ]
    errors = sum(k["count"] for k in kinds if k["error"])
    return render(request, "placement/data_quality.html", {"kinds": kinds, "errors": errors})
