"""Optimal placement of many vacancies at once, with vacancy chains (pure; scipy / HiGHS).

Model. Posts P, candidates C, eligible pairs E ⊆ C × P with a suitability s(c, p) > 0 (hundredths of a
point). x(c, p) ∈ {0, 1}. Maximise Σ s·x subject to
- each candidate in at most one post; each initial vacancy (depth 0) to at most one person;
- a chain post p (depth d ≥ 1, the post of a sitting official h(p)) can be filled only if h(p) moves to a
  post of strictly smaller depth: Σ_c x(c, p) ≤ Σ_{q: depth q < d} x(h(p), q). Depths are breadth-first
  distances from the initial vacancies, so every chain is at most `depth` moves long and has no cycle;
- options: keep named people in place, forbid pairs, at least N promotions from the talent pool,
  at most K moves out of any one OPD.

The plain case (no chains, no options) is a rectangular assignment: `linear_sum_assignment`. Everything else
is a 0-1 ILP solved by HiGHS through `scipy.optimize.milp`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import lil_matrix

from talenta.placement.rules.decision import is_higher

Cand = Hashable
PostKey = Hashable


SUCCESSION_BOXES = frozenset({7, 8, 9})


def is_talent_pool_promotion(target_level: str, current_level: str | None, box: int | None) -> bool:
    """A pair that counts towards "at least N promotions from the talent pool": a promotion by the one
    promotion test (`decision.is_higher`, what `decision_type` calls promosi) of someone in the succession
    group (box 7, 8 or 9 of a finalised mapping)."""
    return box in SUCCESSION_BOXES and is_higher(target_level, current_level or "")


@dataclass(frozen=True)
class Options:
    keep: frozenset = frozenset()  # candidates who stay where they are
    forbid: frozenset = frozenset()  # (candidate, post) pairs, each with its reason kept by the caller
    min_promotions: int = 0
    promotion_pairs: frozenset = frozenset()  # pairs that count as a talent-pool promotion
    max_moves_per_opd: int | None = None
    opd_of: dict = field(default_factory=dict)  # candidate → OPD (moves out of it are capped)

    @property
    def plain(self) -> bool:
        return not (self.keep or self.forbid or self.min_promotions or self.max_moves_per_opd is not None)


@dataclass
class Problem:
    initial: list  # the vacancies asked for, in order
    depth_of: dict  # post → depth (0 for the initial vacancies)
    holder: dict  # post → candidate holding it (only posts that have one)
    scores: dict  # (candidate, post) → positive int score (eligible pairs only)


@dataclass
class Plan:
    assignment: dict  # post → candidate
    total: int
    method: str
    chains: list[list[dict[str, Any]]]
    status: str = "optimal"


def closure(
    initial: list,
    holder_post: dict,
    eligible_for: Callable[[Any], dict],
    depth: int,
    holder: dict | None = None,
) -> Problem:
    """Breadth-first: the initial vacancies, then the posts of eligible sitting officials, up to `depth`.
    `holder_post[c]` is the post candidate c holds now; `eligible_for(p)` returns {candidate: score}."""
    depth_of = {p: 0 for p in initial}
    scores: dict = {}
    frontier = list(initial)
    d = 0
    while frontier:
        nxt = []
        for p in frontier:
            for c, s in eligible_for(p).items():
                if s <= 0:
                    continue
                scores[(c, p)] = int(s)
                q = holder_post.get(c)
                if q is not None and q not in depth_of and d + 1 <= depth:
                    depth_of[q] = d + 1
                    nxt.append(q)
        frontier = nxt
        d += 1
    hold = holder if holder is not None else {}
    for c, q in holder_post.items():
        if q in depth_of:
            hold.setdefault(q, c)
    return Problem(list(initial), depth_of, hold, scores)


def _usable(prob: Problem, opt: Options) -> list[tuple]:
    pairs = []
    for (c, p), _s in prob.scores.items():
        if c in opt.keep or (c, p) in opt.forbid or prob.holder.get(p) == c:
            continue
        pairs.append((c, p))
    pairs.sort(key=lambda cp: (str(cp[1]), str(cp[0])))
    return pairs


def solve(prob: Problem, opt: Options | None = None) -> Plan:
    opt = opt or Options()
    pairs = _usable(prob, opt)
    if not pairs:
        return Plan({}, 0, "empty", [], "optimal" if opt.min_promotions == 0 else "infeasible")
    chains_present = any(d > 0 for d in prob.depth_of.values())
    if opt.plain and not chains_present:
        return _solve_lsa(prob, pairs)
    return _solve_milp(prob, pairs, opt)


def _solve_lsa(prob: Problem, pairs: list[tuple]) -> Plan:
    cands = sorted({c for c, _ in pairs}, key=str)
    posts = sorted({p for _, p in pairs}, key=str)
    ci = {c: i for i, c in enumerate(cands)}
    pi = {p: j for j, p in enumerate(posts)}
    m = np.zeros((len(cands), len(posts)), dtype=np.int64)
    for c, p in pairs:
        m[ci[c], pi[p]] = prob.scores[(c, p)]
    rows, cols = linear_sum_assignment(m, maximize=True)
    assignment = {posts[j]: cands[i] for i, j in zip(rows, cols, strict=True) if m[i, j] > 0}
    return _finish(prob, assignment, "linear_sum_assignment")


def _solve_milp(prob: Problem, pairs: list[tuple], opt: Options, time_limit: float = 60.0) -> Plan:
    n = len(pairs)
    idx = {cp: k for k, cp in enumerate(pairs)}
    cost = -np.array([prob.scores[cp] for cp in pairs], dtype=np.float64)
    rows: list[tuple[dict[int, float], float, float]] = []
    by_c: dict = {}
    by_p: dict = {}
    for k, (c, p) in enumerate(pairs):
        by_c.setdefault(c, []).append(k)
        by_p.setdefault(p, []).append(k)
    for ks in by_c.values():
        rows.append(({k: 1.0 for k in ks}, -np.inf, 1.0))
    for p, ks in by_p.items():
        d = prob.depth_of.get(p, 0)
        if d == 0:
            rows.append(({k: 1.0 for k in ks}, -np.inf, 1.0))
        else:
            h = prob.holder.get(p)
            coef = {k: 1.0 for k in ks}
            for q in by_c.get(h, []) if h is not None else []:
                qpost = pairs[q][1]
                if prob.depth_of.get(qpost, 0) < d:
                    coef[q] = coef.get(q, 0.0) - 1.0
            rows.append((coef, -np.inf, 0.0))
    if opt.min_promotions:
        ks = [idx[cp] for cp in pairs if cp in opt.promotion_pairs]
        rows.append(({k: 1.0 for k in ks}, float(opt.min_promotions), np.inf))
    if opt.max_moves_per_opd is not None:
        by_opd: dict = {}
        for k, (c, _) in enumerate(pairs):
            o = opt.opd_of.get(c)
            if o is not None:
                by_opd.setdefault(o, []).append(k)
        for ks in by_opd.values():
            rows.append(({k: 1.0 for k in ks}, -np.inf, float(opt.max_moves_per_opd)))
    a = lil_matrix((len(rows), n))
    lo = np.empty(len(rows))
    hi = np.empty(len(rows))
    for r, (coef, lb, ub) in enumerate(rows):
        for k, v in coef.items():
            a[r, k] = v
        lo[r], hi[r] = lb, ub
    res = milp(
        cost, constraints=LinearConstraint(a.tocsr(), lo, hi), integrality=np.ones(n), bounds=Bounds(0, 1)
    )
    if res.x is None:
        return Plan({}, 0, "milp (HiGHS)", [], "infeasible")
    assignment = {pairs[k][1]: pairs[k][0] for k in range(n) if res.x[k] > 0.5}
    return _finish(prob, assignment, "milp (HiGHS)")


def _finish(prob: Problem, assignment: dict, method: str) -> Plan:
    total = sum(prob.scores[(c, p)] for p, c in assignment.items())
    return Plan(assignment, int(total), method, chains(prob, assignment))


def chains(prob: Problem, assignment: dict) -> list[list[dict[str, Any]]]:
    """One chain per initial vacancy: [{post, candidate, from_post}, ...] following each vacated post."""
    held = {c: p for p, c in prob.holder.items()}
    out = []
    for p in prob.initial:
        chain = []
        seen = set()
        cur = p
        while cur in assignment and cur not in seen:
            seen.add(cur)
            c = assignment[cur]
            src = held.get(c)
            chain.append({"post": cur, "candidate": c, "from_post": src})
            cur = src
        if chain:
            out.append(chain)
    return out


def feasible(prob: Problem, opt: Options, assignment: dict) -> bool:
    """The model's constraints, checked directly (used by the brute-force test and by callers)."""
    used = list(assignment.values())
    if len(used) != len(set(used)):
        return False
    held = {c: p for p, c in prob.holder.items()}
    for p, c in assignment.items():
        if (c, p) not in prob.scores or c in opt.keep or (c, p) in opt.forbid or prob.holder.get(p) == c:
            return False
        d = prob.depth_of.get(p, 0)
        if d > 0:
            h = prob.holder.get(p)
            dest = next((q for q, cc in assignment.items() if cc == h), None)
            if h is None or dest is None or prob.depth_of.get(dest, 0) >= d:
                return False
    del held
    if (
        opt.min_promotions
        and sum((c, p) in opt.promotion_pairs for p, c in assignment.items()) < opt.min_promotions
    ):
        return False
    if opt.max_moves_per_opd is not None:
        counts: dict = {}
        for c in assignment.values():
            o = opt.opd_of.get(c)
            if o is not None:
                counts[o] = counts.get(o, 0) + 1
        if any(v > opt.max_moves_per_opd for v in counts.values()):
            return False
    return True


def greedy(prob: Problem, opt: Options | None = None) -> Plan:
    """One post at a time, in the order asked, each taking its best free candidate; a vacated post joins
    the queue (same depth rule). The baseline the optimiser is compared with."""
    opt = opt or Options()
    held = {c: p for p, c in prob.holder.items()}
    by_post: dict = {}
    for (c, p), s in prob.scores.items():
        by_post.setdefault(p, []).append((s, c))
    assignment: dict = {}
    used: set = set()
    queue = list(prob.initial)
    while queue:
        p = queue.pop(0)
        options = sorted(by_post.get(p, []), key=lambda sc: (-sc[0], str(sc[1])))
        for _, c in options:
            if c in used or c in opt.keep or (c, p) in opt.forbid or prob.holder.get(p) == c:
                continue
            assignment[p] = c
            used.add(c)
            q = held.get(c)
            if q is not None and q in prob.depth_of and prob.depth_of[q] > prob.depth_of.get(p, 0):
                queue.append(q)
            break
    return _finish(prob, assignment, "greedy")
