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


def test_a_login_after_midnight_wib_reads_as_that_day_in_wib():
    from datetime import UTC, datetime

    from talenta.core.templatetags.talenta import waktu

    at = datetime(2026, 1, 25, 17, 30, tzinfo=UTC)  # 00.30 WIB on 26 January
    with translation.override("id"):
        assert tanggal(at) == "26 Januari 2026"
        assert waktu(at) == "26 Januari 2026 00.30 WIB"


def test_percentages_round_half_up_instead_of_truncating():
    from talenta.core.display import persen, shares

    with translation.override("id"):
        assert persen(2, 3) == "66,7%"
        assert persen(199, 200) == "99,5%"
    assert sum(shares([1, 1, 1])) == 100


def test_codes_and_stored_values_read_as_labels():
    from talenta.core.display import audit_changes, label, text

    with translation.override("id"):
        assert label("di_bawah") == "Di bawah ekspektasi"
        assert label("jpt_pratama") == "JPT Pratama"
        assert text("SK 821.2/Kep.15-Huk/2026 (2026-01-26)") == "SK 821.2/Kep.15-Huk/2026 (26 Januari 2026)"
        rows = audit_changes(
            "people.employee",
            {"before": {"tmt_jabatan": "2022-06-01"}, "after": {"tmt_jabatan": "2026-01-26"}},
        )
        assert rows == [("TMT jabatan", "1 Juni 2022", "26 Januari 2026")]
        # A string value is one value, never split into characters.
        assert audit_changes("x.y", {"user": "audit"}) == [("pengguna", "audit", None)]


def test_stored_texts_get_comma_decimals_but_keep_thousands_and_sk_numbers():
    from talenta.core.display import text

    with translation.override("id"):
        assert text("M2 Kerja Sama: 3.7 < 4; 0.0 tahun") == "M2 Kerja Sama: 3,7 < 4; 0,0 tahun"
        assert text("Kumpulan 1.337 PNS, SK 821.2/Kep.15") == "Kumpulan 1.337 PNS, SK 821.2/Kep.15"
