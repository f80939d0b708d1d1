"""How long vacancies stay open (region/rules/vacancy.py): worked examples and properties."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from talenta.region.rules.vacancy import Durations, days_open, durations


def test_a_post_vacant_from_the_first_of_january_and_installed_on_the_second_of_march_stayed_open_60_days():
    assert days_open(date(2026, 1, 1), date(2026, 3, 2)) == 60


def test_a_post_filled_the_day_it_fell_vacant_stayed_open_0_days():
    assert days_open(date(2026, 1, 26), date(2026, 1, 26)) == 0


def test_a_successor_installed_before_the_post_falls_vacant_counts_0_days():
    # The holder retires on 1 July; his successor is installed on 1 June.
    assert days_open(date(2026, 7, 1), date(2026, 6, 1)) == 0


def test_three_filled_posts_give_the_middle_one_and_the_longest():
    # 60 days (1 Jan → 2 Mar), 91 days (1 Dec → 2 Mar), 10 days.
    assert durations([60, 91, 10]) == Durations(count=3, median=60, longest=91)


def test_an_even_count_takes_the_mean_of_the_two_middle_ones_rounded_down():
    assert durations([60, 91]) == Durations(count=2, median=75, longest=91)  # 75,5 → 75


def test_no_filled_post_gives_no_figures():
    assert durations([]) == Durations(count=0, median=None, longest=None)


days = st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=50)


@given(d=days)
def test_the_median_lies_between_the_shortest_and_the_longest(d):
    r = durations(d)
    assert r.count == len(d)
    assert min(d) <= r.median <= r.longest == max(d)


@given(d=days)
def test_the_order_of_the_posts_does_not_change_the_figures(d):
    assert durations(d) == durations(list(reversed(d)))


@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), n=st.integers(0, 5000))
def test_days_open_counts_the_days_between_and_never_goes_below_zero(start, n):
    assert days_open(start, start + timedelta(days=n)) == n
    assert days_open(start + timedelta(days=n), start) == 0
