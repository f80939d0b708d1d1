"""SIASN export in the background: the task's file re-imports unchanged, a unit limits the rows, only admin
and analis of the job's own instansi may download it, and every export is audited."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from ninja.testing import TestClient
from openpyxl import load_workbook

from talenta.api.siasn import router
from talenta.core.jobs import job_progress
from talenta.core.models import AuditEntry, Job
from talenta.people.models import Employee, Instansi, Unit
from talenta.siasn.exports import EXPORT_KIND, export_root, exports_cleanup
from talenta.siasn.services import siasn_import
from tests.people.factories import InstansiFactory, UnitFactory
from tests.siasn.factories import person, write_csv, write_json
from tests.siasn.test_roundtrip import _samples, snapshot, wipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def analis(make_user, refs):
    return make_user("analis", instansi=InstansiFactory())


def _export(client, captured, **data) -> Job:
    """POST the export form with the task run at commit; the job it created."""
    with captured(execute=True):
        r = client.post(reverse("siasn:export"), data)
    assert r.status_code == 302, r.content
    job = Job.objects.get(kind=EXPORT_KIND, pk=int(r["Location"].rstrip("/").split("/")[-1]))
    assert r["Location"] == reverse("siasn:export-job", args=[job.pk])
    return job


def _download(client, job: Job, tmp_path: Path) -> Path:
    r = client.get(reverse("siasn:export-file", args=[job.pk]))
    assert r.status_code == 200
    assert job.result["name"] in r["Content-Disposition"]
    out = tmp_path / "got" / job.result["name"]
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(b"".join(r.streaming_content))
    return out


def _login_into(client, user, instansi: Instansi) -> None:
    user.instansi = instansi
    user.save(update_fields=["instansi"])
    client.force_login(user)


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_task_output_round_trips_with_zero_changes(
    client, analis, tmp_path, fmt, django_capture_on_commit_callbacks
):
    assert siasn_import(paths=[_samples(tmp_path)]).written
    first = snapshot()
    _login_into(client, analis, Instansi.objects.get())
    job = _export(client, django_capture_on_commit_callbacks, format=fmt)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    got = _download(client, job, tmp_path)
    assert got.suffix == (".zip" if fmt == "json" else ".xlsx")
    if fmt == "json":
        assert "data-utama.json" in zipfile.ZipFile(got).namelist()
    again = siasn_import(paths=[got])
    assert again.changed == 0, again.counts_dict()
    analis.delete()  # the user holds on to the instansi that wipe() deletes
    wipe()
    assert siasn_import(paths=[got]).written
    assert snapshot() == first


def test_task_csv_round_trips_with_zero_changes(client, analis, tmp_path, django_capture_on_commit_callbacks):
    siasn_import(paths=[write_csv(tmp_path, [person(1), person(2, kedudukanPnsId="1", tmtPns="null")])])
    first = snapshot()
    _login_into(client, analis, Instansi.objects.get())
    job = _export(client, django_capture_on_commit_callbacks, format="csv")
    got = _download(client, job, tmp_path)
    assert job.result["rows"] == {"data-utama": 2}
    assert siasn_import(paths=[got]).changed == 0
    analis.delete()
    wipe()
    siasn_import(paths=[got])
    assert snapshot() == first


def test_unit_export_holds_only_the_unit_subtree(
    client, analis, tmp_path, django_capture_on_commit_callbacks
):
    other = person(2, unorId="ffff", unorNama="BIRO UMUM", unorIndukId="", unorIndukNama="")
    siasn_import(paths=[write_json(tmp_path, "data-utama", [person(1), other])])
    unit = Unit.objects.get(bkn_unor_id="ffff")
    _login_into(client, analis, unit.instansi)
    job = _export(client, django_capture_on_commit_callbacks, format="xlsx", unit=unit.pk)
    job.refresh_from_db()
    assert job.result["rows"]["data-utama"] == 1 and job.result["unit"] == "BIRO UMUM"
    ws = load_workbook(_download(client, job, tmp_path), read_only=True)["data-utama"]
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index("nipBaru")
    nips = [r[col] for r in rows[1:]]
    assert nips == [Employee.objects.get(unit=unit).nip]


def test_export_progress_counts_every_record(client, analis, tmp_path, django_capture_on_commit_callbacks):
    siasn_import(paths=[_samples(tmp_path)])
    _login_into(client, analis, Instansi.objects.get())
    job = _export(client, django_capture_on_commit_callbacks, format="json")
    job.refresh_from_db()
    progress = job_progress(job.pk)
    assert progress["total"] == sum(job.result["rows"].values()) == progress["done"]
    assert job.result["rows"]["data-utama"] == 2 and job.result["rows"]["rw-golongan"] == 2
    page = client.get(reverse("siasn:export-job", args=[job.pk])).content.decode()
    assert 'id="job-download"' in page and reverse("siasn:export-file", args=[job.pk]) in page


def test_export_is_audited_with_who_format_unit_and_rows(
    client, analis, tmp_path, django_capture_on_commit_callbacks
):
    siasn_import(paths=[_samples(tmp_path)])
    _login_into(client, analis, Instansi.objects.get())
    job = _export(client, django_capture_on_commit_callbacks, format="csv")
    entry = AuditEntry.objects.get(action="siasn.export")
    assert entry.actor_username == analis.username and entry.actor_role == "analis"
    assert entry.target_id == str(job.pk) and entry.instansi_id == analis.instansi_id
    assert entry.changes["format"] == "csv" and entry.changes["unit_id"] is None
    assert entry.changes["rows"] == {"data-utama": 2}
    _download(client, job, tmp_path)
    assert (
        AuditEntry.objects.filter(action="siasn.export.download", actor_username=analis.username).count() == 1
    )


def test_index_lists_recent_exports_with_a_download_link(client, analis, django_capture_on_commit_callbacks):
    client.force_login(analis)
    job = _export(client, django_capture_on_commit_callbacks, format="xlsx")
    page = client.get(reverse("siasn:index")).content.decode()
    assert f'data-job="{job.pk}"' in page
    assert reverse("siasn:export-file", args=[job.pk]) in page and analis.username in page
    assert "disimpan selama 7 hari" in page


def test_another_instansi_admin_cannot_see_or_download(
    client, analis, make_user, django_capture_on_commit_callbacks
):
    client.force_login(analis)
    job = _export(client, django_capture_on_commit_callbacks, format="csv")
    stranger = make_user("admin", username="admin-b", instansi=InstansiFactory(bkn_id="B" * 32, kode="9"))
    client.force_login(stranger)
    assert client.get(reverse("siasn:export-file", args=[job.pk])).status_code == 404
    assert client.get(reverse("siasn:export-job", args=[job.pk])).status_code == 404
    assert f'data-job="{job.pk}"' not in client.get(reverse("siasn:index")).content.decode()
    api = TestClient(router)
    assert api.get(f"/exports/{job.pk}/file", user=stranger).status_code == 404
    assert api.get(f"/exports/{job.pk}", user=stranger).status_code == 404
    assert not AuditEntry.objects.filter(action="siasn.export.download").exists()


def test_a_job_of_another_kind_is_not_an_export(client, analis):
    client.force_login(analis)
    other = Job.objects.create(
        kind="talent.map", label="x", instansi_id=analis.instansi_id, status="succeeded"
    )
    assert client.get(reverse("siasn:export-file", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("role", ["komite", "pimpinan", "auditor"])
def test_other_roles_get_403(client, analis, make_user, role, django_capture_on_commit_callbacks):
    client.force_login(analis)
    job = _export(client, django_capture_on_commit_callbacks, format="csv")
    user = make_user(role, instansi=analis.instansi)
    client.force_login(user)
    assert client.post(reverse("siasn:export"), {"format": "csv"}).status_code == 403
    assert client.get(reverse("siasn:export-job", args=[job.pk])).status_code == 403
    assert client.get(reverse("siasn:export-file", args=[job.pk])).status_code == 403
    assert Job.objects.filter(kind=EXPORT_KIND).count() == 1


def test_old_export_files_are_deleted_by_the_next_export(
    client, analis, settings, django_capture_on_commit_callbacks
):
    client.force_login(analis)
    old = _export(client, django_capture_on_commit_callbacks, format="csv")
    old_folder = Path(old.result["path"]).parent
    week_ago = time.time() - 8 * 86400
    os.utime(old_folder, (week_ago, week_ago))
    new = _export(client, django_capture_on_commit_callbacks, format="csv")
    assert not old_folder.exists() and Path(new.result["path"]).is_file()
    assert client.get(reverse("siasn:export-file", args=[old.pk])).status_code == 404
    assert "tidak tersedia lagi" in client.get(reverse("siasn:index")).content.decode()
    assert exports_cleanup(keep_days=7) == []


def test_invalid_form_re_renders_with_422(client, analis):
    client.force_login(analis)
    r = client.post(reverse("siasn:export"), {"format": "pdf"})
    assert r.status_code == 422
    assert not Job.objects.exists()


# --- API ---------------------------------------------------------------------------------------------------


def test_api_export_202_then_status_then_file(analis, tmp_path, django_capture_on_commit_callbacks):
    siasn_import(paths=[_samples(tmp_path)])
    analis.instansi = Instansi.objects.get()
    analis.save(update_fields=["instansi"])
    api = TestClient(router)
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post("/exports", json={"format": "json"}, user=analis)
    assert r.status_code == 202, r.content
    job_id = r.json()["id"]
    detail = api.get(f"/exports/{job_id}", user=analis).json()
    assert detail["status"] == "succeeded" and detail["format"] == "json"
    assert detail["progress"]["done"] == detail["progress"]["total"] == sum(detail["result"]["rows"].values())
    assert "path" not in detail["result"] and detail["result"]["available"] is True
    assert detail["file_url"] == f"/api/v1/siasn/exports/{job_id}/file"
    f = api.get(f"/exports/{job_id}/file", user=analis)
    assert f.status_code == 200
    zf = zipfile.ZipFile(io.BytesIO(f.content))
    envelope = json.loads(zf.read("data-utama.json"))
    assert envelope["count"] == 2
    assert [j["id"] for j in api.get("/exports", user=analis).json()] == [job_id]


def test_api_refuses_a_unit_of_another_instansi_and_an_unknown_format(analis, refs):
    api = TestClient(router)
    foreign = UnitFactory(instansi=InstansiFactory(bkn_id="C" * 32, kode="8"))
    assert api.post("/exports", json={"format": "csv", "unit_id": foreign.pk}, user=analis).status_code == 422
    assert api.post("/exports", json={"format": "pdf"}, user=analis).status_code == 422
    assert not Job.objects.exists()


def test_api_other_roles_get_403(make_user, refs):
    user = make_user("komite", instansi=InstansiFactory())
    api = TestClient(router)
    assert api.post("/exports", json={"format": "csv"}, user=user).status_code == 403
    assert not Job.objects.exists()


def test_export_root_is_under_var_dir(settings):
    assert export_root() == Path(settings.VAR_DIR) / "siasn-exports"
