"""Excel a BKD can use: frozen header, autofilter, real date and number cells, columns as wide as their
content, and formula-looking text neutralised. Every export builds its workbook here."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from talenta.core.cells import safe_cell  # the one spreadsheet-cell sanitizer (issue 14)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MAX_WIDTH = 60


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # Excel has no time zones: the local (WIB) wall time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(value)


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 11
    return len(str(value)) if value is not None else 0


def workbook(sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = [[_cell_value(v) for v in row] for row in rows]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    widths = [len(str(h)) for h in header]
    for row in rows:
        ws.append(row)
        for i, v in enumerate(row):
            widths[i] = max(widths[i], _width(v))
    for col, cells in enumerate(ws.iter_cols(min_row=2), start=1):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
        ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, widths[col - 1] + 2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def response(filename: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    r = HttpResponse(workbook(sheet, header, rows), content_type=XLSX)
    r["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return r
