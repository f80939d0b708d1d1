"""PDF (WeasyPrint) and Excel (openpyxl) output of talent documents."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from talenta.core.cells import safe_row, text_errors
from talenta.talent.models import DevelopmentPlan


def pdf_from_template(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    base = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base).write_pdf()


def idp_xlsx(plan: DevelopmentPlan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "IDP"
    e = plan.employee
    ws.append(["Rencana Pengembangan Individu (IDP)"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(safe_row(["Nama", e.full_name]))
    ws.append(safe_row(["NIP", e.nip]))
    ws.append(safe_row(["Periode", plan.period.name if plan.period else "-"]))
    ws.append(safe_row(["Kotak", plan.box or "-"]))
    ws.append(safe_row(["Ringkasan", plan.summary]))
    ws.append([])
    header = ["No", "Kompetensi", "Jenis", "Uraian", "Target", "Tenggat", "Kemajuan (%)", "Catatan pegawai"]
    ws.append(header)
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for i, a in enumerate(plan.actions.all(), start=1):
        ws.append(
            safe_row(
                [
                    i,
                    a.competency_label,
                    a.get_kind_display(),
                    a.description,
                    a.target,
                    a.due.isoformat() if a.due else "",
                    a.progress,
                    a.employee_note,
                ]
            )
        )
    if plan.head_comment:
        ws.append([])
        ws.append(safe_row(["Catatan Kepala OPD", plan.head_comment]))
    for col, width in zip("ABCDEFGH", (5, 12, 14, 50, 30, 12, 12, 30), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    text_errors(wb).save(buf)
    return buf.getvalue()
