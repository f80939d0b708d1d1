"""When a disciplinary sentence counts against someone (PP 94/2021; RULES.md §4 and §6): one window for
the integrity part of the track record (the nine-box) and for the discipline requirement of a placement."""

from __future__ import annotations

from datetime import date

from talenta.people.rules.dates import anniversary

MEDIUM_OR_HEAVY = frozenset({"S", "B"})  # sedang, berat; "R" is ringan


def in_force_within(start: date | None, end: date | None, on: date, years: int) -> bool:
    """Whether a sentence was in force on `on` or at any time in the `years` before it, counted as every
    duration is (the window opens on `on`'s anniversary `years` back, `people.rules.dates.anniversary`): it
    has no end (still in force, or the end was never recorded: missing data is not a pass), it ended after
    the window opened, or it started after that. A sentence that ended on the day the window opens, or
    before, is outside it."""
    limit = anniversary(on, -years)
    return end is None or end > limit or (start is not None and start > limit)
