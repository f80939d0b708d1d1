from datetime import date
from decimal import Decimal

from django.utils import translation

from talenta.core.templatetags.talenta import angka, persen, tanggal


def test_dates_read_as_in_an_indonesian_letter():
    with translation.override("id"):
        assert tanggal(date(2026, 1, 26)) == "26 Januari 2026"
    with translation.override("en"):
        assert tanggal(date(2026, 1, 26)) == "26 January 2026"
    assert tanggal(None) == "–"


def test_numbers_round_half_up_with_indonesian_separators():
    with translation.override("id"):
        assert angka(12345) == "12.345"
        assert angka(Decimal("98.148"), 2) == "98,15"
        assert angka(84.2, 2) == "84,20"
        assert angka(Decimal("96.2962962"), 2) == "96,30"
        assert persen(54, 100) == "54,0%"
    with translation.override("en"):
        assert angka(Decimal("98.145"), 2) == "98.15"
