"""The rule a replay rests on, as a property: when an import records what reading the same files again
would report (`ImportRun.replay`), reading them again reports exactly that and changes nothing.

The generated files are a small organisation whose rows interact the way real ones do: people who move
between units and seats, struktural seats named with and without an eselon, two people named to one seat,
acting (Plt./Plh.) rows of the post history, and an earlier import whose people the files move, keep or
leave alone. An import that cannot promise it (a seat that moves on every reading) records nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from talenta.core.models import AuditEntry
from talenta.people.models import Employee, JabatanHistory, Position
from talenta.siasn.models import ImportRun
from talenta.siasn.services import siasn_import
from tests.siasn.conftest import table_state
from tests.siasn.factories import OPD_ID, UNIT_ID, acting_post, nip, person, write_csv, write_json
from tests.siasn.test_roundtrip import wipe

pytestmark = pytest.mark.django_db

UNITS = [
    (UNIT_ID, "BIDANG APLIKASI INFORMATIKA", OPD_ID, "DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN"),
    ("unit-kedua", "BIDANG STATISTIK", OPD_ID, "DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN"),
    (OPD_ID, "DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN", "", ""),
]
# (name, jenisJabatanId, eselonId): two struktural seats, one JF and one pelaksana post.
POSTS = [
    ("KEPALA BIDANG", "1", "31"),
    ("KEPALA BIDANG", "1", ""),
    ("KEPALA SEKSI DATA", "1", "41"),
    ("Pranata Komputer Ahli Muda", "2", ""),
    ("PENGADMINISTRASI UMUM", "4", ""),
]
TMT = ["01-01-2020", "01-07-2023", "02-01-2025", ""]


@st.composite
def people(draw, serials):
    out = []
    for serial in serials:
        unor, unor_name, parent, parent_name = draw(st.sampled_from(UNITS))
        name, jenis, eselon = draw(st.sampled_from(POSTS))
        out.append(
            person(
                serial,
                unorId=unor,
                unorNama=unor_name,
                unorIndukId=parent,
                unorIndukNama=parent_name,
                jabatanNama=name,
                jenisJabatanId=jenis,
                eselonId=eselon,
                tmtJabatan=draw(st.sampled_from(TMT)),
                nama=draw(st.sampled_from([f"PEGAWAI CONTOH {serial}", f"NAMA LAIN {serial}"])),
                golRuangAkhirId=draw(st.sampled_from(["34", "41"])),
            )
        )
    return out


@st.composite
def post_history(draw, serials, tag):
    rows = []
    for i in range(draw(st.integers(min_value=0, max_value=4))):
        unor, unor_name, parent, parent_name = draw(st.sampled_from(UNITS))
        name, jenis, eselon = draw(st.sampled_from(POSTS[:3]))
        assignment = draw(st.sampled_from(["D", "PLT", "PLH", ""]))
        rows.append(
            {
                "id": f"jab-{tag}-{i}",
                "nipBaru": nip(draw(st.sampled_from(serials))),
                "namaJabatan": ("Plt. " if assignment == "PLT" else "") + name,
                "eselonId": draw(st.sampled_from([eselon, ""])),
                "jenisJabatan": jenis,
                "unorId": unor,
                "unorNama": unor_name,
                "unorIndukId": parent,
                "unorIndukNama": parent_name,
                "tmtJabatan": draw(st.sampled_from(TMT[:3])),
                "jenisPenugasanId": assignment,
            }
        )
    return rows


@st.composite
def file_set(draw, tag):
    """The people (JSON or the Export Data ASN CSV) and, with the JSON, their post history."""
    serials = draw(st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=5, unique=True))
    return {
        "people": draw(people(serials)),
        "csv": draw(st.booleans()),
        "history": draw(post_history(serials, tag)),
    }


def _write(folder, files):
    if files["csv"]:
        return [write_csv(folder, files["people"])]
    paths = [write_json(folder, "data-utama", files["people"])]
    if files["history"]:
        paths.append(write_json(folder, "rw-jabatan", files["history"]))
    return paths


def _outcome(report):
    return report.counts_dict(), report.samples_dict(), report.error_count


def _rows():
    return {k: v for k, v in table_state().items() if "Audit" not in k}


def _dump():
    """Every row of the tables a re-reading could touch, by id: what differs is shown when one does."""
    return {
        m.__name__: {r["id"]: r for r in m.objects.values()} for m in (Employee, JabatanHistory, Position)
    }


def _diff(a, b):
    out = []
    for table in a:
        for pk in sorted(set(a[table]) | set(b[table])):
            x, y = a[table].get(pk) or {}, b[table].get(pk) or {}
            if x != y:
                out.append((table, pk, {k: (x.get(k), y.get(k)) for k in {*x, *y} if x.get(k) != y.get(k)}))
    return out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.one_of(st.none(), file_set("a")), files=file_set("b"))
def test_what_an_import_records_is_what_reading_the_files_again_reports(
    refs, tmp_path_factory, before, files
):
    wipe()
    ImportRun.objects.all().delete()
    tmp = tmp_path_factory.mktemp("replay")
    if before is not None:
        assert siasn_import(paths=_write(tmp / "before", before)).error_count == 0
    paths = _write(tmp / "files", files)
    first = siasn_import(paths=paths)
    assert first.error_count == 0 and first.written, [e.as_dict() for e in first.errors]
    note(f"before: {before}\nfiles: {files}\nfirst: {first.counts_dict()}")
    if not first.replay:
        return  # a seat that moves on every reading: the next import reads the files
    rows, dump = _rows(), _dump()
    replayed = siasn_import(paths=paths)
    assert replayed.replayed
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    read = siasn_import(paths=paths, replay=False)
    changes = list(
        AuditEntry.objects.filter(pk__gt=last).exclude(action="siasn.import").values_list("action", "changes")
    )
    assert read.changed == 0, (read.counts_dict(), changes)
    assert _outcome(read) == _outcome(replayed)
    assert read.notes == replayed.notes[:-1]
    assert _rows() == rows, _diff(dump, _dump())


def test_the_generator_reaches_the_cases_that_matter(refs, tmp_path):
    """The property above is only as good as its files: one drawn file set of each kind, by hand."""
    head = {"jenisJabatanId": "1", "eselonId": "31", "jabatanNama": "KEPALA BIDANG"}
    # Someone the files do not name leaves the seat for good: the import is settled.
    siasn_import(paths=[write_json(tmp_path / "a", "data-utama", [person(1, **head)])])
    moved = siasn_import(paths=[write_json(tmp_path / "b", "data-utama", [person(2, **head)])])
    assert moved.replay and siasn_import(paths=[tmp_path / "b" / "data-utama.json"]).replayed
    # An acting row of the post history, with a date older than none.
    acting = write_json(
        tmp_path / "c",
        "rw-jabatan",
        [acting_post(2, name="KEPALA SEKSI DATA", eselon="41", id="jab-c-0")],
    )
    first = siasn_import(paths=[acting])
    assert first.changed and first.replay
    again = siasn_import(paths=[acting], replay=False)
    assert again.changed == 0 and again.counts_dict() == siasn_import(paths=[acting]).counts_dict()
