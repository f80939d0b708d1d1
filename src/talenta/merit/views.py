"""Screens of the merit-system self-assessment. Access: `accounts/policy.py` (merit.*); objects come from
`selectors.*_for(user)`, scoped to the user's instansi (another instansi's answer 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talenta.accounts.audit_views import _safe_cell
from talenta.accounts.policy import allows
from talenta.accounts.scope import instansi_for
from talenta.core.hardening import is_digits
from talenta.merit import exports, selectors, services
from talenta.merit import questionnaire as qn


def _errors(e: ValidationError) -> list[str]:
    return list(e.messages)


@allows("merit.view")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    qs = selectors.assessments_for(request.user).order_by("-year")
    rows = [(a, selectors.total_of(selectors.blocks(a))) for a in qs]
    year = timezone.localdate().year - 1
    return render(request, "merit/index.html", {"rows": rows, "next_year": year})


@allows("merit.answer")
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    instansi = instansi_for(request.user).first()
    try:
        year = int(request.POST.get("year", ""))
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        messages.error(request, _("Give a year, e.g. 2025."))
        return redirect("merit:index")
    try:
        a = services.assessment_create(instansi=instansi, year=year, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(_errors(e)))
        return redirect("merit:index")
    return redirect("merit:detail", pk=a.pk)


@allows("merit.view")
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    bs = selectors.blocks(a)
    ctx = {"a": a, "blocks": bs, "total": selectors.total_of(bs), "missing": services.missing(a)}
    return render(request, "merit/detail.html", ctx)


def _row_response(request: HttpRequest, answer: Any, errors: list[str] | None = None) -> HttpResponse:
    if not request.headers.get("HX-Request"):
        for e in errors or []:
            messages.error(request, e)
        return redirect(reverse("merit:detail", args=[answer.assessment_id]) + f"#q-{answer.pk}")
    ctx = {"a": answer.assessment, "r": selectors.single_row(answer), "errors": errors}
    return render(request, "merit/_answer.html", ctx, status=422 if errors else 200)


@allows("merit.answer")
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    x = get_object_or_404(selectors.answers_for(request.user), pk=pk)
    raw = request.POST.get("score", "")
    try:
        x = services.answer_save(
            answer=x,
            by=request.user,
            score=int(raw) if is_digits(raw) and len(raw) < 4 else None,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
            accept=request.POST.get("accept") == "1",
        )
    except ValidationError as e:
        return _row_response(request, x, _errors(e))
    return _row_response(request, x)


@allows("merit.answer")
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    x = get_object_or_404(selectors.answers_for(request.user), pk=pk)
    try:
        services.evidence_add(
            answer=x,
            by=request.user,
            name=request.POST.get("name", ""),
            url=request.POST.get("url", ""),
            upload=request.FILES.get("file"),
        )
    except ValidationError as e:
        return _row_response(request, x, _errors(e))
    return _row_response(request, x)


@allows("merit.answer")
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    e = get_object_or_404(selectors.evidence_for(request.user), pk=pk)
    x = e.answer
    try:
        services.evidence_delete(evidence=e, by=request.user)
    except ValidationError as err:
        return _row_response(request, x, _errors(err))
    return _row_response(request, x)


@allows("merit.view")
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    e = get_object_or_404(selectors.evidence_for(request.user), pk=pk)
    path = services.evidence_path(e) if e.is_file else None
    if path is None or not path.is_file():
        raise Http404
    filename = e.name if e.name.lower().endswith(path.suffix) else f"{e.name}{path.suffix}"
    response = FileResponse(
        path.open("rb"), content_type=e.content_type, as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _workflow(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    a = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    try:
        action(a)
    except ValidationError as e:
        bs = selectors.blocks(a)
        ctx = {"a": a, "blocks": bs, "total": selectors.total_of(bs), "missing": services.missing(a),
               "errors": _errors(e)}  # fmt: skip
        return render(request, "merit/detail.html", ctx, status=422)
    messages.success(request, done)
    return redirect("merit:detail", pk=a.pk)


@allows("merit.answer")
@require_POST
def recompute(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        lambda a: services.assessment_recompute(assessment=a, by=request.user),
        _("Evidence recomputed."),
    )


@allows("merit.answer")
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        lambda a: services.assessment_submit(assessment=a, by=request.user),
        _("Submitted for review."),
    )


@allows("merit.review")
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    approve = request.POST.get("outcome") == "approve"
    return _workflow(
        request,
        pk,
        lambda a: services.assessment_review(
            assessment=a, by=request.user, approve=approve, note=request.POST.get("note", "")
        ),
        _("Review recorded."),
    )


@allows("merit.view")
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    pdf = exports.report_pdf(a, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sistem-merit-{a.year}.pdf"'
    return response


@allows("merit.view")
@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(selectors.assessments_for(request.user), pk=pk)
    response = HttpResponse(exports.report_xlsx(a), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="sistem-merit-{a.year}.xlsx"'
    return response


@allows("merit.view")
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    ctx = selectors.comparison(selectors.assessments_for(request.user))
    return render(request, "merit/compare.html", ctx)


@allows("merit.questionnaire")
def questionnaires(request: HttpRequest) -> HttpResponse:
    """The stored versions, and the import of the official worksheet (Excel) as a new version."""
    problems: list[Any] = []
    if request.method == "POST":
        f = request.FILES.get("file")
        version, title = request.POST.get("version", "").strip(), request.POST.get("title", "").strip()
        if f is None or not f.name.lower().endswith(".xlsx") or f.size > services.max_bytes():
            problems = [qn.Problem(_("file"), "-", _("Choose the worksheet as an .xlsx file."))]
        else:
            parsed = qn.read_xlsx(f.read(), version=version, title=title)
            report = services.questionnaire_load(parsed=parsed, by=request.user)
            problems = report.problems
            if not problems:
                messages.success(request, _("Questionnaire %(v)s loaded.") % {"v": version})
                return redirect("merit:questionnaires")
    ctx = {"versions": services.questionnaires_for(request.user.instansi_id), "problems": problems}
    return render(request, "merit/questionnaires.html", ctx, status=422 if problems else 200)


@allows("merit.view")
@require_GET
def questionnaire_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    q = get_object_or_404(services.questionnaires_for(request.user.instansi_id), pk=pk)
    response = HttpResponse(qn.to_xlsx(q.data, _safe_cell), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="kuesioner-merit-{q.version}.xlsx"'
    return response
