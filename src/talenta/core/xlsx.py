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

from talenta.core.cells import safe_cell, xlsx_cell  # the one spreadsheet-cell sanitizer (issue 14)

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


SAMPLE_ROWS = 1000  # column widths are measured on the first rows (a 100.000-row export streams)


def _styled(ws: Any, value: Any, **style: Any) -> Any:
    cell = xlsx_cell(ws, value)
    for k, v in style.items():
        setattr(cell, k, v)
    return cell


def workbook(
    sheet: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: Sequence[str] = (),
) -> bytes:
    """The workbook of one sheet: optional title lines (a roster's name and date), then the header
    (bold, frozen, with an autofilter) and the rows. Written in openpyxl's streaming mode, so a long
    export (the employee list: up to 100.000 rows) does not hold every cell in memory."""
    import itertools

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    it = iter(rows)
    head = [[_cell_value(v) for v in row] for row in itertools.islice(it, SAMPLE_ROWS)]
    widths = [len(str(h)) for h in header]
    for row in head:
        for i, v in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], _width(v))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    for col, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, w + 2)
    header_row = len(title) + 1
    ws.freeze_panes = f"A{header_row + 1}"
    for i, line in enumerate(title):
        ws.append([_styled(ws, safe_cell(line), font=Font(bold=True, size=13 if i == 0 else 11))])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    ws.append([_styled(ws, safe_cell(str(h)), font=bold, fill=fill) for h in header])

    def cell(v: Any) -> Any:
        if isinstance(v, datetime):
            return _styled(ws, v, number_format=DATETIME_FORMAT)
        if isinstance(v, date):
            return _styled(ws, v, number_format=DATE_FORMAT)
        if type(v) is str and v[:1] == "#":
            return _styled(ws, v)  # kept as text if it is an error's name (#N/A)
        return v

    n = 0
    for row in itertools.chain(head, ([_cell_value(v) for v in r] for r in it)):
        ws.append([cell(v) for v in row])
        n += 1
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(header))}{header_row + n}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def nothing_to_export(request: Any, message: str, back: str | None = None) -> HttpResponse:
    """A message on the list the export was asked from (`back`, default: the same path without the
    format parameter) instead of an empty file; the list's filters are kept."""
    from django.contrib import messages
    from django.shortcuts import redirect

    messages.info(request, message)
    query = request.GET.copy()
    for key in ("format", "fmt"):
        query.pop(key, None)
    path = back or request.path
    return redirect(f"{path}?{query.urlencode()}" if query else path)


def response(
    filename: str,
    sheet: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: Sequence[str] = (),
) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    r = HttpResponse(workbook(sheet, header, rows, title=title), content_type=XLSX)
    r["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return r
