"""The SIASN pages: roles, upload → preview → confirm, error downloads, template and export."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from talenta.people.models import Employee
from talenta.siasn.models import ImportRun
from tests.people.factories import InstansiFactory
from tests.siasn.factories import SAMPLES, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def analis(make_user, refs, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return make_user("analis", instansi=InstansiFactory())


def _upload(client, name, data, **extra):
    return client.post(
        reverse("siasn:upload"), {"files": [SimpleUploadedFile(name, data)], "format": "auto", **extra}
    )


@pytest.mark.parametrize("role", ["komite", "pimpinan", "auditor"])
def test_other_roles_get_403(make_user, role, client):
    user = make_user(role, instansi=InstansiFactory())
    client.force_login(user)
    assert client.get(reverse("siasn:index")).status_code == 403
    assert _upload(client, "data-utama.json", b"{}").status_code == 403
    assert not ImportRun.objects.exists()


def test_upload_previews_then_confirm_imports(client, analis, django_capture_on_commit_callbacks):
    client.force_login(analis)
    with django_capture_on_commit_callbacks(execute=True):
        r = _upload(client, "data-utama.json", (SAMPLES / "data-utama.json").read_bytes())
    assert r.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "preview" and run.counts["data-utama"]["created"] == 1
    assert run.files[0]["name"] == "data-utama.json" and len(run.files[0]["sha256"]) == 64
    assert not Employee.objects.exists()
    page = client.get(reverse("siasn:run", args=[run.pk]))
    assert page.status_code == 200
    assert "CONTOH NAMA PEGAWAI" in page.content.decode()
    from talenta.core.textcheck import problems

    # The preview speaks Indonesian: outcomes as labels ("baru"), not "created"; no codes or ISO dates.
    assert [k for k, _t in problems(page.content.decode()) if k != "internal-id"] == []
    assert "<td>created</td>" not in page.content.decode() and "<td>baru</td>" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("siasn:confirm", args=[run.pk]))
    assert r.status_code == 302
    run.refresh_from_db()
    assert run.status == "succeeded"
    assert Employee.objects.get().instansi_id == analis.instansi_id


def test_preview_with_errors_cannot_be_confirmed_and_errors_download(
    client, analis, django_capture_on_commit_callbacks
):
    client.force_login(analis)
    import json

    bad = json.dumps({"code": 1, "data": [person(1, golRuangAkhirId="46")]}).encode()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, "data-utama.json", bad)
    run = ImportRun.objects.get()
    assert run.error_count == 1
    assert client.post(reverse("siasn:confirm", args=[run.pk])).status_code == 422
    csv_body = client.get(reverse("siasn:errors", args=[run.pk, "csv"])).content.decode("utf-8-sig")
    assert "data[0].golRuangAkhirId" in csv_body and "golRuangAkhirId 46 tidak dikenal" in csv_body
    xlsx = client.get(reverse("siasn:errors", args=[run.pk, "xlsx"]))
    ws = load_workbook(
        io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content)
    ).active
    assert ws.cell(row=2, column=6).value == "golRuangAkhirId 46 tidak dikenal"


def test_another_instansi_run_is_404(client, analis, make_user):
    other = ImportRun.objects.create(instansi=InstansiFactory(bkn_id="X" * 32, kode="9"), username="x")
    client.force_login(analis)
    assert client.get(reverse("siasn:run", args=[other.pk])).status_code == 404


def test_template_download_has_a_sheet_per_kind_and_validation_lists(client, analis):
    client.force_login(analis)
    r = client.get(reverse("siasn:template"))
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert "data-utama" in wb.sheetnames and "rw-skp22" in wb.sheetnames
    ws = wb["data-utama"]
    assert ws.cell(row=2, column=1).value == "CONTOH"
    assert any("referensi!" in dv.formula1 for dv in ws.data_validations.dataValidation)


def test_export_downloads_a_zip_of_envelopes(client, analis, django_capture_on_commit_callbacks):
    client.force_login(analis)
    from talenta.siasn.services import siasn_import

    siasn_import(paths=[SAMPLES / "data-utama.json"], instansi=analis.instansi)
    assert client.get(reverse("siasn:export"), {"format": "json"}).status_code == 405  # POST starts a job
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("siasn:export"), {"format": "json"})
    assert r.status_code == 302
    page = client.get(r["Location"])
    assert page.status_code == 200 and 'id="job-download"' in page.content.decode()
    file_url = page.content.decode().split('id="job-download" href="')[1].split('"')[0]
    zf = zipfile.ZipFile(io.BytesIO(b"".join(client.get(file_url).streaming_content)))
    assert "data-utama.json" in zf.namelist()


def test_a_checked_import_is_handed_back_to_who_uploaded_it(
    client, analis, make_user, django_capture_on_commit_callbacks
):
    from talenta.accounts import notifications

    colleague = make_user("analis", username="analis-2", instansi=analis.instansi)
    client.force_login(analis)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, "data-utama.json", (SAMPLES / "data-utama.json").read_bytes())
    run = ImportRun.objects.get()
    [note] = notifications.for_user(analis)
    assert "data-utama.json" in notifications.text(note) and note.url == reverse("siasn:run", args=[run.pk])
    assert not notifications.for_user(colleague).exists()


def test_the_same_file_uploaded_again_is_answered_without_reading_it_and_the_page_says_so(
    client, analis, django_capture_on_commit_callbacks
):
    """Upload, check, confirm, three times: the first writes and records what reading the file again would
    report; the second and the third (their checks and their confirmations) are answered from that record."""
    client.force_login(analis)
    data = (SAMPLES / "data-utama.json").read_bytes()
    checked = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            _upload(client, "data-utama.json", data)
        preview = ImportRun.objects.order_by("-id").first()
        assert preview.status == "preview"
        checked.append(any("tidak dibaca ulang" in n for n in preview.notes))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("siasn:confirm", args=[preview.pk]))
        run = ImportRun.objects.order_by("-id").first()
        assert run.status == "succeeded"
    first, second, third = ImportRun.objects.order_by("id")  # one run each: checked, then confirmed
    assert first.replay and first.counts["data-utama"]["created"] == 1  # it wrote the person
    assert not any("tidak dibaca ulang" in n for n in first.notes)
    assert second.replay["stamps"] == third.replay["stamps"] == first.replay["stamps"]
    assert any("tidak dibaca ulang" in n for n in second.notes)
    assert any("tidak dibaca ulang" in n for n in third.notes)
    assert checked == [False, True, True]
    page = client.get(reverse("siasn:run", args=[preview.pk])).content.decode()
    assert "tidak dibaca ulang" in page and "WIB" in page
    from talenta.core.textcheck import problems

    assert [k for k, _t in problems(page) if k != "internal-id"] == []
    assert run.counts["data-utama"] == {"created": 0, "updated": 0, "unchanged": 1, "rejected": 0}
