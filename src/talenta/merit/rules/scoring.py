"""The merit-system self-assessment, computed (RULES.md §8): the proposed score of each automatic question
from counted facts, and the total on the historical 100–400 scale with its category.

Pure: plain values in and out. Every threshold below that a regulation does not give is a default to
confirm with the official worksheet ("verify"); they live in `THRESHOLDS`, one obvious table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

MAX_SCORE = 4

# Ladders: the score is the highest level whose threshold the value reaches (level 0 needs nothing).
# All of them are defaults to confirm with the official worksheet (docs/merit.md).
THRESHOLDS: dict[str, tuple[float, ...]] = {
    # share of PNS with an SKP of the year → levels 1..4
    "skp_coverage": (0.50, 0.80, 0.95, 0.99),
    # share of PNS with an assessment still valid at the end of the year
    "assessment_coverage": (0.01, 0.25, 0.50, 0.80),
    # share of mapped employees with an IDP (level 4 also needs the mean progress below)
    "idp_share": (0.01, 0.50, 0.80, 0.80),
    # share of definitive structural appointments that came through the talent pool / open selection
    "promotion_share": (0.01, 0.50, 0.80, 1.00),
    # SIASN data completeness, percent
    "data_completeness": (50, 70, 85, 95),
}
IDP_PROGRESS_FOR_4 = 50  # mean progress (percent) of the IDP actions for level 4
ALL_MAPPED = 0.95  # "all staff mapped": new CPNS and people without two SKP years cannot be mapped yet
VALID_INSTRUMENT_SHARE = 0.80  # of the mapped, share whose potential came from a valid assessment
IDP_SHARE_FOR_MAPPING_4 = 0.50  # of the mapped, share with an IDP ("results used for development")
# Days from vacancy to decision, levels 4..1 (an acting Plt is meant to last 3 months, at most 6: verify).
VACANCY_DAYS = (90, 180, 270)
# Days since the last successful SIASN import at the end of the year, levels 4..2.
SIASN_DAYS = (31, 90, 365)
# PermenPANRB 6/2022 organisation-level guide (RULES.md §2): at most 70% "Baik" ...
BAIK_MAX_SHARE = 0.70


@dataclass(frozen=True)
class Check:
    """One condition of the ladder: the level it belongs to, a code the screen labels, met or not."""

    level: int
    code: str
    met: bool


@dataclass(frozen=True)
class Proposal:
    score: int
    checks: tuple[Check, ...] = field(default_factory=tuple)


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def ladder(value: float, thresholds: Sequence[float]) -> int:
    """The number of thresholds `value` reaches, in order (0 when it reaches none)."""
    score = 0
    for t in thresholds:
        if value < t:
            break
        score += 1
    return score


def _climb(checks: Sequence[Check]) -> Proposal:
    """The score is the highest level whose conditions, and every lower level's, are all met."""
    score = 0
    for level in range(1, MAX_SCORE + 1):
        at = [c for c in checks if c.level == level]
        if not at or not all(c.met for c in at):
            break
        score = level
    return Proposal(score, tuple(checks))


# ------------------------------------------------------------------------------ Pemetaan Talenta


@dataclass(frozen=True)
class MappingFacts:
    committee_members: int
    pns: int
    mapped: int  # PNS with a mappable result in a finalised period of the year
    finalised_years: frozenset[int]  # years (of as_of) of finalised mapping periods
    year: int
    valid_instrument: int  # of the mapped, those whose potential came from a valid assessment
    calibration_meetings: int  # decided calibrations (the committee's minutes) in the year's periods
    mapped_with_idp: int
    pool_placements: int  # definitive appointments of the year that came through a filling process


def talent_mapping(f: MappingFacts) -> Proposal:
    """RULES.md §8: 0 no committee · 1 committee, some staff mapped · 2 all staff mapped · 3 mapped
    periodically with valid instruments · 4 results used for career and competency development and
    successor placement. A committee with nobody mapped yet stays at 0."""
    mapped = share(f.mapped, f.pns)
    periodic = {f.year - 1, f.year} <= f.finalised_years
    return _climb(
        [
            Check(1, "committee", f.committee_members > 0),
            Check(1, "some_mapped", f.mapped > 0),
            Check(2, "all_mapped", mapped >= ALL_MAPPED),
            Check(3, "periodic", periodic),
            Check(3, "valid_instruments", share(f.valid_instrument, f.mapped) >= VALID_INSTRUMENT_SHARE),
            Check(3, "calibrated", f.calibration_meetings > 0),
            Check(4, "idp_used", share(f.mapped_with_idp, f.mapped) >= IDP_SHARE_FOR_MAPPING_4),
            Check(4, "pool_placements", f.pool_placements > 0),
        ]
    )


# --------------------------------------------------------------------------- Performance (§2)


def skp_coverage(*, pns: int, with_skp: int) -> Proposal:
    s = ladder(share(with_skp, pns), THRESHOLDS["skp_coverage"])
    return Proposal(s, (Check(1, "skp_coverage", s >= 1),))


def predikat_distribution(counts: Mapping[str, int], max_baik_share: float = BAIK_MAX_SHARE) -> Proposal:
    """Against PermenPANRB 6/2022's organisation-level guide (RULES.md §2), for an organisation rated
    "Baik": at most `max_baik_share` "Baik" (70% by default; the instansi's mapping-period setting, as the
    data-quality check reads it), and at least one "Butuh Perbaikan" or "Kurang". No SKP at all: 0;
    SKP but neither guide point met: 1; one: 2; both: 4 (3 is not used: the guide has two points)."""
    total = sum(counts.values())
    if not total:
        return Proposal(0, (Check(1, "has_skp", False),))
    baik_ok = share(counts.get("baik", 0), total) <= max_baik_share
    low_ok = counts.get("butuh_perbaikan", 0) + counts.get("kurang", 0) > 0
    checks = (Check(1, "has_skp", True), Check(2, "baik_share", baik_ok), Check(2, "has_low", low_ok))
    score = {0: 1, 1: 2, 2: 4}[baik_ok + low_ok]
    return Proposal(score, checks)


# ------------------------------------------------------------------------- Promotion and mutation


def promotion(*, appointments: int, via_pool: int, snapshots_intact: bool) -> Proposal:
    """Share of the year's definitive structural appointments that came through the talent pool (a
    filling process with a ranking and an evidence snapshot). A broken snapshot caps the score at 1."""
    s = ladder(share(via_pool, appointments), THRESHOLDS["promotion_share"])
    if not snapshots_intact:
        s = min(s, 1)
    return Proposal(s, (Check(1, "via_pool", via_pool > 0), Check(2, "snapshots_intact", snapshots_intact)))


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    v = sorted(values)
    mid = len(v) // 2
    return float(v[mid]) if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def vacancy_time(days: Sequence[int]) -> Proposal:
    """The median days from a post's vacancy to the PPK's decision: ≤90 → 4, ≤180 → 3, ≤270 → 2,
    longer → 1, no filled vacancy → 0."""
    m = median(days)
    if m is None:
        return Proposal(0, (Check(1, "has_filled", False),))
    d4, d3, d2 = VACANCY_DAYS
    score = 4 if m <= d4 else 3 if m <= d3 else 2 if m <= d2 else 1
    return Proposal(score, (Check(1, "has_filled", True),))


# ------------------------------------------------------------------------------ Career development


def assessment_coverage(*, pns: int, with_valid: int) -> Proposal:
    s = ladder(share(with_valid, pns), THRESHOLDS["assessment_coverage"])
    return Proposal(s, (Check(1, "assessed", with_valid > 0),))


def idp(*, mapped: int, with_idp: int, mean_progress: float) -> Proposal:
    s = ladder(share(with_idp, mapped), THRESHOLDS["idp_share"])
    if s == MAX_SCORE and mean_progress < IDP_PROGRESS_FOR_4:
        s = MAX_SCORE - 1
    return Proposal(s, (Check(1, "has_idp", with_idp > 0), Check(4, "progress", mean_progress >= 50)))


# ----------------------------------------------------------------------------- Information systems


def siasn_sync(days_since_import: int | None) -> Proposal:
    """Days from the last successful SIASN import to the end of the year: ≤31 → 4, ≤90 → 3, ≤365 → 2,
    older → 1, never → 0."""
    if days_since_import is None:
        return Proposal(0, (Check(1, "imported", False),))
    d4, d3, d2 = SIASN_DAYS
    d = days_since_import
    score = 4 if d <= d4 else 3 if d <= d3 else 2 if d <= d2 else 1
    return Proposal(score, (Check(1, "imported", True),))


def data_completeness(percent: float) -> Proposal:
    s = ladder(percent, THRESHOLDS["data_completeness"])
    return Proposal(s, (Check(1, "completeness", s >= 1),))


# ------------------------------------------------------------------------------------ the total


@dataclass(frozen=True)
class Band:
    roman: str
    name: str
    low: int
    high: int
    confirmed: bool


# PermenPANRB 40/2018's historical scale (RULES.md §8): only band IV is confirmed.
BANDS = (
    Band("I", "Buruk", 100, 174, False),
    Band("II", "Kurang", 175, 249, False),
    Band("III", "Baik", 250, 324, False),
    Band("IV", "Sangat Baik", 325, 400, True),
)


@dataclass(frozen=True)
class Total:
    value: Decimal  # 100–400
    answered: int
    questions: int
    band: Band

    @property
    def complete(self) -> bool:
        return self.answered == self.questions


def index_value(scores: Sequence[int]) -> Decimal:
    """A mean score of 0–4 placed linearly on 100–400 (all 0 → 100, all 4 → 400): 100 + 75 × mean.
    The conversion is a default to confirm with the official worksheet."""
    if not scores:
        return Decimal("100.00")
    mean = Decimal(sum(scores)) / Decimal(len(scores))
    return (Decimal(100) + Decimal(75) * mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def band(value: Decimal) -> Band:
    """The category of a total; a value between two bands' integer bounds (e.g. 174.5) belongs to the
    lower band unless it reaches the next band's lower bound."""
    found = BANDS[0]
    for b in BANDS:
        if value >= b.low:
            found = b
    return found


def total(scores: Sequence[int | None]) -> Total:
    """The total over the answered questions (unanswered ones are counted as missing, not as 0)."""
    answered = [s for s in scores if s is not None]
    value = index_value(answered)
    return Total(value, len(answered), len(scores), band(value))
