"""How long vacancies stay open (regional oversight, issue #18). Plain values: no Django, no clock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median


@dataclass(frozen=True)
class Durations:
    """The days a set of vacancies stayed (or have been) open: how many, the median and the longest."""

    count: int
    median: int | None
    longest: int | None


def days_open(vacant_since: date, until: date) -> int:
    """Whole days from the day the post fell vacant to `until` (today, or the installation date).
    An installation dated before the post fell vacant (a successor installed ahead of a retirement)
    counts 0: the post never stood open."""
    return max(0, (until - vacant_since).days)


def durations(days: Iterable[int]) -> Durations:
    """The median is rounded down to a whole day (two vacancies of 10 and 21 days: 15)."""
    d = sorted(days)
    if not d:
        return Durations(0, None, None)
    return Durations(len(d), int(median(d)), d[-1])
