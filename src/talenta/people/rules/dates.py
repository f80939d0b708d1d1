"""Derived durations and retirement (RULES.md §6). Pass `today` in: no clock here."""

from __future__ import annotations

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
    birthday = add_years(birth_date, bup)
    if birthday.month == 12:
        return date(birthday.year + 1, 1, 1)
    return date(birthday.year, birthday.month + 1, 1)


def age_on(birth_date: date, on: date) -> int:
    return full_years(birth_date, on) or 0
