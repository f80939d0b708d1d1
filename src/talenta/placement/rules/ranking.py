"""Suitability ranking of candidates for one post, vectorised with numpy (RULES.md §3, §5, §6).

`CandidateArrays` holds one column per feature for a whole instansi (built once from `Candidate`
snapshots, then reused warm). `eligibility_fails` is the vectorised mirror of `eligibility.evaluate`
(count of blocking rows per candidate; a test checks it against the scalar engine) and `score` builds the
suitability from five parts whose integer values (hundredths of a point) sum exactly to the score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from talenta.people.rules import jabatan as jr
from talenta.people.rules.dates import add_years
from talenta.placement.rules import eligibility as el

COMPONENTS = ("jpm", "talent", "performance", "history", "readiness")
COMPONENT_LABELS = {
    "jpm": "JPM terhadap standar jabatan ini",
    "talent": "Kotak talenta dan potensial",
    "performance": "Tren kinerja",
    "history": "Riwayat jabatan relevan",
    "readiness": "Kesiapan pengembangan",
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "jpm": 0.35, "talent": 0.25, "performance": 0.20, "history": 0.10, "readiness": 0.10,
}  # fmt: skip
PREDIKAT_POINTS = np.array([0, 0, 10, 30, 70, 100], dtype=np.float64)  # index = PREDIKAT_ORDER (0 missing)
COMPETENCY_CODES = jr.COMPETENCY_CODES
MAX_RANK = 10
INF_ORD = 10**7
EDU_CODES = {k: int(k) for k in el.EDUCATION_LABEL}


def normalise_weights(weights: dict[str, float] | None) -> dict[str, float]:
    w = {k: float((weights or DEFAULT_WEIGHTS).get(k, 0.0)) for k in COMPONENTS}
    if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    total = sum(w.values())
    return {k: v / total for k, v in w.items()}


@dataclass
class CandidateArrays:
    """Columns for n candidates, valid for appointments on `on` (durations are counted to that date)."""

    on: date
    employee_id: np.ndarray
    position_id: np.ndarray  # -1 none
    level_rank: np.ndarray  # rank of the current post (0 none)
    holds_jpt: np.ndarray
    position_since: np.ndarray  # ordinal, 0 unknown
    edu: np.ndarray  # int BKN code, 0 unknown
    golongan: np.ndarray  # int BKN code, 0 unknown
    birth_y: np.ndarray
    birth_m: np.ndarray
    birth_d: np.ndarray
    skp_base: int  # year of column 0 of `skp`
    skp: np.ndarray  # n × k predikat order, 0 missing
    discipline_key: np.ndarray  # ordinal of the latest relevant day of a medium/heavy sentence; 0 none
    has_stints: np.ndarray
    years_rank_ge: np.ndarray  # n × MAX_RANK: cumulative years at level rank >= r
    total_years: np.ndarray
    opd_years: sparse.csc_matrix  # n × n_opd years in posts of that OPD
    opd_index: dict[int, int]
    critical: np.ndarray
    training: np.ndarray  # highest leadership training order
    assess_from: np.ndarray  # ordinal, 0 none
    assess_until: np.ndarray  # ordinal (exclusive)
    levels: np.ndarray  # n × 9, nan missing
    box: np.ndarray  # 0 = no finalised mapping
    candidates: list[el.Candidate] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.employee_id.shape[0])

    @classmethod
    def build(cls, candidates: list[el.Candidate], on: date) -> CandidateArrays:
        n = len(candidates)
        years = [s.year for c in candidates for s in c.skp] or [on.year - 1]
        base, top = min(years), max(max(years), on.year)
        skp = np.zeros((n, top - base + 1), dtype=np.int8)
        rank_ge = np.zeros((n, MAX_RANK), dtype=np.float64)
        opds = sorted({s.opd_id for c in candidates for s in c.stints if s.opd_id is not None})
        opd_index = {o: i for i, o in enumerate(opds)}
        rows, cols, vals = [], [], []
        arr = {k: np.zeros(n, dtype=np.int64) for k in (
            "employee_id", "position_id", "level_rank", "position_since", "edu", "golongan", "birth_y", "birth_m",
            "birth_d", "discipline_key", "training", "assess_from", "assess_until", "box")}  # fmt: skip
        holds_jpt = np.zeros(n, dtype=bool)
        has_stints = np.zeros(n, dtype=bool)
        critical = np.zeros(n, dtype=bool)
        total = np.zeros(n, dtype=np.float64)
        levels = np.full((n, len(COMPETENCY_CODES)), np.nan)
        for i, c in enumerate(candidates):
            arr["employee_id"][i] = c.employee_id
            arr["position_id"][i] = c.position_id if c.position_id is not None else -1
            arr["level_rank"][i] = jr.LEVEL_RANK[jr.Level(c.position_level)] if c.position_level else 0
            holds_jpt[i] = c.holds_jpt
            arr["position_since"][i] = c.position_since.toordinal() if c.position_since else 0
            arr["edu"][i] = EDU_CODES.get(c.education_level, int(c.education_level or 0))
            arr["golongan"][i] = int(c.golongan or 0)
            arr["birth_y"][i], arr["birth_m"][i], arr["birth_d"][i] = (
                c.birth_date.year,
                c.birth_date.month,
                c.birth_date.day,
            )
            for s in c.skp:
                skp[i, s.year - base] = el.PREDIKAT_ORDER.get(s.predikat, 0)
            key = 0
            for s in c.sentences:
                if s.level in {"S", "B"}:
                    k = INF_ORD if s.end is None else s.end.toordinal()
                    if s.start is not None:
                        k = max(k, s.start.toordinal())
                    key = max(key, k)
            arr["discipline_key"][i] = key
            has_stints[i] = bool(c.stints)
            for r in range(MAX_RANK):
                rank_ge[i, r] = el.years_at_or_above(c.stints, r, on)
            total[i] = el.years_in_posts(c.stints, on)
            per_opd: dict[int, float] = {}
            for s in c.stints:
                if s.start is not None and s.opd_id is not None:
                    per_opd[s.opd_id] = per_opd.get(s.opd_id, 0) + max(
                        (min(s.end or on, on) - s.start).days, 0
                    )
                critical[i] |= s.critical
            for o, d in per_opd.items():
                rows.append(i)
                cols.append(opd_index[o])
                vals.append(d / 365.25)
            arr["training"][i] = max((el.TRAINING_ORDER.get(k, 0) for k, _ in c.trainings), default=0)
            a = c.assessment
            if a is not None:
                arr["assess_from"][i] = a.assessed_on.toordinal()
                arr["assess_until"][i] = add_years(a.assessed_on, a.validity_years).toordinal()
                for j, code in enumerate(COMPETENCY_CODES):
                    v = a.levels.get(code)
                    levels[i, j] = np.nan if v is None else float(v)
            arr["box"][i] = c.box if (c.box and c.mapping_finalised) else 0
        opd_years = sparse.csc_matrix((vals, (rows, cols)), shape=(n, max(len(opds), 1)), dtype=np.float64)
        return cls(
            on=on,
            skp_base=base,
            skp=skp,
            holds_jpt=holds_jpt,
            has_stints=has_stints,
            years_rank_ge=rank_ge,
            total_years=total,
            opd_years=opd_years,
            opd_index=opd_index,
            critical=critical,
            levels=levels,
            candidates=candidates,
            **arr,
        )


def jpm_vector(levels: np.ndarray, standard: dict[str, int]) -> np.ndarray:
    """JPM of every row against `standard`, summed in the same order as the scalar rule (nan = none)."""
    num = np.zeros(levels.shape[0])
    den = np.zeros(levels.shape[0])
    for j, code in enumerate(COMPETENCY_CODES):
        if code not in standard:
            continue
        col = levels[:, j]
        present = ~np.isnan(col)
        num += np.where(present, col, 0.0)
        den += np.where(present, float(standard[code]), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1.0), np.nan)


def _full_years(y: np.ndarray, m: np.ndarray, d: np.ndarray, on: date) -> np.ndarray:
    return on.year - y - ((on.month < m) | ((on.month == m) & (on.day < d)))


def _ymd(ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    days = (ordinals - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    y = months.astype(np.int64) // 12 + 1970
    m = months.astype(np.int64) % 12 + 1
    d = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, d


def _retirement_ord(a: CandidateArrays, bup: int) -> np.ndarray:
    """1st of the month after the BUP birthday (29 Feb → 28 Feb keeps the month, so no special case)."""
    months = (a.birth_y + bup) * 12 + (a.birth_m - 1) + 1
    first = (months - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")
    return first.astype(np.int64) + date(1970, 1, 1).toordinal()


@dataclass
class Evaluation:
    fails: np.ndarray  # blocking rows per candidate
    jpm: np.ndarray
    years_left: np.ndarray


def eligibility_fails(a: CandidateArrays, post: el.Post, req: el.Requirements) -> Evaluation:
    """Number of blocking (not_met) rows of `eligibility.evaluate` for every candidate, without overrides."""
    on = a.on
    on_ord = on.toordinal()
    fails = np.zeros(len(a), dtype=np.int16)
    fails += a.level_rank > jr.LEVEL_RANK[jr.Level(post.level)]
    if req.min_education:
        fails += a.edu < int(req.min_education)
    if req.prior_levels:
        fails += ~a.has_stints | (a.years_rank_ge[:, req.prior_min_rank] < req.prior_years)
    if req.field_years:
        fails += ~a.has_stints | (a.total_years < req.field_years)
    if jr.ESELON_RANK_RANGE.get(post.eselon):
        fails += a.golongan == 0
    good = el.PREDIKAT_ORDER[req.min_predikat]
    for y in range(on.year - 1, on.year - 1 - req.predikat_years, -1):
        col = y - a.skp_base
        if 0 <= col < a.skp.shape[1]:
            fails += a.skp[:, col] < good
        else:
            fails += 1
    limit = add_years(on, -req.discipline_years).toordinal()
    fails += a.discipline_key > limit
    age = _full_years(a.birth_y, a.birth_m, a.birth_d, on)
    if req.max_age:
        max_age = np.where(a.holds_jpt & bool(req.max_age_if_jpt), req.max_age_if_jpt or 0, req.max_age)
        fails += age > max_age
    elif req.max_age_if_jpt:
        fails += a.holds_jpt & (age > req.max_age_if_jpt)
    left = (_retirement_ord(a, post.bup) - on_ord) / 365.25
    fails += (left < req.min_years_before_bup) | (left <= 0)
    if req.leadership_training and req.training_missing == el.NOT_MET:
        fails += a.training < el.TRAINING_ORDER[req.leadership_training]
    valid = (a.assess_from > 0) & (a.assess_from <= on_ord) & (on_ord < a.assess_until)
    jpm = np.where(valid, jpm_vector(a.levels, post.standard), np.nan)
    fails += ~valid  # the assessment row
    fails += ~(jpm >= req.jpm_min)  # the competency row (nan compares False → fail)
    if req.jpt_rules and post.level in {lv.value for lv in jr.JPT_LEVELS}:
        same = a.position_id == post.position_id
        moving = a.holds_jpt & ~same
        known = a.position_since > 0
        y, m, d = _ymd(np.where(known, a.position_since, on_ord))
        since_y = _full_years(y, m, d, on)
        fails += moving & (~known | (since_y < 2))
        if post.merit_exception:
            fails += ~a.holds_jpt & ~same & (a.box > 0) & (a.box < 7)
    return Evaluation(fails=fails, jpm=jpm, years_left=left)


def components(
    a: CandidateArrays, post: el.Post, req: el.Requirements, ev: Evaluation
) -> dict[str, np.ndarray]:
    """The five parts, each 0–100."""
    on = a.on
    c_jpm = np.clip(np.nan_to_num(ev.jpm, nan=0.0), 0, 100)
    c_talent = a.box.astype(np.float64) * (100.0 / 9.0)
    col = on.year - 1 - a.skp_base
    latest = a.skp[:, col] if 0 <= col < a.skp.shape[1] else np.zeros(len(a), dtype=np.int8)
    prev = a.skp[:, col - 1] if 0 <= col - 1 < a.skp.shape[1] else np.zeros(len(a), dtype=np.int8)
    trend = np.where((latest > prev) & (prev > 0), 15.0, np.where((latest < prev) & (latest > 0), -15.0, 0.0))
    c_perf = np.clip(PREDIKAT_POINTS[latest] + trend, 0, 100)
    j = a.opd_index.get(post.opd_id) if post.opd_id is not None else None
    field_years = a.opd_years[:, j].toarray().ravel() if j is not None else np.zeros(len(a))
    prior = a.years_rank_ge[:, req.prior_min_rank] if req.prior_levels else a.total_years
    target = max(req.prior_years * 2, 4)
    c_hist = (np.minimum(field_years, 10.0) * 6.0 + np.where(a.critical, 20.0, 0.0)
              + np.minimum(prior / target, 1.0) * 20.0)  # fmt: skip
    need = el.TRAINING_ORDER.get(req.leadership_training, 0)
    trained = (a.training >= need) if need else np.ones(len(a), dtype=bool)
    c_ready = np.where(trained, 50.0, 0.0) + np.clip(ev.years_left / 5.0, 0, 1) * 50.0
    return {"jpm": c_jpm, "talent": c_talent, "performance": c_perf, "history": c_hist, "readiness": c_ready}


def parts_cents(comp: dict[str, np.ndarray], weights: dict[str, float]) -> dict[str, np.ndarray]:
    """Weighted parts in hundredths of a point (integers): the score is their exact sum."""
    return {k: np.rint(comp[k] * weights[k] * 100.0).astype(np.int64) for k in COMPONENTS}


@dataclass
class Ranking:
    order: np.ndarray  # indices of eligible candidates, best first (top N)
    near: np.ndarray  # indices of near-eligible candidates, best first
    score: np.ndarray  # all candidates, hundredths of a point
    parts: dict[str, np.ndarray]
    comp: dict[str, np.ndarray]
    evaluation: Evaluation
    eligible_count: int
    weights: dict[str, float]

    def explanation(self, i: int) -> dict[str, Any]:
        parts = {k: int(self.parts[k][i]) for k in COMPONENTS}
        return {
            "score_cents": int(self.score[i]),
            "parts_cents": parts,
            "components": {k: round(float(self.comp[k][i]), 2) for k in COMPONENTS},
            "weights": self.weights,
        }


def rank(
    a: CandidateArrays,
    post: el.Post,
    req: el.Requirements,
    *,
    weights: dict[str, float] | None = None,
    top: int | None = None,
    near_missing: int = 2,
    exclude: np.ndarray | None = None,
) -> Ranking:
    """Rank every eligible candidate; near-eligible (1..near_missing blocking rows) listed separately.
    Ties are broken by employee id so the order is reproducible."""
    w = normalise_weights(weights)
    ev = eligibility_fails(a, post, req)
    comp = components(a, post, req, ev)
    parts = parts_cents(comp, w)
    score = np.zeros(len(a), dtype=np.int64)
    for k in COMPONENTS:
        score += parts[k]
    ok = ev.fails == 0
    near = (ev.fails > 0) & (ev.fails <= near_missing)
    if exclude is not None:
        ok &= ~exclude
        near &= ~exclude
    idx = np.flatnonzero(ok)
    near_idx = np.flatnonzero(near)
    order = _top(idx, score, a.employee_id, top)
    near_order = _top(near_idx, score, a.employee_id, top)
    return Ranking(order, near_order, score, parts, comp, ev, int(idx.size), w)


def _top(idx: np.ndarray, score: np.ndarray, ids: np.ndarray, top: int | None) -> np.ndarray:
    if idx.size == 0:
        return idx
    if top is not None and idx.size > top * 4:
        # Partial selection first: only the best few are sorted (O(n) instead of O(n log n)).
        cut = np.argpartition(-score[idx], top - 1)[:top]
        kth = score[idx][cut].min()
        idx = idx[score[idx] >= kth]
    order = np.lexsort((ids[idx], -score[idx]))
    idx = idx[order]
    return idx[:top] if top is not None else idx
