"""The one guard against spreadsheet formula injection, for every CSV and xlsx Talenta writes.

A cell whose text starts with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading one of those) would be run as a formula by Excel or LibreOffice: `=HYPERLINK(...)` in a
pegawai's own IDP note would reach the analis's workbook. Such text gets a leading `'`, the
spreadsheet's own "this is text" mark (and what the SIASN reader strips back). Numbers, dates and other
non-text values pass unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """csv.writer whose every row goes through safe_row."""

    def __init__(self, f: IO[str], **kwargs: Any) -> None:
        self._w = csv.writer(f, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._w.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(f: IO[str], **kwargs: Any) -> SafeWriter:
    return SafeWriter(f, **kwargs)
