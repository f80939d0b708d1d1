"""Bad input to the profiling uploads (results, constraints, NIP lists, schedule-waves): a clear error
naming the row and column, never a server error, and nothing written."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from talenta.people.models import Employee
from talenta.profiling import services
from talenta.profiling.imports import ImportFailed, assessments_import
from talenta.profiling.models import Assessment, Participant
from tests.profiling.factories import CampaignFactory, employee_with_post

pytestmark = pytest.mark.django_db
H = ["nip", "tanggal", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1", "skor_potensi"]
HEADER = ",".join(H)
TODAY = date(2025, 11, 1)


def _row(nip: str, tanggal: str = "2025-11-18", m1: str = "3", sk: str = "80", extra: str = "") -> str:
    return f"{nip},{tanggal},{m1},3,3,3,3,3,3,3,3,{sk}{extra}"


def _refused(name: str, data: bytes, emp: Employee) -> list[str]:
    with pytest.raises(ImportFailed) as e:
        assessments_import(name=name, data=data, instansi_id=emp.instansi_id)
    assert not Assessment.objects.exists()
    return [str(x) for x in e.value.report.errors]


def _xlsx(*sheets: tuple[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        if title in hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _patch(data: bytes, fn: object, entry: str = "xl/worksheets/sheet1.xml") -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in src.infolist():
            b = src.read(i.filename)
            z.writestr(i.filename, fn(b.decode()).encode() if i.filename == entry else b)  # type: ignore[operator]
    return out.getvalue()


def with_shared_strings(data: bytes, n: int) -> bytes:
    """`data` with a shared-strings table of `n` texts (openpyxl writes none; Excel does, and a few hundred
    KB of it can hold millions)."""
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in src.infolist():
            b = src.read(i.filename)
            if i.filename == "[Content_Types].xml":
                b = b.replace(
                    b"</Types>",
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'.encode(),
                )
            z.writestr(i.filename, b)
        z.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "<si><t>a</t></si>" * n
            + "</sst>",
        )
    return out.getvalue()


@pytest.fixture
def two(db):
    """Two people whose NIPs differ only past Excel's 15 significant digits."""
    a = employee_with_post("administrator", nip="198501012008031001")
    b = employee_with_post("administrator", nip="198501012008031008", unit=a.unit)
    return a, b


# 1. ------------------------------------------------------------------------------ NIP given as a number


def test_a_nip_given_as_a_number_is_refused_not_matched_to_someone_else(two):
    a, _ = two
    good = _xlsx(("hasil", [H, [a.nip, "2025-11-18", 3, 3, 3, 3, 3, 3, 3, 3, 3, 80]]))
    sci = _patch(
        good,
        lambda x: re.sub(
            r'<c r="A2"[^>]*?(/>|>.*?</c>)', '<c r="A2"><v>1.98501012008031E+17</v></c>', x, count=1
        ),
    )
    errors = _refused("hasil.xlsx", sci, a)
    assert len(errors) == 1 and errors[0].startswith("Baris 2, kolom nip")
    assert "NIP harus ditulis sebagai teks" in errors[0]


# 3. -------------------------------------------------------------- encodings, line ends, over-long cells


@pytest.fixture
def scheduled(province):
    campaign = CampaignFactory(instansi=province["instansi"])
    services.participants_add(
        campaign=campaign, pool=Employee.objects.all(), by=None, today=TODAY, criteria=services.Criteria()
    )
    services.campaign_schedule(campaign=campaign, by=None, days=5, waves=10)
    return campaign


def _nips(campaign) -> tuple[str, str]:
    p1, p2 = Participant.objects.filter(campaign=campaign).select_related("employee").order_by("pk")[:2]
    return p1.employee.nip, p2.employee.nip


def _constraints_refused(campaign, data: bytes) -> list[str]:
    before = list(Participant.objects.filter(campaign=campaign).values_list("pk", "unavailable", "wave_id"))
    with pytest.raises(ValidationError) as e:
        services.participants_constraints_update(campaign=campaign, data=data, by=None)
    after = list(Participant.objects.filter(campaign=campaign).values_list("pk", "unavailable", "wave_id"))
    assert after == before
    return e.value.messages


def test_constraints_in_cp1252_name_the_row_of_the_bad_byte(scheduled):
    n1, _ = _nips(scheduled)
    data = f"nip,unavailable,catatan\n{n1},2025-11-17,caf\xe9\n".encode("cp1252")
    [message] = _constraints_refused(scheduled, data)
    assert message.startswith("Baris 2:") and "UTF-8" in message and "0xE9" in message


def test_constraints_with_lone_cr_line_ends_are_read(scheduled):
    n1, _ = _nips(scheduled)
    data = f"nip,unavailable\r{n1},2025-11-17\r".encode()
    assert services.participants_constraints_update(campaign=scheduled, data=data, by=None) == 1
    assert Participant.objects.get(employee__nip=n1, campaign=scheduled).unavailable == ["2025-11-17"]


def test_constraints_with_an_over_long_cell_name_the_row(scheduled):
    n1, _ = _nips(scheduled)
    data = f"nip,unavailable,catatan\n{n1},2025-11-17,{'x' * 200_000}\n".encode()
    [message] = _constraints_refused(scheduled, data)
    assert message.startswith("Baris 2:") and "131.072" in message


def test_constraints_upload_of_a_bad_file_is_a_422_not_a_500(client, make_user, province, scheduled):
    client.force_login(make_user("analis", instansi=province["instansi"]))
    n1, _ = _nips(scheduled)
    url = reverse("profiling:participants-constraints", args=[scheduled.pk])
    for data in (
        f"nip,unavailable\n{n1},caf\xe9\n".encode("cp1252"),
        f"nip,unavailable,catatan\n{n1},2025-11-17,{'x' * 200_000}\n".encode(),
    ):
        r = client.post(url, {"constraints": SimpleUploadedFile("c.csv", data)})
        assert r.status_code == 422 and "Baris 2" in r.content.decode()


def test_nip_list_with_an_over_long_cell_is_a_form_error(client, make_user, province):
    campaign = CampaignFactory(instansi=province["instansi"])
    client.force_login(make_user("analis", instansi=province["instansi"]))
    n = province["people"][6].nip
    data = f"nip,nama\n{n},{'x' * 200_000}\n".encode()
    r = client.post(
        reverse("profiling:participants-add", args=[campaign.pk]),
        {"source": "nips", "upload": SimpleUploadedFile("daftar.csv", data)},
    )
    assert r.status_code == 422 and "Baris 2" in r.content.decode()
    assert not Participant.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("nip,unit,unavailable\n198501012008031001,Dinas Caf\xe9,\n".encode("cp1252"), "Baris 2:"),
        (("nip,unit,unavailable\n198501012008031001,D," + "x" * 200_000 + "\n").encode(), "Baris 2:"),
        (b"nip,unit,unavailable,NIP\n198501012008031001,D,,198501012008031002\n", "Baris 1, kolom nip"),
        (b"nip,unit,unavailable\n198501012008031001,D,\n198501012008031001,E,\n", "Baris 3, kolom nip"),
        (b"nip,unit,unavailable\n198501012008031001,D,9999-12-31\n", "Baris 2, kolom unavailable"),
    ],
)
def test_schedule_waves_refuses_a_bad_file_with_the_row_not_a_traceback(tmp_path, data, said):
    src = tmp_path / "peserta.csv"
    src.write_bytes(data)
    out = tmp_path / "jadwal.csv"
    with pytest.raises(CommandError) as e:
        call_command("schedule-waves", str(src), "--start", "2025-11-17", "--days", "2", "--out", str(out))
    assert said in str(e.value)
    assert not out.exists()


# 4. ------------------------------------------------------------------ a column twice, a participant twice


def test_constraints_refuse_a_column_given_twice(scheduled):
    n1, n2 = _nips(scheduled)
    [message] = _constraints_refused(scheduled, f"nip,unavailable,NIP\n{n1},2025-11-17,{n2}\n".encode())
    assert message.startswith("Baris 1, kolom nip") and "ke-1 dan ke-3" in message


def test_constraints_refuse_a_participant_given_twice(scheduled):
    n1, _ = _nips(scheduled)
    data = f"nip,unavailable\n{n1},2025-11-17\n{n1},2025-11-19\n".encode()
    [message] = _constraints_refused(scheduled, data)
    assert message.startswith(f"Baris 3, kolom nip, nilai '{n1}'") and "baris 2" in message


# 5. -------------------------------------------------------------------- a row longer than the heading


@pytest.mark.parametrize(("m1", "sk"), [("3", "72,5"), ("3,5", "80")])
def test_a_decimal_comma_in_a_comma_separated_file_is_refused(m1, sk):
    emp = employee_with_post("administrator")
    errors = _refused("hasil.csv", f"{HEADER}\n{_row(emp.nip, m1=m1, sk=sk)}\n".encode(), emp)
    assert errors == [
        "Baris 2: baris berisi 13 sel, judul kolom 12. Koma desimal dalam berkas berpemisah koma "
        'membelah angka menjadi dua: tulis "72,5" dalam tanda kutip, titik desimal (72.5), atau pisahkan '
        "kolom dengan titik koma."
    ]


# 6. ---------------------------------------------------------------------------------- hidden sheets


def test_a_hidden_sheet_is_not_read(two):
    a, b = two
    stale = [b.nip, "2020-01-01", 1, 1, 1, 1, 1, 1, 1, 1, 1, 10]
    fresh = [a.nip, "2025-11-18", 3, 3, 3, 3, 3, 3, 3, 3, 3, 80]
    data = _xlsx(("lama", [H, stale]), ("hasil", [H, fresh]), hidden=("lama",))
    assessments_import(name="hasil.xlsx", data=data, instansi_id=a.instansi_id)
    assert list(Assessment.objects.values_list("employee__nip", flat=True)) == [a.nip]


def test_two_visible_sheets_of_results_are_refused_by_name(two):
    a, _ = two
    row = [a.nip, "2025-11-18", 3, 3, 3, 3, 3, 3, 3, 3, 3, 80]
    errors = _refused("hasil.xlsx", _xlsx(("satu", [H, row]), ("dua", [H, row])), a)
    assert len(errors) == 1 and errors[0].startswith("Baris 1:") and "satu, dua" in errors[0]


# 7. ------------------------------------------------------------------------ implausible dates, 5_0


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2099-01-01", "1989-12-31"])
def test_an_implausible_assessment_date_is_refused(day):
    emp = employee_with_post("administrator")
    [error] = _refused("hasil.csv", f"{HEADER}\n{_row(emp.nip, tanggal=day)}\n".encode(), emp)
    assert error.startswith(f"Baris 2, kolom tanggal, nilai '{day}'")


def test_an_underscore_in_a_number_is_refused():
    emp = employee_with_post("administrator")
    [error] = _refused("hasil.csv", f"{HEADER}\n{_row(emp.nip, sk='5_0')}\n".encode(), emp)
    assert error.startswith("Baris 2, kolom skor_potensi, nilai '5_0'")


def test_a_constraint_date_in_year_9999_is_refused(scheduled):
    n1, _ = _nips(scheduled)
    [message] = _constraints_refused(scheduled, f"nip,unavailable\n{n1},9999-12-31\n".encode())
    assert message.startswith("Baris 2, kolom unavailable, nilai '9999-12-31'")


# 8. -------------------------------------------------------------------------- the archive guard (CLI)


def test_import_assessments_command_checks_the_archive_before_opening_it(tmp_path, two):
    a, _ = two
    good = _xlsx(("hasil", [H, [a.nip, "2025-11-18", 3, 3, 3, 3, 3, 3, 3, 3, 3, 80]]))
    path = tmp_path / "hasil.xlsx"
    path.write_bytes(with_shared_strings(good, 5))
    with override_settings(UPLOAD_MAX_XLSX_STRINGS=2), pytest.raises(CommandError) as e:
        call_command("import-assessments", str(path))
    assert "lebih dari 2 teks" in str(e.value)
    assert not Assessment.objects.exists()


# 9. ------------------------------------------------------------------ a formatted empty row far below


def test_a_formatted_empty_row_far_below_is_not_counted_as_rows(two):
    a, _ = two
    good = _xlsx(("hasil", [H, [a.nip, "2025-11-18", 3, 3, 3, 3, 3, 3, 3, 3, 3, 80]]))

    def far(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:L1048576"/>', xml)
        return xml.replace("</sheetData>", '<row r="1048576" s="1" customFormat="1"/></sheetData>')

    with override_settings(UPLOAD_MAX_ROWS=10):
        report = assessments_import(name="hasil.xlsx", data=_patch(good, far), instansi_id=a.instansi_id)
    assert report.created == 1


def test_more_non_empty_rows_than_the_cap_are_still_refused(two):
    a, _ = two
    row = [a.nip, "2025-11-18", 3, 3, 3, 3, 3, 3, 3, 3, 3, 80]
    with override_settings(UPLOAD_MAX_ROWS=2):
        errors = _refused("hasil.xlsx", _xlsx(("hasil", [H, row, [], row, [], row])), a)
    assert errors == [
        "Baris 1: hasil.xlsx berisi lebih dari 2 baris; bagi menjadi beberapa berkas yang lebih kecil."
    ]


# 10. ------------------------------------------------------------------------------------ NUL in a cell


def test_a_nul_after_the_first_4_kb_is_refused_naming_the_column():
    emp = employee_with_post("administrator")
    data = f"{HEADER},kekuatan\n{_row(emp.nip, extra=',a' + 'x' * 5000 + chr(0) + 'b')}\n".encode()
    [error] = _refused("hasil.csv", data, emp)
    assert error.startswith("Baris 2, kolom kekuatan:") and "NUL" in error
