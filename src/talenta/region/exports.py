"""Excel output of regional oversight (openpyxl)."""

from __future__ import annotations

import io

from talenta.core.cells import safe_row, text_errors
from talenta.region.selectors import POOL_LEVELS, Figures, level_label

HEADER = [
    "Instansi",
    "Pegawai",
    "Sudah diprofil",
    "Cakupan profiling (%)",
    "Terpetakan",
    "Porsi terpetakan (%)",
    "Periode final terakhir",
    *[f"Kelompok talenta menuju {level_label(lv)}" for lv in POOL_LEVELS],
    "Kelompok talenta (semua)",
    "Jabatan kritis",
    "…dengan suksesor siap",
    "…tanpa suksesor siap",
    "Lowong",
    "Lama lowong, median (hari)",
    "Lama lowong, maks. (hari)",
    "Lowong yang terisi",
    "Lama lowong sampai dilantik, median (hari)",
    "Lama lowong sampai dilantik, maks. (hari)",
    "Keputusan penempatan",
    "…dari kelompok talenta",
    "…menyimpang dari peringkat",
]


def overview_xlsx(figs: list[Figures], totals: dict[str, int]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Perbandingan"
    ws.append(HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)
    for f in figs:
        # Every text through safe_row: an instansi's name comes from SIASN, and `=HYPERLINK(…)` there
        # would be a live formula in the reader's workbook.
        ws.append(
            safe_row(
                [
                    f.instansi.name,
                    f.employees,
                    f.profiled,
                    f.profiled_pct,
                    f.mapped,
                    f.mapped_pct,
                    f.period,
                    *[f.pool_by_level.get(lv, 0) for lv in POOL_LEVELS],
                    f.pool,
                    f.critical,
                    f.critical_ready,
                    f.critical_without,
                    f.vacancies,
                    f.vacancy_days_median,
                    f.vacancy_days_max,
                    f.filled,
                    f.filled_days_median,
                    f.filled_days_max,
                    f.decisions,
                    f.from_pool,
                    f.deviated,
                ]
            )
        )
    ws.append(["Jumlah", totals["employees"], totals["profiled"], None, totals["mapped"]])
    ws.column_dimensions["A"].width = 42
    buf = io.BytesIO()
    text_errors(wb).save(buf)
    return buf.getvalue()
