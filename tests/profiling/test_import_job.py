"""The UI's results import as a background job: who may upload, atomic outcome on the job page, progress
through core.jobs, errors as CSV, and another instansi's job is absent (404). The test settings run
tasks immediately, so a POST has finished its job when it answers."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talenta.core.jobs import job_progress
from talenta.core.models import AuditEntry, Job
from talenta.profiling.models import Assessment
from talenta.profiling.tasks import KIND
from tests.people.factories import EmployeeFactory, OtherInstansiFactory, UnitFactory
from tests.profiling.factories import CampaignFactory

HEADER = "nip,tanggal,m1,m2,m3,m4,m5,m6,m7,m8,s1,skor_potensi\n"


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _file(*rows: str, name: str = "hasil.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "".join(r + "\n" for r in rows)).encode())


def _login(client, make_user, province, role="analis", **scope):
    client.force_login(make_user(role, instansi=province["instansi"], **scope))
    return client


def _upload(c, upload, **data):
    return c.post(reverse("profiling:import"), {"file": upload, **data})


def test_upload_runs_as_a_job_and_the_page_shows_the_counts(client, make_user, province, _uploads):
    c = _login(client, make_user, province)
    nips = [province["people"][i].nip for i in (6, 7)]
    r = _upload(c, _file(*(f"{n},2025-11-18,3,3,3,3,3,3,3,3,3,80" for n in nips)))
    job = Job.objects.get(kind=KIND)
    assert r.status_code == 302 and r["Location"] == reverse("profiling:import-job", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.instansi_id == province["instansi"].pk
    assert (job.result["created"], job.result["updated"], job.result["errors"]) == (2, 0, [])
    assert Assessment.objects.filter(employee__nip__in=nips).count() == 2
    html = c.get(r["Location"]).content.decode()
    assert 'id="import-report"' in html and "2 baris: 2 baru, 0 diperbarui, 0 tidak berubah" in html
    assert 'id="job-' in html  # core's job fragment, finished: no more polling
    assert "hx-trigger" not in html.split('id="import-outcome"')[1].split(">")[0]
    assert not list((_uploads / "profiling-uploads").iterdir())  # the upload is deleted after the run


def test_progress_counts_every_row_checked_and_written(client, make_user, province):
    c = _login(client, make_user, province)
    nip = province["people"][6].nip
    _upload(c, _file(f"{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80"))
    job = Job.objects.get(kind=KIND)
    assert job_progress(job.pk)["total"] == 2 and job_progress(job.pk)["done"] == 2
    r = c.get(reverse("dashboard:job", args=[job.pk]))
    assert r.status_code == 200 and 'aria-valuenow="100"' in r.content.decode()


def test_one_bad_row_saves_nothing_and_the_errors_name_row_and_field(client, make_user, province):
    c = _login(client, make_user, province)
    good, bad = province["people"][6].nip, province["people"][7].nip
    r = _upload(c, _file(f"{good},2025-11-18,3,3,3,3,3,3,3,3,3,80", f"{bad},2025-11-18,3,3,3,3,3,3,3,3,9,80"))
    job = Job.objects.get(kind=KIND)
    assert job.status == Job.Status.FAILED and "1 kesalahan" in job.error
    assert not Assessment.objects.filter(employee__nip__in=[good, bad]).exists()
    assert not AuditEntry.objects.filter(action="profiling.assessments_import").exists()
    html = c.get(r["Location"]).content.decode()
    assert 'id="import-errors"' in html and "Baris 3, kolom s1, nilai &#x27;9&#x27;" in html
    csv_resp = c.get(reverse("profiling:import-job-errors", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(csv_resp.content.decode("utf-8-sig"))))
    assert rows[0] == ["baris", "kolom", "nilai", "keterangan"]
    assert rows[1][:3] == ["3", "s1", "9"] and "level" in rows[1][3]


def test_dry_run_job_reports_and_writes_nothing(client, make_user, province):
    c = _login(client, make_user, province)
    nip = province["people"][6].nip
    r = _upload(c, _file(f"{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80"), dry_run="1")
    job = Job.objects.get(kind=KIND)
    assert job.result["dry_run"] and job.result["created"] == 1
    assert not Assessment.objects.filter(employee__nip=nip).exists()
    assert "Uji coba: tidak ada yang disimpan." in c.get(r["Location"]).content.decode()


def test_campaign_chosen_on_upload_gets_the_results(client, make_user, province):
    campaign = CampaignFactory(instansi=province["instansi"])
    c = _login(client, make_user, province)
    nip = province["people"][6].nip
    _upload(c, _file(f"{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80"), campaign=str(campaign.pk))
    assert Assessment.objects.get(employee__nip=nip).campaign == campaign


def test_upload_only_sees_the_uploaders_scope(client, make_user, province):
    """A NIP of another instansi is not found, exactly as when the import ran inside the request."""
    stranger = EmployeeFactory(instansi=OtherInstansiFactory())
    c = _login(client, make_user, province)
    _upload(c, _file(f"{stranger.nip},2025-11-18,3,3,3,3,3,3,3,3,3,80"))
    job = Job.objects.get(kind=KIND)
    assert job.result["errors"][0]["column"] == "nip"
    assert not Assessment.objects.filter(employee=stranger).exists()


def test_no_file_is_refused_at_once_without_a_job(client, make_user, province):
    c = _login(client, make_user, province)
    r = c.post(reverse("profiling:import"), {})
    assert r.status_code == 422 and "Pilih berkas CSV atau Excel." in r.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", ["komite", "pimpinan", "auditor", "kepala-opd", "pegawai"])
def test_only_admin_and_analis_upload(client, make_user, province, role):
    scope = {"employee": province["people"][3]} if role == "pegawai" else {}
    if role == "kepala-opd":
        scope = {"unit": province["opds"][0]}
    c = _login(client, make_user, province, role, **scope)
    nip = province["people"][6].nip
    assert _upload(c, _file(f"{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80")).status_code == 403
    assert not Job.objects.exists() and not Assessment.objects.filter(employee__nip=nip).exists()


def test_admin_uploads_too(client, make_user, province):
    c = _login(client, make_user, province, "admin")
    nip = province["people"][6].nip
    assert _upload(c, _file(f"{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80")).status_code == 302
    assert Assessment.objects.filter(employee__nip=nip).exists()


def test_another_instansis_job_is_absent(client, make_user, province):
    c = _login(client, make_user, province)
    nip = province["people"][6].nip
    _upload(c, _file(f"{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80"))
    job = Job.objects.get(kind=KIND)
    other = OtherInstansiFactory()
    client.force_login(make_user("analis", username="analis-lain", instansi=other))
    for name in ("profiling:import-job", "profiling:import-job-status", "profiling:import-job-errors"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.get(reverse("dashboard:job", args=[job.pk])).status_code == 404


def test_another_kind_of_job_is_not_an_import(client, make_user, province):
    job = Job.objects.create(kind="talent.map", label="Pemetaan", instansi_id=province["instansi"].pk)
    c = _login(client, make_user, province)
    assert c.get(reverse("profiling:import-job", args=[job.pk])).status_code == 404


def test_a_queued_job_keeps_polling_its_outcome(client, make_user, province):
    job = Job.objects.create(
        kind=KIND, label="Impor hasil: x.csv", instansi_id=province["instansi"].pk, params={"name": "x.csv"}
    )
    c = _login(client, make_user, province)
    html = c.get(reverse("profiling:import-job-status", args=[job.pk])).content.decode()
    assert reverse("profiling:import-job-status", args=[job.pk]) in html and "every 2s" in html
    page = c.get(reverse("profiling:import-job", args=[job.pk])).content.decode()
    assert reverse("dashboard:job", args=[job.pk]) in page  # the progress bar polls core's fragment


def test_recent_imports_are_listed_on_the_upload_page(client, make_user, province):
    c = _login(client, make_user, province)
    nip = province["people"][6].nip
    _upload(c, _file(f"{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80", name="gelombang-1.csv"))
    html = c.get(reverse("profiling:import")).content.decode()
    assert 'id="import-jobs"' in html and "gelombang-1.csv" in html


def test_a_deleted_uploader_fails_the_job_and_writes_nothing(province, make_user, _uploads):
    from talenta.core.jobs import job_create
    from talenta.profiling.tasks import import_assessments_task, save_upload

    user = make_user("analis", instansi=province["instansi"])
    nip = province["people"][6].nip
    path = save_upload("h.csv", [(HEADER + f"{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80\n").encode()])
    job = job_create(
        kind=KIND, label="x", user=user, params={"path": str(path), "name": "h.csv", "user": user.pk}
    )
    user.delete()
    import_assessments_task.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "tidak ada" in job.error
    assert not Assessment.objects.filter(employee__nip=nip).exists()


def test_kepala_opd_cannot_open_an_import_job(client, make_user, province):
    job = Job.objects.create(kind=KIND, label="x", instansi_id=province["instansi"].pk)
    unit = UnitFactory(instansi=province["instansi"], name="Biro Umum")
    c = _login(client, make_user, province, "kepala-opd", unit=unit)
    assert c.get(reverse("profiling:import-job", args=[job.pk])).status_code == 403


def test_errors_csv_neutralises_formulas_from_the_file(client, make_user, province):
    c = _login(client, make_user, province)
    nip = province["people"][6].nip
    _upload(c, _file(f"{nip},2025-11-18,=1+1,3,3,3,3,3,3,3,3,80"))
    job = Job.objects.get(kind=KIND)
    body = c.get(reverse("profiling:import-job-errors", args=[job.pk])).content.decode("utf-8-sig")
    assert "2,m1,'=1+1," in body
