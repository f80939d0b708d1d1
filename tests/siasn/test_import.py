"""The import service: samples, awkward values, atomicity, idempotence, starting from nothing."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from talenta.core.models import AuditEntry
from talenta.people.models import (
    Employee,
    GolonganHistory,
    Instansi,
    JabatanHistory,
    Position,
    SkpHistory,
    Unit,
)
from talenta.siasn.models import ImportRun
from talenta.siasn.services import siasn_import
from tests.siasn.conftest import table_state
from tests.siasn.factories import BANTEN, OPD_ID, SAMPLES, UNIT_ID, nip, person, write_csv, write_json

pytestmark = pytest.mark.django_db


def run(*paths, **kw):
    return siasn_import(paths=list(paths), **kw)


def errors(report):
    return [(e.file, e.row, e.field, e.value, e.message) for e in report.errors]


# --- the samples ---------------------------------------------------------------------------------------


def test_every_sample_imports(refs, tmp_path):
    # The rw-jabatan sample belongs to a second person: give his data-utama next to the samples.
    folder = tmp_path / "siasn"
    shutil.copytree(SAMPLES, folder)
    write_json(
        tmp_path / "extra",
        "data-utama",
        [
            person(
                nipBaru="199001012019031001",
                id="7E85A273D894BD8DE050640A3C036B36",
                tglLahir="01-01-1990",
                tmtCpns="01-03-2019",
            )
        ],
    )
    report = run(folder, tmp_path / "extra")
    assert errors(report) == []
    assert report.written
    assert Employee.objects.count() == 2
    assert GolonganHistory.objects.count() == 2
    assert JabatanHistory.objects.count() == 2
    assert SkpHistory.objects.count() == 2
    e = Employee.objects.get(nip="198501012008031001")
    assert (e.bkn_id, e.golongan, e.kedudukan_hukum, e.mk_tahun, e.birth_date) == (
        "A8ACA7CD3C7F3912E040640A040269BB",
        "34",
        "01",
        17,
        date(1985, 1, 1),
    )
    gol = GolonganHistory.objects.get(bkn_id="8ae483c68026f7960180314c64470589")
    assert gol.tmt == date(2022, 4, 1)  # ISO yyyy-mm-ddT00:00:00Z
    assert gol.raw["path"] is None and gol.raw["pangkat"] == "Penata Tingkat I"
    old = GolonganHistory.objects.get(bkn_id="A8ACA8A0B4653912E040640A040269BB")
    assert old.sk_tanggal is None and old.raw["path"]["858"]["dok_id"] == "858"
    jab = JabatanHistory.objects.get(bkn_id="ba970862-d79c-4b53-9315-25d3f2c20a6b")
    assert jab.tmt_pelantikan is None  # 01-01-0001
    assert jab.raw["createdAt"] == "28-02-2026"  # a key the spec lacks, kept
    assert SkpHistory.objects.get(year=2025).predikat == "sangat_baik"


def test_each_sample_file_alone_imports_once_its_people_exist(refs, tmp_path):
    assert run(SAMPLES / "data-utama.json").written
    for name in ("rw-golongan.json", "rw-pendidikan.json", "rw-skp22.json"):
        assert errors(run(SAMPLES / name)) == [], name


# --- atomicity, dry run, idempotence -----------------------------------------------------------------------


def test_dry_run_writes_nothing(refs, tmp_path):
    before = table_state()
    report = run(SAMPLES / "data-utama.json", SAMPLES / "rw-golongan.json", dry_run=True)
    assert report.counts["data-utama"]["created"] == 1
    assert report.counts["rw-golongan"]["created"] == 2
    assert not report.written
    assert table_state() == before
    assert ImportRun.objects.get().status == ImportRun.Status.PREVIEW


def test_one_bad_row_rejects_the_whole_import_and_leaves_the_database_exactly_as_before(refs, tmp_path):
    run(write_json(tmp_path / "a", "data-utama", [person(1)]))
    before = table_state()
    bad = write_json(
        tmp_path / "b",
        "data-utama",
        [person(1, nama="NAMA BARU"), person(2), person(3, golRuangAkhirId="46")],
    )
    report = run(bad)
    assert not report.written
    assert errors(report) == [
        (
            "data-utama.json",
            "data[2].golRuangAkhirId",
            "golRuangAkhirId",
            "46",
            "golRuangAkhirId 46 tidak dikenal",
        )
    ]
    assert table_state() == before
    assert ImportRun.objects.latest("id").status == ImportRun.Status.REJECTED


def test_skip_invalid_imports_the_valid_rows_and_reports_the_rest(refs, tmp_path):
    path = write_json(tmp_path, "data-utama", [person(1), person(2, golRuangAkhirId="46")])
    report = run(path, skip_invalid=True)
    assert report.written
    assert list(Employee.objects.values_list("nip", flat=True)) == [nip(1)]
    assert report.counts["data-utama"]["rejected"] == 1
    assert len(report.errors) == 1


def test_second_import_of_the_same_files_changes_nothing_and_says_so(refs):
    files = [SAMPLES / "data-utama.json", SAMPLES / "rw-golongan.json", SAMPLES / "rw-skp22.json"]
    run(*files)
    before = table_state()
    report = run(*files)
    assert report.changed == 0
    assert report.counts["data-utama"]["unchanged"] == 1
    assert report.counts["rw-golongan"]["unchanged"] == 2
    # Only the audit trail grows (the import itself is recorded), no personnel row changes.
    after = table_state()
    assert {k: v for k, v in after.items() if "Audit" not in k} == {
        k: v for k, v in before.items() if "Audit" not in k
    }


def test_a_changed_value_updates_and_is_audited_with_before_and_after(refs, tmp_path):
    run(write_json(tmp_path / "a", "data-utama", [person(1)]))
    report = run(
        write_json(tmp_path / "b", "data-utama", [person(1, golRuangAkhirId="41", kunciTakDikenal="baru")])
    )
    assert report.counts["data-utama"]["updated"] == 1
    e = Employee.objects.get()
    assert e.golongan == "41"
    entry = AuditEntry.objects.filter(action="siasn.update").get()
    assert entry.changes["golongan"] == ["34", "41"]
    assert entry.changes["raw.kunciTakDikenal"] == ["tetap ada", "baru"]
    assert entry.target_id == str(e.pk)


# --- awkward values ----------------------------------------------------------------------------------------


def test_short_nip_is_rejected_with_its_length(refs, tmp_path):
    report = run(write_json(tmp_path, "data-utama", [person(1, nipBaru="19860926201505100")]))
    assert errors(report)[0][2:] == (
        "nipBaru",
        "19860926201505100",
        "NIP 19860926201505100 harus 18 digit (ada 17)",
    )


def test_nip_warnings_against_the_record_are_in_the_report(refs, tmp_path):
    """Issue 13 item 9 (RULES.md §7): sex and birth date disagreeing with the record are warnings, reported
    (the row is imported)."""
    people = [person(1, jenisKelamin="F"), person(2, tglLahir="02-01-1985")]
    report = run(write_json(tmp_path, "data-utama", people))
    assert errors(report) == []
    assert report.written and Employee.objects.count() == 2
    text = "\n".join(report.notes)
    assert f"NIP {nip(1)}: jenis kelamin di NIP (M) berbeda dengan data (F)" in text
    assert f"NIP {nip(2)}: tanggal lahir di NIP (1985-01-01) berbeda dengan data (1985-01-02)" in text


def test_pppk_number_is_stored_not_validated(refs, tmp_path):
    report = run(
        write_json(tmp_path, "data-utama", [person(1, nipBaru="2021PPPK0001", statusPegawai="PPPK")])
    )
    assert errors(report) == []
    assert Employee.objects.get().status == "pppk"


def test_duplicate_nip_in_one_file_names_both_rows(refs, tmp_path):
    path = write_csv(tmp_path, [person(1), person(2), person(1)])
    report = run(path)
    assert not report.written
    ((file, row, field, value, message),) = errors(report)
    assert (file, row, field, value) == ("export.csv", "4", "NIP BARU", nip(1))
    assert "export.csv baris 2" in message and "export.csv baris 4" in message


def test_no_date_spellings_all_mean_no_date(refs, tmp_path):
    people = [
        person(1, tmtPns=""),
        person(2, tmtPns=None),
        person(3, tmtPns="null"),
        person(4, tmtPns="01-01-0001"),
    ]
    run(write_json(tmp_path, "data-utama", people))
    assert list(Employee.objects.values_list("tmt_pns", flat=True)) == [None] * 4


def test_numbers_sent_as_numbers_or_strings(refs, tmp_path):
    run(write_json(tmp_path, "data-utama", [person(1, mkTahun=17), person(2, mkTahun="17")]))
    assert list(Employee.objects.values_list("mk_tahun", flat=True)) == [17, 17]


def test_ids_keep_leading_zeros_and_a_dropped_zero_comes_back(refs, tmp_path):
    run(write_csv(tmp_path, [person(1, kedudukanPnsId="01"), person(2, kedudukanPnsId="1")]))
    assert list(Employee.objects.order_by("nip").values_list("kedudukan_hukum", flat=True)) == ["01", "01"]


def test_excel_guard_apostrophes_are_dropped(refs, tmp_path):
    p = person(1)
    p["nipBaru"] = "'" + p["nipBaru"]
    p["golRuangAkhirId"] = "'34"
    run(write_csv(tmp_path, [p]))
    e = Employee.objects.get()
    assert (e.nip, e.golongan) == (nip(1), "34")


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("crlf", [True, False])
def test_csv_separators_and_line_ends(refs, tmp_path, sep, crlf):
    report = run(write_csv(tmp_path, [person(1, alamat="JL. A, NO. 1; RT 2"), person(2)], sep=sep, crlf=crlf))
    assert errors(report) == []
    assert Employee.objects.count() == 2
    assert Employee.objects.get(nip=nip(1)).raw["alamat"] == "JL. A, NO. 1; RT 2"


def test_utf8_bom_and_windows_1252(refs, tmp_path):
    run(write_csv(tmp_path / "a", [person(1, nama="SITI ÄISYAH")], bom=True))
    run(write_csv(tmp_path / "b", [person(2, nama="JOSÉ MÜLLER")], encoding="cp1252"))
    assert set(Employee.objects.values_list("name", flat=True)) == {"SITI ÄISYAH", "JOSÉ MÜLLER"}


def test_empty_trailing_rows_are_ignored(refs, tmp_path):
    path = write_csv(tmp_path, [person(1)])
    path.write_bytes(path.read_bytes() + b",,,,\r\n\r\n  ,,\r\n")
    report = run(path)
    assert errors(report) == [] and Employee.objects.count() == 1


def test_bare_data_object_and_array(refs, tmp_path):
    run(write_json(tmp_path / "a", "data-utama", person(1), bare=True))
    run(write_json(tmp_path / "b", "data-utama", [person(2)], bare=True))
    assert Employee.objects.count() == 2


def test_history_of_an_unknown_person_is_an_error_with_its_json_path(refs, tmp_path):
    report = run(SAMPLES / "rw-jabatan.json")
    assert errors(report)[0][:4] == ("rw-jabatan.json", "data[0].nipBaru", "nipBaru", "199001012019031001")
    assert "199001012019031001" in errors(report)[0][4]


# --- starting from nothing ---------------------------------------------------------------------------------


def test_empty_database_gets_instansi_units_and_positions(refs, tmp_path):
    kepala = person(2, jenisJabatanId="1", eselonId="41", jabatanNama="KEPALA SEKSI DATA")
    run(write_json(tmp_path, "data-utama", [person(1), kepala]))
    inst = Instansi.objects.get()
    assert (inst.bkn_id, inst.name, inst.kode) == (BANTEN, "Pemerintah Provinsi Banten", "6200")
    opd = Unit.objects.get(bkn_unor_id=OPD_ID)
    unit = Unit.objects.get(bkn_unor_id=UNIT_ID)
    assert unit.parent == opd and unit.opd == opd and unit.path.startswith(opd.path) and unit.depth == 1
    jf = Employee.objects.get(nip=nip(1)).position
    assert (jf.kind, jf.level, jf.unit) == ("fungsional", "jf_ahli_muda", unit)
    head = Employee.objects.get(nip=nip(2)).position
    assert (head.kind, head.level, head.eselon, head.heads_unit) == ("struktural", "pengawas", "41", True)


@pytest.mark.parametrize("block", [1, 2, 3, 100], ids=["ids-1", "ids-2", "ids-3", "ids-100"])
def test_new_units_get_their_own_ids_however_many_are_taken_at_a_time(refs, tmp_path, monkeypatch, block):
    # New units take ids a block at a time (services.UNIT_IDS) and are written with the step's other new
    # rows. Five OPDs with a bidang each, two people in one bidang, a person already there: ten units,
    # each with its own id, its parent, its OPD and a path made of its ancestors' ids.
    from talenta.siasn import services

    monkeypatch.setattr(services, "UNIT_IDS", block)
    monkeypatch.setattr(services, "BATCH", 3)

    def in_unit(i, opd):
        return person(i, unorId=f"U{opd}", unorNama=f"BIDANG {opd}", unorIndukId=f"O{opd}")

    run(write_json(tmp_path / "a", "data-utama", [in_unit(1, 1)]))
    people = [in_unit(i, (i % 5) + 1) for i in range(2, 8)]
    report = run(write_json(tmp_path / "b", "data-utama", people))
    assert report.written and report.error_count == 0
    assert report.counts["unit"]["created"] == 8
    units = {u.bkn_unor_id: u for u in Unit.objects.exclude(bkn_unor_id__in=[OPD_ID, UNIT_ID])}
    assert sorted(units) == [f"{k}{n}" for k in "OU" for n in range(1, 6)]
    for n in range(1, 6):
        opd, bidang = units[f"O{n}"], units[f"U{n}"]
        assert (opd.parent, opd.opd, opd.depth, opd.path) == (None, opd, 0, Unit.path_segment(opd.pk))
        assert (bidang.parent, bidang.opd, bidang.depth) == (opd, opd, 1)
        assert bidang.path == opd.path + Unit.path_segment(bidang.pk)
    assert {e.nip: e.unit.bkn_unor_id for e in Employee.objects.all()} == {
        nip(i): f"U{(i % 5) + 1}" if i > 1 else "U1" for i in range(1, 8)
    }
    again = run(write_json(tmp_path / "b", "data-utama", people))
    assert again.changed == 0
    # A second instansi's import takes the next ids: its units are its own, the first one's untouched.
    serang = person(
        9,
        instansiIndukId="A5EB03E23B46F6A0E040640A040252AD",  # Kota Serang (reference data)
        instansiIndukNama="Pemerintah Kota Serang",
        unorId="U-SERANG",
        unorNama="BIDANG SERANG",
        unorIndukId="O-SERANG",
        unorIndukNama="DINAS SERANG",
    )
    assert run(write_json(tmp_path / "c", "data-utama", [serang])).written
    other = Unit.objects.get(bkn_unor_id="U-SERANG")
    assert other.instansi != units["U1"].instansi and other.opd.bkn_unor_id == "O-SERANG"
    assert Unit.objects.filter(instansi=units["U1"].instansi).count() == 10
    assert Unit.objects.count() == len(set(Unit.objects.values_list("pk", flat=True))) == 12


def test_instansi_from_the_command_line_when_the_file_has_none(refs, tmp_path):
    p = person(1)
    del p["instansiIndukId"]
    run(write_json(tmp_path, "data-utama", [p]), instansi_bkn_id="A5EB03E23B46F6A0E040640A040252AD")
    assert Employee.objects.get().instansi.bkn_id == "A5EB03E23B46F6A0E040640A040252AD"


def test_plt_row_records_an_acting_holder_and_the_post_stays_vacant(refs, tmp_path):
    run(write_json(tmp_path / "a", "data-utama", [person(1)]))
    jab = [
        {
            "id": "jab-1",
            "nipBaru": nip(1),
            "namaJabatan": "KEPALA BIDANG APLIKASI",
            "eselonId": "31",
            "jenisJabatan": "1",
            "unorId": UNIT_ID,
            "unorNama": "BIDANG APLIKASI INFORMATIKA",
            "unorIndukId": OPD_ID,
            "tmtJabatan": "02-01-2025",
            "jenisPenugasanId": "PLT",
        }
    ]
    report = run(write_json(tmp_path / "b", "rw-jabatan", jab))
    assert errors(report) == []
    post = Position.objects.get(name="KEPALA BIDANG APLIKASI")
    assert (post.acting_holder.nip, post.acting_kind, post.acting_since) == (nip(1), "plt", date(2025, 1, 2))
    assert post.vacancy_state(date(2026, 1, 1)) == "vacant"
    assert post.level == "administrator"


def test_reimport_keeps_each_person_in_his_own_seat(refs, tmp_path):
    path = write_json(tmp_path, "data-utama", [person(1), person(2)])
    run(path)
    seats = dict(Employee.objects.values_list("nip", "position_id"))
    run(path)
    assert dict(Employee.objects.values_list("nip", "position_id")) == seats
    assert Position.objects.count() == 2


def test_a_newcomer_takes_the_oldest_vacant_seat_of_his_post(refs, tmp_path):
    """Seats of one name differ (one critical, one with a planned vacancy): which one an import fills must
    not be the database's order of the rows."""
    run(write_json(tmp_path / "a", "data-utama", [person(1)]))
    held = Employee.objects.get(nip=nip(1)).position
    seats = []
    for critical in (False, True):
        seat = Position.objects.get(pk=held.pk)
        seat.pk, seat.is_critical = None, critical
        seat.save()
        seats.append(seat)
    run(write_json(tmp_path / "b", "data-utama", [person(2)]))
    assert Employee.objects.get(nip=nip(2)).position_id == min(s.pk for s in seats)


# --- large files: what is checked across batches, and progress -------------------------------------------


def test_duplicate_nip_in_different_batches_names_both_rows(refs, tmp_path, monkeypatch):
    # Rows are processed in batches; what was read is kept in a temporary table, not in memory, and a
    # duplicate is still found when its first row was in an earlier batch.
    from talenta.siasn import services

    monkeypatch.setattr(services, "BATCH", 2)
    path = write_csv(tmp_path, [person(1), person(2), person(3), person(4), person(2)])
    report = run(path)
    assert not report.written
    ((file, row, field, value, message),) = errors(report)
    assert (file, row, field, value) == ("export.csv", "6", "NIP BARU", nip(2))
    assert "export.csv baris 3" in message and "export.csv baris 6" in message
    assert Employee.objects.count() == 0


def test_duplicate_riwayat_id_in_different_batches_is_an_error(refs, tmp_path, monkeypatch):
    from talenta.siasn import services

    monkeypatch.setattr(services, "BATCH", 2)
    write_json(tmp_path, "data-utama", [person(1)])
    gol = {"nipBaru": nip(1), "golonganId": "31", "tmtGolongan": "01-04-2010"}
    rows = [{**gol, "id": "G1"}, {**gol, "id": "G2"}, {**gol, "id": "G3"}, {**gol, "id": "G1"}]
    write_json(tmp_path, "rw-golongan", rows)
    report = run(tmp_path)
    assert not report.written
    (e,) = report.errors
    assert (e.file, e.row, e.value) == ("rw-golongan.json", "data[3].id", "G1")
    assert "data[0]" in e.message and "data[3]" in e.message
    assert GolonganHistory.objects.count() == 0


@pytest.mark.parametrize("memory", [1, 2, 3, 1000], ids=["spill-each-key", "spill-2", "spill-3", "in-memory"])
def test_keys_read_are_found_whether_kept_in_memory_or_spilled(refs, tmp_path, monkeypatch, memory):
    # The keys read are held in memory up to a bound and spill to a temporary table past it: a duplicate
    # is named with its first row wherever that row's key is kept, and `hukdis_complete` reaches everyone.
    from talenta.siasn import services

    monkeypatch.setattr(services, "BATCH", 2)
    monkeypatch.setattr(services._Seen, "MEMORY", memory)
    write_json(tmp_path, "data-utama", [person(i) for i in range(1, 6)])
    gol = {"nipBaru": nip(1), "golonganId": "31", "tmtGolongan": "01-04-2010"}
    write_json(tmp_path, "rw-golongan", [{**gol, "id": f"G{i}"} for i in range(1, 6)] + [{**gol, "id": "G2"}])
    write_json(tmp_path, "rw-hukdis", [])
    report = run(tmp_path, hukdis_complete=True)
    assert not report.written
    (e,) = report.errors
    assert (e.file, e.row, e.value) == ("rw-golongan.json", "data[5].id", "G2")
    assert "data[1]" in e.message and "data[5]" in e.message

    write_json(tmp_path, "rw-golongan", [{**gol, "id": f"G{i}"} for i in range(1, 6)])
    report = run(tmp_path, hukdis_complete=True)
    assert report.written and report.error_count == 0
    assert Employee.objects.filter(discipline_checked_at__isnull=False).count() == 5
    assert GolonganHistory.objects.count() == 5


def test_progress_counts_the_bytes_of_every_file(refs, tmp_path):
    import io

    from talenta.core.jobs import Progress

    write_json(tmp_path / "json", "data-utama", [person(i) for i in range(1, 6)])
    csv = write_csv(tmp_path, [person(i) for i in range(6, 9)])
    size = sum(p.stat().st_size for p in (*(tmp_path / "json").iterdir(), csv))
    out = io.StringIO()
    progress = Progress(None, "SIASN", stream=out, min_interval=0)
    report = run(tmp_path / "json", csv, progress=progress)
    assert report.written
    assert (progress.total, progress.done, progress.unit) == (size, size, "B")
    assert "8 baris dibaca" in out.getvalue()
    assert "100.0%" in out.getvalue().splitlines()[-1]


def test_a_second_import_in_one_transaction_starts_with_nothing_seen(refs, tmp_path):
    # The temporary table is dropped at the end of each import: the same connection imports again.
    path = write_csv(tmp_path, [person(1)])
    assert run(path).written
    again = run(path)
    assert again.error_count == 0 and again.changed == 0


def _refuse_golongan_row(bkn_id: str | None) -> None:
    """A rule of the database's own that the importer does not know (an operator's trigger): inserting
    the rw-golongan row `bkn_id` fails; None takes the rule away."""
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("DROP TRIGGER IF EXISTS refuse_row ON people_golonganhistory")
            if bkn_id is not None:
                c.execute(
                    "CREATE OR REPLACE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'refused by the database'; END $$"
                )
                c.execute(
                    "CREATE TRIGGER refuse_row BEFORE INSERT ON people_golonganhistory FOR EACH ROW "
                    f"WHEN (NEW.bkn_id = '{bkn_id}') EXECUTE FUNCTION refuse_row()"
                )
        else:
            c.execute("DROP TRIGGER IF EXISTS refuse_row")
            if bkn_id is not None:
                c.execute(
                    "CREATE TRIGGER refuse_row BEFORE INSERT ON people_golonganhistory "
                    f"WHEN NEW.bkn_id = '{bkn_id}' BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
                )


def test_a_write_the_database_refuses_fails_the_whole_import_even_in_the_background(
    refs, tmp_path, monkeypatch
):
    # A batch's new rows are copied in a second thread on PostgreSQL while the next batch is read
    # (services._Importer._insert). A write the database refuses still fails the import with the
    # database's own error, wherever the reading then is, and nothing of the import is kept; the same
    # connection imports again once the rule is gone.
    from django.db import DatabaseError

    from talenta.siasn import services

    monkeypatch.setattr(services, "BATCH", 2)
    write_json(tmp_path, "data-utama", [person(i) for i in range(1, 6)])
    gol = {"nipBaru": nip(1), "golonganId": "31", "tmtGolongan": "01-04-2010"}
    # Batches [G1, G2], [G3, G4], [G5]: G3 is written while G5 is read.
    write_json(tmp_path, "rw-golongan", [{**gol, "id": f"G{i}"} for i in range(1, 6)])
    before = table_state()
    _refuse_golongan_row("G3")
    with pytest.raises(DatabaseError, match="refused by the database"):
        run(tmp_path)
    assert table_state() == before
    _refuse_golongan_row(None)
    report = run(tmp_path)
    assert report.written and report.error_count == 0
    assert sorted(GolonganHistory.objects.values_list("bkn_id", flat=True)) == [f"G{i}" for i in range(1, 6)]
    assert Employee.objects.count() == 5


# --- the Export Data ASN CSV has no eselon ------------------------------------------------------------


def test_csv_struktural_post_gets_its_eselon_from_rw_jabatan_and_is_not_changed_by_the_csv_again(
    refs, tmp_path
):
    kabid = person(1, jenisJabatanId="1", jabatanNama="KEPALA BIDANG APLIKASI INFORMATIKA")
    csv_path = write_csv(tmp_path / "csv", [kabid])
    first = run(csv_path)
    assert first.written
    seat = Employee.objects.get().position
    assert (seat.kind, seat.eselon, seat.level) == ("struktural", "", "pelaksana")
    assert first.notes and "1" in first.notes[0] and "eselon" in first.notes[0]
    assert ImportRun.objects.get(pk=first.run_id).notes == first.notes

    rw = {
        "id": "J1",
        "nipBaru": kabid["nipBaru"],
        "namaJabatan": "KEPALA BIDANG APLIKASI INFORMATIKA",
        "jenisJabatan": "1",
        "eselonId": "31",
        "unorId": UNIT_ID,
        "tmtJabatan": "01-04-2022",
        "jenisPenugasanId": "D",
    }
    second = run(write_json(tmp_path / "json", "rw-jabatan", [rw]))
    assert second.written and second.notes == []
    seat.refresh_from_db()
    assert (seat.eselon, seat.level) == ("31", "administrator")
    assert second.counts["position"]["updated"] == 1

    # The CSV again: no eselon in it means "not said", so the person and his seat are unchanged.
    third = run(csv_path)
    assert third.written and third.changed == 0
    assert Employee.objects.get().position_id == seat.pk
    seat.refresh_from_db()
    assert seat.eselon == "31"


def test_an_eselon_already_known_is_not_overwritten_by_an_older_post_history_row(refs, tmp_path):
    kabid = person(1, jenisJabatanId="1", eselonId="31", jabatanNama="KEPALA BIDANG APLIKASI INFORMATIKA")
    write_json(tmp_path, "data-utama", [kabid])
    old = {
        "id": "J0",
        "nipBaru": kabid["nipBaru"],
        "namaJabatan": "KEPALA BIDANG APLIKASI INFORMATIKA",
        "eselonId": "32",
        "unorId": UNIT_ID,
        "tmtJabatan": "01-04-2012",
        "jenisPenugasanId": "D",
    }
    write_json(tmp_path, "rw-jabatan", [old])
    assert run(tmp_path).written
    assert Employee.objects.get().position.eselon == "31"


# --- rw-hukdis covering everyone: the user's word, recorded as "checked" ----------------------------------


def test_hukdis_complete_marks_the_people_of_the_import_as_checked(refs, tmp_path):
    from django.utils import timezone

    from talenta.directory.profile import ITEM_LABELS, profile_context

    write_json(tmp_path, "data-utama", [person(1), person(2)])
    write_json(tmp_path, "rw-hukdis", [])
    report = run(tmp_path, hukdis_complete=True)
    assert report.written
    today = timezone.localdate()
    assert set(Employee.objects.values_list("discipline_checked_at", flat=True)) == {today}
    assert any("2" in n and "rw-hukdis" in n for n in report.notes)
    profile = profile_context(Employee.objects.get(nip=nip(1)), today)
    missing = [i for g in profile["missing"] for i in g["items"]]
    assert str(ITEM_LABELS["discipline"]) not in missing


def test_an_empty_rw_hukdis_alone_proves_no_check(refs, tmp_path):
    # Talenta's own export writes an empty rw-hukdis for people nobody checked: reading it back must not
    # turn "never checked" into "checked, clean".
    write_json(tmp_path, "data-utama", [person(1)])
    write_json(tmp_path, "rw-hukdis", [])
    assert run(tmp_path).written
    assert Employee.objects.get().discipline_checked_at is None


def test_a_dry_run_marks_nobody(refs, tmp_path):
    write_json(tmp_path, "data-utama", [person(1)])
    assert run(tmp_path, dry_run=True, hukdis_complete=True).notes
    assert Employee.objects.count() == 0
