"""How long an assessment counts (RULES.md §4: "An assessment older than its validity does not count"):
one rule for the nine-box, eligibility, the ranking, coverage and the profile."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talenta.people.rules.dates import elapsed
from talenta.profiling.models import Assessment
from talenta.profiling.rules.validity import earliest_valid, expires_on, is_valid, last_valid_day
from talenta.profiling.selectors import unprofiled, valid_on_q
from tests.people.factories import EmployeeFactory

DAY = timedelta(days=1)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@pytest.mark.parametrize(
    ("assessed_on", "years", "on", "valid"),
    [
        (date(2023, 3, 2), 3, date(2026, 3, 1), True),
        (date(2023, 3, 2), 3, date(2026, 3, 2), True),  # exactly three years old: not older
        (date(2023, 3, 2), 3, date(2026, 3, 3), False),  # older
        (date(2024, 2, 29), 3, date(2027, 2, 28), True),  # 2 years, 11 months, 30 days old
        (date(2024, 2, 29), 3, date(2027, 3, 1), True),  # its anniversary in a common year
        (date(2024, 2, 29), 3, date(2027, 3, 2), False),
        (date(2024, 2, 29), 4, date(2028, 2, 29), True),  # a leap year again: the day itself
        (date(2024, 2, 29), 4, date(2028, 3, 1), False),
        (date(2025, 6, 1), 3, date(2025, 5, 31), False),  # taken after the day asked about
    ],
)
def test_worked_examples(assessed_on, years, on, valid):
    assert is_valid(assessed_on, years, on) is valid


def test_the_days_named():
    assert last_valid_day(date(2024, 2, 29), 3) == date(2027, 3, 1)
    assert expires_on(date(2024, 2, 29), 3) == date(2027, 3, 2)
    assert earliest_valid(date(2027, 3, 1), 3) == date(2024, 2, 29)  # 28 Feb 2024 is older than 3 years
    assert earliest_valid(date(2028, 2, 29), 3) == date(2025, 3, 1)


@given(assessed_on=days, on=days, years=st.integers(1, 10))
def test_valid_is_not_older_than_its_validity_counted_as_every_duration(assessed_on, on, years):
    assert is_valid(assessed_on, years, on) == (
        assessed_on <= on and not elapsed(assessed_on, on).more_than(years)
    )
    assert is_valid(assessed_on, years, on) == (assessed_on <= on < expires_on(assessed_on, years))


@given(on=days, years=st.integers(1, 10))
def test_earliest_valid_is_the_edge_of_the_rule(on, years):
    first = earliest_valid(on, years)
    assert is_valid(first, years, on)
    assert not is_valid(first - DAY, years, on)


@pytest.mark.django_db
def test_the_query_agrees_with_the_rule_around_leap_days():
    dates = [date(2024, 2, 27) + k * DAY for k in range(5)] + [date(2023, 3, 1), date(2023, 3, 2)]
    people = {}
    for d in dates:
        for years in (3, 4):
            e = EmployeeFactory()
            Assessment.objects.create(employee=e, assessed_on=d, validity_years=years)
            people[e.pk] = (d, years)
    for on in [date(2027, 2, 27) + k * DAY for k in range(5)] + [
        date(2028, 2, 28) + k * DAY for k in range(3)
    ]:
        got = set(Assessment.objects.filter(valid_on_q(on)).values_list("employee_id", flat=True))
        assert got == {pk for pk, (d, y) in people.items() if is_valid(d, y, on)}, on
        three = {pk for pk, (d, y) in people.items() if y == 3}
        still = set(
            unprofiled(EmployeeFactory._meta.model.objects.filter(pk__in=three), today=on, validity_years=3)
        )
        assert {e.pk for e in still} == {pk for pk in three if not is_valid(people[pk][0], 3, on)}, on
