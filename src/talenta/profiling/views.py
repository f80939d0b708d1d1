"""Profiling screens. Data comes only through talenta.accounts.scope; managing needs admin or analis."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talenta.accounts import policy, scope
from talenta.accounts.policy import allows
from talenta.core import display
from talenta.core.audit import audit_bulk_read
from talenta.core.cells import safe_cell
from talenta.core.hardening import MAX_ID, as_id, int_param, is_digits
from talenta.core.jobs import job_context, job_create
from talenta.core.models import Job
from talenta.core.uploads import check_results_upload, check_upload
from talenta.people.rules import jabatan as jr
from talenta.profiling import documents, forms, selectors, services, tasks
from talenta.profiling.imports import template_columns
from talenta.profiling.models import JPM_CATEGORY_LABELS, Campaign, Participant, Wave
from talenta.profiling.rules.jpm import gaps, jpm, mapping_category


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(scope.visible(request.user, Campaign), pk=pk)


def _organised(request: HttpRequest, pk: int) -> Campaign:
    """A campaign the user's instansi organises: a partner of a joint campaign (issue #18) manages its own
    participants, not the campaign's schedule or the whole list's constraints."""
    return get_object_or_404(
        scope.visible(request.user, Campaign), pk=pk, instansi_id=request.user.instansi_id
    )


def _participants(request: HttpRequest, campaign: Campaign) -> QuerySet[Participant]:
    """The campaign's participants the user may see: of a joint campaign (issue #18) the organiser sees
    them all and a partner its own people; otherwise the same as the user's employees."""
    return selectors.participants_of(scope.visible(request.user, Participant), campaign)


def _can_manage(request: HttpRequest) -> bool:
    return policy.can(request.user, "profiling.manage")


@allows("profiling.view")
def campaign_list(request: HttpRequest) -> HttpResponse:
    # Counts by subquery: joining participants and waves in one GROUP BY multiplies the rows. The
    # participants the user may see: of a joint campaign the organiser counts all, a partner its own.
    mine = scope.visible(request.user, Participant).filter(campaign=OuterRef("pk"))
    campaigns = (
        scope.visible(request.user, Campaign)
        .annotate(
            n_participants=_count(mine),
            n_assessed=_count(mine.filter(assessment__isnull=False)),
            n_waves=_count(Wave.objects.filter(campaign=OuterRef("pk"))),
        )
        .order_by("-start_date")
    )
    return render(
        request, "profiling/campaign_list.html", {"campaigns": campaigns, "can_manage": _can_manage(request)}
    )


def _count(qs: QuerySet) -> Subquery:
    return Subquery(
        qs.order_by().values("campaign").annotate(n=Count("pk")).values("n"), output_field=IntegerField()
    )


@allows("profiling.manage")
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                instansi=request.user.instansi, by=request.user, **form.service_kwargs()
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("profiling:campaign-detail", pk=campaign.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "profiling/campaign_form.html", {"form": form}, status=status)


def _detail_context(request: HttpRequest, campaign: Campaign, **extra: object) -> dict:
    today = timezone.localdate()
    people = scope.employees_for(request.user)
    parts = _participants(request, campaign)
    unprofiled = selectors.unprofiled(people, today=today, validity_years=campaign.validity_years).exclude(
        profiling_entries__campaign=campaign
    )
    # The OPDs of the participants (for the letters), as tuples: no model instances for 900+ people.
    opds = sorted(
        {
            (opd_id, opd_name) if opd_id and opd_id != unit_id else (unit_id, unit_name)
            for unit_id, unit_name, opd_id, opd_name in parts.filter(
                employee__unit__isnull=False
            ).values_list(
                "employee__unit_id",
                "employee__unit__name",
                "employee__unit__opd_id",
                "employee__unit__opd__name",
            )
        },
        key=lambda x: x[1],
    )
    # Participants 50 a page, with a search (several words: name, NIP digits) and filters by wave and
    # attendance: a campaign of 900 people was one page of 28.646 px.
    f = {k: request.GET.get(k, "").strip() for k in ("pq", "wave", "hadir")}
    shown = parts
    for word in f["pq"].split()[:8]:
        shown = (
            shown.filter(employee__nip__contains=word)
            if is_digits(word)
            else shown.filter(employee__name__icontains=word)
        )
    if f["wave"].isdigit():
        shown = shown.filter(wave__number=int(f["wave"]))
    elif f["wave"] == "none":
        shown = shown.filter(wave__isnull=True)
    if f["hadir"] in Participant.Attendance.values:
        shown = shown.filter(attendance=f["hadir"])
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "campaign": campaign,
        "participants": page,
        "participants_page": page,
        "participants_query": query.urlencode(),
        "letter_query": urlencode({k: request.GET[k] for k in ("tanggal", "nomor") if request.GET.get(k)}),
        "letters_job": _letters_job(request),
        "pf": f,
        "attendance_choices": Participant.Attendance.choices[1:],
        "participants_count": parts.count(),
        "waves": selectors.wave_counts(campaign, people),
        "unprofiled_count": unprofiled.count(),
        "unprofiled_sample": unprofiled.select_related("unit", "position").order_by("name")[:20],
        "opds": opds,
        "can_manage": _can_manage(request),
        # A partner of a joint campaign picks among its own OPDs, not the organiser's.
        "select_form": extra.pop("select_form", None) or forms.SelectForm(instansi=request.user.instansi),
        "is_organiser": campaign.instansi_id == request.user.instansi_id,
        "partners": list(campaign.partners.order_by("name")),
        "schedule_form": extra.pop("schedule_form", None)
        or forms.ScheduleForm(initial=forms.schedule_initial(campaign)),
        "cutoff": selectors.retirement_cutoff(campaign),
        **extra,
    }


def _letters_job(request: HttpRequest) -> dict | None:
    """The letters job the user started (?surat=<id>), for its progress bar and download link."""
    pk = int_param(request, "surat", None, 1, MAX_ID)
    job = scope.jobs_for(request.user).filter(pk=pk, kind=tasks.LETTERS_KIND).first() if pk else None
    return job_context(job) if job else None


@allows("profiling.view")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return render(request, "profiling/campaign_detail.html", _detail_context(request, campaign))


@allows("profiling.manage")
def campaign_partners(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser picks the partner instansi of a joint campaign among the other instansi of its region."""
    campaign = _organised(request, pk)
    choices = scope.region_instansi(request.user).exclude(pk=campaign.instansi_id).order_by("name")
    form = forms.PartnersForm(
        request.POST or None, choices=choices, initial={"partners": list(campaign.partners.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_partners_set(
                campaign=campaign, partners=list(form.cleaned_data["partners"]), by=request.user
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Partner instansi of the campaign saved."))
            return redirect("profiling:campaign-detail", pk=campaign.pk)
    status = 422 if request.method == "POST" else 200
    ctx = {"campaign": campaign, "form": form, "has_region": choices.exists()}
    return render(request, "profiling/campaign_partners.html", ctx, status=status)


@require_POST
@allows("profiling.manage")
def participants_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = forms.SelectForm(request.POST, request.FILES, instansi=request.user.instansi)
    if not form.is_valid():
        return render(
            request,
            "profiling/campaign_detail.html",
            _detail_context(request, campaign, select_form=form),
            status=422,
        )
    report = services.participants_add(
        campaign=campaign,
        pool=scope.employees_for(request.user),
        criteria=form.criteria(),
        by=request.user,
        today=timezone.localdate(),
    )
    messages.success(
        request,
        _(
            "%(added)d added, %(already)d already in, "
            "%(retiring)d left out because they retire before %(cutoff)s."
        )
        % {
            "added": report.added,
            "already": report.already,
            "retiring": len(report.retiring),
            "cutoff": display.tanggal(selectors.retirement_cutoff(campaign)),
        },
    )
    if report.unknown_nips:
        messages.warning(
            request, _("NIP not found: %(nips)s") % {"nips": ", ".join(report.unknown_nips[:20])}
        )
    return redirect("profiling:campaign-detail", pk=campaign.pk)


@require_POST
@allows("profiling.manage")
def participants_constraints(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _organised(request, pk)
    upload = request.FILES.get("constraints")
    try:
        if upload is None:
            raise ValidationError(_("Choose a CSV file."))
        check_upload(upload, suffixes=(".csv", ".txt"), max_bytes=settings.UPLOAD_MAX_LIST_BYTES)
        n = services.participants_constraints_update(campaign=campaign, data=upload.read(), by=request.user)
    except ValidationError as e:
        ctx = _detail_context(request, campaign, constraint_errors=e.messages)
        return render(request, "profiling/campaign_detail.html", ctx, status=422)
    messages.success(request, _("Unavailable dates and pins updated for %(n)d participants.") % {"n": n})
    return redirect("profiling:campaign-detail", pk=campaign.pk)


@require_POST
@allows("profiling.manage")
def campaign_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _organised(request, pk)
    form = forms.ScheduleForm(request.POST)
    if form.is_valid():
        try:
            result = services.campaign_schedule(campaign=campaign, by=request.user, **form.service_kwargs())
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("%(n)d participants scheduled into %(w)d waves.")
                % {"n": len(result.assignment), "w": len(result.sizes)},
            )
            return redirect("profiling:campaign-detail", pk=campaign.pk)
    return render(
        request,
        "profiling/campaign_detail.html",
        _detail_context(request, campaign, schedule_form=form),
        status=422,
    )


def _wave(request: HttpRequest, pk: int, number: int) -> tuple[Campaign, Wave]:
    campaign = _campaign(request, pk)
    return campaign, get_object_or_404(Wave, campaign=campaign, number=number)


@allows("profiling.view")
def wave_attendance(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    campaign, wave = _wave(request, pk, number)
    parts = _participants(request, campaign).filter(wave=wave)
    return render(
        request,
        "profiling/wave_attendance.html",
        {
            "campaign": campaign,
            "wave": wave,
            "participants": parts,
            "can_manage": _can_manage(request),
            "counts": _counts(campaign, wave, request.user),
            "all_waves": Wave.objects.filter(campaign=campaign),
        },
    )


def _counts(campaign: Campaign, wave: Wave, user: object = None) -> dict:
    """The wave's figures within the user's scope (a Kepala OPD: his unit's people, not the province)."""
    people = scope.employees_for(user) if user is not None else None
    return next(c for c in selectors.wave_counts(campaign, people) if c["wave"].pk == wave.pk)


def _participant(request: HttpRequest, pk: int, pid: int) -> Participant:
    campaign = _campaign(request, pk)
    return get_object_or_404(
        Participant.objects.select_related("employee__unit__opd", "employee__position", "wave", "campaign"),
        pk=pid,
        campaign=campaign,
        employee__in=scope.employees_for(request.user),
    )


@require_POST
@allows("profiling.manage")
def attendance_mark(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    p = _participant(request, pk, pid)
    error = ""
    try:
        services.attendance_mark(
            participant=p, attendance=request.POST.get("attendance", ""), by=request.user
        )
    except ValidationError as e:
        error = " ".join(e.messages)
    ctx = {
        "p": p,
        "campaign": p.campaign,
        "can_manage": True,
        "error": error,
        "counts": _counts(p.campaign, p.wave, request.user),
        "oob": True,
    }
    return render(request, "profiling/_attendance_row.html", ctx, status=422 if error else 200)


@require_POST
@allows("profiling.manage")
def attendance_all_present(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    campaign, wave = _wave(request, pk, number)
    parts = selectors.participants(campaign, scope.employees_for(request.user)).filter(wave=wave)
    n = services.attendance_mark_all_present(participants=parts, by=request.user)
    messages.success(request, _("%(n)s participants marked present.") % {"n": n})
    return redirect("profiling:attendance", pk=campaign.pk, number=wave.number)


@require_POST
@allows("profiling.manage")
def participant_move(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    p = _participant(request, pk, pid)
    old = p.wave
    try:
        new = services.participant_move(participant=p, by=request.user)
    except ValidationError as e:
        ctx = {
            "p": p,
            "campaign": p.campaign,
            "can_manage": True,
            "error": " ".join(e.messages),
            "counts": _counts(p.campaign, old, request.user),
            "oob": True,
        }
        return render(request, "profiling/_attendance_row.html", ctx, status=422)
    ctx = {
        "p": p,
        "campaign": p.campaign,
        "moved_to": new,
        "can_manage": True,
        "counts": _counts(p.campaign, old, request.user),
        "oob": True,
    }
    return render(request, "profiling/_attendance_row.html", ctx)


@allows("profiling.manage")
def participant_constraints(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    """One participant's unavailable dates, wave and pin (the CSV upload's change for one person)."""
    p = _participant(request, pk, pid)
    waves = Wave.objects.filter(campaign=p.campaign)
    form = forms.ParticipantConstraintsForm(
        request.POST or None,
        initial=forms.ParticipantConstraintsForm.initial_for(p),
        waves=waves,
        scheduled=p.wave_id is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_constraints_set(participant=p, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Schedule of %(name)s updated.") % {"name": p.employee.full_name})
            return redirect("profiling:campaign-detail", pk=p.campaign_id)
    status = 422 if request.method == "POST" else 200
    ctx = {"p": p, "campaign": p.campaign, "form": form}
    return render(request, "profiling/participant_form.html", ctx, status=status)


@allows("profiling.view")
def roster_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    campaign, wave = _wave(request, pk, number)
    parts = list(_participants(request, campaign).filter(wave=wave))
    pdf = documents.roster_pdf(campaign, wave, parts)
    return _file(pdf, f"daftar-hadir-gelombang-{wave.number}.pdf", "application/pdf")


@allows("profiling.view")
def roster_xlsx(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    campaign, wave = _wave(request, pk, number)
    parts = list(_participants(request, campaign).filter(wave=wave))
    data = documents.roster_xlsx(campaign, wave, parts)
    audit_bulk_read(request, action="profiling.roster_export", rows=len(parts), target=campaign)
    return _file(
        data,
        f"daftar-hadir-gelombang-{wave.number}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@allows("profiling.view")
def letter_pdf(request: HttpRequest, pk: int, opd: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    unit = get_object_or_404(scope.units_for(request.user), pk=opd)
    # The participants working in that unit or below it (for an OPD: the whole perangkat daerah).
    parts = list(_participants(request, campaign).filter(employee__unit__path__startswith=unit.path))
    if not parts:
        raise Http404
    # The letter's date and number are the BKD's to set (?tanggal=26/01/2026&nomor=800.2/123/BKD/2026).
    letter_date = _date_param(request.GET.get("tanggal", "")) or timezone.localdate()
    number = request.GET.get("nomor", "").strip()[:100]
    pdf = documents.letter_pdf(campaign, unit, parts, today=letter_date, number=number)
    return _file(pdf, f"undangan-profiling-{unit.pk}.pdf", "application/pdf")


@require_POST
@allows("profiling.view")
def letters_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """All invitation letters of the campaign (or of one wave), one PDF per participant, in a zip built by a
    background job: the page shows its progress and then the download."""
    campaign = _campaign(request, pk)
    parts = _participants(request, campaign)
    wave = request.POST.get("gelombang", "").strip()
    if number := as_id(wave):
        parts = parts.filter(wave__number=number)
    ids = list(parts.values_list("pk", flat=True))
    back = f"{reverse('profiling:campaign-detail', args=[campaign.pk])}"
    if not ids:
        messages.info(request, _("No participant: there is no letter to make."))
        return redirect(back)
    letter_date = _date_param(request.POST.get("tanggal", "")) or timezone.localdate()
    label = _("Invitation letters: %(campaign)s") % {"campaign": campaign.name}
    if wave.isdigit():
        label = _("Invitation letters: %(campaign)s, wave %(n)s") % {"campaign": campaign.name, "n": wave}
    job = job_create(
        kind=tasks.LETTERS_KIND,
        label=label[:300],
        user=request.user,
        params={
            "campaign": campaign.pk,
            "participants": ids,
            "date": letter_date.isoformat(),
            "number": request.POST.get("nomor", "").strip()[:100],
        },
    )
    audit_bulk_read(request, action="profiling.letters_export", rows=len(ids), target=campaign)
    tasks.letters_zip_task.enqueue(job.pk)
    if request.htmx:
        return render(request, "core/_job.html", job_context(job))
    return redirect(f"{back}?surat={job.pk}#letters-job")


@allows("profiling.view")
def letters_zip_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The zip of a finished letters job: only for whom the job is visible (its owner)."""
    from django.http import FileResponse

    job = get_object_or_404(
        scope.jobs_for(request.user), pk=pk, kind=tasks.LETTERS_KIND, status=Job.Status.SUCCEEDED
    )
    path = tasks.letters_path(job.pk)
    if not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip"
    )


def _date_param(value: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _import_jobs(request: HttpRequest) -> QuerySet[Job]:
    return scope.jobs_for(request.user).filter(kind=tasks.KIND)


@allows("profiling.manage")
def results_import(request: HttpRequest) -> HttpResponse:
    """The upload form; a POST saves the file and starts the import as a background job."""
    campaigns = scope.visible(request.user, Campaign)
    ctx: dict = {
        "campaigns": campaigns,
        "selected": request.GET.get("campaign", ""),
        "jobs": _import_jobs(request)[:10],
    }
    if request.method != "POST":
        return render(request, "profiling/import.html", ctx)
    upload = request.FILES.get("file")
    campaign = campaigns.filter(pk=request.POST.get("campaign") or 0).first()
    ctx["selected"] = str(campaign.pk) if campaign else ""
    if upload is None:
        ctx["errors"] = [_("Choose a CSV or Excel file.")]
        return render(request, "profiling/import.html", ctx, status=422)
    try:
        check_results_upload(upload)
    except ValidationError as e:
        ctx["errors"] = e.messages
        return render(request, "profiling/import.html", ctx, status=422)
    dry_run = bool(request.POST.get("dry_run"))
    path = tasks.save_upload(upload.name, upload.chunks())
    label = _("Dry run of results: %(name)s") if dry_run else _("Import of results: %(name)s")
    job = job_create(
        kind=tasks.KIND,
        label=label % {"name": upload.name[:200]},
        user=request.user,
        params={
            "path": str(path),
            "name": upload.name,
            "campaign": campaign.pk if campaign else None,
            "dry_run": dry_run,
            "user": request.user.pk,
        },
    )
    tasks.import_assessments_task.enqueue(job.pk)
    return redirect("profiling:import-job", pk=job.pk)


def _import_job_context(request: HttpRequest, pk: int) -> dict:
    job = get_object_or_404(_import_jobs(request), pk=pk)
    campaign = Campaign.objects.filter(pk=job.params.get("campaign") or 0).first()
    result = job.result or {}
    return {
        **job_context(job),
        "busy": job.status in (Job.Status.QUEUED, Job.Status.RUNNING),
        "result": result,
        "errors": result.get("errors", [])[:200],
        "campaign": campaign,
    }


@allows("profiling.manage")
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One upload: its progress while it runs (core's job fragment), then its outcome."""
    return render(request, "profiling/import_job.html", _import_job_context(request, pk))


@allows("profiling.manage")
def import_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx-polled outcome of an upload: empty while it runs, the counts or the errors when done."""
    return render(request, "profiling/_import_outcome.html", _import_job_context(request, pk))


def _cell(value: str) -> str:
    return safe_cell(value)  # core.cells: the one formula guard


@allows("profiling.manage")
def import_job_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The row errors of a refused file as CSV (row as a spreadsheet numbers it, column, value, reason)."""
    job = get_object_or_404(_import_jobs(request), pk=pk)
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["baris", "kolom", "nilai", "keterangan"])
    for e in (job.result or {}).get("errors", []):
        out.writerow([e["row"], e["column"], _cell(e["value"]), _cell(e["reason"])])
    response = HttpResponse(buf.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kesalahan-impor-{job.pk}.csv"'
    return response


@allows("profiling.manage")
def import_template(request: HttpRequest, instrument: str) -> HttpResponse:
    if instrument not in {"minimal", "cat_bkn", "assessment_centre"}:
        raise Http404
    cols = template_columns(instrument) if instrument != "minimal" else None
    return _file(
        documents.template_xlsx(cols),
        f"templat-hasil-{instrument}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@allows("profiling.view")
def coverage(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    campaigns = scope.visible(request.user, Campaign)
    campaign = campaigns.filter(pk=int_param(request, "campaign", 0, 0, MAX_ID)).first()
    cov = selectors.coverage(scope.employees_for(request.user), today=today, campaign=campaign)
    chart = {
        "opd": [r["name"] for r in cov.by_opd[:25]],
        "valid": [r["valid"] for r in cov.by_opd[:25]],
        "expired": [r["profiled"] - r["valid"] for r in cov.by_opd[:25]],
        "never": [r["never"] for r in cov.by_opd[:25]],
        "labels": [_("Valid"), _("Expired"), _("Never profiled")],
    }
    return render(
        request,
        "profiling/coverage.html",
        {
            "cov": cov,
            "campaign": campaign,
            "campaigns": campaigns,
            "today": today,
            "chart": chart,
        },
    )


@allows("profiling.competency")
def employee_competency(request: HttpRequest, pk: int) -> HttpResponse:
    """The competency tab of a profile: radar of the latest result against the standard of the current
    post and of a chosen target post, and the list of assessments."""
    employee = get_object_or_404(scope.employees_for(request.user).select_related("position"), pk=pk)
    results = list(selectors.assessments_of(employee))
    latest = results[0] if results else None
    current_std = employee.position.competency_standard if employee.position_id else None
    target = None
    if request.GET.get("target"):
        # Only a post the user may see (issue #12 finding 5: a Pegawai sees no posts but his own).
        ident = request.GET["target"]
        target = (
            scope.positions_for(request.user).filter(pk=post_id).first()
            if (post_id := as_id(ident))
            else None
        )
    codes = list(jr.COMPETENCY_CODES)
    radar = None
    if latest is not None:
        radar = {
            "indicators": [{"name": f"{c} {jr.COMPETENCIES[c]}", "max": 5} for c in codes],
            "series": [
                {
                    "name": _("Result %(date)s") % {"date": latest.assessed_on.strftime("%d-%m-%Y")},
                    "value": [float(latest.levels[c] or 0) for c in codes],
                },
                *(
                    [{"name": _("Standard of current post"), "value": [current_std[c] for c in codes]}]
                    if current_std
                    else []
                ),
                *(
                    [
                        {
                            "name": _("Standard of %(post)s") % {"post": target.name},
                            "value": [target.competency_standard[c] for c in codes],
                        }
                    ]
                    if target
                    else []
                ),
            ],
        }
    target_jpm = None
    if latest is not None and target is not None:
        from talenta.profiling.rules.jpm import jpm, mapping_category

        try:
            value = jpm(latest.levels, target.competency_standard)
            category = mapping_category(value, latest.mapping_bands)  # the bands of his result's campaign
            target_jpm = {"value": value, "category": JPM_CATEGORY_LABELS[category]}
        except ValueError:  # an assessment without all nine levels gives no JPM
            target_jpm = None
    targets = scope.positions_for(request.user).filter(is_critical=True).order_by("name")[:200]
    rows = [
        {"a": a, "valid": a.is_valid_on(timezone.localdate()), "gaps": [(c, a.gaps.get(c)) for c in codes]}
        for a in results
    ]
    return render(
        request,
        "profiling/_competency_tab.html",
        {
            "employee": employee,
            "results": rows,
            "latest": latest,
            "radar": radar,
            "target": target,
            "target_jpm": target_jpm,
            "targets": targets,
            "codes": codes,
            "url": reverse("profiling:employee-competency", args=[employee.pk]),
        },
    )


@allows("profiling.assessments")
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
                "category": mapping_category(value, a.mapping_bands) if value is not None else "",
                "competencies": [
                    {
                        "code": c,
                        "name": jr.COMPETENCIES[c],
                        "level": levels.get(c),
                        "standard": against.get(c),
                        "gap": diff.get(c),
                    }
                    for c in jr.COMPETENCIES
                ],
            }
        )
    return render(
        request,
        "profiling/_assessments.html",
        {"e": employee, "rows": rows, "against_post": standard is not None},
    )
