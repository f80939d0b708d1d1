"""Careless and hostile values in SIASN files: each is refused naming its file, row (or record) and field,
and nothing of the import is written. (Found by probing the importer: each was taken silently before.)"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from talenta.people.models import Employee
from talenta.siasn.exports import siasn_export
from talenta.siasn.services import siasn_import
from tests.people.factories import InstansiFactory
from tests.siasn.factories import csv_text, nip, person, write_csv, write_json

pytestmark = pytest.mark.django_db


def _workbook(path, rows, title="data-utama"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _sheet(path, people, **cells):
    keys = list(people[0])
    rows = [keys] + [[cells.get(k, p[k]) for k in keys] for p in people]
    return _workbook(path, rows)


def _one_error(report):
    assert not report.written and report.error_count == 1, [e.message for e in report.errors]
    assert not Employee.objects.exists()
    return report.errors[0]


# --- 1. a NIP or NIK given as a number -----------------------------------------------------------------


@pytest.mark.parametrize(
    "key, number",
    [
        ("nipBaru", 1.98501012008031e17),  # what Excel keeps of an 18-digit NIP typed in a number cell
        ("nipBaru", 198501012008031001),  # a whole number cell, exact: still not text
        ("nik", 3601010101850001),
    ],
)
def test_a_nip_or_nik_in_a_number_cell_is_a_row_error_naming_it(refs, tmp_path, key, number):
    path = _sheet(tmp_path / "siasn.xlsx", [person(1)], **{key: number})
    e = _one_error(siasn_import(paths=[path], instansi=InstansiFactory()))
    assert (e.file, e.row, e.field) == ("siasn.xlsx:data-utama", "2", key)
    assert "harus ditulis sebagai teks (format kolom Excel sebagai Teks), bukan angka" in e.message
    if isinstance(number, float):
        assert e.value == "1.98501012008031e+17"  # as given, not the other NIP it would be read as


@pytest.mark.parametrize("number", ["1.98501012008031E+17", "198501012008031001"])
def test_a_nip_as_a_json_number_is_a_row_error_naming_the_record(refs, tmp_path, number):
    text = json.dumps({"data": [person(1)]}).replace(f'"{nip(1)}"', number)
    (tmp_path / "data-utama.json").write_text(text)
    e = _one_error(siasn_import(paths=[tmp_path / "data-utama.json"], instansi=InstansiFactory()))
    assert (e.row, e.field) == ("data[0].nipBaru", "nipBaru")
    assert "bukan angka" in e.message


# --- 2. an imported key that would be a formula as an exported heading ----------------------------------

EVIL = '=HYPERLINK("http://contoh.invalid/","klik")'


def test_an_imported_key_comes_back_as_a_guarded_heading_and_reads_back_the_same(refs, tmp_path):
    inst = InstansiFactory()
    p = {**person(1), EVIL: "nilai"}
    assert siasn_import(paths=[write_json(tmp_path / "in", "data-utama", [p])], instansi=inst).written
    head, row = csv_text([person(2)]).split("\r\n")[:2]
    (tmp_path / "c.csv").write_text(f"{head},@SUM(1+1)\r\n{row},v\r\n", encoding="utf-8")
    assert siasn_import(paths=[tmp_path / "c.csv"], instansi=inst).written

    siasn_export(instansi=inst, fmt="csv", out=tmp_path / "out.csv")
    siasn_export(instansi=inst, fmt="xlsx", out=tmp_path / "out.xlsx")
    headings = next(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    assert {"'" + EVIL, "'@SUM(1+1)"} <= set(headings)
    assert not [h for h in headings if h[:1] in "=+-@"]
    cells = load_workbook(tmp_path / "out.xlsx")["data-utama"][1]
    assert not [c.value for c in cells if c.data_type == "f" or str(c.value)[:1] in "=+-@"]

    # Read back, the heading is the key it was: the export round-trips with nothing changed.
    for out in ("out.csv", "out.xlsx"):
        report = siasn_import(paths=[tmp_path / out], instansi=inst)
        assert report.written and report.changed == 0, (out, [e.message for e in report.errors])
    raw = {e.nip: e.raw for e in Employee.objects.all()}
    assert raw[nip(1)][EVIL] == "nilai" and raw[nip(2)]["@SUM(1+1)"] == "v"


# --- 3. a row with more cells than headings -----------------------------------------------------------


def test_a_csv_row_with_more_cells_than_headings_is_a_row_error(refs, tmp_path):
    head, row = csv_text([person(1)]).split("\r\n")[:2]
    columns = len(head.split(","))
    (tmp_path / "x.csv").write_text(f"{head}\r\n{row},EXTRA,MORE\r\n", encoding="utf-8")
    e = _one_error(siasn_import(paths=[tmp_path / "x.csv"], instansi=InstansiFactory()))
    assert (e.file, e.row, e.field) == ("x.csv", "2", f"kolom ke-{columns + 1}")
    assert e.message == f"baris 2 berisi {columns + 2} sel, judul kolom {columns}"


def test_empty_cells_past_the_headings_are_no_value(refs, tmp_path):
    head, row = csv_text([person(1)]).split("\r\n")[:2]
    (tmp_path / "x.csv").write_text(f"{head}\r\n{row},,\r\n", encoding="utf-8")
    assert siasn_import(paths=[tmp_path / "x.csv"], instansi=InstansiFactory()).written


def test_a_worksheet_row_with_a_value_past_its_headings_is_a_row_error(refs, tmp_path):
    p = person(1)
    path = _workbook(tmp_path / "siasn.xlsx", [list(p), [*p.values(), None, "LAIN"]])
    e = _one_error(siasn_import(paths=[path], instansi=InstansiFactory()))
    assert (e.row, e.field) == ("2", f"kolom ke-{len(p) + 1}")
    assert e.message == f"baris 2 berisi {len(p) + 2} sel, judul kolom {len(p)}"


# --- 4. dates no civil servant has ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, heading, value",
    [
        ("tglLahir", "TANGGAL LAHIR", "31-12-9999"),
        ("tglLahir", "TANGGAL LAHIR", "01-01-1899"),
        ("tglLahir", "TANGGAL LAHIR", f"{date.today() + timedelta(days=2):%d-%m-%Y}"),
        ("tmtCpns", "TMT CPNS", "01-01-2101"),
        ("tmtJabatan", "TMT JABATAN", "01-01-0002"),
    ],
)
def test_a_date_out_of_range_is_a_row_error_naming_its_field(refs, tmp_path, key, heading, value):
    path = write_csv(tmp_path, [person(1, **{key: value})])
    e = _one_error(siasn_import(paths=[path], instansi=InstansiFactory()))
    assert (e.row, e.field, e.value) == ("2", heading, value)
    assert f"{key} {value} di luar rentang 01-01-1900 sampai " in e.message


def test_a_stored_birth_date_whose_retirement_year_overflows_does_not_break_the_profile(
    refs, tmp_path, client, make_user
):
    inst = InstansiFactory()
    assert siasn_import(paths=[write_csv(tmp_path, [person(1)])], instansi=inst).written
    Employee.objects.update(birth_date=date(9999, 12, 31))  # from before the import refused it
    client.force_login(make_user("admin", instansi=inst))
    r = client.get(reverse("people:employee-detail", args=[Employee.objects.get().pk]))
    assert r.status_code == 200


# --- 5. a file named .xlsx that is no workbook ----------------------------------------------------------


def test_a_zip_named_xlsx_is_refused_as_no_workbook_naming_it(refs, tmp_path):
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("data-utama.json", json.dumps({"data": [person(1)]}))
    (tmp_path / "siasn.xlsx").write_bytes(z.getvalue())
    e = _one_error(siasn_import(paths=[tmp_path / "siasn.xlsx"], instansi=InstansiFactory()))
    assert e.message.startswith("siasn.xlsx: bukan buku kerja Excel yang sah")


def test_a_workbook_with_broken_sheet_xml_is_refused_naming_it(refs, tmp_path):
    p = person(1)
    good = io.BytesIO(_workbook(tmp_path / "good.xlsx", [list(p), list(p.values())]).read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for i in src.infolist():
            data = src.read(i.filename)
            if i.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="3"><c r="A3"><v>1</v></c></sheetData')
            dst.writestr(i.filename, data)
    (tmp_path / "broken.xlsx").write_bytes(out.getvalue())
    e = _one_error(siasn_import(paths=[tmp_path / "broken.xlsx"], instansi=InstansiFactory()))
    assert e.message.startswith("broken.xlsx:data-utama: bukan buku kerja Excel yang sah")


def test_an_upload_named_xlsx_that_is_no_workbook_fails_its_run_naming_the_file(
    client, make_user, refs, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from talenta.siasn.models import ImportRun

    settings.VAR_DIR = tmp_path / "var"
    client.force_login(make_user("analis", instansi=InstansiFactory()))
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("data-utama.json", '{"code":1,"data":[]}')
    upload = SimpleUploadedFile("siasn.xlsx", z.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("siasn:upload"), {"files": [upload], "format": "auto"})
    run = ImportRun.objects.get()
    assert any("siasn.xlsx: bukan buku kerja Excel yang sah" in e["message"] for e in run.errors)


# --- 6. files of which nothing is read ------------------------------------------------------------------


def _sheet1(path):
    p = person(1)
    return _workbook(path, [list(p), list(p.values())], title="Sheet1")


def _unreadable_zip(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("scan.pdf", b"%PDF-1.4 hello")
        zf.writestr("data.xls", b"\xd0\xcf\x11\xe0")
    return path


def _headings_only(path):
    path.write_text(csv_text([]), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "make, name, said",
    [
        (_sheet1, "pegawai.xlsx", ["pegawai.xlsx", "Lembar yang ada: pegawai.xlsx:Sheet1"]),
        (_sheet1, "pegawai.csv", ["pegawai.csv", "Lembar yang ada: pegawai.csv:Sheet1"]),  # renamed
        (_unreadable_zip, "siasn.zip", ["siasn.zip/data.xls", "siasn.zip/scan.pdf"]),
        (_headings_only, "export.csv", ["export.csv"]),
    ],
)
def test_files_of_which_nothing_is_read_are_refused_naming_them(refs, tmp_path, make, name, said):
    path = make(tmp_path / name)
    e = _one_error(siasn_import(paths=[path], instansi=InstansiFactory()))
    assert e.message.startswith("tidak ada data yang dapat dibaca dari berkas ")
    assert "lembar dan berkas yang dikenali" in e.message and "data-utama" in e.message
    for text in said:
        assert text in e.message


def test_a_workbook_named_csv_is_read_as_the_workbook_it_is(refs, tmp_path):
    p = person(1)
    path = _workbook(tmp_path / "pegawai.csv", [list(p), list(p.values())])
    assert siasn_import(paths=[path], instansi=InstansiFactory()).written
    assert Employee.objects.get().nip == nip(1)


def test_the_command_says_no_data_was_read(refs, tmp_path):
    from django.core.management import CommandError, call_command

    path = _headings_only(tmp_path / "export.csv")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import-siasn", str(path), stdout=out, stderr=err)
    except CommandError as e:
        err.write(str(e))
    assert "tidak ada data yang dapat dibaca dari berkas export.csv" in out.getvalue() + err.getvalue()


# --- 7. JSON: a key twice in one record, a list for a value ---------------------------------------------


def test_a_json_record_giving_a_key_twice_is_refused_naming_record_and_key(refs, tmp_path):
    body = json.dumps(person(1))[:-1] + ', "nama": "LAIN"}'
    text = '{"code":1,"data":[' + json.dumps(person(2)) + "," + body + "]}"
    (tmp_path / "data-utama.json").write_text(text)
    e = _one_error(siasn_import(paths=[tmp_path / "data-utama.json"], instansi=InstansiFactory()))
    assert e.message == (
        "data-utama.json: data[1]: kunci nama muncul dua kali dalam satu rekaman; hapus salah satunya"
    )


@pytest.mark.parametrize("key", ["nama", "nik", "nipBaru"])
def test_a_list_for_a_value_is_a_row_error_naming_record_and_key(refs, tmp_path, key):
    path = write_json(tmp_path, "data-utama", [person(1, **{key: ["a"]})])
    e = _one_error(siasn_import(paths=[path], instansi=InstansiFactory()))
    assert (e.row, e.field) == (f"data[0].{key}", key)
    assert "berupa daftar atau objek, bukan satu nilai" in e.message
