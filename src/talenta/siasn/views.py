"""SIASN pages: upload → preview (a dry run in the background) → confirm (the import in the background);
the list of past imports, their error reports, the Excel template; the export (a background job whose
file is kept for a week, see tasks.export_task) and the list of recent exports. Admin and analis only."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from talenta.accounts import scope
from talenta.accounts.policy import allows
from talenta.core.jobs import job_context, job_create
from talenta.core.models import Job
from talenta.core.uploads import SIASN_SUFFIXES, check_siasn_upload
from talenta.siasn import selectors
from talenta.siasn.exports import export_download, export_path, siasn_template
from talenta.siasn.formats.writers import write_error_report
from talenta.siasn.models import ImportRun
from talenta.siasn.rules.fields import KINDS
from talenta.siasn.services import safe_name
from talenta.siasn.tasks import export_enqueue, import_run_task

UPLOAD_SUFFIXES = SIASN_SUFFIXES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("SIASN files"),
        widget=MultipleFileInput(attrs={"multiple": True}),
        help_text=_(
            "API JSON (one file per endpoint, or a zip), Export Data ASN CSV, or the Talenta Excel template."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("auto", _("Detect")), ("json", "JSON"), ("csv", "CSV"), ("xlsx", "Excel")],
        initial="auto",
    )
    skip_invalid = forms.BooleanField(label=_("Import the valid rows and report the rest"), required=False)
    hukdis_complete = forms.BooleanField(
        label=_("The rw-hukdis in these files covers everyone in them (no row means no sentence)"),
        help_text=_("Records their discipline history as checked today, for the profile's completeness."),
        required=False,
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        for f in files:
            if Path(f.name).suffix.lower() not in UPLOAD_SUFFIXES:
                raise forms.ValidationError(
                    _("%(name)s: only .json, .csv, .xlsx or .zip files.") % {"name": f.name}
                )
            check_siasn_upload(f)
        return files


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("xlsx", "Excel"),
            ("csv", "CSV (Export Data ASN)"),
            ("json", _("JSON (zip of API envelopes)")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=None,
        required=False,
        empty_label=_("Whole instansi"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("auto_id", "export_%s")  # the upload form on the same page has a `format` too
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.units_for(user).order_by("path")


def _run(request: HttpRequest, pk: int) -> ImportRun:
    return get_object_or_404(selectors.runs_for(request.user), pk=pk)


@allows("siasn.manage")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "siasn/index.html", _index(request))


def _enqueue(run: ImportRun, user) -> None:
    label = _("SIASN preview") if run.dry_run else _("SIASN import")
    job = job_create(kind="siasn.import", label=str(label), user=user, params={"run": run.pk})
    run.job = job
    run.status = ImportRun.Status.QUEUED
    run.save(update_fields=["job", "status"])
    transaction.on_commit(lambda: import_run_task.enqueue(run.pk, job.pk))


@require_POST
@allows("siasn.manage")
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "siasn/index.html", _index(request, form=form), status=422)
    folder = Path(settings.VAR_DIR) / "siasn-uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    for f in form.cleaned_data["files"]:
        with (folder / safe_name(f.name)).open("wb") as out:
            for chunk in f.chunks():
                out.write(chunk)
    run = ImportRun.objects.create(
        user=request.user,
        username=request.user.username,
        instansi_id=request.user.instansi_id,
        format=form.cleaned_data["format"],
        skip_invalid=form.cleaned_data["skip_invalid"],
        hukdis_complete=form.cleaned_data["hukdis_complete"],
        dry_run=True,
        upload_dir=str(folder),
        # Names and sizes now (the page shows them while the import runs); sha256 when it has read them.
        files=[{"name": p.name, "size": p.stat().st_size} for p in sorted(folder.iterdir())],
    )
    _enqueue(run, request.user)
    return redirect("siasn:run", pk=run.pk)


# What an import creates besides SIASN's records (which keep their endpoint names, as BKN spells them).
KIND_LABELS = {
    "instansi": _("Instansi"),
    "unit": _("Organisation units"),
    "position": _("Posts (seats)"),
}


def _context(run: ImportRun) -> dict:
    kinds = []
    for kind, counts in run.counts.items():
        if not any(counts.values()):
            continue  # e.g. no post touched: not a row of zeros
        # A record kind by BKN's own name of it ("Riwayat golongan"), never its endpoint code.
        label = KIND_LABELS.get(kind) or (KINDS[kind].label if kind in KINDS else kind)
        kinds.append({"kind": kind, "label": label, **counts, "samples": run.samples.get(kind, {})})
    live = job_context(run.job) if run.job_id else {"progress": {}, "percent": 0}
    if run.job_id and run.job.status == Job.Status.FAILED and run.status == ImportRun.Status.RUNNING:
        run.refresh_from_db()  # its worker died: job_context has just failed it (core.jobs.jobs_reap)
    percent = live["percent"]
    return {
        "run": run,
        "kinds": kinds,
        "errors": run.errors[:100],
        # A file that cannot be read (a broken JSON, a NUL, a NaN, an Excel error cell) is refused whole:
        # importing only the valid rows cannot help there.
        "file_refused": any(not e.get("kind") and not e.get("row") for e in run.errors),
        "progress": live["progress"],
        "percent": percent,
        "percent_step": min(100, (percent + 4) // 5 * 5),  # rounded up: a started import shows a bar
        "busy": run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING),
    }


@allows("siasn.manage")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "siasn/run.html", _context(_run(request, pk)))


@allows("siasn.manage")
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx-polled body of the run page: progress while it runs, the preview or result when done."""
    return render(request, "siasn/_run_body.html", _context(_run(request, pk)))


@require_POST
@allows("siasn.manage")
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.status != ImportRun.Status.PREVIEW or (run.error_count and not run.skip_invalid):
        return render(request, "siasn/run.html", {**_context(run), "confirm_refused": True}, status=422)
    run.dry_run = False
    run.user = request.user
    run.username = request.user.username
    run.save(update_fields=["dry_run", "user", "username"])
    _enqueue(run, request.user)
    return redirect("siasn:run", pk=run.pk)


@allows("siasn.manage")
def errors_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = _run(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        buf = io.StringIO()
        write_error_report(run.errors, buf, "csv")
        data = ("\ufeff" + buf.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        bbuf = io.BytesIO()
        write_error_report(run.errors, bbuf, "xlsx")
        data = bbuf.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="kesalahan-impor-{run.pk}.{fmt}"'
    return response


@allows("siasn.manage")
def template_download(request: HttpRequest) -> HttpResponse:
    buf = io.BytesIO()
    siasn_template(buf)
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename="templat-siasn-talenta.xlsx")


def _index(request: HttpRequest, **context) -> dict:
    exports = list(selectors.exports_for(request.user)[:20])
    for job in exports:
        job.available = export_path(job) is not None
    return {
        "form": UploadForm(),
        "runs": selectors.runs_for(request.user).select_related("job")[:50],
        "export_form": ExportForm(user=request.user),
        "exports": exports,
        "keep_days": settings.SIASN_EXPORT_KEEP_DAYS,
        **context,
    }


@require_POST
@allows("siasn.manage")
def export(request: HttpRequest) -> HttpResponse:
    """Start an export in the background and show its progress (the file is downloaded when done)."""
    form = ExportForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "siasn/index.html", _index(request, export_form=form), status=422)
    job = export_enqueue(user=request.user, fmt=form.cleaned_data["format"], unit=form.cleaned_data["unit"])
    return redirect("siasn:export-job", pk=job.pk)


def _export_job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(selectors.exports_for(request.user), pk=pk)


@allows("siasn.manage")
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _export_job(request, pk)
    return render(
        request, "siasn/export.html", {**job_context(job), "keep_days": settings.SIASN_EXPORT_KEEP_DAYS}
    )


@allows("siasn.manage")
def export_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = _export_job(request, pk)
    path = export_download(job, request.user)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
