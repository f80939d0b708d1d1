"""Durations in completed calendar years, months and days (issue 13 item 2): one function for every rule."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from talenta.people.rules.dates import Span, anniversary, elapsed, total_span

days = st.dates(min_value=date(1960, 1, 1), max_value=date(2040, 12, 31))


def test_exactly_two_years_is_two_years_not_1_9986():
    assert elapsed(date(2024, 3, 2), date(2026, 3, 2)) == Span(2)
    assert elapsed(date(2024, 3, 2), date(2026, 3, 1)) == Span(1, 11, 27)


def test_a_leap_day_anniversary_in_a_common_year_is_the_first_of_march():
    assert elapsed(date(2024, 2, 29), date(2025, 2, 28)) == Span(0, 11, 30)
    assert elapsed(date(2024, 2, 29), date(2025, 3, 1)) == Span(1)
    assert elapsed(date(2024, 2, 29), date(2028, 2, 29)) == Span(4)
    assert anniversary(date(2024, 2, 29), 1) == date(2025, 3, 1)


def test_a_post_history_split_in_two_records_counts_as_one_stretch():
    split = [(date(2024, 3, 2), date(2025, 1, 1)), (date(2025, 1, 1), date(2026, 3, 2))]
    assert total_span(split) == Span(2)


def test_cumulative_service_carries_days_and_months():
    assert Span(1, 11, 20) + Span(0, 0, 10) == Span(2)
    assert elapsed(date(2020, 1, 1), date(2020, 1, 1)).text() == "0 tahun"
    assert Span(5, 11, 6).text() == "5 tahun 11 bulan 6 hari"


@given(start=days, n=st.integers(0, 40))
def test_the_anniversary_is_the_first_day_with_n_years(start, n):
    day = anniversary(start, n)
    assert elapsed(start, day).at_least(n)
    assert not elapsed(start, day - timedelta(days=1)).at_least(n) or n == 0


@given(start=days, a=days, b=days)
def test_elapsed_never_decreases_with_the_end_date(start, a, b):
    lo, hi = sorted((a, b))
    assert elapsed(start, lo) <= elapsed(start, hi)


@given(start=days, end=days)
def test_the_key_orders_as_the_span(start, end):
    s = elapsed(start, end)
    assert Span.from_key(s.key) == s and s.months < 12 and s.days < 31
