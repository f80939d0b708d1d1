"""Reading and writing SIASN values (SIASN.md "Values that trip importers"). Pure: no Django, no clock.

Every parser returns the Python value or raises `ValueError` whose message is a problem code of
`rules.fields.MESSAGES`; the caller adds the file, row, field and value.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

# The dates a field takes (docs/siasn.md "Dates"): none of a civil servant's dates is before 1900 or after
# 2100, and a year past 9999 - BUP would break every date computed from it (the retirement date).
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

# BKN writes "no date" three ways; a spreadsheet adds its own blanks.
NO_DATE = {"", "null", "none", "01-01-0001", "0001-01-01", "0001-01-01t00:00:00z", "00-00-0000"}
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


def clean_text(value: Any, *, excel_guard: bool = False) -> str:
    """A value as a stripped string; None and the literal "null" are empty. `excel_guard` drops the one
    leading apostrophe Excel users type to keep "01" or a NIP from becoming a number."""
    if type(value) is str:  # the usual case, first (an import calls this for every field of every row)
        text = value.strip()
        if excel_guard and text.startswith("'"):
            text = text[1:].strip()
        return "" if len(text) == 4 and text.lower() == "null" else text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    text = str(value).strip()
    if excel_guard and text.startswith("'"):
        text = text[1:].strip()
    if text.lower() == "null":
        return ""
    return text


def parse_date(value: Any) -> date | None:
    """dd-mm-yyyy, yyyy-mm-dd or ISO yyyy-mm-ddT00:00:00Z; "", null, "null" and 01-01-0001 are None."""
    if type(value) is str:
        # A file repeats its dates (birth days, TMTs): each text is parsed once per process (`date` is
        # immutable); a bad text is remembered as its problem code.
        try:
            hit = _DATES[value]
        except KeyError:
            try:
                hit = _parse_date(value)
            except ValueError as e:
                hit = str(e)
            if len(_DATES) >= _DATES_MAX:
                _DATES.clear()
            _DATES[value] = hit
        if type(hit) is str:
            raise ValueError(hit)
        return hit
    return _parse_date(value)


_DATES: dict[str, date | str | None] = {}
_DATES_MAX = 100_000


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return None if value.year <= 1 else value
    text = clean_text(value, excel_guard=True)
    if text.lower() in NO_DATE:
        return None
    m = _DMY.match(text)
    try:
        if m:
            d = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        elif m2 := _ISO.match(text):
            d = date(int(m2.group(1)), int(m2.group(2)), int(m2.group(3)))
        else:
            raise ValueError
    except ValueError:
        raise ValueError("bad_date") from None
    return None if d.year <= 1 else d


def parse_int(value: Any) -> int | None:
    """A whole number sent as a number or a string ("17", 17, 17.0, "017"); empty is None."""
    if isinstance(value, bool):
        raise ValueError("bad_int")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError("bad_int")
    text = clean_text(value, excel_guard=True)
    if text == "":
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError("bad_int")
    return int(text)


def parse_code(value: Any) -> str:
    """An id kept as a string, leading zeros and all ("01", "05"); numbers become their digits."""
    return clean_text(value, excel_guard=True)


def format_date(d: date | None, *, iso: bool = False) -> str | None:
    if d is None:
        return None
    return f"{d:%Y-%m-%d}T00:00:00Z" if iso else f"{d:%d-%m-%Y}"


def normalise_code(code: str, known: set[str] | frozenset[str]) -> str | None:
    """The code as the table spells it: exact, else with the leading zero a spreadsheet dropped ("1" → "01").
    None when unknown."""
    if code in known:
        return code
    for width in (2, 3):
        padded = code.zfill(width)
        if padded in known:
            return padded
    stripped = code.lstrip("0")
    if stripped and stripped in known:
        return stripped
    return None
