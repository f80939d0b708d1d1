"""The nine box of PermenPANRB 3/2020 (RULES.md §5): numbered by value, 1 worst, 9 best.

Drawn with performance vertical (di atas on top) and potential horizontal (tinggi on the right), so 9 is
top right and 1 bottom left. Other numberings exist (Kemenkeu's kinerja × kompetensi grid): not this one."""

from __future__ import annotations

from .config import DEFAULT_READINESS

# Performance levels (kinerja) and their numeric value for combining years: di bawah=1, sesuai=2, di atas=3.
DI_BAWAH, SESUAI, DI_ATAS = "di_bawah", "sesuai", "di_atas"
PERFORMANCE_LEVELS = (DI_BAWAH, SESUAI, DI_ATAS)
PERFORMANCE_VALUE = {DI_BAWAH: 1, SESUAI: 2, DI_ATAS: 3}
PERFORMANCE_BY_VALUE = {v: k for k, v in PERFORMANCE_VALUE.items()}

RENDAH, MENENGAH, TINGGI = "rendah", "menengah", "tinggi"
POTENTIAL_LEVELS = (RENDAH, MENENGAH, TINGGI)
POTENTIAL_VALUE = {RENDAH: 1, MENENGAH: 2, TINGGI: 3}
POTENTIAL_BY_VALUE = {v: k for k, v in POTENTIAL_VALUE.items()}

# GRID[performance][potential] → box (RULES.md §5, first table).
GRID: dict[str, dict[str, int]] = {
    DI_ATAS: {RENDAH: 4, MENENGAH: 7, TINGGI: 9},
    SESUAI: {RENDAH: 2, MENENGAH: 5, TINGGI: 8},
    DI_BAWAH: {RENDAH: 1, MENENGAH: 3, TINGGI: 6},
}

# The grid as drawn on screen: rows top to bottom, columns left to right.
SCREEN_ROWS: tuple[tuple[int, int, int], ...] = ((4, 7, 9), (2, 5, 8), (1, 3, 6))

# Verbatim Indonesian labels (RULES.md §5, second table). Never translated.
LABELS: dict[int, str] = {
    9: "Kinerja di atas ekspektasi dan potensial tinggi",
    8: "Kinerja sesuai ekspektasi dan potensial tinggi",
    7: "Kinerja di atas ekspektasi dan potensial menengah",
    6: "Kinerja di bawah ekspektasi dan potensial tinggi",
    5: "Kinerja sesuai ekspektasi dan potensial menengah",
    4: "Kinerja di atas ekspektasi dan potensial rendah",
    3: "Kinerja di bawah ekspektasi dan potensial menengah",
    2: "Kinerja sesuai ekspektasi dan potensial rendah",
    1: "Kinerja di bawah ekspektasi dan potensial rendah",
}

# Recommended follow-up per box, in Indonesian (RULES.md §5), as (action kind, text) so an IDP can be
# generated from it. Kinds: promotion, retain, succession, award, rotation, competency, study, coaching,
# counselling, placement, discipline.
RECOMMENDATIONS: dict[int, tuple[tuple[str, str], ...]] = {
    9: (("promotion", "Dipromosikan dan dipertahankan"),
        ("succession", "Masuk kelompok rencana suksesi instansi/nasional"),
        ("award", "Diberikan penghargaan")),
    8: (("retain", "Dipertahankan"), ("succession", "Masuk kelompok rencana suksesi instansi"),
        ("rotation", "Rotasi/perluasan jabatan"), ("coaching", "Bimbingan kinerja")),
    7: (("retain", "Dipertahankan"), ("succession", "Masuk kelompok rencana suksesi instansi"),
        ("rotation", "Rotasi/pengayaan jabatan"), ("competency", "Pengembangan kompetensi"),
        ("study", "Tugas belajar")),
    6: (("placement", "Penempatan yang sesuai"), ("coaching", "Bimbingan kinerja"),
        ("counselling", "Konseling kinerja")),
    5: (("placement", "Penempatan yang sesuai"), ("coaching", "Bimbingan kinerja"),
        ("competency", "Pengembangan kompetensi")),
    4: (("rotation", "Rotasi"), ("competency", "Pengembangan kompetensi")),
    3: (("coaching", "Bimbingan kinerja"), ("counselling", "Konseling kinerja"),
        ("competency", "Pengembangan kompetensi"), ("placement", "Penempatan yang sesuai")),
    2: (("coaching", "Bimbingan kinerja"), ("competency", "Pengembangan kompetensi"),
        ("placement", "Penempatan yang sesuai")),
    1: (("discipline", "Diproses sesuai ketentuan peraturan perundang-undangan (disiplin/kinerja)"),),
}  # fmt: skip

SUCCESSION_GROUP = frozenset({7, 8, 9})

READINESS_LABELS: dict[str, str] = {
    "siap_sekarang": "Siap sekarang",
    "1_2_tahun": "Siap 1–2 tahun",
    "potensi_masa_depan": "Potensi masa depan",
    "bukan_kandidat": "Bukan kandidat",
}


def final_box(computed: int | None, calibrated: int | None) -> int | None:
    """The one definition of the final box: the committee's calibrated box, else the computed one (§5)."""
    return calibrated or computed


def box(performance: str, potential: str) -> int:
    return GRID[performance][potential]


def axes(box_number: int) -> tuple[str, str]:
    """(performance, potential) of a box."""
    for perf, row in GRID.items():
        for pot, b in row.items():
            if b == box_number:
                return perf, pot
    raise ValueError(f"no box {box_number}")


def recommendation_text(box_number: int) -> str:
    return "; ".join(text for _, text in RECOMMENDATIONS[box_number])


def readiness(box_number: int | None, mapping: dict[int, str] | None = None) -> str:
    """Readiness of a successor from his box (RULES.md §5; configurable); no box → bukan kandidat."""
    if box_number is None:
        return "bukan_kandidat"
    return (mapping or DEFAULT_READINESS)[int(box_number)]
