"""NIP rules of RULES.md §7: worked examples and properties."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from talenta.people.rules.nip import FEMALE, MALE, check_nip, make_nip


def test_worked_example_from_rules():
    r = check_nip("198609262015051001")
    assert r.ok and not r.warnings
    assert r.birth_date == date(1986, 9, 26)
    assert (r.cpns_year, r.cpns_month, r.sex, r.serial) == (2015, 5, MALE, 1)


def test_seventeen_digits_is_rejected_with_the_count():
    r = check_nip("19860926201505100")
    assert not r.ok
    assert r.errors == ("NIP 19860926201505100 harus 18 digit (ada 17)",)


def test_letters_are_rejected():
    assert check_nip("19860926201505100A").error_codes == ("not_digits",)


def test_impossible_birth_date_is_rejected():
    r = check_nip("198602302015051001")  # 30 February
    assert r.error_codes == ("birth_date",)
    assert "1986-02-30 tidak ada" in r.errors[0]


def test_birth_month_outside_range_is_rejected():
    assert "birth_month" in check_nip("198613262015051001").error_codes


def test_cpns_month_outside_range_is_rejected():
    assert "cpns_month" in check_nip("198609262015131001").error_codes


def test_sex_digit_must_be_1_or_2():
    assert "sex_digit" in check_nip("198609262015053001").error_codes


def test_nik_style_day_plus_40_is_not_accepted_as_a_woman_born_on_day_26():
    # NIK encodes a woman's birth day +40 (66 for the 26th); a NIP never does.
    r = check_nip("198609662015052001")
    assert not r.ok and "birth_date" in r.error_codes


def test_cpns_before_birth_is_rejected():
    assert "cpns_before_birth" in check_nip("199001012015051001".replace("2015", "1989")).error_codes


def test_soft_cases_are_warnings_not_errors():
    young = check_nip("200001012015051001")  # CPNS at 15
    assert young.ok and young.warning_codes == ("cpns_under_18",)
    serial0 = check_nip("198609262015051000")
    assert serial0.ok and serial0.warning_codes == ("serial_000",)
    mismatch = check_nip("198609262015051001", recorded_sex=FEMALE, recorded_birth_date=date(1986, 9, 27))
    assert mismatch.ok and mismatch.warning_codes == ("sex_mismatch", "birth_mismatch")


births = st.dates(min_value=date(1955, 1, 1), max_value=date(2004, 12, 31))


@given(
    birth=births,
    years=st.integers(18, 40),
    month=st.integers(1, 12),
    sex=st.sampled_from([MALE, FEMALE]),
    serial=st.integers(1, 999),
)
def test_make_then_check_round_trips(birth, years, month, sex, serial):
    nip = make_nip(birth_date=birth, cpns_year=birth.year + years, cpns_month=month, sex=sex, serial=serial)
    r = check_nip(nip)
    assert r.ok, r.errors
    assert (r.birth_date, r.cpns_year, r.cpns_month, r.sex, r.serial) == (
        birth,
        birth.year + years,
        month,
        sex,
        serial,
    )


@given(st.text(alphabet="0123456789", min_size=0, max_size=25))
def test_any_digit_string_is_either_valid_or_has_a_reason(s):
    r = check_nip(s)
    assert r.ok or r.errors
    if len(s) != 18:
        assert not r.ok


def test_other_digit_characters_are_not_digits():
    # "¹" and "٣" pass str.isdigit(); a NIP of them is an error, not a crash.
    assert check_nip("¹" * 18).error_codes == ("not_digits",)
    assert check_nip("٣" * 18).error_codes == ("not_digits",)
