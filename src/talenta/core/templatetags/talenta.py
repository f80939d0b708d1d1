"""Template helpers: Indonesian dates, numbers and labels. The work is done in `core/display.py`, which
PDFs, charts and exports call too."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import translation

from talenta.core import display

register = template.Library()


@register.filter
def tanggal(value: date | datetime | str | None) -> str:
    """'26 Januari 2026' (or '26 January 2026' in English); '–' for no date."""
    return display.tanggal(value)


@register.filter
def waktu(value: datetime | str | None) -> str:
    """'26 Januari 2026 08.15 WIB'."""
    return display.waktu(value)


@register.filter
def angka(value: int | float | Decimal | None, digits: int = 0) -> str:
    """Numbers with the active language's separators: 12.345 and 84,20 in Indonesian."""
    return display.angka(value, digits)


@register.filter
def persen(part: int | None, whole: int | None) -> str:
    return display.persen(part, whole)


@register.filter
def label(code: Any) -> str:
    """A stored code as its label: 'di_bawah' → 'Di bawah ekspektasi'."""
    return display.label(code)


@register.filter
def nilai(value: Any) -> str:
    """Any stored value (a date, a number, a code, a list) as a person reads it."""
    return display.value(value)


@register.filter
def teks(value: str | None) -> str:
    """A stored free text with its ISO dates and codes read as a person would."""
    return display.text(value)


@register.filter
def orang(user: Any) -> str:
    """A user as the person he is: his employee's name when the account is linked to one, else the full name
    on his account, else his username; "–" for nobody. Load `employee` with the user (select_related) where
    a list names many."""
    return display.person(user)


@register.filter
def pelaku(username: str | None, nobody: str = display.DASH) -> str:
    """An actor a record stores as the username he acted with (`created_by`, `decided_by` …), as the person
    it names (see `orang`); `nobody` (default "–") when the record names none."""
    return display.actor(username, nobody)


@register.simple_tag
def current_language() -> str:
    return translation.get_language() or "id"
