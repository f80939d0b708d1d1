"""The annual report of the self-assessment as PDF (WeasyPrint) and Excel (openpyxl), in the layout BKDs
send: per aspect, each question with its score and the list of its evidence; the total and its category."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from talenta.core.cells import safe_cell as _safe_cell
from talenta.core.cells import text_errors
from talenta.core.display import actor
from talenta.core.templatetags.talenta import angka
from talenta.merit import selectors
from talenta.merit.models import Assessment
from talenta.talent.exports import pdf_from_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(a: Assessment) -> dict[str, Any]:
    bs = selectors.blocks(a)
    return {"a": a, "blocks": bs, "total": selectors.total_of(bs), "today": timezone.localdate()}


def report_pdf(a: Assessment, request: HttpRequest | None = None) -> bytes:
    return pdf_from_template("merit/report_pdf.html", _context(a), request=request)


def band_text(total: Any) -> str:
    b = total.band
    text = f"{b.roman} {b.name} ({b.low}–{b.high})"
    return text if b.confirmed else f"{text} — {_('verify')}"


def report_xlsx(a: Assessment) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    ctx = _context(a)
    wb = Workbook()
    ws = wb.active
    ws.title = f"Sistem Merit {a.year}"
    ws.append([f"Penilaian Mandiri Sistem Merit {a.year}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Instansi", _safe_cell(a.instansi.name)])
    ws.append(["Kuesioner", _safe_cell(f"{a.questionnaire.title} ({a.questionnaire.version})")])
    ws.append(["Status", a.get_status_display()])
    ws.append(
        [
            "Diisi/dikirim oleh",
            _safe_cell(actor(a.submitted_by)),
            "Direviu oleh",
            _safe_cell(actor(a.reviewed_by)),
        ]
    )
    t = ctx["total"]
    ws.append(["Nilai indeks (100–400)", float(t.value), "Kategori", band_text(t)])
    ws.append(["Pertanyaan terjawab", t.answered, "dari", t.questions])
    ws.append([])
    ws.append(["Aspek", "Kode", "Pertanyaan", "Verifikasi rumusan", "Usulan Talenta", "Nilai", "Arti nilai",
               "Alasan perbedaan", "Bukti dukung"])  # fmt: skip
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for b in ctx["blocks"]:
        for r in b.rows:
            x = r.answer
            ws.append(
                [
                    _safe_cell(f"{b.code}. {b.name}"),
                    _safe_cell(x.code),
                    _safe_cell(r.question["text"]),
                    "verify" if r.question.get("verify") else "",
                    x.proposed_score if x.proposed_score is not None else "",
                    x.score if x.score is not None else "",
                    _safe_cell(r.level_text),
                    _safe_cell(x.override_reason),
                    _safe_cell("\n".join(r.evidence_names)),
                ]
            )
        ws.append(
            [
                _safe_cell(f"Rata-rata aspek {b.code}"),
                "",
                "",
                "",
                "",
                angka(b.mean, 2) if b.mean is not None else "",
            ]
        )
    for col, width in zip("ABCDEFGHI", (28, 7, 60, 10, 10, 7, 40, 30, 70), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=10):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    _comparison_sheet(wb, a)
    buf = io.BytesIO()
    text_errors(wb).save(buf)
    return buf.getvalue()


def _comparison_sheet(wb: Any, a: Assessment) -> None:
    """The instansi's years up to this one: each aspect's mean score and the index."""
    from openpyxl.styles import Font

    data = selectors.comparison(Assessment.objects.filter(instansi_id=a.instansi_id, year__lte=a.year))
    ws = wb.create_sheet("Antartahun")
    ws.append(["Aspek", *data["years"]])
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in data["rows"]:
        ws.append([_safe_cell(row["name"]), *[float(c) if c is not None else "" for c in row["cells"]]])
    ws.append(["Nilai indeks (100–400)", *[float(t.value) for t in data["totals"]]])
    ws.append(["Kategori", *[band_text(t) for t in data["totals"]]])
    ws.append(["Perubahan", *[float(d) if d is not None else "" for d in data["deltas"]]])
    ws.column_dimensions["A"].width = 40
