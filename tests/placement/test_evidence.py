"""placement/evidence.py: the one place where an eligibility row (status, code, reason, parameters) becomes
a sentence, in the reader's language, with dates and numbers as the display module writes them."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from talenta.placement import evidence
from talenta.placement.rules import eligibility as el
from tests.placement.builders import JPT_STANDARD, ON, candidate, post, req


def _row(c: el.Candidate, code: str, on: date = ON, **req_changes: object) -> dict:
    rows = el.evaluate(c, post(), req(**req_changes), on=on).rows
    return evidence.describe(next(r for r in rows if r.code == code).as_dict())


def _sitting_jpt(since: date, **changes: object) -> el.Candidate:
    return candidate(
        position_level="jpt_pratama",
        position_id=51,
        position_since=since,
        stints=(
            el.PostStint("administrator", date(2010, 1, 4), since, 10, 50, False, 21),
            el.PostStint("jpt_pratama", since, None, 10, 51, False, 22),
        ),
        **changes,
    )


def _with_levels(value: float) -> el.Candidate:
    return candidate(
        assessment=el.AssessmentView(date(2025, 11, 18), 3, dict.fromkeys(JPT_STANDARD, value), 41)
    )


def test_years_before_bup_in_indonesian_with_an_indonesian_date():
    c = _sitting_jpt(date(2022, 1, 3), birth_date=date(1967, 11, 10))  # retires 1 Dec 2027
    with translation.override("id"):
        r = _row(c, "bup")
    assert r["evidence"] == "Pensiun 1 Desember 2027: 1 tahun 10 bulan 5 hari lagi"
    assert r["label"] == "Sisa masa kerja" and r["regulation"] == "Informasi bagi komite (bukan persyaratan)"
    assert r["status"] == "info" and r["params"]["retirement_date"] == "2027-12-01"  # code and params kept


def test_years_before_bup_in_english():
    c = _sitting_jpt(date(2022, 1, 3), birth_date=date(1967, 11, 10))
    with translation.override("en"):
        r = _row(c, "bup")
    assert r["evidence"] == "Retires 1 December 2027: 1 year 10 months 5 days left"


def test_skp_row_names_the_predikat_and_the_record():
    with translation.override("id"):
        r = _row(candidate(), "skp_2024")
    assert r["evidence"] == "SKP 2024: Sangat Baik (riwayat id 12)"
    assert r["rule"] == "Predikat kinerja paling rendah Baik dalam 2 tahun terakhir"


def test_jpm_is_shown_with_a_decimal_comma_and_the_display_cap_from_the_table():
    with translation.override("id"):
        shown = _row(_with_levels(4.5), "competency")  # JPM 112.5
        capped = _row(_with_levels(4.5), "competency", jpm_display_cap=True)
        boundary = _row(_with_levels(2.72), "competency")  # exactly 68
    assert shown["evidence"] == "JPM 112,50 (Memenuhi Syarat; asesmen id 41)"
    assert capped["evidence"] == "JPM 100,00 (Memenuhi Syarat; asesmen id 41)"
    assert boundary["evidence"] == "JPM 68,00 (Masih Memenuhi Syarat; asesmen id 41)"
    assert boundary["rule"] == "JPM terhadap standar jabatan ini paling rendah 68,00 (memenuhi syarat 80,00)"
    assert shown["params"]["jpm"] == capped["params"]["jpm"]  # the cap is display only


def test_jpt_move_beyond_five_years_names_the_routes_left():
    with translation.override("id"):
        r = _row(_sitting_jpt(date(2020, 2, 20)), "jpt_move")
    assert r["evidence"] == (
        "5 tahun 11 bulan 6 hari pada jabatan sekarang (TMT 20 Februari 2020): lebih dari 5 tahun; rute yang "
        "tersisa: seleksi terbuka, atau perpanjangan berdasarkan kinerja (Ps. 133) yang dicatat sebagai "
        "pengecualian"
    )
    assert r["regulation"] == "PP 11/2017 Ps. 131 ayat (2), Ps. 133"


def test_age_row_in_indonesian_dates():
    with translation.override("id"):
        r = _row(candidate(birth_date=date(1968, 2, 29)), "age")
    assert r["evidence"] == "Lahir 29 Februari 1968: 57 tahun pada 26 Januari 2026"


def test_an_override_gets_its_basis_in_words():
    result = el.evaluate(
        _sitting_jpt(date(2020, 2, 20)),
        post(),
        req(),
        on=ON,
        overrides=(el.Override("jpt_move", "SK 1/2026"),),
    )
    with translation.override("id"):
        [r] = [evidence.describe(x.as_dict()) for x in result.rows if x.code == "jpt_move"]
    assert r["override"]["basis"] == "pasal_133"
    assert r["override"]["basis_text"] == "PP 11/2017 Ps. 133 (perpanjangan berdasarkan kinerja)"


def test_no_row_of_the_rules_carries_words():
    """Every row of a full evaluation has a translation for its kind, and no text of its own."""
    c = _sitting_jpt(date(2020, 2, 20))
    rows = el.evaluate(c, post(technical=({"name": "Pariwisata", "level": 3},)), req(), on=ON).rows
    for r in rows:
        d = r.as_dict()
        assert set(d) == {"code", "kind", "status", "reason", "override", "params"}
        assert d["kind"] in evidence.KINDS
        described = evidence.describe(d)
        assert described["evidence"] and described["rule"] and described["label"]


def test_a_stored_row_is_shown_in_the_readers_language():
    stored = evidence.rows(el.evaluate(candidate(), post(), req(), on=ON).rows)  # e.g. a snapshot
    with translation.override("en"):
        html = render_to_string("placement/_eligibility.html", {"rows": stored})
    assert "Education S-2 (record id 7)" in html
    with translation.override("id"):
        html = render_to_string("placement/_eligibility.html", {"rows": stored})
    assert "Pendidikan S-2 (riwayat id 7)" in html


def test_a_row_stored_before_codes_is_shown_as_it_was():
    old = {
        "code": "age",
        "label": "Usia",
        "rule": "Usia",
        "regulation": "PP",
        "status": "met",
        "evidence": "x",
    }
    assert evidence.describe(old) == old
