"""Results import: good and bad files, atomic, idempotent, standards from the post held on the date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from talenta.core.models import AuditEntry
from talenta.people.models import JabatanHistory
from talenta.profiling.imports import ImportFailed, assessments_import, template_columns
from talenta.profiling.models import Assessment
from tests.people.factories import PositionFactory
from tests.profiling.factories import employee_with_post

HEADER = "nip,tanggal,m1,m2,m3,m4,m5,m6,m7,m8,s1,skor_potensi\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


@pytest.fixture
def admin_emp(db):
    return employee_with_post("administrator")


def test_minimal_file_creates_results_scored_against_the_current_post(admin_emp):
    data = _csv(f"{admin_emp.nip},2025-11-18,3,3,3,3,3,3,2,3,3,82.5")
    report = assessments_import(name="hasil.csv", data=data, instansi_id=admin_emp.instansi_id)
    assert (report.created, report.updated) == (1, 0)
    a = Assessment.objects.get()
    assert a.standard == dict.fromkeys(("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"), 3)
    assert str(a.jpm).startswith("96.29629")
    assert a.jpm_category == "optimal"
    assert a.gaps["M7"] == "-1.0"
    assert a.potential_score == Decimal("82.50")
    assert a.validity_years == 3
    assert AuditEntry.objects.filter(action="profiling.assessment_create").count() == 1


def test_standard_comes_from_the_post_held_on_the_date(admin_emp):
    older = PositionFactory(unit=admin_emp.unit, level="pengawas", name="Kepala Subbagian")
    JabatanHistory.objects.create(
        employee=admin_emp, position=older, jabatan_name=older.name, tmt=date(2019, 1, 1)
    )
    JabatanHistory.objects.create(
        employee=admin_emp,
        position=admin_emp.position,
        jabatan_name=admin_emp.position.name,
        tmt=date(2024, 1, 1),
    )
    data = _csv(f"{admin_emp.nip},2022-06-01,2,2,2,2,2,2,2,2,2,70")
    assessments_import(name="h.csv", data=data, instansi_id=admin_emp.instansi_id)
    a = Assessment.objects.get()
    assert a.standard["M1"] == 2 and a.jpm == Decimal(100)


def test_same_file_twice_changes_nothing(admin_emp):
    data = _csv(f"{admin_emp.nip},2025-11-18,3.5,3,3,3,3,3,2,3,3,82.5")
    assessments_import(name="h.csv", data=data, instansi_id=admin_emp.instansi_id)
    audits = AuditEntry.objects.count()
    report = assessments_import(name="h.csv", data=data, instansi_id=admin_emp.instansi_id)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert Assessment.objects.count() == 1
    assert AuditEntry.objects.filter(action="profiling.assessment_create").count() == 1
    assert AuditEntry.objects.count() == audits + 1  # only the import summary


def test_one_bad_row_writes_nothing_and_names_row_column_value(admin_emp):
    other = employee_with_post("administrator")
    data = _csv(
        f"{admin_emp.nip},2025-11-18,3,3,3,3,3,3,3,3,3,80",
        f"{other.nip},2025-11-18,3,3,6,3,3,3,3,3,3,80",
        f"{other.nip},18-11-2025,3,3,3,3,3,3,3,3,3.25,120",
        "199901012020011999,2025-11-18,3,3,3,3,3,3,3,3,3,80",
    )
    with pytest.raises(ImportFailed) as err:
        assessments_import(name="h.csv", data=data, instansi_id=admin_emp.instansi_id)
    messages = [str(e) for e in err.value.report.errors]
    assert "Baris 3, kolom m3, nilai '6': level harus 1–5 dengan paling banyak satu desimal." in messages
    assert any(m.startswith("Baris 4, kolom tanggal") for m in messages)
    assert any(m.startswith("Baris 4, kolom s1, nilai '3.25'") for m in messages)
    assert any(m.startswith("Baris 4, kolom skor_potensi") for m in messages)
    assert any(m.startswith("Baris 5, kolom nip") for m in messages)
    assert Assessment.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="profiling.").exists()


def test_row_errors_are_available_in_english(admin_emp):
    data = _csv(f"{admin_emp.nip},2025-11-18,3,3,6,3,3,3,3,3,3,80")
    with translation.override("en"), pytest.raises(ImportFailed) as err:
        assessments_import(name="h.csv", data=data, instansi_id=admin_emp.instansi_id)
    with translation.override("en"):
        messages = [str(e) for e in err.value.report.errors]
    assert messages == ["Row 2, column m3, value '6': a level must be 1–5 with at most one decimal."]


def test_dry_run_writes_nothing(admin_emp):
    data = _csv(f"{admin_emp.nip},2025-11-18,3,3,3,3,3,3,3,3,3,80")
    report = assessments_import(name="h.csv", data=data, instansi_id=admin_emp.instansi_id, dry_run=True)
    assert report.created == 1
    assert Assessment.objects.count() == 0


def test_full_template_in_excel_keeps_every_part_and_unknown_columns(admin_emp, tmp_path):
    from openpyxl import Workbook

    cols = [*template_columns("assessment_centre"), "catatan_panitia"]
    values = {c: "" for c in cols}
    values.update(
        {
            "nip": admin_emp.nip,
            "tanggal": date(2025, 11, 19),
            "instrumen": "assessment_centre",
            "skor_potensi": 77,
            "kategori_potensi": "menengah",
            "kekuatan": "Analitis",
            "asesor": "Tim Asesor Kanreg III",
            "catatan_panitia": "hadir tepat waktu",
            "literasi_digital_1": 3.5,
            "emerging_skill_12": 4,
            "kemampuan_intelektual": 110,
        }
    )
    values.update({f: 4 for f in ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1")})
    values.update({f"standar_{f}": 4 for f in ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1")})
    wb = Workbook()
    ws = wb.active
    ws.append(cols)
    ws.append([values[c] for c in cols])
    path = tmp_path / "hasil.xlsx"
    wb.save(path)
    call_command("import-assessments", str(path))
    a = Assessment.objects.get()
    assert a.instrument == "assessment_centre" and a.jpm == Decimal(100)
    assert a.standard["M1"] == 4 and a.standard_label == "Standar pada berkas"
    assert a.raw == {"catatan_panitia": "hadir tepat waktu"}
    assert a.digital_literacy == {"literasi_digital_1": "3.5"}
    assert a.emerging_skills == {"emerging_skill_12": "4"}
    assert a.potential_aspects == {"intellectual": "110"}
    assert (a.potential_category, a.strengths, a.assessor) == (
        "menengah",
        "Analitis",
        "Tim Asesor Kanreg III",
    )


def test_command_reports_errors_and_dry_run(admin_emp, tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(_csv(f"{admin_emp.nip},2025-11-18,3,3,3,3,3,3,3,3,0,80"))
    with pytest.raises(CommandError, match="Baris 2, kolom s1"):
        call_command("import-assessments", str(path))
    path.write_bytes(_csv(f"{admin_emp.nip},2025-11-18,3,3,3,3,3,3,3,3,3,80"))
    call_command("import-assessments", str(path), "--dry-run")
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("text", ["NaN", "nan", "sNaN", "Infinity", "-inf", "1e999999"], ids=str)
def test_a_level_or_score_that_is_no_finite_number_is_a_row_error(admin_emp, text):
    # Decimal reads "NaN": comparing it to the 1–5 range raised InvalidOperation outside the check (a crash).
    data = _csv(
        f"{admin_emp.nip},2025-11-18,3,3,{text},3,3,3,3,3,3,80",
        f"{admin_emp.nip},2025-11-19,3,3,3,3,3,3,3,3,3,{text}",
    )
    with pytest.raises(ImportFailed) as err:
        assessments_import(name="h.csv", data=data, instansi_id=admin_emp.instansi_id)
    messages = [str(e) for e in err.value.report.errors]
    assert any(m.startswith(f"Baris 2, kolom m3, nilai '{text}'") for m in messages), messages
    assert any(m.startswith(f"Baris 3, kolom skor_potensi, nilai '{text}'") for m in messages), messages
    assert Assessment.objects.count() == 0


def test_a_column_given_twice_is_refused_naming_both(admin_emp):
    # Which of its two values counts cannot be told: the later one was taken, silently.
    data = (HEADER.strip() + ",m3\n" + f"{admin_emp.nip},2025-11-18,3,3,3,3,3,3,3,3,3,80,5\n").encode()
    with pytest.raises(ImportFailed) as err:
        assessments_import(name="h.csv", data=data, instansi_id=admin_emp.instansi_id)
    (message,) = [str(e) for e in err.value.report.errors]
    assert "kolom m3 muncul dua kali (kolom ke-5 dan ke-13)" in message
    assert Assessment.objects.count() == 0


def test_the_campaign_s_jpm_bands_give_the_category_and_are_kept_with_the_result(admin_emp):
    """RULES.md §3: the mapping bands are configurable; each result keeps the bands it was categorised with,
    so its category can be replayed whatever the defaults later become."""
    from talenta.people.models import Instansi
    from talenta.profiling.rules.jpm import bands_of, mapping_category
    from tests.profiling.factories import CampaignFactory

    strict = CampaignFactory(
        instansi=Instansi.objects.get(pk=admin_emp.instansi_id), jpm_optimal=97, jpm_cukup_optimal=80
    )
    data = _csv(f"{admin_emp.nip},2025-11-18,3,3,3,3,3,3,2,3,3,82.5")  # JPM 96.30: Optimal by default
    assessments_import(name="hasil.csv", data=data, instansi_id=admin_emp.instansi_id, campaign=strict)
    a = Assessment.objects.get()
    assert a.jpm_category == "cukup_optimal"
    assert a.jpm_bands == {"optimal": "97", "cukup_optimal": "80"}
    assert mapping_category(a.jpm, a.mapping_bands) == a.jpm_category  # replayed from what it kept
    assert mapping_category(a.jpm, bands_of({})) == "optimal"  # the defaults would have said otherwise
    # Without a campaign: the defaults, kept too.
    Assessment.objects.all().delete()
    assessments_import(name="hasil.csv", data=data, instansi_id=admin_emp.instansi_id)
    a = Assessment.objects.get()
    assert (a.jpm_category, a.jpm_bands) == ("optimal", {"optimal": "90", "cukup_optimal": "78"})


@pytest.mark.parametrize(("optimal", "cukup"), [(80, 80), (78, 90), (90, 0), ("NaN", 78)], ids=str)
def test_bands_out_of_order_are_refused(optimal, cukup):
    from talenta.profiling.rules.jpm import mapping_bands

    with pytest.raises(ValueError):
        mapping_bands(optimal, cukup)
