"""A re-import of files already imported, into rows nothing has changed since, is answered without reading
them (siasn.stamps, issue #17); anything that could change its outcome makes it read them, and then it
restores SIASN's values exactly as a first re-import always did."""

from __future__ import annotations

import shutil

import pytest
from django.db import connection, transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talenta.core.models import AuditEntry, ReferenceItem
from talenta.people.models import Employee, GolonganHistory, Instansi, Position, SkpHistory, Unit
from talenta.siasn import services, stamps
from talenta.siasn.models import ImportRun
from talenta.siasn.services import siasn_import
from tests.siasn.conftest import table_state
from tests.siasn.factories import OPD_ID, UNIT_ID, acting_post, nip, person, write_csv, write_json
from tests.siasn.test_roundtrip import _samples

pytestmark = pytest.mark.django_db

SERANG = "A5EB03E23B46F6A0E040640A040252AD"  # Kota Serang in BKN's instansi table (reference data)


def _files(tmp_path):
    """Every sample file, with the data-utama of the second person its rw-jabatan names."""
    return _samples(tmp_path)


def _no_reading(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the files were read")

    monkeypatch.setattr(services, "records", refuse)


def _outcome(report):
    return report.counts_dict(), report.samples_dict(), report.error_count


def _replay_note(report):
    return report.notes[-1]


@pytest.fixture
def english():
    """The reports of the test in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def _why_read(report):
    """The note saying why the same files, imported again, will be read row by row."""
    said = [n for n in report.notes if n.startswith("Importing these files again will read every row")]
    assert len(said) == 1, report.notes
    return said[0]


# --- the same files again -----------------------------------------------------------------------------------


def test_the_same_files_again_are_answered_as_reading_them_would(refs, tmp_path, monkeypatch):
    folder = _files(tmp_path)
    first = siasn_import(paths=[folder])
    # The run that wrote the rows records what reading the same files again would report.
    assert first.written and first.changed and first.error_count == 0 and first.replay
    before = table_state()
    with monkeypatch.context() as m:
        _no_reading(m)
        again = siasn_import(paths=[folder])
    assert again.replayed and again.written and again.changed == 0
    assert "not read again" in _replay_note(again) or "tidak dibaca" in _replay_note(again)
    assert {k: v for k, v in table_state().items() if "Audit" not in k} == {
        k: v for k, v in before.items() if "Audit" not in k
    }
    entry = AuditEntry.objects.filter(action="siasn.import").order_by("-id").first()
    assert entry.changes["replayed"] is True
    run = ImportRun.objects.get(pk=again.run_id)
    assert run.status == ImportRun.Status.SUCCEEDED and run.counts == again.counts_dict()
    # Reading them does report exactly that, and changes nothing.
    read = siasn_import(paths=[folder], replay=False)
    assert not read.replayed and read.changed == 0
    assert _outcome(again) == _outcome(read)
    assert again.notes[:-1] == read.notes
    assert {k: v for k, v in table_state().items() if "Audit" not in k} == {
        k: v for k, v in before.items() if "Audit" not in k
    }
    with monkeypatch.context() as m:
        _no_reading(m)
        assert siasn_import(paths=[folder]).replayed  # and so does the reading's own record


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda t: [write_json(t, "data-utama", [person(1), person(2)])], id="two-people"),
        pytest.param(
            lambda t: [
                write_csv(
                    t, [person(1, jenisJabatanId="1", jabatanNama="KEPALA BIDANG APLIKASI INFORMATIKA")]
                )
            ],
            id="csv-struktural-without-eselon",
        ),
        pytest.param(
            lambda t: [
                write_json(t, "data-utama", [person(1)]),
                write_json(
                    t,
                    "rw-jabatan",
                    [acting_post(1)],
                ),
            ],
            id="acting-post",
        ),
        pytest.param(
            lambda t: [write_json(t, "data-utama", [person(1, jenisKelamin="F")])], id="nip-warning"
        ),
    ],
)
def test_a_replay_reports_what_reading_the_files_reports(refs, tmp_path, build):
    paths = build(tmp_path)
    assert siasn_import(paths=paths).written
    read = siasn_import(paths=paths, replay=False)
    again = siasn_import(paths=paths)
    assert again.replayed
    assert _outcome(again) == _outcome(read)
    assert again.notes[:-1] == read.notes


def test_a_seat_from_the_csv_gets_the_eselon_a_json_record_names_and_then_nothing_changes(refs, tmp_path):
    """The CSV carries no eselon; the JSON of the same person names it. Reading the JSON fills the seat's
    eselon and keeps the person in it; reading it again changes nothing (it used to move him out of his
    own seat and back on every import), and a replay says what reading says."""
    head = person(1, jenisJabatanId="1", eselonId="41", jabatanNama="KEPALA SEKSI DATA")
    assert siasn_import(paths=[write_csv(tmp_path / "csv", [head])]).written
    seat = Employee.objects.get().position
    assert (seat.eselon, seat.level) == ("", "pelaksana")
    json = write_json(tmp_path / "json", "data-utama", [head])
    first = siasn_import(paths=[json])
    assert first.written and first.counts["position"]["updated"] == 1
    seat.refresh_from_db()
    assert (seat.eselon, seat.level) == ("41", "pengawas")
    assert Employee.objects.get().position_id == seat.pk
    read = siasn_import(paths=[json], replay=False)
    assert read.changed == 0, read.counts_dict()
    again = siasn_import(paths=[json])
    assert again.replayed and _outcome(again) == _outcome(read)


def test_a_dry_run_is_replayed_and_writes_nothing(refs, tmp_path):
    folder = _files(tmp_path)
    dry_first = siasn_import(paths=[folder], dry_run=True)
    assert not dry_first.written and not ImportRun.objects.exclude(replay={}).exists()
    siasn_import(paths=[folder])
    before = table_state()
    again = siasn_import(paths=[folder], dry_run=True)
    assert again.replayed and not again.written and again.changed == 0
    assert table_state() == before  # not even an audit entry
    assert ImportRun.objects.get(pk=again.run_id).status == ImportRun.Status.PREVIEW


# --- what makes a re-import read the files ---------------------------------------------------------------


def _employee_saved(inst):
    e = Employee.objects.get(nip=nip(1))
    e.name = "DIUBAH DI TALENTA"
    e.save()
    return ("data-utama", "updated", 1)


def _employee_updated_in_bulk(inst):
    Employee.objects.filter(nip=nip(1)).update(gelar_belakang="S.T.")
    return ("data-utama", "updated", 1)


def _history_edited(inst):
    row = GolonganHistory.objects.order_by("pk").first()
    row.sk_nomor = "DIUBAH"
    row.save(update_fields=["sk_nomor"])
    return ("rw-golongan", "updated", 1)


def _history_deleted(inst):
    SkpHistory.objects.order_by("pk").first().delete()
    return ("rw-skp22", "created", 1)


def _raw_sql_update(inst):
    with connection.cursor() as c:
        c.execute(f"UPDATE {SkpHistory._meta.db_table} SET year = year + 1")
    return ("rw-skp22", "updated", SkpHistory.objects.count())


def _unit_renamed(inst):
    u = Unit.objects.get(bkn_unor_id=UNIT_ID)
    u.name = "BIDANG BARU"
    u.save()
    return None


def _post_added(inst):
    unit = Unit.objects.get(bkn_unor_id=UNIT_ID)
    Position.objects.create(instansi=inst, unit=unit, name="ANALIS BARU", kind="pelaksana", level="pelaksana")
    return None


def _post_renamed(inst):
    p = Employee.objects.get(nip=nip(1)).position
    p.name = "JABATAN LAIN"
    p.save()
    return ("data-utama", "updated", 1)


def _reference_changed(inst):
    item = ReferenceItem.objects.filter(table="agama").order_by("pk").first()
    item.name = item.name + " (baru)"
    item.save()
    return None


def _instansi_renamed(inst):
    inst.name = "PEMERINTAH PROVINSI CONTOH"
    inst.save()
    return None


def _trigger_dropped(inst):
    table = SkpHistory._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(f'DROP TRIGGER "{table}_siasn_unstamp" ON "{table}"')
        else:
            c.execute(f'DROP TRIGGER "{table}_siasn_unstamp"')
    return None


@pytest.mark.parametrize(
    "change",
    [
        _employee_saved,
        _employee_updated_in_bulk,
        _history_edited,
        _history_deleted,
        _raw_sql_update,
        _unit_renamed,
        _post_added,
        _post_renamed,
        _reference_changed,
        _instansi_renamed,
        _trigger_dropped,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_change_since_makes_the_re_import_read_the_files_and_restore_siasn(refs, tmp_path, change):
    folder = _files(tmp_path)
    assert siasn_import(paths=[folder]).written
    assert siasn_import(paths=[folder]).replay  # read, nothing to change: the next one is a replay
    expected = change(Instansi.objects.get())
    again = siasn_import(paths=[folder])
    assert not again.replayed and again.written and again.error_count == 0
    if expected is not None:
        kind, outcome, n = expected
        assert again.counts[kind][outcome] == n
        assert again.replay  # what reading them once more would report: SIASN's values, restored
        confirmed = siasn_import(paths=[folder], replay=False)
        assert not confirmed.replayed and confirmed.changed == 0
    else:
        assert again.changed == 0
    stamps.install_triggers()
    third = siasn_import(paths=[folder])
    assert third.replayed and third.changed == 0


def test_an_object_saved_with_an_older_stamp_cannot_pass_for_unchanged(refs, tmp_path):
    folder = _files(tmp_path)
    siasn_import(paths=[folder])
    siasn_import(paths=[folder])
    stale = Employee.objects.get(nip=nip(1))  # read now, saved after another import stamped the row
    assert siasn_import(paths=[folder], replay=False).written
    stale.name = "DARI FORMULIR LAMA"
    stale.save()
    again = siasn_import(paths=[folder])
    assert not again.replayed and again.counts["data-utama"]["updated"] == 1
    assert Employee.objects.get(nip=nip(1)).name != "DARI FORMULIR LAMA"


def test_other_names_or_other_bytes_are_read(refs, tmp_path):
    a = write_json(tmp_path / "a", "data-utama", [person(1)])
    siasn_import(paths=[a])
    (tmp_path / "b").mkdir()
    b = shutil.copy(a, tmp_path / "b" / "data-utama-salinan.json")
    assert not siasn_import(paths=[b]).replayed
    c = write_json(tmp_path / "c", "data-utama", [person(1, nama="PEGAWAI CONTOH 1 ")])  # other bytes
    assert not siasn_import(paths=[c]).replayed
    assert siasn_import(paths=[c]).replayed


def test_hukdis_complete_and_another_language_read_the_files(refs, tmp_path):
    from django.utils import translation

    folder = _files(tmp_path)
    siasn_import(paths=[folder])
    assert not siasn_import(paths=[folder], hukdis_complete=True).replayed
    assert not siasn_import(paths=[folder], dry_run=True, hukdis_complete=True).replayed
    with translation.override("en"):
        assert not siasn_import(paths=[folder]).replayed
    with translation.override("id"):
        assert not siasn_import(paths=[folder]).replayed  # the hukdis run changed every person's row
        assert siasn_import(paths=[folder]).replayed


def test_rows_rejected_once_are_reported_again(refs, tmp_path):
    path = write_json(tmp_path, "data-utama", [person(1), person(2, nipBaru="123")])
    first = siasn_import(paths=[path], skip_invalid=True)
    assert first.written and first.error_count == 1 and first.replay == {}
    again = siasn_import(paths=[path], skip_invalid=True)
    assert not again.replayed and [e.as_dict() for e in again.errors] == [e.as_dict() for e in first.errors]


def test_two_rows_claiming_one_seat_are_never_replayed(refs, tmp_path, english):
    head = {"jenisJabatanId": "1", "eselonId": "31", "jabatanNama": "KEPALA BIDANG APLIKASI INFORMATIKA"}
    path = write_json(tmp_path, "data-utama", [person(1, **head), person(2, **head)])
    first = siasn_import(paths=[path])
    assert first.written and first.replay == {}
    assert f"the rows of {nip(1)} and {nip(2)} claim the same post" in _why_read(first)
    for _ in range(3):  # each reading moves the seat: none of them proves the next one changes nothing
        again = siasn_import(paths=[path])
        assert not again.replayed and again.changed and again.replay == {}
        assert "goes to another row" in _why_read(again)  # the seat the earlier reading gave person 2


@pytest.mark.parametrize(
    ("batch", "memory"), [(1, 250_000), (2000, 250_000), (1, 1)], ids=["batches", "one-batch", "keys-spilled"]
)
def test_a_seat_taken_from_someone_already_read_is_never_replayed(
    refs, tmp_path, monkeypatch, english, batch, memory
):
    """Person 1 holds the head's seat; a file with him unchanged and then person 2 claiming the same seat
    moves it on every read (the later row wins): its re-import must read it, and must find what the
    first reading found. Whoever was read is found in memory or, past `_Seen.MEMORY`, in its table."""
    monkeypatch.setattr(services, "BATCH", batch)
    monkeypatch.setattr(services._Seen, "MEMORY", memory)
    head = {"jenisJabatanId": "1", "eselonId": "31", "jabatanNama": "KEPALA BIDANG APLIKASI INFORMATIKA"}
    assert siasn_import(paths=[write_json(tmp_path / "a", "data-utama", [person(1, **head)])]).written
    both = write_json(tmp_path / "b", "data-utama", [person(1, **head), person(2, **head)])
    first = siasn_import(paths=[both])
    assert first.written and first.replay == {}
    assert f"a post held by {nip(1)}, read earlier (data-utama.json data[0]), goes to another row" in (
        _why_read(first)
    )
    again = siasn_import(paths=[both])
    assert not again.replayed
    assert again.counts_dict() == siasn_import(paths=[both], replay=False).counts_dict()


def test_another_instansis_changes_do_not_make_this_one_read(refs, tmp_path):
    banten = write_json(tmp_path / "a", "data-utama", [person(1)])
    other = person(
        2,
        instansiIndukId=SERANG,
        instansiIndukNama="Pemerintah Kota Serang",
        unorId="unit-serang",
        unorNama="BIDANG SERANG",
        unorIndukId="opd-serang",
        unorIndukNama="DINAS SERANG",
    )
    serang = write_json(tmp_path / "b", "data-utama", [other])
    for path in (banten, serang, banten, serang):  # each written, then read with nothing to change
        assert siasn_import(paths=[path]).written
    assert Instansi.objects.count() == 2
    Employee.objects.filter(nip=nip(2)).update(name="DIUBAH")
    assert siasn_import(paths=[banten]).replayed
    assert siasn_import(paths=[serang]).counts["data-utama"]["updated"] == 1
    assert Employee.objects.get(nip=nip(2)).name == "PEGAWAI CONTOH 2"
    assert siasn_import(paths=[serang]).replayed


def test_a_rolled_back_import_leaves_no_stamp_behind(refs, tmp_path):
    folder = _files(tmp_path)
    siasn_import(paths=[folder])
    assert siasn_import(paths=[folder]).replay
    with transaction.atomic():
        assert siasn_import(paths=[folder], replay=False).written
        transaction.set_rollback(True)
    # The rolled-back run's record is gone with it; the earlier one still describes the rows.
    assert siasn_import(paths=[folder]).replayed


# --- the trigger ----------------------------------------------------------------------------------------

WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("stamp"), st.integers(min_value=1, max_value=50)),
        st.tuples(st.just("edit"), st.just(0)),
        st.tuples(st.just("null"), st.just(0)),
    ),
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=WRITES)
def test_a_stamp_survives_only_writes_that_raise_it(refs, writes):
    """The trigger's rule, on this database: a write that does not give a larger stamp makes it -|stamp|."""
    inst = Instansi.objects.get_or_create(bkn_id="TRIGGER", defaults={"name": "Uji", "kode": "1"})[0]
    unit = Unit.objects.create(instansi=inst, name="UJI", path="x")
    expected = None
    for op, value in writes:
        if op == "stamp":
            Unit.objects.filter(pk=unit.pk).update(siasn_stamp=value)
            new = value
        elif op == "null":
            Unit.objects.filter(pk=unit.pk).update(siasn_stamp=None)
            new = None
        else:
            Unit.objects.filter(pk=unit.pk).update(order=unit.order + 1)
            new = expected
        if expected is not None and (new is None or new <= abs(expected)):
            new = -abs(expected)
        expected = new
        assert Unit.objects.get(pk=unit.pk).siasn_stamp == expected
    unit.delete()


def test_the_triggers_are_on_every_stamped_table_after_migrate(db):
    assert stamps.triggers_present()
    names = {m._meta.label for m in stamps.stamped_models()}
    assert names == {
        "people.Employee",
        "people.GolonganHistory",
        "people.JabatanHistory",
        "people.EducationHistory",
        "people.LeadershipTraining",
        "people.Training",
        "people.SkpHistory",
        "people.DisciplineHistory",
        "people.AwardHistory",
        "people.Unit",
        "people.Position",
    }


# --- an import that wrote rows records what reading them again gives (tests/siasn/test_replay_property.py) --


def test_a_post_the_import_writes_twice_is_left_stamped(refs, tmp_path):
    """A seat created, then given its acting holder at the end of the same import: the trigger unstamps the
    second write (its stamp is not larger), and the import stamps it again with a larger one."""
    folder = tmp_path / "in"
    write_json(folder, "data-utama", [person(1)])
    write_json(
        folder,
        "rw-jabatan",
        [acting_post(1)],
    )
    first = siasn_import(paths=[folder])
    seat = Position.objects.get(acting_holder__nip=nip(1))
    assert seat.siasn_stamp > 0 and seat.siasn_stamp in first.replay["stamps"]
    rows = table_state()
    assert siasn_import(paths=[folder]).replayed
    read = siasn_import(paths=[folder], replay=False)
    assert read.changed == 0
    assert {k: v for k, v in table_state().items() if "Audit" not in k} == {
        k: v for k, v in rows.items() if "Audit" not in k
    }


def test_a_seat_named_with_its_eselon_by_the_record_claiming_it_gets_it_at_once(refs, tmp_path):
    head = {"jenisJabatanId": "1", "jabatanNama": "KEPALA BIDANG APLIKASI INFORMATIKA"}
    siasn_import(paths=[write_csv(tmp_path / "csv", [person(1, **head)])])  # the CSV has no eselon
    seat = Position.objects.get()
    assert seat.eselon == ""
    moved = write_json(tmp_path / "b", "data-utama", [person(2, eselonId="31", **head)])
    first = siasn_import(paths=[moved])
    seat.refresh_from_db()
    assert seat.eselon == "31" and seat.holder.nip == nip(2) and first.replay
    assert siasn_import(paths=[moved], replay=False).changed == 0


def test_a_person_record_naming_derived_keys_is_not_recorded_until_read_again(refs, tmp_path, english):
    """Read back from Talenta's export, a person SIASN never sent has keys Talenta derives from his unit and
    post; what the import keeps of them depends on where he is, so a run that moves him records nothing."""
    siasn_import(paths=[write_csv(tmp_path / "csv", [person(1)])])
    moved = person(1, unorId="unit-lain", unorNama="BIDANG LAIN", unorIndukId=OPD_ID, eselonId="")
    first = siasn_import(paths=[write_json(tmp_path / "b", "data-utama", [moved])])
    assert first.changed and first.replay == {}
    assert "data-utama.json data[0] names what Talenta derives from the person's unit and post (" in (
        _why_read(first)
    )
    again = siasn_import(paths=[tmp_path / "b" / "data-utama.json"])
    assert not again.replayed and again.replay
    assert not [n for n in again.notes if n.startswith("Importing these files again")]
    assert siasn_import(paths=[tmp_path / "b" / "data-utama.json"]).replayed
