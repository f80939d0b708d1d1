"""Derived durations and retirement (RULES.md §6). Pass `today` in: no clock here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def full_years(start: date | None, today: date) -> int | None:
    """Completed years from `start` to `today` (an age, years of service, years in rank)."""
    if start is None:
        return None
    years = today.year - start.year - ((today.month, today.day) < (start.month, start.day))
    return max(years, 0)


def years_months(start: date | None, today: date) -> tuple[int, int] | None:
    """Completed (years, months) from `start` to `today`, as BKN counts masa kerja."""
    if start is None:
        return None
    months = (today.year - start.year) * 12 + (today.month - start.month) - (today.day < start.day)
    months = max(months, 0)
    return months // 12, months % 12


def add_years(d: date, years: int) -> date:
    """`d` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def retirement_date(birth_date: date, bup: int) -> date:
    """Retirement takes effect on the 1st of the month after the BUP birthday (RULES.md §6, verify)."""
    try:
        birthday = add_years(birth_date, bup)
        if birthday.month == 12:
            return date(birthday.year + 1, 1, 1)
        return date(birthday.year, birthday.month + 1, 1)
    except ValueError:  # past year 9999: a birth date no import takes (a stored one must not break a page)
        return date.max


def age_on(birth_date: date, on: date) -> int:
    return full_years(birth_date, on) or 0


# --- Durations in completed calendar years, months and days (issue 13) ----------------------------------
# One way of counting every duration a rule compares with "N years" (prior post, field experience, JPT
# tenure, rank, an assessment's validity, a discipline window): completed calendar years, months and days,
# never days / 365.25. 2 March 2024 → 2 March 2026 is exactly 2 years. A 29 February anniversary in a
# common year falls on 1 March (as `full_years` counts an age).


@dataclass(frozen=True, order=True)
class Span:
    """A duration in completed (years, months, days); ordered as that tuple (months < 12, days < 31)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def at_least(self, years: int) -> bool:
        return self >= Span(years)

    def more_than(self, years: int) -> bool:
        return self > Span(years)

    @property
    def key(self) -> int:
        """An integer with the same order (for numpy): years × 10 000 + months × 100 + days."""
        return self.years * 10_000 + self.months * 100 + self.days

    @classmethod
    def from_key(cls, key: int) -> Span:
        return cls(key // 10_000, key // 100 % 100, key % 100)

    def __add__(self, other: Span) -> Span:
        """Cumulative service: days carry into a month at 30, months into a year at 12 (BKN's masa kerja)."""
        days = self.days + other.days
        months = self.months + other.months + days // 30
        return Span(self.years + other.years + months // 12, months % 12, days % 30)

    @property
    def as_years(self) -> float:
        """For display and scoring only; never compare it with a threshold."""
        return self.years + self.months / 12 + self.days / 365

    def text(self) -> str:
        """Indonesian, for evidence: "2 tahun", "1 tahun 11 bulan 30 hari"."""
        parts = [f"{self.years} tahun"]
        if self.months:
            parts.append(f"{self.months} bulan")
        if self.days:
            parts.append(f"{self.days} hari")
        return " ".join(parts)


def _add_months(d: date, months: int) -> date:
    """`d` plus whole months; a day that does not exist in the target month rolls to the 1st of the next."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    try:
        return date(year, month, d.day)
    except ValueError:
        return date(year + (month == 12), month % 12 + 1, 1)


def elapsed(start: date, end: date) -> Span:
    """Completed calendar years, months and days from `start` to `end` (zero when `end` <= `start`)."""
    if end <= start:
        return Span()
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and _add_months(start, months) > end:
        months -= 1
    anchor = _add_months(start, months)
    return Span(months // 12, months % 12, (end - anchor).days)


def anniversary(start: date, years: int) -> date:
    """The first day on which `elapsed(start, day)` is at least `years` years (negative: that many years
    before, the mirror)."""
    return _add_months(start, 12 * years)


def total_span(intervals: list[tuple[date, date]]) -> Span:
    """Cumulative service over intervals (start, end): overlapping or touching ones merge first, so a post
    history split into two records still counts as one unbroken stretch."""
    merged: list[list[date]] = []
    for s, e in sorted(i for i in intervals if i[1] > i[0]):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    total = Span()
    for s, e in merged:
        total = total + elapsed(s, e)
    return total
