"""Derived ages and retirement (RULES.md §6)."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from talenta.people.rules.dates import full_years, retirement_date, years_months
from talenta.people.rules.jabatan import Level, bup_age, competency_standard, rank_in_eselon_range


def test_retirement_is_first_of_month_after_bup_birthday():
    assert retirement_date(date(1968, 3, 15), 58) == date(2026, 4, 1)
    assert retirement_date(date(1968, 3, 1), 58) == date(2026, 4, 1)
    assert retirement_date(date(1966, 12, 31), 60) == date(2027, 1, 1)


def test_retirement_of_a_leap_day_birth():
    assert retirement_date(date(1968, 2, 29), 58) == date(2026, 3, 1)


def test_bup_by_level_and_jf_override():
    assert bup_age(Level.ADMINISTRATOR) == 58
    assert bup_age(Level.PELAKSANA) == 58
    assert bup_age(Level.JPT_PRATAMA) == 60
    assert bup_age(Level.JF_AHLI_MADYA) == 60
    assert bup_age(Level.JF_AHLI_UTAMA) == 65
    assert bup_age(Level.JF_AHLI_MUDA) == 58
    assert bup_age(Level.JF_AHLI_MUDA, jf_usia_bup=60) == 60


def test_age_counts_completed_years():
    assert full_years(date(1980, 5, 17), date(2026, 5, 16)) == 45
    assert full_years(date(1980, 5, 17), date(2026, 5, 17)) == 46


def test_service_in_years_and_months():
    assert years_months(date(2008, 3, 1), date(2025, 11, 30)) == (17, 8)


def test_default_competency_standards_and_override():
    assert set(competency_standard(Level.JPT_PRATAMA).values()) == {4}
    assert competency_standard(Level.JF_PENYELIA)["M1"] == 2
    assert competency_standard(Level.ADMINISTRATOR, {"M7": 4})["M7"] == 4


def test_eselon_rank_range_is_soft_and_inclusive():
    assert rank_in_eselon_range("43", "21") is True  # IV/c in II.a
    assert rank_in_eselon_range("42", "21") is False
    assert rank_in_eselon_range("34", "00") is None


@given(
    birth=st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31)),
    bup=st.sampled_from([58, 60, 65]),
)
def test_retirement_is_always_a_first_of_month_after_the_birthday(birth, bup):
    r = retirement_date(birth, bup)
    assert r.day == 1
    assert full_years(birth, r) == bup
    assert (r.year - birth.year) * 12 + r.month - birth.month in (bup * 12, bup * 12 + 1)
