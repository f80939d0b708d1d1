"""Template helpers: Indonesian dates and numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats, translation
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def tanggal(value: date | datetime | None) -> str:
    """'26 Januari 2026' (or '26 January 2026' in English); '–' for no date."""
    if not value:
        return "–"
    return date_format(value, "j F Y")


@register.filter
def waktu(value: datetime | None) -> str:
    if not value:
        return "–"
    from django.utils.timezone import localtime

    return date_format(localtime(value), "j F Y H.i")


@register.filter
def angka(value: int | float | Decimal | None, digits: int = 0) -> str:
    """Numbers with the active language's separators: 12.345 and 84,20 in Indonesian."""
    if value is None or value == "":
        return "–"
    # Django's number_format cuts extra decimals; a JPM of 98.148 must read 98,15, so round half up first.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=digits, use_l10n=True, force_grouping=True)


@register.filter
def persen(part: int | None, whole: int | None) -> str:
    if not whole:
        return "–"
    return formats.number_format(100 * (part or 0) / whole, decimal_pos=1, use_l10n=True) + "%"


@register.simple_tag
def current_language() -> str:
    return translation.get_language() or "id"
