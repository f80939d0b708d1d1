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


def unguarded(text: str) -> str:
    """`text` read back from a cell or a heading: the `'` that `safe_cell` put before a formula start
    taken off again, so what was written comes back as it was."""
    if text[:1] == "'" and text[1:2] in FORMULA_START:
        return text[1:]
    return text


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


def xlsx_cell(ws: Any, value: Any) -> Any:
    """`value` as a cell of the openpyxl sheet `ws` (either mode), for `ws.append`. Text that is what a
    failed formula shows (`#N/A`, `#NAME?`: a name or a note may be typed so) stays text: openpyxl would
    store the error itself, and Excel would show an error where the person's text was."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    cell = WriteOnlyCell(ws, value=value)
    if type(value) is str and value in ERROR_CODES:
        cell.data_type = "s"
    return cell


def text_errors(wb: Any) -> Any:
    """A workbook built cell by cell (not in write-only mode) with every error cell turned back into the
    text it was given: no export of Talenta writes a formula's error on purpose (see `xlsx_cell`)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "e":
                    cell.data_type = "s"
    return wb
