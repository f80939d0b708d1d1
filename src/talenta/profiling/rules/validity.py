"""How long an assessment counts (RULES.md §4): "An assessment older than its validity (default 3 years,
configurable) does not count." One rule for the nine-box, placement eligibility and ranking, the profiling
coverage figures, the profile and the list of people still to profile.

Age is counted as every duration is (`people.rules.dates.elapsed`: completed calendar years, months and
days). An assessment of 2 March 2023 with a validity of 3 years is exactly 3 years old on 2 March 2026, not
older: it still counts that day and no longer from 3 March 2026. A 29 February assessment's anniversary in a
common year falls on 1 March, so it counts until 1 March inclusive.
"""

from __future__ import annotations

from datetime import date, timedelta

from talenta.people.rules.dates import anniversary

_DAY = timedelta(days=1)


def last_valid_day(assessed_on: date, years: int) -> date:
    """The last day the assessment counts: its `years`-th anniversary, the day it is exactly that old."""
    return anniversary(assessed_on, years)


def expires_on(assessed_on: date, years: int) -> date:
    """The first day the assessment no longer counts: the day after `last_valid_day`."""
    return last_valid_day(assessed_on, years) + _DAY


def is_valid(assessed_on: date, years: int, on: date) -> bool:
    """Whether an assessment of `assessed_on` counts on `on`: not taken later, and not older than `years`."""
    return assessed_on <= on <= last_valid_day(assessed_on, years)


def earliest_valid(on: date, years: int) -> date:
    """The earliest assessment date that still counts on `on`: `assessed_on >= earliest_valid(on, years)`
    (with `assessed_on <= on`) is `is_valid` as an indexable range. The anniversary never decreases with
    the date, so the smallest date whose anniversary is on or after `on` is found next to the mirror."""
    d = anniversary(on, -years)
    while last_valid_day(d, years) < on:
        d += _DAY
    while last_valid_day(d - _DAY, years) >= on:
        d -= _DAY
    return d
