"""The potential axis (RULES.md §3, §4): JPM, the potential-aspect score and the track record.

`potential_score = w_jpm × JPM + w_potential × potential-aspect score + w_track_record × track record
(+ w_qualification × education fit + w_integrity × integrity, used only by the kepka411 preset)`.
The score is computed exactly (Decimal, from the decimal inputs) and banded on that exact value, never on a
rounded one: 0.5 × 90 + 0.4 × 90 + 0.1 × 90 is exactly 90, as on paper, and 89.99996 stays below 90
(issue 13). The float kept for display is the exact value converted once.

Track record = the mean of four scores, each 0–100 (equal weight, RULES.md §4); the definitions below are
Talenta's ("default, to confirm with the SK"):

- education fit: 100 when the highest education meets the minimum for the level of the current post
  (PP 11/2017 Pasal 54–55: Pengawas D-III, Administrator and JPT S-1/D-IV; JF Ahli S-1/D-IV, JF
  keterampilan D-III, JF Pemula and Pelaksana SLTA), 50 when one tier below, else 0 (also when unknown);
- training: hours of training (Training rows) in the last `training_years` calendar years before the as-of
  year, 100 × hours / `training_hours_target` (default 60 h over 3 years = the 20 JP a year of PP 17/2020
  Pasal 203), capped at 100;
- post experience: completed years in the current post (TMT jabatan to the as-of date) × 100 /
  `post_years_target` (default 4), capped at 100; unknown TMT → 0;
- integrity: 0 when a medium or heavy disciplinary sentence (PP 94/2021) started in the last
  `integrity_years` years or is still in force on the as-of date, 50 when only a light one did, else 100.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from talenta.people.rules import discipline
from talenta.profiling.rules import validity

from . import reasons
from .ninebox import MENENGAH, RENDAH, TINGGI

# Education tiers over BKN's tingkat pendidikan ids (05 SD … 50 S-3).
EDUCATION_TIERS: tuple[tuple[str, ...], ...] = (
    ("05",),
    ("10", "12"),
    ("15", "17", "18"),
    ("20", "25"),
    ("30",),
    ("35", "40", "42"),
    ("45", "47"),
    ("49", "50"),
)
TIER_OF: dict[str, int] = {code: i for i, codes in enumerate(EDUCATION_TIERS) for code in codes}
SLTA, D3, S1 = 2, 4, 5
REQUIRED_TIER: dict[str, int] = {
    "jpt_utama": S1,
    "jpt_madya": S1,
    "jpt_pratama": S1,
    "administrator": S1,
    "pengawas": D3,
    "jf_ahli_utama": S1,
    "jf_ahli_madya": S1,
    "jf_ahli_muda": S1,
    "jf_ahli_pertama": S1,
    "jf_penyelia": D3,
    "jf_mahir": D3,
    "jf_terampil": D3,
    "jf_pemula": SLTA,
    "pelaksana": SLTA,
}
TRACK_RECORD_PARTS = ("education", "training", "experience", "integrity")


def education_fit(education_level: str | None, post_level: str | None) -> float:
    tier = TIER_OF.get(education_level or "")
    if tier is None:
        return 0.0
    required = REQUIRED_TIER.get(post_level or "pelaksana", SLTA)
    if tier >= required:
        return 100.0
    return 50.0 if tier == required - 1 else 0.0


def training_score(
    hours_by_year: list[tuple[int, int]], *, as_of_year: int, years: int, target: int
) -> float:
    hours = sum(h for y, h in hours_by_year if as_of_year - years <= y < as_of_year)
    return min(100.0, 100.0 * hours / target) if target > 0 else 100.0


def experience_score(years_in_post: int | None, *, target: int) -> float:
    if years_in_post is None:
        return 0.0
    return min(100.0, 100.0 * years_in_post / target) if target > 0 else 100.0


def integrity_score(
    sentences: list[tuple[str, date | None, date | None]], *, as_of: date, years: int
) -> float:
    """`sentences` are (level R/S/B, start, end): 0 with a medium or heavy sentence, 50 with a light one,
    in force on `as_of` or at any time in the `years` before it (`people.rules.discipline.in_force_within`,
    the window of placement's discipline requirement); a sentence without an end counts (missing data is
    not a pass). A sentence that starts after `as_of` is not yet part of the record on that day."""
    worst = 100.0
    for level, _start, _end in sentences_counted(sentences, as_of=as_of, years=years):
        worst = min(worst, 0.0 if level in discipline.MEDIUM_OR_HEAVY else 50.0)
    return worst


def sentences_counted(
    sentences: list[tuple[str, date | None, date | None]], *, as_of: date, years: int
) -> list[tuple[str, date | None, date | None]]:
    """The sentences the integrity part counts: begun by `as_of` and in force on it or at any time in the
    `years` before it (`people.rules.discipline.in_force_within`)."""
    return [
        (level, start, end)
        for level, start, end in sentences
        if not (start is not None and start > as_of) and discipline.in_force_within(start, end, as_of, years)
    ]


def track_record(parts: tuple[float, float, float, float]) -> float:
    a, b, c, d = parts
    return (a + b + c + d) / 4


def _dec(x: float | int | Decimal) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def potential_score_exact(
    *,
    jpm: float | Decimal,
    potential: float | Decimal,
    parts: tuple[float, float, float, float],
    weights: dict[str, float],
) -> Decimal:
    """The unrounded score, from the decimal values of its inputs (what banding uses)."""
    w = {
        k: _dec(weights.get(k, 0.0))
        for k in ("jpm", "potential", "track_record", "qualification", "integrity")
    }
    p = tuple(_dec(x) for x in parts)
    return (
        w["jpm"] * _dec(jpm)
        + w["potential"] * _dec(potential)
        + w["track_record"] * (p[0] + p[1] + p[2] + p[3]) / 4
        + w["qualification"] * p[0]
        + w["integrity"] * p[3]
    )


def potential_score(
    *,
    jpm: float | Decimal,
    potential: float | Decimal,
    parts: tuple[float, float, float, float],
    weights: dict[str, float],
) -> float:
    """The score for display and storage: the exact score as a float (never rounded before banding)."""
    return float(potential_score_exact(jpm=jpm, potential=potential, parts=parts, weights=weights))


def potential_level(score: float | Decimal, bands: dict[str, float]) -> str:
    """tinggi ≥ 90, menengah 78–<90, rendah < 78 by default; compared as decimals, unrounded."""
    value = _dec(score)
    if value >= _dec(bands["tinggi"]):
        return TINGGI
    if value >= _dec(bands["menengah"]):
        return MENENGAH
    return RENDAH


def assessment_expiry(assessed_on: date, validity_years: int) -> date:
    """The first day the assessment no longer counts (`profiling.rules.validity.expires_on`)."""
    return validity.expires_on(assessed_on, validity_years)


def assessment_status(assessed_on: date | None, *, as_of: date, validity_years: int) -> tuple[bool, str]:
    """(usable, reason): an assessment counts from its date until it is older than `validity_years`
    (`profiling.rules.validity`); the reason names the first day it no longer counted."""
    if assessed_on is None:
        return False, reasons.NO_ASSESSMENT
    expiry = assessment_expiry(assessed_on, validity_years)
    if as_of >= expiry:
        return False, reasons.expired(expiry)
    return True, ""
