"""Predikat table of PermenPANRB 6/2022 (RULES.md §2)."""

from operator import itemgetter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talenta.people.rules.performance import predikat, rating_from_text, skp_of_each_year


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        ("di_atas", "di_bawah", "kurang"),
        ("di_atas", "sesuai", "baik"),
        ("di_atas", "di_atas", "sangat_baik"),
        ("sesuai", "di_bawah", "kurang"),
        ("sesuai", "sesuai", "baik"),
        ("sesuai", "di_atas", "baik"),
        ("di_bawah", "di_bawah", "sangat_kurang"),
        ("di_bawah", "sesuai", "butuh_perbaikan"),
        ("di_bawah", "di_atas", "butuh_perbaikan"),
    ],
)
def test_predikat_table(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) == expected


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("DIATAS ESPEKTASI", "di_atas"),
        ("DI ATAS EKSPEKTASI", "di_atas"),
        ("Sesuai Ekspektasi", "sesuai"),
        ("DIBAWAH ESPEKTASI", "di_bawah"),
        ("di bawah ekspektasi", "di_bawah"),
        ("BAIK", None),
    ],
)
def test_bkn_spellings_are_read(text, rating):
    assert rating_from_text(text) == rating


def test_a_year_s_skp_is_its_last_entered_record():
    # (id, year, predikat): 2025 was entered as Kurang (id 3), then corrected to Baik (id 7).
    rows = [(7, 2025, "baik"), (3, 2025, "kurang"), (5, 2024, "sangat_baik")]
    got = skp_of_each_year(rows, year=itemgetter(1), record_id=itemgetter(0))
    assert got == {2025: (7, 2025, "baik"), 2024: (5, 2024, "sangat_baik")}
    # Not stored yet (no id): the later one given wins; a stored one outranks one without an id.
    assert skp_of_each_year([(None, 2025, "a"), (None, 2025, "b")], itemgetter(1), itemgetter(0)) == {
        2025: (None, 2025, "b")
    }
    assert skp_of_each_year([(4, 2025, "a"), (None, 2025, "b")], itemgetter(1), itemgetter(0))[2025][0] == 4


@given(
    st.lists(st.tuples(st.integers(1, 40), st.integers(2019, 2026)), unique_by=lambda r: r[0], max_size=30),
    st.randoms(use_true_random=False),
)
def test_the_pick_never_depends_on_the_order_the_records_come_in(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    got = skp_of_each_year(shuffled, year=itemgetter(1), record_id=itemgetter(0))
    assert got == {y: max(r for r in rows if r[1] == y) for y in {y for _, y in rows}}
    # Many people's records at once: keyed by (person, year), the same pick per person.
    per_person = skp_of_each_year(
        [(rid % 3, *r) for r in shuffled for rid in [r[0]]], year=itemgetter(0, 2), record_id=itemgetter(1)
    )
    assert {k: v[1:] for k, v in per_person.items()} == {
        (p, y): max(r for r in rows if r[1] == y and r[0] % 3 == p) for p, y in per_person
    }
