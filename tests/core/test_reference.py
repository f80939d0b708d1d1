from talenta.core.models import ReferenceItem
from talenta.core.reference import load_reference


def test_reference_load_keeps_leading_zeros(reference):
    assert ReferenceItem.objects.get(table="kedudukanHukum", code="01").name == "Aktif"
    assert ReferenceItem.objects.get(table="tingkatPendidikan", code="05").name == "Sekolah Dasar"
    assert ReferenceItem.objects.get(table="golonganPns", code="34").data["namaPangkat"] == "Penata Tingkat I"


def test_reference_load_is_idempotent(reference):
    before = ReferenceItem.objects.count()
    again = load_reference()
    assert again.created == 0 and again.updated == 0
    assert again.unchanged == before == ReferenceItem.objects.count()


def test_every_table_is_loaded(reference):
    tables = set(ReferenceItem.objects.values_list("table", flat=True))
    assert {
        "agama",
        "eselon",
        "golonganPns",
        "jabatanFungsional",
        "instansi",
        "kuadranNilai",
        "perilakuDanKinerja",
        "latihanStruktural",
        "jenisHukuman",
        "tingkatPendidikan",
        "satuanKerja",
    } <= tables
    assert len(tables) == 30


def test_a_changed_source_row_is_updated(reference, tmp_path):
    (tmp_path / "agama.json").write_text('[{"id": "1", "nama": "ISLAM"}]')
    r = load_reference(tmp_path)
    assert (r.updated, r.created) == (1, 0)
    assert ReferenceItem.objects.get(table="agama", code="1").name == "ISLAM"
