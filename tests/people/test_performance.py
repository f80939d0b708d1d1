"""Predikat table of PermenPANRB 6/2022 (RULES.md §2)."""

import pytest

from talenta.people.rules.performance import predikat, rating_from_text


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
