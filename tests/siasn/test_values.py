"""Pure value rules: the awkward values of SIASN.md, with worked examples and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talenta.siasn.rules.fields import KINDS, Refs, detect_kind, to_model
from talenta.siasn.rules.values import clean_text, format_date, normalise_code, parse_date, parse_int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01-04-2022", date(2022, 4, 1)),
        ("2022-04-01T00:00:00Z", date(2022, 4, 1)),
        ("2022-04-01", date(2022, 4, 1)),
        ("1-4-2022", date(2022, 4, 1)),
        ("'01-04-2022", date(2022, 4, 1)),
        ("", None),
        (None, None),
        ("null", None),
        ("NULL", None),
        ("01-01-0001", None),
        ("0001-01-01T00:00:00Z", None),
    ],
)
def test_dates_in_every_siasn_spelling(text, expected):
    assert parse_date(text) == expected


def test_impossible_date_is_an_error():
    with pytest.raises(ValueError, match="bad_date"):
        parse_date("31-02-2022")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(17, 17), ("17", 17), (17.0, 17), ("017", 17), ("", None), (None, None), ("null", None), ("'8", 8)],
)
def test_numbers_as_numbers_or_strings(value, expected):
    assert parse_int(value) == expected


def test_a_word_is_not_a_number():
    with pytest.raises(ValueError, match="bad_int"):
        parse_int("tujuh")


def test_excel_guard_and_null_text():
    assert clean_text("'198501012008031001", excel_guard=True) == "198501012008031001"
    assert clean_text("'198501012008031001") == "'198501012008031001"
    assert clean_text("null") == ""


def test_leading_zeros_dropped_by_a_spreadsheet_come_back():
    assert normalise_code("1", frozenset({"01", "02"})) == "01"
    assert normalise_code("01", frozenset({"01"})) == "01"
    assert normalise_code("46", frozenset({"45"})) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_date_round_trips_through_its_siasn_text(d, iso):
    assert parse_date(format_date(d, iso=iso)) == d


@given(
    st.text(max_size=24)
    | st.sampled_from(["31-02-2022", "01-04-2022", " null ", "'01-04-2022", "00-00-0000"])
)
def test_a_date_text_read_again_gives_the_same_answer(text):
    """Texts are parsed once per process and remembered (an import repeats its dates): the remembered
    answer, a date, None or the error, is the one parsing gives."""
    from talenta.siasn.rules import values

    def answer(t):
        try:
            return values._parse_date(t)
        except ValueError as e:
            return str(e)

    def cached(t):
        try:
            return parse_date(t)
        except ValueError as e:
            return str(e)

    assert cached(text) == answer(text)
    assert cached(text) == answer(text)  # the second time from memory
    assert isinstance(values._DATES.get(text), date | str | type(None))


def test_the_strip_and_null_rules_hold_for_plain_text_and_for_other_types():
    assert clean_text("  NuLl ") == "" and clean_text(" nulls ") == "nulls"
    assert clean_text(" ' null", excel_guard=True) == "" and clean_text("''x", excel_guard=True) == "'x"
    assert (
        clean_text(17.0) == "17"
        and clean_text(True) == "true"
        and clean_text(date(2026, 1, 26)) == "26-01-2026"
    )


def test_endpoint_detected_from_name_or_keys():
    assert detect_kind("rw-golongan.json") == "rw-golongan"
    assert detect_kind("RW_SKP22 2025") == "rw-skp22"
    assert detect_kind("", {"golonganId", "tmtGolongan", "id"}) == "rw-golongan"
    assert detect_kind("", {"PerilakuKerjaNilai", "tahun"}) == "rw-skp22"


@pytest.mark.parametrize("spelling", ["DIATAS ESPEKTASI", "DI ATAS EKSPEKTASI", "Diatas Ekspektasi"])
def test_rating_text_in_either_spelling(spelling):
    rec = {
        "id": "x",
        "pnsDinilaiId": "p",
        "tahun": "2024",
        "hasilKinerja": spelling,
        "perilakuKerja": "SESUAI EKSPEKTASI",
        "kuadranKinerja": "",
    }
    m = to_model(KINDS["rw-skp22"], rec, Refs())
    assert not m.problems
    assert m.values["rating_hasil_kerja"] == "di_atas"
    assert m.values["rating_perilaku"] == "sesuai"
    assert m.values["predikat"] == "baik"  # derived from the two ratings when no kuadran is sent


def test_capitalised_skp_keys_are_read():
    rec = {
        "id": "x",
        "pnsDinilaiId": "p",
        "tahun": "2024",
        "hasilKinerjaNilai": "3",
        "PerilakuKerjaNilai": "1",
        "KuadranKinerjaNilai": "3",
    }
    m = to_model(KINDS["rw-skp22"], rec, Refs())
    assert (m.values["rating_hasil_kerja"], m.values["rating_perilaku"], m.values["predikat"]) == (
        "di_bawah",
        "di_atas",
        "butuh_perbaikan",
    )


def test_unknown_reference_code_is_named():
    refs = Refs(codes={"golonganPns": frozenset({"34", "45"})})
    m = to_model(KINDS["rw-golongan"], {"id": "r", "nipBaru": "1", "golonganId": "46"}, refs)
    assert [p.message for p in m.problems] == ["golonganId 46 is not known"]


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_json_is_streamed_across_any_chunk_boundary(monkeypatch, tmp_path, chunk):
    import json

    from talenta.siasn.formats import readers

    monkeypatch.setattr(readers, "JSON_CHUNK", chunk)
    doc = {
        "code": 1,
        "count": 3,
        "message": "sukses",
        "data": [{"id": "a", "n": 12345}, {"id": "b", "s": "x, ]}"}, {"id": "c", "d": {"k": [1, 2.5, None]}}],
    }
    p = tmp_path / "rw-golongan.json"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc, indent=1).encode())
    items = list(readers.iter_json("rw-golongan.json", lambda: p.open("rb")))
    assert items == [(f"data[{i}]", rec) for i, rec in enumerate(doc["data"])]
    p.write_text(json.dumps({"nipBaru": "1", "nama": "A"}))
    assert list(readers.iter_json("x.json", lambda: p.open("rb"))) == [("$", {"nipBaru": "1", "nama": "A"})]
    p.write_text(json.dumps({"code": 1, "data": {"nipBaru": "1"}}))
    assert list(readers.iter_json("x.json", lambda: p.open("rb"))) == [("data", {"nipBaru": "1"})]


def test_a_record_ending_exactly_at_a_chunk_boundary_is_not_taken_for_an_oversized_one(
    monkeypatch, settings, tmp_path
):
    """A 1M-people import failed with "satu rekaman JSON lebih dari 1,048,576 karakter": a record that
    ended exactly where a 1 MiB chunk ended made the reader fetch the next chunk (as for a number cut in
    two) and then measure the window, not the record, against the record cap (chunk and cap both 1 MiB).
    Every chunk size, with the cap as small as the chunk, reads the same records."""
    import json

    from talenta.siasn.formats import readers

    data = [{"id": f"r{i}", "n": i * 7919, "s": "x" * (i % 11)} for i in range(40)]
    doc = {"code": 1, "count": 12345, "data": data}
    p = tmp_path / "rw-golongan.json"
    p.write_text(json.dumps(doc))
    longest = max(len(json.dumps(r)) for r in data)
    for chunk in range(longest, 3 * longest):
        monkeypatch.setattr(readers, "JSON_CHUNK", chunk)
        settings.UPLOAD_MAX_RECORD_BYTES = chunk
        items = list(readers.iter_json("rw-golongan.json", lambda: p.open("rb")))
        assert [rec for _path, rec in items] == data, chunk


def test_broken_json_is_a_format_error(tmp_path):
    from talenta.siasn.formats import readers

    p = tmp_path / "rw-golongan.json"
    p.write_text('{"code": 1, "data": [{"id": "a"}, {"id": ')
    with pytest.raises(readers.FormatError, match="bukan JSON yang sah"):
        list(readers.iter_json("rw-golongan.json", lambda: p.open("rb")))


def _field(kind: str, key: str):
    return next(f for f in KINDS[kind].fields if f.key == key)


@pytest.mark.parametrize(
    ("kind", "key", "most"),
    [("rw-golongan", "masaKerjaGolonganTahun", 32767), ("rw-kursus", "jumlahJam", 2147483647)],
    ids=["smallint", "integer"],
)
def test_a_whole_number_is_taken_up_to_its_columns_largest(kind, key, most):
    base = {"id": "X1", "nipBaru": "196501011990011001", "golonganId": "31", "namaKursus": "TEKNIS"}
    assert not to_model(KINDS[kind], {**base, key: most}, Refs()).problems
    assert not to_model(KINDS[kind], {**base, key: str(most)}, Refs()).problems
    (problem,) = to_model(KINDS[kind], {**base, key: most + 1}, Refs()).problems
    assert (problem.key, problem.value, problem.code) == (key, str(most + 1), "too_big")
    assert problem.message == f"{key} {most + 1} is larger than {most}"


def test_every_whole_number_fields_bound_fits_its_column_on_postgresql():
    # The bound is the rule's (rules/fields.py is pure); the column's range on PostgreSQL, the stricter
    # database, is what it must not pass, nor fall short of by accident (a wider column, a wider bound).
    from django.db.backends.base.operations import BaseDatabaseOperations

    from talenta.people import models as pm

    ranges = BaseDatabaseOperations.integer_field_ranges
    checked = 0
    for kind in KINDS.values():
        for f in kind.fields:
            if f.type not in ("int", "num"):
                continue
            column = getattr(pm, kind.model)._meta.get_field(f.field)
            assert f.most == ranges[column.get_internal_type()][1], (kind.endpoint, f.key)
            checked += 1
    assert checked == 13


@given(st.integers(min_value=0, max_value=40_000))
def test_a_whole_number_is_a_problem_exactly_when_past_the_bound(n):
    f = _field("rw-golongan", "masaKerjaGolonganTahun")
    m = to_model(KINDS["rw-golongan"], {"id": "X", "golonganId": "31", f.key: n}, Refs())
    assert [p.code for p in m.problems] == ([] if n <= f.most else ["too_big"])
    assert m.values.get("mk_tahun") == (n if n <= f.most else None)


# Fields mapped to another value before they are stored (a sex, a status, a level letter): their text may be
# longer than the column, which the mapping's own check covers.
MAPPED_BEFORE_STORED = {
    ("data-utama", "jenisKelamin"),
    ("data-utama", "statusPegawai"),
    ("rw-hukdis", "jenisTingkatHukumanId"),
}


def test_every_text_and_code_fields_length_bound_fits_its_column():
    # A value longer than its column crashed the import on PostgreSQL; the bound in rules/fields.py makes it
    # a row error. Each bound must be the column's (not wider, not narrower by accident).
    from talenta.people import models as pm

    checked = 0
    for kind in KINDS.values():
        for f in kind.fields:
            if f.type not in ("text", "code") or (kind.endpoint, f.key) in MAPPED_BEFORE_STORED:
                continue
            column = getattr(pm, kind.model)._meta.get_field(f.field)
            if getattr(column, "max_length", None):
                assert f.max_length == column.max_length, (
                    kind.endpoint,
                    f.key,
                    f.max_length,
                    column.max_length,
                )
                checked += 1
    assert checked > 40


def test_a_reference_code_longer_than_its_column_is_a_row_error():
    # A BKN table reloaded with a longer code must not reach the column, typed as it is or reached by
    # putting back the zeros a spreadsheet dropped ("1" → "001").
    refs = Refs(codes={"golonganPns": frozenset({"31", "311", "001"})})
    for typed in ("311", "1"):
        m = to_model(KINDS["rw-golongan"], {"id": "r", "golonganId": typed}, refs)
        assert [(p.key, p.code) for p in m.problems] == [("golonganId", "too_long")], typed
    assert not to_model(KINDS["rw-golongan"], {"id": "r", "golonganId": "31"}, refs).problems
