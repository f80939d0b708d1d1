"""The mapping over numpy arrays: the same results as `mapping.map_one`, for a whole population at once.

`arrays_from_inputs` turns evidence into arrays (the only per-person Python loop, over plain values);
`map_bulk` does the scoring, banding and boxing as array operations. The benchmark feeds `map_bulk`
synthetic arrays of a million rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from . import potential as pr
from . import reasons as rs
from .config import MappingConfig
from .mapping import MappingInputs, jpm_of, track_record_parts, validity_of
from .ninebox import GRID, PERFORMANCE_BY_VALUE, PERFORMANCE_VALUE, POTENTIAL_BY_VALUE, POTENTIAL_VALUE
from .performance import window, year_level

# GRID_ARRAY[performance value - 1, potential value - 1] → box.
GRID_ARRAY = np.array(
    [[GRID[PERFORMANCE_BY_VALUE[p]][POTENTIAL_BY_VALUE[q]] for q in (1, 2, 3)] for p in (1, 2, 3)],
    dtype=np.int8,
)


@dataclass
class MappingArrays:
    years: list[int]
    perf_years: np.ndarray  # (n, Y) int8: 0 missing, 1 di bawah, 2 sesuai, 3 di atas (oldest first)
    jpm: np.ndarray  # (n,) float64, nan = none
    potential: np.ndarray  # (n,) float64, nan = none
    assessed: np.ndarray  # (n,) int64 ordinal of the assessment date, 0 = none
    expiry: np.ndarray  # (n,) int64 ordinal of the expiry date, 0 = none
    parts: np.ndarray  # (n, 4) float64: education, training, experience, integrity


@dataclass
class BulkResult:
    performance: np.ndarray  # (n,) int8 0 = none
    potential_score: np.ndarray  # (n,) float64 nan = none
    potential_level: np.ndarray  # (n,) int8 0 = none
    track_record: np.ndarray
    box: np.ndarray  # (n,) int8 0 = not mappable
    mappable: np.ndarray  # (n,) bool
    perf_missing: np.ndarray  # (n, Y) bool
    assessment_state: np.ndarray  # (n,) int8: 0 none, 1 expired, 2 no jpm, 3 no potential, 4 (2+3), 9 ok


def arrays_from_inputs(inputs: list[MappingInputs], config: MappingConfig, as_of: date) -> MappingArrays:
    years = window(as_of.year, config.performance_years)
    n = len(inputs)
    # Filled as Python lists and made arrays once (an element written into a numpy array costs more than
    # the rule that computes it).
    perf: list[list[int]] = []
    jpm = [np.nan] * n
    pot = [np.nan] * n
    assessed = [0] * n
    expiry = [0] * n
    parts: list[tuple[float, float, float, float]] = []
    # The rules are called once per distinct argument, not once per person: many people share a yearly
    # SKP outcome, an assessment date, and a track record's education, training, post date and discipline
    # (no rule here reads anything else, so equal arguments give equal values).
    levels: dict[tuple[Any, Any], int] = {}
    dates: dict[tuple[str, int], tuple[int, int]] = {}
    track: dict[tuple[Any, ...], tuple[float, float, float, float]] = {}
    source = config.performance_source
    for i, x in enumerate(inputs):
        row_levels = []
        for y in years:
            row = x.skp.get(y)
            value = 0
            if row:
                key = (row.get("predikat"), row.get("rating_hasil_kerja"))
                value = levels.get(key)
                if value is None:
                    lv = year_level(predikat=key[0], rating_hasil_kerja=key[1], source=source)
                    value = levels[key] = PERFORMANCE_VALUE[lv] if lv else 0
            row_levels.append(value)
        perf.append(row_levels)
        a = x.assessment
        if a:
            on = a["assessed_on"]
            key = (on, validity_of(a, config))
            if key not in dates:
                day = date.fromisoformat(on)
                dates[key] = (day.toordinal(), pr.assessment_expiry(day, key[1]).toordinal())
            assessed[i], expiry[i] = dates[key]
            value, _ = jpm_of(x, config)
            if value is not None:
                jpm[i] = float(value)
            if a.get("potential_score") is not None:
                pot[i] = float(a["potential_score"])
        key = (
            x.education_level,
            x.post_level,
            x.tmt_jabatan,
            tuple((y, h) for _, y, h in x.training),
            tuple((lv, s, e) for _, lv, s, e in x.discipline),
        )
        p = track.get(key)
        if p is None:
            p = track[key] = track_record_parts(x, config, as_of)
        parts.append(p)
    return MappingArrays(
        years,
        np.array(perf, dtype=np.int8).reshape(n, len(years)),
        np.array(jpm, dtype=np.float64),
        np.array(pot, dtype=np.float64),
        np.array(assessed, dtype=np.int64),
        np.array(expiry, dtype=np.int64),
        np.array(parts, dtype=np.float64).reshape(n, 4),
    )


def map_bulk(arr: MappingArrays, config: MappingConfig, as_of: date) -> BulkResult:
    perf_years = arr.perf_years
    missing = perf_years == 0
    any_missing = missing.any(axis=1)
    mode = config.performance_combine
    if mode == "lowest":
        perf = perf_years.min(axis=1)
    elif mode == "latest":
        perf = perf_years[:, -1]
    else:  # mean, rounded down
        perf = perf_years.sum(axis=1, dtype=np.int32) // perf_years.shape[1]
    perf = np.where(any_missing, 0, perf).astype(np.int8)

    has = arr.assessed > 0
    valid_date = has & (as_of.toordinal() < arr.expiry)
    has_jpm = ~np.isnan(arr.jpm)
    has_pot = ~np.isnan(arr.potential)
    state = np.full(len(perf), 9, dtype=np.int8)
    state[valid_date & ~has_jpm & has_pot] = 2
    state[valid_date & has_jpm & ~has_pot] = 3
    state[valid_date & ~has_jpm & ~has_pot] = 4
    state[has & ~valid_date] = 1
    state[~has] = 0
    usable = state == 9

    p = arr.parts
    track = (p[:, 0] + p[:, 1] + p[:, 2] + p[:, 3]) / 4
    w = config.weights
    jpm_part = arr.jpm if config.jpm_score_cap is None else np.minimum(arr.jpm, config.jpm_score_cap)
    score = (
        w.get("jpm", 0.0) * jpm_part
        + w.get("potential", 0.0) * arr.potential
        + w.get("track_record", 0.0) * track
        + w.get("qualification", 0.0) * p[:, 0]
        + w.get("integrity", 0.0) * p[:, 3]
    )
    score = np.where(usable, score, np.nan)
    bands = config.potential_bands
    with np.errstate(invalid="ignore"):
        level = np.where(score >= bands["tinggi"], 3, np.where(score >= bands["menengah"], 2, 1))
        # Float noise decides nothing: rows within a hair of a band are scored and banded exactly, as
        # `map_one` does (issue 13: 89.99996 is below 90, 0.5 × 90 + 0.4 × 90 + 0.1 × 90 is 90).
        near = usable & (
            (np.abs(score - bands["tinggi"]) < 1e-6) | (np.abs(score - bands["menengah"]) < 1e-6)
        )
    for i in np.flatnonzero(near):
        exact = pr.potential_score_exact(
            jpm=float(jpm_part[i]), potential=float(arr.potential[i]), parts=tuple(p[i]), weights=w
        )
        score[i] = float(exact)
        level[i] = POTENTIAL_VALUE[pr.potential_level(exact, bands)]
    level = np.where(usable, level, 0).astype(np.int8)
    mappable = usable & ~any_missing
    boxes = np.where(mappable, GRID_ARRAY[np.maximum(perf, 1) - 1, np.maximum(level, 1) - 1], 0).astype(
        np.int8
    )
    return BulkResult(perf, score, level, track, boxes, mappable, missing, state)


STATE_REASON = {
    2: [rs.NO_COMPETENCY],
    3: [rs.NO_POTENTIAL],
    4: [rs.NO_COMPETENCY, rs.NO_POTENTIAL],
}


def reason_of(i: int, arr: MappingArrays, res: BulkResult) -> str:
    """The not-mappable reason of row `i`, worded as `map_one` words it."""
    reasons = rs.skp_missing(y for j, y in enumerate(arr.years) if res.perf_missing[i, j])
    st = int(res.assessment_state[i])
    if st == 0:
        reasons.append(rs.NO_ASSESSMENT)
    elif st == 1:
        reasons.append(rs.expired(date.fromordinal(int(arr.expiry[i]))))
    elif st in STATE_REASON:
        reasons += STATE_REASON[st]
    return rs.join(reasons)
