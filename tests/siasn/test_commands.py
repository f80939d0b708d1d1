"""The import-siasn, export-siasn and siasn-template commands."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from talenta.people.models import Employee, SkpHistory
from tests.siasn.factories import SAMPLES, acting_post, nip, person, write_json

pytestmark = pytest.mark.django_db


def test_import_command_reports_and_a_second_run_says_nothing_changed(refs):
    out = io.StringIO()
    call_command("import-siasn", str(SAMPLES / "data-utama.json"), stdout=out, stderr=io.StringIO())
    assert Employee.objects.count() == 1
    out = io.StringIO()
    call_command("import-siasn", str(SAMPLES / "data-utama.json"), stdout=out, stderr=io.StringIO())
    assert "Tidak ada perubahan" in out.getvalue()


def test_read_again_reads_the_rows_a_record_would_answer_for(refs, tmp_path, monkeypatch):
    from talenta.siasn import services
    from talenta.siasn.models import ImportRun

    reads = []
    records = services.records
    monkeypatch.setattr(services, "records", lambda *a, **k: reads.append(1) or records(*a, **k))
    path = write_json(tmp_path, "data-utama", [person(1)])
    for flags in ([], [], ["--read-again"], []):
        call_command("import-siasn", str(path), *flags, stdout=io.StringIO(), stderr=io.StringIO())
        run = ImportRun.objects.order_by("-id").first()
        assert (
            run.status == "succeeded"
            and run.counts["data-utama"]["created"] + run.counts["data-utama"]["unchanged"] == 1
        )
    # Written once, then answered from the record, read when asked, answered again.
    assert len(reads) == 2
    assert [any("tidak dibaca" in n for n in r.notes) for r in ImportRun.objects.order_by("id")] == [
        False,
        True,
        False,
        True,
    ]


def test_the_summary_has_no_row_of_zeros(refs, tmp_path):
    """A rw-jabatan file names its posts' eselons and acting holders: read again, nothing changes, and the
    posts looked at are not printed as 'position: 0 created, 0 updated, 0 unchanged, 0 rejected'."""
    write_json(tmp_path, "data-utama", [person(1)])
    write_json(tmp_path, "rw-jabatan", [acting_post(1)])
    call_command("import-siasn", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    with translation.override("id"):
        call_command("import-siasn", str(tmp_path), "--read-again", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert any(line.startswith("rw-jabatan: 0 baru, 0 diperbarui, 1 tidak berubah") for line in lines), lines
    assert not [line for line in lines if line.startswith("position")], lines


def test_rejected_import_fails_and_writes_the_report(refs, tmp_path):
    path = write_json(tmp_path, "data-utama", [person(1), person(2, nipBaru="19860926201505100")])
    report = tmp_path / "kesalahan.csv"
    with pytest.raises(CommandError):
        call_command(
            "import-siasn", str(path), "--report", str(report), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert not Employee.objects.exists()
    body = report.read_text(encoding="utf-8-sig")
    assert "data[1].nipBaru" in body and "NIP 19860926201505100 harus 18 digit" in body


def test_skip_invalid_and_dry_run_flags(refs, tmp_path):
    path = write_json(tmp_path, "data-utama", [person(1), person(2, golRuangAkhirId="46")])
    call_command(
        "import-siasn", str(path), "--skip-invalid", "--dry-run", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert not Employee.objects.exists()
    call_command("import-siasn", str(path), "--skip-invalid", stdout=io.StringIO(), stderr=io.StringIO())
    assert list(Employee.objects.values_list("nip", flat=True)) == [nip(1)]


def test_filled_template_imports(refs, tmp_path):
    call_command("siasn-template", "--out", str(tmp_path / "t.xlsx"), stdout=io.StringIO())
    wb = load_workbook(tmp_path / "t.xlsx")
    ws = wb["data-utama"]
    keys = [c.value for c in ws[1]]
    row = {**{k: None for k in keys}, **{k: v for k, v in person(1).items() if k in keys}}
    row["id"] = ""  # typed by hand: no BKN id
    ws.append([row[k] for k in keys])
    skp = wb["rw-skp22"]
    skp_keys = [c.value for c in skp[1]]
    values = {
        "nipBaru": nip(1),
        "tahun": 2025,
        "hasilKinerja": "DI ATAS EKSPEKTASI",
        "perilakuKerja": "SESUAI EKSPEKTASI",
    }
    if "nipBaru" not in skp_keys:
        skp.cell(row=1, column=len(skp_keys) + 1, value="nipBaru")
        skp_keys.append("nipBaru")
    skp.append([values.get(k) for k in skp_keys])
    wb.save(tmp_path / "t.xlsx")
    call_command("import-siasn", str(tmp_path / "t.xlsx"), stdout=io.StringIO(), stderr=io.StringIO())
    assert Employee.objects.get().nip == nip(1)
    s = SkpHistory.objects.get()
    assert (s.rating_hasil_kerja, s.predikat, s.bkn_id[:1]) == ("di_atas", "baik", "T")
    # The same sheet again: the synthetic riwayat id finds the same row.
    call_command("import-siasn", str(tmp_path / "t.xlsx"), stdout=io.StringIO(), stderr=io.StringIO())
    assert SkpHistory.objects.count() == 1


def test_export_command_writes_one_envelope_per_endpoint(refs, tmp_path):
    call_command(
        "import-siasn",
        str(SAMPLES / "data-utama.json"),
        str(SAMPLES / "rw-skp22.json"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    call_command("export-siasn", "--format", "json", "--out", str(tmp_path / "out"), stdout=io.StringIO())
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names[:2] == ["data-utama.json", "rw-diklat.json"] and len(names) == 9
    assert json.loads((tmp_path / "out" / "rw-skp22.json").read_text())["count"] == 2


def test_hukdis_complete_flag_records_the_check_and_says_so(refs, tmp_path):
    write_json(tmp_path, "data-utama", [person(1)])
    write_json(tmp_path, "rw-hukdis", [])
    out = io.StringIO()
    call_command("import-siasn", str(tmp_path), "--hukdis-complete", stdout=out, stderr=io.StringIO())
    assert Employee.objects.get().discipline_checked_at is not None
    assert "1 pegawai tercatat sudah dicek riwayat hukuman disiplinnya" in out.getvalue()
