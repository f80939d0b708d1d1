"""Job Person Match, RULES.md §3: JPM = 100 × Σ individual level / Σ standard level."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

JPM_MAPPING_BANDS = {"optimal": Decimal(90), "cukup_optimal": Decimal(78)}
JPM_SELECTION_BANDS = {"memenuhi_syarat": Decimal(80), "masih_memenuhi_syarat": Decimal(68)}


MAPPING_LABELS = {"optimal": "Optimal", "cukup_optimal": "Cukup Optimal", "kurang_optimal": "Kurang Optimal"}
SELECTION_LABELS = {
    "memenuhi_syarat": "Memenuhi Syarat",
    "masih_memenuhi_syarat": "Masih Memenuhi Syarat",
    "kurang_memenuhi_syarat": "Kurang Memenuhi Syarat",
}
CENT = Decimal("0.01")
LEVEL_MIN, LEVEL_MAX = Decimal(1), Decimal(5)  # a competency level, RULES.md §3


def jpm(levels: dict[str, Decimal | float | int], standard: dict[str, int]) -> Decimal:
    """Unrounded JPM over every competency of the standard; raises ValueError when one has no level (a JPM
    over whichever competencies happen to be present is not the post's JPM, issue 13)."""
    codes = list(standard)
    missing = [c for c in codes if levels.get(c) is None]
    if not codes or missing:
        raise ValueError(f"no level for {', '.join(missing) or 'any competency'}")
    total_individual = sum(Decimal(str(levels[c])) for c in codes)
    total_standard = sum(Decimal(standard[c]) for c in codes)
    return Decimal(100) * total_individual / total_standard


def ceiling(standard: dict[str, int]) -> Decimal | None:
    """The highest JPM against `standard`: every level at 5. None without a standard."""
    total = sum(int(v) for v in standard.values())
    if total <= 0:
        return None
    return Decimal(100) * LEVEL_MAX * len(standard) / total


def gaps(levels: dict[str, Decimal | float | int], standard: dict[str, int]) -> dict[str, Decimal]:
    """Individual − standard per competency (negative = needs development)."""
    return {c: Decimal(str(levels[c])) - Decimal(standard[c]) for c in standard if levels.get(c) is not None}


def mapping_bands(optimal: Decimal | int | str, cukup_optimal: Decimal | int | str) -> dict[str, Decimal]:
    """RULES.md §3's mapping bands, configurable (per profiling campaign): Optimal from `optimal`, Cukup
    Optimal from `cukup_optimal`, Kurang Optimal below. Raises ValueError unless 0 < cukup_optimal <
    optimal."""
    o, c = Decimal(str(optimal)), Decimal(str(cukup_optimal))
    if not (o.is_finite() and c.is_finite() and Decimal(0) < c < o):
        raise ValueError("the bands must satisfy 0 < Cukup Optimal < Optimal")
    return {"optimal": o, "cukup_optimal": c}


def bands_stored(bands: dict[str, Decimal]) -> dict[str, str]:
    """The bands as kept with a result (JSON, the plainest decimal text: "90", "85.5"), so that its category
    can be replayed."""
    return {k: format(Decimal(v).normalize(), "f") for k, v in bands.items()}


def bands_of(stored: dict[str, str] | None) -> dict[str, Decimal]:
    """The bands a result was categorised with; the defaults for a result stored before they were kept."""
    if not stored:
        return dict(JPM_MAPPING_BANDS)
    return mapping_bands(stored["optimal"], stored["cukup_optimal"])


def mapping_category(value: Decimal, bands: dict[str, Decimal] | None = None) -> str:
    """Optimal / Cukup Optimal / Kurang Optimal of the unrounded JPM under `bands` (default 90 / 78)."""
    b = bands or JPM_MAPPING_BANDS
    if value >= Decimal(b["optimal"]):
        return "optimal"
    if value >= Decimal(b["cukup_optimal"]):
        return "cukup_optimal"
    return "kurang_optimal"


def selection_category(value: Decimal, bands: dict[str, Decimal] | None = None) -> str:
    b = bands or JPM_SELECTION_BANDS
    if value >= Decimal(b["memenuhi_syarat"]):
        return "memenuhi_syarat"
    if value >= Decimal(b["masih_memenuhi_syarat"]):
        return "masih_memenuhi_syarat"
    return "kurang_memenuhi_syarat"


def display(value: Decimal, *, cap: bool = False) -> str:
    """Two decimals, rounded half up from the unrounded value; `cap` shows at most 100 (RULES.md §3,
    configurable, off by default). For display only: bands use the unrounded value."""
    shown = min(value, Decimal(100)) if cap else value
    return str(shown.quantize(CENT, rounding=ROUND_HALF_UP))
