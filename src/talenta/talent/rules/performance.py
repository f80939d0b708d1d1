"""The performance axis (RULES.md §2): a level per year from the SKP, combined over the last N calendar
years before the as-of year (as of 2026-01-31 with N=2: 2024 and 2025)."""

from __future__ import annotations

from dataclasses import dataclass

from . import reasons
from .ninebox import DI_ATAS, DI_BAWAH, PERFORMANCE_BY_VALUE, PERFORMANCE_VALUE, SESUAI

# PermenPANRB 6/2022 predikat → nine-box level.
PREDIKAT_LEVEL: dict[str, str] = {
    "sangat_baik": DI_ATAS,
    "baik": SESUAI,
    "butuh_perbaikan": DI_BAWAH,
    "kurang": DI_BAWAH,
    "sangat_kurang": DI_BAWAH,
}
RATING_LEVEL: dict[str, str] = {"di_atas": DI_ATAS, "sesuai": SESUAI, "di_bawah": DI_BAWAH}


def window(as_of_year: int, years: int) -> list[int]:
    """The N calendar years before the as-of year, oldest first."""
    return list(range(as_of_year - years, as_of_year))


def year_level(
    *, predikat: str | None, rating_hasil_kerja: str | None, source: str = "predikat"
) -> str | None:
    """The level of one SKP year from the configured source; None when that field is empty/unknown."""
    if source == "rating_hasil_kerja":
        return RATING_LEVEL.get(rating_hasil_kerja or "")
    return PREDIKAT_LEVEL.get(predikat or "")


def combine(levels: list[str], mode: str = "lowest") -> str:
    """Combine yearly levels (oldest first, none missing). `mean` rounds down (di bawah=1 … di atas=3)."""
    if not levels:
        raise ValueError("no level to combine")
    values = [PERFORMANCE_VALUE[lv] for lv in levels]
    if mode == "latest":
        return levels[-1]
    if mode == "lowest":
        return PERFORMANCE_BY_VALUE[min(values)]
    if mode == "mean":
        return PERFORMANCE_BY_VALUE[sum(values) // len(values)]
    raise ValueError(f"unknown combine mode {mode}")


@dataclass(frozen=True)
class PerformanceResult:
    level: str | None
    per_year: dict[int, str | None]
    missing_years: tuple[int, ...]

    @property
    def reason(self) -> str:
        return reasons.join(reasons.skp_missing(self.missing_years))


def performance(
    skp_by_year: dict[int, dict[str, str | None]],
    *,
    as_of_year: int,
    years: int = 2,
    combine_mode: str = "lowest",
    source: str = "predikat",
) -> PerformanceResult:
    """`skp_by_year[year] = {"predikat": ..., "rating_hasil_kerja": ...}`. A missing year is missing
    evidence, not a pass: the level is None and `missing_years` says which."""
    per_year: dict[int, str | None] = {}
    missing: list[int] = []
    for y in window(as_of_year, years):
        row = skp_by_year.get(y)
        lv = year_level(predikat=row.get("predikat"), rating_hasil_kerja=row.get("rating_hasil_kerja"),
                        source=source) if row else None  # fmt: skip
        per_year[y] = lv
        if lv is None:
            missing.append(y)
    if missing:
        return PerformanceResult(None, per_year, tuple(missing))
    return PerformanceResult(combine([per_year[y] for y in sorted(per_year)], combine_mode), per_year, ())  # type: ignore[misc]
