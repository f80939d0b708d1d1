"""Suitability ranking of candidates for one post, vectorised with numpy (RULES.md §3, §5, §6).

`CandidateArrays` holds one column per feature for a whole instansi (built once from `Candidate`
snapshots, then reused warm). `eligibility_fails` is the vectorised mirror of `eligibility.evaluate`
(count of blocking rows per candidate; a test checks it against the scalar engine) and `score` builds the
suitability from five parts whose integer values (hundredths of a point) sum exactly to the score.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from scipy import sparse

from talenta.people.rules import jabatan as jr
from talenta.people.rules.dates import Span, anniversary, elapsed, full_years
from talenta.placement.rules import eligibility as el
from talenta.profiling.rules.validity import expires_on as assessment_expires_on

COMPONENTS = ("jpm", "talent", "performance", "history", "readiness")
COMPONENT_LABELS = {
    "jpm": "JPM terhadap standar jabatan ini",
    "talent": "Kotak talenta dan potensial",
    "performance": "Tren kinerja",
    "history": "Riwayat jabatan relevan",
    "readiness": "Kesiapan pengembangan",
}
SHORT_LABELS = {
    "jpm": "JPM",
    "talent": "Talenta",
    "performance": "Kinerja",
    "history": "Riwayat",
    "readiness": "Kesiapan",
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "jpm": 0.35,
    "talent": 0.25,
    "performance": 0.20,
    "history": 0.10,
    "readiness": 0.10,
}
PREDIKAT_POINTS = np.array([0, 0, 10, 30, 70, 100], dtype=np.float64)  # index = PREDIKAT_ORDER (0 missing)
COMPETENCY_CODES = jr.COMPETENCY_CODES
MAX_RANK = 10
INF_ORD = 10**7
EDU_CODES = {k: int(k) for k in el.EDUCATION_LABEL}
LEVELS = tuple(lv.value for lv in jr.Level)  # `CandidateArrays.level` codes: index + 1


def normalise_weights(weights: dict[str, float] | None) -> dict[str, float]:
    w = {k: float((weights or DEFAULT_WEIGHTS).get(k, 0.0)) for k in COMPONENTS}
    if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    total = sum(w.values())
    return {k: v / total for k, v in w.items()}


@dataclass
class CandidateArrays:
    """Columns for n candidates, valid for appointments on `on` (durations are counted to that date).
    Durations are `Span.key` integers (years × 10 000 + months × 100 + days, completed calendar time), so a
    threshold of N years is the exact integer N × 10 000, as in the scalar rule."""

    on: date
    employee_id: np.ndarray
    position_id: np.ndarray  # -1 none
    level_rank: np.ndarray  # rank of the current post (0 none)
    holds_jpt: np.ndarray
    post_key: np.ndarray  # Span key of the time in the current post on `on`, -1 unknown
    edu: np.ndarray  # int BKN code, 0 unknown
    golongan: np.ndarray  # int BKN code, 0 unknown
    age: np.ndarray  # completed years on `on`
    birth_mi: np.ndarray  # birth year * 12 + month - 1 (for retirement dates)
    skp_base: int  # year of column 0 of `skp`
    skp: np.ndarray  # n × k predikat order, 0 missing
    discipline_key: np.ndarray  # ordinal of the latest relevant day of a medium/heavy sentence; 0 none
    has_stints: np.ndarray
    total_key: np.ndarray  # Span key of all posts (cumulative)
    total_years: np.ndarray  # the same as float years, for scoring only
    opd_years: sparse.csc_matrix  # n × n_opd years in posts of that OPD (scoring only)
    opd_index: dict[int, int]
    critical: np.ndarray
    training: np.ndarray  # highest leadership training order
    assess_from: np.ndarray  # ordinal, 0 none
    assess_own_validity: np.ndarray  # the assessment's own validity in years
    levels: np.ndarray  # n × 9, nan missing
    levels_e4: np.ndarray  # n × 9 levels × 10 000 as integers (exact for up to 4 decimals), 0 missing
    complete: np.ndarray  # all nine levels present
    box: np.ndarray  # 0 = no finalised mapping
    opd_id: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # current OPD, -1 none
    level: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # LEVELS index + 1, 0 none
    # Every dated post as aligned columns, rows ascending: the row, its level (an index into
    # `stint_levels`), start and end as ordinals (end 0 = still held). The prior-post rule is evaluated from
    # them (`prior_key`), so the arrays need no `Candidate` per person.
    stint_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    stint_level: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    stint_start: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    stint_end: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    stint_levels: tuple[str, ...] = ()
    # The snapshots the arrays were built from, when the caller keeps them (a region's shared pool, tests);
    # the instansi's persisted pool keeps none and reads the few it explains (`selectors.candidates_at`).
    candidates: list[el.Candidate] = field(default_factory=list)
    _memo: dict[Any, np.ndarray] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return int(self.employee_id.shape[0])

    def prior_key(self, req: el.Requirements) -> np.ndarray:
        """Span key of the service that counts as `req`'s prior post (memoised per set of levels): the
        scalar rule (`eligibility.service_span`) over each row's posts of a level that counts."""
        return self._prior(req.prior_levels)

    def _prior(self, levels: tuple[str, ...]) -> np.ndarray:
        key = ("prior", levels)
        if key not in self._memo:
            counts = [el.counts_as_prior(lv, levels) for lv in self.stint_levels]
            self._memo[key] = self._service_keys(np.array(counts or [False], dtype=bool)[self.stint_level])
        return self._memo[key]

    def level_of(self, i: int) -> str | None:
        """The level of row `i`'s current post (None: none)."""
        k = int(self.level[i])
        return LEVELS[k - 1] if k else None

    def memo_keys(self) -> list[tuple[str, Any]]:
        return list(self._memo)

    def memo_column(self, key: tuple[str, Any]) -> np.ndarray:
        """A memoised column by its key (what `prior_key` and `assess_until` store)."""
        kind, arg = key
        if kind == "prior":
            return self._prior(arg)
        return self.assess_until(arg)

    def _service_keys(self, keep: np.ndarray) -> np.ndarray:
        out = np.zeros(len(self), dtype=np.int64)
        rows = self.stint_row[keep].tolist()
        starts = self.stint_start[keep].tolist()
        ends = self.stint_end[keep].tolist()
        day = date.fromordinal
        k = 0
        while k < len(rows):
            r, j = rows[k], k
            while j < len(rows) and rows[j] == r:
                j += 1
            posts = [(day(starts[m]), day(ends[m]) if ends[m] else None) for m in range(k, j)]
            out[r] = el.service_span(posts, self.on).key
            k = j
        return out

    def assess_until(self, validity: int) -> np.ndarray:
        """Ordinal of the first day an assessment no longer counts, under a table validity of `validity`
        (0 without an assessment): the scalar rule (`profiling.rules.validity.expires_on`) once per
        distinct date and validity."""
        key = ("until", validity)
        if key not in self._memo:
            out = np.zeros(len(self), dtype=np.int64)
            has = np.flatnonzero(self.assess_from > 0)
            own = self.assess_own_validity[has]
            years = np.minimum(validity, np.where(own > 0, own, validity))
            pairs, inverse = np.unique(np.stack([self.assess_from[has], years]), axis=1, return_inverse=True)
            ends = np.array(
                [assessment_expires_on(date.fromordinal(int(o)), int(y)).toordinal() for o, y in pairs.T],
                dtype=np.int64,
            )
            out[has] = ends[inverse.ravel()] if has.size else 0
            self._memo[key] = out
        return self._memo[key]

    @classmethod
    def build(cls, candidates: list[el.Candidate], on: date, *, keep: bool = True) -> CandidateArrays:
        """The columns of `candidates` (kept with them unless `keep` is false)."""
        n = len(candidates)
        years = [s.year for c in candidates for s in c.skp] or [on.year - 1]
        base, top = min(years), max(max(years), on.year)
        skp = np.zeros((n, top - base + 1), dtype=np.int8)
        opds = sorted({s.opd_id for c in candidates for s in c.stints if s.opd_id is not None})
        opd_index = {o: i for i, o in enumerate(opds)}
        rows, cols, vals = [], [], []
        arr = {
            k: np.zeros(n, dtype=np.int64)
            for k in (
                "employee_id",
                "position_id",
                "level_rank",
                "post_key",
                "edu",
                "golongan",
                "age",
                "birth_mi",
                "discipline_key",
                "training",
                "assess_from",
                "assess_own_validity",
                "total_key",
                "box",
                "opd_id",
                "level",
            )
        }
        level_code: dict[str, int] = {}
        st_row: list[int] = []
        st_level: list[int] = []
        st_start: list[int] = []
        st_end: list[int] = []
        holds_jpt = np.zeros(n, dtype=bool)
        has_stints = np.zeros(n, dtype=bool)
        critical = np.zeros(n, dtype=bool)
        complete = np.zeros(n, dtype=bool)
        total = np.zeros(n, dtype=np.float64)
        levels = np.full((n, len(COMPETENCY_CODES)), np.nan)
        levels_e4 = np.zeros((n, len(COMPETENCY_CODES)), dtype=np.int64)
        for i, c in enumerate(candidates):
            arr["employee_id"][i] = c.employee_id
            arr["position_id"][i] = c.position_id if c.position_id is not None else -1
            arr["level_rank"][i] = jr.LEVEL_RANK[jr.Level(c.position_level)] if c.position_level else 0
            holds_jpt[i] = c.holds_jpt
            arr["post_key"][i] = elapsed(c.position_since, on).key if c.position_since else -1
            arr["edu"][i] = EDU_CODES.get(c.education_level, int(c.education_level or 0))
            arr["golongan"][i] = int(c.golongan or 0)
            arr["age"][i] = full_years(c.birth_date, on) or 0
            arr["birth_mi"][i] = c.birth_date.year * 12 + c.birth_date.month - 1
            arr["opd_id"][i] = c.opd_id if c.opd_id is not None else -1
            arr["level"][i] = LEVELS.index(c.position_level) + 1 if c.position_level else 0
            for s in el.skp_by_year(c.skp).values():
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
            span = el.posts_span(c.stints, on)
            arr["total_key"][i] = span.key
            total[i] = span.as_years
            per_opd: dict[int, float] = {}
            for s in c.stints:
                if s.start is not None and s.opd_id is not None:
                    per_opd[s.opd_id] = per_opd.get(s.opd_id, 0) + max(
                        (min(s.end or on, on) - s.start).days, 0
                    )
                critical[i] |= s.critical
                if s.start is not None:
                    st_row.append(i)
                    st_level.append(level_code.setdefault(s.level, len(level_code)))
                    st_start.append(s.start.toordinal())
                    st_end.append(s.end.toordinal() if s.end else 0)
            for o, d in per_opd.items():
                rows.append(i)
                cols.append(opd_index[o])
                vals.append(d / 365.25)  # scoring only (the history part), never compared with a threshold
            arr["training"][i] = max((el.TRAINING_ORDER.get(k, 0) for k, _ in c.trainings), default=0)
            a = c.assessment
            if a is not None:
                arr["assess_from"][i] = a.assessed_on.toordinal()
                arr["assess_own_validity"][i] = a.validity_years
                complete[i] = True
                for j, code in enumerate(COMPETENCY_CODES):
                    v = a.levels.get(code)
                    if v is None:
                        complete[i] = False
                    else:
                        levels[i, j] = float(v)
                        levels_e4[i, j] = round(Decimal(str(v)) * 10_000)
            arr["box"][i] = c.box if (c.box and c.mapping_finalised) else 0
        skp = np.asfortranarray(skp)  # column access (one year, one rank) is what ranking does
        opd_years = sparse.csc_matrix((vals, (rows, cols)), shape=(n, max(len(opds), 1)), dtype=np.float64)
        return cls(
            on=on,
            skp_base=base,
            skp=skp,
            holds_jpt=holds_jpt,
            has_stints=has_stints,
            total_years=total,
            opd_years=opd_years,
            opd_index=opd_index,
            critical=critical,
            levels=levels,
            levels_e4=levels_e4,
            complete=complete,
            stint_row=np.array(st_row, dtype=np.int32),
            stint_level=np.array(st_level, dtype=np.int16),
            stint_start=np.array(st_start, dtype=np.int32),
            stint_end=np.array(st_end, dtype=np.int32),
            stint_levels=tuple(level_code),
            candidates=list(candidates) if keep else [],
            **arr,
        )

    # --- Parts, persistence --------------------------------------------------------------------------------
    # A pool is built in parts of a bounded number of people and kept on disk between processes; a change
    # to some people replaces their rows (`take` the others, `concat` the new ones, `sorted`).

    ROW_FIELDS = (
        "employee_id", "position_id", "level_rank", "holds_jpt", "post_key", "edu", "golongan", "age",
        "birth_mi", "discipline_key", "has_stints", "total_key", "total_years", "critical", "training",
        "assess_from", "assess_own_validity", "levels", "levels_e4", "complete", "box", "opd_id", "level",
    )  # fmt: skip

    def take(self, idx: np.ndarray) -> CandidateArrays:
        """The rows `idx` (in that order) as a new pool, with its memoised columns."""
        idx = np.asarray(idx, dtype=np.int64)
        where = np.full(len(self), -1, dtype=np.int64)
        where[idx] = np.arange(idx.size)
        st = np.flatnonzero(where[self.stint_row] >= 0) if self.stint_row.size else np.zeros(0, np.int64)
        new_row = where[self.stint_row[st]]
        st = st[np.argsort(new_row, kind="stable")]
        cols = {k: getattr(self, k)[idx] for k in self.ROW_FIELDS}
        return replace(
            self,
            **cols,
            skp=np.asfortranarray(self.skp[idx]),
            opd_years=self.opd_years[idx].tocsc(),
            stint_row=where[self.stint_row[st]].astype(np.int32),
            stint_level=self.stint_level[st],
            stint_start=self.stint_start[st],
            stint_end=self.stint_end[st],
            candidates=[self.candidates[int(i)] for i in idx] if self.candidates else [],
            _memo={k: col[idx] for k, col in self._memo.items()},
        )

    def sorted(self) -> CandidateArrays:
        """Rows by employee id, as a build from the database orders them."""
        return self.take(np.argsort(self.employee_id, kind="stable"))

    @classmethod
    def concat(cls, parts: list[CandidateArrays], on: date) -> CandidateArrays:
        """One pool of `parts` (built for the same date), rows in the parts' order; a memoised column is kept
        when every part has it."""
        parts = [p for p in parts if len(p)] or parts[:1]
        if not parts:
            return cls.build([], on, keep=False)
        for p in parts:
            if p.on != on:
                raise ValueError("parts built for another date")
        base = min(p.skp_base for p in parts)
        top = max(p.skp_base + p.skp.shape[1] - 1 for p in parts)
        skp = np.zeros((sum(len(p) for p in parts), top - base + 1), dtype=np.int8)
        opds = sorted({o for p in parts for o in p.opd_index})
        opd_index = {o: i for i, o in enumerate(opds)}
        levels = list(dict.fromkeys(lv for p in parts for lv in p.stint_levels))
        code = {lv: i for i, lv in enumerate(levels)}
        blocks, st = [], {k: [] for k in ("row", "level", "start", "end")}
        offset = 0
        for p in parts:
            skp[offset : offset + len(p), p.skp_base - base : p.skp_base - base + p.skp.shape[1]] = p.skp
            coo = p.opd_years.tocoo()
            remap = np.zeros(p.opd_years.shape[1], dtype=np.int64)
            for o, i in p.opd_index.items():
                remap[i] = opd_index[o]
            blocks.append((coo.data, coo.row + offset, remap[coo.col]))
            remap = np.array([code[lv] for lv in p.stint_levels] or [0], dtype=np.int16)
            st["row"].append(p.stint_row + offset)
            st["level"].append(remap[p.stint_level])
            st["start"].append(p.stint_start)
            st["end"].append(p.stint_end)
            offset += len(p)
        data, row, col = (np.concatenate([b[k] for b in blocks]) for k in range(3))
        return replace(
            parts[0],
            **{k: np.concatenate([getattr(p, k) for p in parts]) for k in cls.ROW_FIELDS},
            skp_base=base,
            skp=np.asfortranarray(skp),
            opd_years=sparse.csc_matrix(
                (data, (row, col)), shape=(offset, max(len(opds), 1)), dtype=np.float64
            ),
            opd_index=opd_index,
            stint_row=np.concatenate(st["row"]).astype(np.int32),
            stint_level=np.concatenate(st["level"]).astype(np.int16),
            stint_start=np.concatenate(st["start"]).astype(np.int32),
            stint_end=np.concatenate(st["end"]).astype(np.int32),
            stint_levels=tuple(levels),
            candidates=[c for p in parts for c in p.candidates] if all(p.candidates for p in parts) else [],
            _memo={
                k: np.concatenate([p._memo[k] for p in parts])
                for k in parts[0]._memo
                if all(k in p._memo for p in parts)
            },
        )

    def state(self) -> dict[str, np.ndarray]:
        """Every column as a plain array (no Python objects: loaded back with `allow_pickle=False`), with the
        memoised prior-post and assessment columns, so a restarted process need not compute them again."""
        out = {k: getattr(self, k) for k in self.ROW_FIELDS}
        out.update(
            on=np.array(self.on.toordinal()),
            skp_base=np.array(self.skp_base),
            skp=np.ascontiguousarray(self.skp),
            opd_data=self.opd_years.data,
            opd_indices=self.opd_years.indices,
            opd_indptr=self.opd_years.indptr,
            opd_shape=np.array(self.opd_years.shape),
            opd_ids=np.array(sorted(self.opd_index, key=self.opd_index.get), dtype=np.int64),
            stint_row=self.stint_row,
            stint_level=self.stint_level,
            stint_start=self.stint_start,
            stint_end=self.stint_end,
            stint_levels=np.array(self.stint_levels, dtype=str),
        )
        for (kind, arg), col in self._memo.items():
            name = "|".join(arg) if kind == "prior" else str(arg)
            out[f"memo:{kind}:{name}"] = col
        return out

    @classmethod
    def from_state(cls, data: dict[str, np.ndarray]) -> CandidateArrays:
        memo: dict[Any, np.ndarray] = {}
        for k in data:
            if k.startswith("memo:"):
                _, kind, name = k.split(":", 2)
                arg: Any = tuple(name.split("|")) if name else ()
                memo[(kind, arg if kind == "prior" else int(name))] = data[k]
        ids = data["opd_ids"].tolist()
        return cls(
            on=date.fromordinal(int(data["on"])),
            skp_base=int(data["skp_base"]),
            skp=np.asfortranarray(data["skp"]),
            opd_years=sparse.csc_matrix(
                (data["opd_data"], data["opd_indices"], data["opd_indptr"]), shape=tuple(data["opd_shape"])
            ),
            opd_index={o: i for i, o in enumerate(ids)},
            stint_row=data["stint_row"],
            stint_level=data["stint_level"],
            stint_start=data["stint_start"],
            stint_end=data["stint_end"],
            stint_levels=tuple(str(x) for x in data["stint_levels"].tolist()),
            _memo=memo,
            **{k: data[k] for k in cls.ROW_FIELDS},
        )


def jpm_vector(levels: np.ndarray, standard: dict[str, int]) -> np.ndarray:
    """JPM of every row against `standard` as float, for display and scoring (nan = no level)."""
    s = np.array([float(standard.get(code, 0)) for code in COMPETENCY_CODES])
    w = (s > 0).astype(np.float64)
    present = ~np.isnan(levels)
    num = np.where(present, levels, 0.0) @ w  # float @ float: BLAS, not numpy's slow mixed-type loop
    den = present.astype(np.float64) @ s
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1.0), np.nan)


def jpm_at_least(levels_e4: np.ndarray, standard: dict[str, int], bound: Decimal) -> np.ndarray:
    """JPM >= `bound`, exactly as the scalar Decimal rule decides it: 100 × Σlevel / Σstandard >= p/q
    ⇔ 100 × q × Σ(level × 10⁴) >= p × 10⁴ × Σstandard, all in integers (no float at the band edge)."""
    s = np.array([int(standard.get(code, 0)) for code in COMPETENCY_CODES], dtype=np.int64)
    num = levels_e4 @ (s > 0).astype(np.int64)
    frac = Fraction(bound)
    return 100 * frac.denominator * num >= frac.numerator * 10_000 * int(s.sum())


_EPOCH = date(1970, 1, 1).toordinal()


def _retirement_ord(birth_mi: np.ndarray, bup: int) -> np.ndarray:
    """1st of the month after the BUP birthday (29 Feb → 28 Feb keeps the month, so no special case)."""
    months = birth_mi + bup * 12 + 1 - 1970 * 12
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + _EPOCH


@dataclass
class Evaluation:
    fails: np.ndarray  # blocking rows per candidate (saturated above the cut-off when one is given)
    jpm: np.ndarray  # nan outside `idx`
    years_left: np.ndarray  # 0 outside `idx`
    idx: np.ndarray  # rows that went through the second stage


def eligibility_fails(
    a: CandidateArrays, post: el.Post, req: el.Requirements, *, cutoff: int | None = None
) -> Evaluation:
    """Blocking (not_met) rows of `eligibility.evaluate` per candidate, without overrides. Two stages:
    the cheap checks on every row, then the rest only on rows with at most `cutoff` failures so far
    (a row already beyond it can be neither eligible nor near-eligible; its count is then a lower bound)."""
    on = a.on
    on_ord = on.toordinal()
    n = len(a)
    target = jr.LEVEL_RANK[jr.Level(post.level)]
    fails = (a.level_rank > target).astype(np.int8)
    if req.min_education:
        fails += a.edu < int(req.min_education)
    if req.prior_levels:
        fails += ~a.has_stints | (a.prior_key(req) < Span(req.prior_years).key)
    if req.field_years:
        fails += ~a.has_stints | (a.total_key < Span(req.field_years).key)
    good = el.PREDIKAT_ORDER[req.min_predikat]
    for y in range(on.year - 1, on.year - 1 - req.predikat_years, -1):
        col = y - a.skp_base
        if 0 <= col < a.skp.shape[1]:
            fails += a.skp[:, col] < good
        else:
            fails += 1
    fails += a.discipline_key > anniversary(on, -req.discipline_years).toordinal()
    if req.max_age:
        if req.max_age_if_jpt:
            fails += a.age > np.where(a.holds_jpt, req.max_age_if_jpt, req.max_age)
        else:
            fails += a.age > req.max_age
    elif req.max_age_if_jpt:
        fails += a.holds_jpt & (a.age > req.max_age_if_jpt)
    # The assessment first: without a valid one both the assessment and the competency rows fail (+2),
    # which settles most of the pool before the costlier checks.
    until = a.assess_until(req.assessment_validity_years)
    on_range = (a.assess_from > 0) & (a.assess_from <= on_ord) & (on_ord < until)
    fails += 2 * ~on_range
    idx = np.flatnonzero(fails <= cutoff) if cutoff is not None else np.arange(n)
    valid = on_range[idx]
    f2 = np.zeros(idx.size, dtype=np.int8)
    retire = _retirement_ord(a.birth_mi[idx], post.bup)
    f2 += retire <= on_ord  # already retired on the appointment date
    if req.min_years_before_bup:  # the instansi's own rule (off in the national default)
        f2 += (retire > on_ord) & (retire < anniversary(on, req.min_years_before_bup).toordinal())
    left_s = (retire - on_ord) / 365.25  # scoring only (readiness), never compared with a threshold
    if req.leadership_training and req.training_missing == el.NOT_MET:
        f2 += a.training[idx] < el.TRAINING_ORDER[req.leadership_training]
    jpm_s = np.full(idx.size, np.nan)
    ok = valid & a.complete[idx]
    vi = np.flatnonzero(ok)
    if vi.size:
        jpm_s[vi] = jpm_vector(a.levels[idx[vi]], post.standard)
    meets = np.zeros(idx.size, dtype=bool)
    if vi.size:
        meets[vi] = jpm_at_least(a.levels_e4[idx[vi]], post.standard, req.jpm_min)
    f2 += valid & ~meets  # the competency row (an invalid assessment is counted above)
    if req.jpt_rules and post.level in el.JPT_LEVEL_VALUES:
        holds = a.holds_jpt[idx]
        same = a.position_id[idx] == post.position_id
        rank = a.level_rank[idx]
        pk = a.post_key[idx]
        move = holds & ~same & (rank == target)
        f2 += move & ((pk < 0) | (pk < Span(el.JPT_MOVE_MIN).key) | (pk > Span(el.JPT_MOVE_MAX).key))
        if post.merit_exception:
            promo = ~same & (~holds | (rank < target))
            box = a.box[idx]
            f2 += promo & (box > 0) & (box < 7)
    fails[idx] += f2
    jpm = np.full(n, np.nan)
    jpm[idx] = jpm_s
    left = np.zeros(n)
    left[idx] = left_s
    return Evaluation(fails=fails, jpm=jpm, years_left=left, idx=idx)


def components(
    a: CandidateArrays, post: el.Post, req: el.Requirements, ev: Evaluation, rows: np.ndarray
) -> dict[str, np.ndarray]:
    """The five parts, each 0–100, for `rows` only (arrays aligned with `rows`)."""
    on = a.on
    n = len(a)
    col = on.year - 1 - a.skp_base
    zeros = np.zeros(rows.size, dtype=np.int8)
    latest = a.skp[rows, col] if 0 <= col < a.skp.shape[1] else zeros
    prev = a.skp[rows, col - 1] if 0 <= col - 1 < a.skp.shape[1] else zeros
    trend = np.where((latest > prev) & (prev > 0), 15.0, np.where((latest < prev) & (latest > 0), -15.0, 0.0))
    j = a.opd_index.get(post.opd_id) if post.opd_id is not None else None
    field_years = a.opd_years[:, j].toarray().ravel()[rows] if j is not None else np.zeros(rows.size)
    prior = (a.prior_key(req)[rows] // 10_000).astype(np.float64) if req.prior_levels else a.total_years[rows]
    target = max(req.prior_years * 2, 4)
    need = el.TRAINING_ORDER.get(req.leadership_training, 0)
    trained = (a.training[rows] >= need) if need else np.ones(rows.size, dtype=bool)
    sub = {
        "jpm": np.clip(np.nan_to_num(ev.jpm[rows], nan=0.0), 0, 100),
        "talent": a.box[rows].astype(np.float64) * (100.0 / 9.0),
        "performance": np.clip(PREDIKAT_POINTS[latest] + trend, 0, 100),
        "history": (
            np.minimum(field_years, 10.0) * 6.0
            + np.where(a.critical[rows], 20.0, 0.0)
            + np.minimum(prior / target, 1.0) * 20.0
        ),
        "readiness": np.where(trained, 50.0, 0.0) + np.clip(ev.years_left[rows] / 5.0, 0, 1) * 50.0,
    }
    del n
    return sub


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
    ev = eligibility_fails(a, post, req, cutoff=near_missing)
    sub_fails = ev.fails[ev.idx]
    keep = sub_fails <= near_missing
    if exclude is not None:
        keep &= ~exclude[ev.idx]
    rows = ev.idx[keep]
    comp_sub = components(a, post, req, ev, rows)
    parts_sub = parts_cents(comp_sub, w)
    score = np.zeros(len(a), dtype=np.int64)
    parts: dict[str, np.ndarray] = {}
    comp: dict[str, np.ndarray] = {}
    for k in COMPONENTS:
        score[rows] += parts_sub[k]
        parts[k] = np.zeros(len(a), dtype=np.int64)
        parts[k][rows] = parts_sub[k]
        comp[k] = np.zeros(len(a))
        comp[k][rows] = comp_sub[k]
    idx = rows[ev.fails[rows] == 0]
    near_idx = rows[ev.fails[rows] > 0]
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
