"""Issue #12, finding 1: a SIASN file of one instansi can never write into another instansi's units,
posts, people or histories. Two instansi: Pemprov Banten (A) and Kab. Serang (B)."""

from __future__ import annotations

import pytest

from talenta.people.models import Employee, JabatanHistory, Position, Unit
from talenta.siasn.services import siasn_import
from tests.people.factories import InstansiFactory, OtherInstansiFactory
from tests.siasn.conftest import table_state
from tests.siasn.factories import OPD_ID, UNIT_ID, nip, person, write_json

pytestmark = pytest.mark.django_db

SERANG = "A5EB03E23B46F6A0E040640A040252AD"


def _serang_person(serial: int, **over):
    values = {
        "nipBaru": nip(serial, sex="F"),
        "jenisKelamin": "F",
        "id": f"{serial + 900:032X}",
        "instansiIndukId": SERANG,
        "instansiIndukNama": "Pemerintah Kab. Serang",
        **over,
    }
    return person(serial, **values)


@pytest.fixture
def province(reference, tmp_path):
    """Pemprov Banten with its Dinas (OPD_ID) and a unit (UNIT_ID), one employee there."""
    a = InstansiFactory()
    report = siasn_import(paths=[write_json(tmp_path / "a", "data-utama", [person(1)])], instansi=a)
    assert report.written, report.errors
    return a


def test_a_file_naming_another_instansis_unit_is_refused_and_writes_nothing(province, tmp_path):
    b = OtherInstansiFactory()
    before = table_state()
    path = write_json(
        tmp_path / "b",
        "data-utama",
        [_serang_person(2, unorId=UNIT_ID, jabatanNama="KEPALA DINAS PALSU", eselonId="21")],
    )
    report = siasn_import(paths=[path], instansi=b)
    assert not report.written
    named = {(e.file.rsplit("/", 1)[-1], e.field, e.value) for e in report.errors}
    assert named == {("data-utama.json", "unorId", UNIT_ID), ("data-utama.json", "unorIndukId", OPD_ID)}
    assert all(e.row for e in report.errors)  # the record's place in the file
    message = next(e.message for e in report.errors if e.field == "unorId")
    assert UNIT_ID in message and "Banten" not in message
    assert table_state() == before
    unit = Unit.objects.get(bkn_unor_id=UNIT_ID)
    assert unit.instansi_id == province.pk
    assert not Employee.objects.filter(instansi=b).exists()
    assert not Position.objects.filter(unit=unit).exclude(instansi=province).exists()


def test_the_parent_unit_of_another_instansi_is_refused_too(province, tmp_path):
    b = OtherInstansiFactory()
    path = write_json(
        tmp_path / "b", "data-utama", [_serang_person(3, unorId="SERANG-UNIT-1", unorIndukId=OPD_ID)]
    )
    report = siasn_import(paths=[path], instansi=b)
    assert not report.written
    assert [(e.field, e.value) for e in report.errors] == [("unorIndukId", OPD_ID)]
    assert not Unit.objects.filter(bkn_unor_id="SERANG-UNIT-1").exists()


def test_a_post_history_naming_another_instansis_unit_is_refused(province, tmp_path):
    b = OtherInstansiFactory()
    own = _serang_person(4, unorId="SERANG-UNIT-2", unorIndukId="SERANG-OPD-2")
    history = {
        "id": "RW-JAB-SERANG-1",
        "nipBaru": own["nipBaru"],
        "idPns": own["id"],
        "jenisJabatan": "1",
        "eselonId": "21",
        "namaJabatan": "KEPALA DINAS PALSU",
        "unorId": UNIT_ID,
        "unorNama": "BIDANG APLIKASI INFORMATIKA",
        "tmtJabatan": "01-01-2024",
    }
    folder = tmp_path / "b"
    write_json(folder, "data-utama", [own])
    write_json(folder, "rw-jabatan", [history])
    report = siasn_import(paths=[folder], instansi=b)
    assert not report.written
    assert ("unorId", UNIT_ID) in [(e.field, e.value) for e in report.errors]
    assert (
        not JabatanHistory.objects.exists()
        or not JabatanHistory.objects.filter(unit__bkn_unor_id=UNIT_ID, employee__instansi=b).exists()
    )
    assert not Employee.objects.filter(instansi=b).exists()


def test_a_person_of_another_instansi_is_refused_without_confirming_where_he_is(province, tmp_path):
    b = OtherInstansiFactory()
    theirs = Employee.objects.get(instansi=province)
    path = write_json(
        tmp_path / "b",
        "data-utama",
        [_serang_person(5, nipBaru=theirs.nip, unorId="SERANG-UNIT-3", unorIndukId="SERANG-OPD-3")],
    )
    report = siasn_import(paths=[path], instansi=b)
    assert not report.written
    [error] = report.errors
    assert error.field == "nipBaru" and error.value == theirs.nip
    for leak in ("another instansi", "instansi lain", "Banten", "terdaftar"):
        assert leak not in error.message
    theirs.refresh_from_db()
    assert theirs.instansi_id == province.pk
