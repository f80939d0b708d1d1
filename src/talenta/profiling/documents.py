"""Printable documents: rosters per wave (PDF, Excel), invitation letters per OPD (PDF), import templates."""

from __future__ import annotations

import io
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from talenta.core.cells import text_errors
from talenta.people.models import Employee, Unit
from talenta.profiling import selectors
from talenta.profiling.imports import MINIMAL_COLUMNS
from talenta.profiling.models import Campaign, Participant, Wave

KOP = {
    "government": "PEMERINTAH PROVINSI BANTEN",
    "agency": "BADAN KEPEGAWAIAN DAERAH",
    "address": (
        "Kawasan Pusat Pemerintahan Provinsi Banten (KP3B), Jl. Syekh Nawawi Al-Bantani, Palima, Serang"
    ),
}
_UNITS = [
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]


def terbilang(n: int) -> str:
    """Indonesian number words, as a formal letter writes a count: 12 → "dua belas"."""
    if n < 12:
        return _UNITS[n] or "nol"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        return f"{_UNITS[n // 10]} puluh {terbilang(n % 10) if n % 10 else ''}".strip()
    if n < 200:
        return f"seratus {terbilang(n - 100) if n > 100 else ''}".strip()
    if n < 1000:
        return f"{_UNITS[n // 100]} ratus {terbilang(n % 100) if n % 100 else ''}".strip()
    if n < 2000:
        return f"seribu {terbilang(n - 1000) if n > 1000 else ''}".strip()
    return f"{terbilang(n // 1000)} ribu {terbilang(n % 1000) if n % 1000 else ''}".strip()


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string(template, {"kop": KOP, **context})
    return HTML(string=html).write_pdf()


def head_of_bkd(instansi_id: int) -> Employee | None:
    """The holder of the post heading the BKD, when the data has one."""
    unit = Unit.objects.filter(
        instansi_id=instansi_id, parent__isnull=True, name__icontains="Kepegawaian"
    ).first()
    if unit is None:
        return None
    return Employee.objects.filter(
        instansi_id=instansi_id, position__unit=unit, position__heads_unit=True
    ).first()


def _rows(parts: list[Participant]) -> list[dict]:
    return [
        {
            "no": i,
            "name": p.employee.full_name,
            "nip": p.employee.nip,
            "jabatan": p.employee.position.name if p.employee.position_id else "–",
            "unit": selectors.opd_name(p.employee),
            "wave": p.wave,
        }
        for i, p in enumerate(parts, start=1)
    ]


def roster_pdf(campaign: Campaign, wave: Wave, parts: list[Participant]) -> bytes:
    return _pdf("profiling/pdf/roster.html", {"campaign": campaign, "wave": wave, "rows": _rows(parts)})


def roster_xlsx(campaign: Campaign, wave: Wave, parts: list[Participant]) -> bytes:
    from talenta.core import display, xlsx

    title = [
        f"Daftar Hadir {campaign.name}",
        f"Gelombang {wave.number}, {display.tanggal(wave.date)} pukul {wave.start:%H.%M}–{wave.end:%H.%M}",
    ]
    header = ["No", "Nama", "NIP", "Jabatan", "Unit", "Tanda tangan"]
    rows = [[r["no"], r["name"], r["nip"], r["jabatan"], r["unit"], ""] for r in _rows(parts)]
    return xlsx.workbook(f"Gelombang {wave.number}", header, rows, title=title)


def letter_pdf(
    campaign: Campaign, opd: Unit, parts: list[Participant], *, today: date, number: str = ""
) -> bytes:
    """The invitation letter, dated `today` (the letter's date, editable) with `number` (default: the
    BKD's numbering with a blank for the agenda number and the letter's own year)."""
    n = len(parts)
    words = terbilang(n)
    # The post of this instansi that heads the unit (never a post another instansi attached to it).
    head = opd.positions.filter(instansi_id=campaign.instansi_id, heads_unit=True).first()
    return _pdf(
        "profiling/pdf/letter.html",
        {
            "campaign": campaign,
            "opd": opd,
            "rows": _rows(parts),
            "count": n,
            "count_words": words,
            "today": today,
            "number": number or f"800.2/\u2003\u2003\u2003/BKD/{today.year}",
            "head_title": head.name if head else f"Kepala {opd.name}",
            "signer": head_of_bkd(campaign.instansi_id),
        },
    )


def template_xlsx(columns: list[str] | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "hasil"
    ws.append(list(columns or MINIMAL_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    buf = io.BytesIO()
    text_errors(wb).save(buf)
    return buf.getvalue()
