"""The placement optimiser is optimal (brute force on small instances) and builds vacancy chains."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from talenta.people.rules.jabatan import Level
from talenta.placement.rules import decision as dr
from talenta.placement.rules import optimizer as opt


def brute_force(prob: opt.Problem, options: opt.Options) -> int | None:
    posts = sorted(prob.depth_of, key=str)
    cands = sorted({c for c, _ in prob.scores}, key=str)
    best = None
    for choice in itertools.product([None, *cands], repeat=len(posts)):
        assignment = {p: c for p, c in zip(posts, choice, strict=True) if c is not None}
        if not opt.feasible(prob, options, assignment):
            continue
        total = sum(prob.scores[(c, p)] for p, c in assignment.items())
        best = total if best is None or total > best else best
    return best


@st.composite
def problems(draw):
    n_posts = draw(st.integers(1, 4))
    n_cands = draw(st.integers(1, 4))
    posts = [f"P{i}" for i in range(n_posts)]
    cands = [f"c{i}" for i in range(n_cands)]
    n_initial = draw(st.integers(1, n_posts))
    initial = posts[:n_initial]
    # Some candidates hold the non-initial posts (possible chain links).
    holder_post = {}
    for c, p in zip(cands, posts[n_initial:], strict=False):
        if draw(st.booleans()):
            holder_post[c] = p
    scores = {(c, p): draw(st.integers(1, 100)) for c in cands for p in posts if draw(st.integers(0, 2))}
    depth = draw(st.integers(0, 2))

    def eligible_for(p):
        return {c: s for (c, pp), s in scores.items() if pp == p}

    prob = opt.closure(initial, holder_post, eligible_for, depth)
    keep = frozenset(c for c in cands if draw(st.integers(0, 5)) == 0)
    forbid = frozenset(cp for cp in prob.scores if draw(st.integers(0, 6)) == 0)
    promos = frozenset(cp for cp in prob.scores if draw(st.booleans()))
    options = opt.Options(
        keep=keep,
        forbid=forbid,
        min_promotions=draw(st.integers(0, 1)),
        promotion_pairs=promos,
        max_moves_per_opd=draw(st.sampled_from([None, 1])),
        opd_of={c: hash(c) % 2 for c in cands},
    )
    return prob, options


@settings(max_examples=150, deadline=None)
@given(problems())
def test_solver_matches_brute_force(case):
    prob, options = case
    plan = opt.solve(prob, options)
    best = brute_force(prob, options)
    if best is None:
        assert plan.status == "infeasible"
    else:
        assert plan.status == "optimal"
        assert opt.feasible(prob, options, plan.assignment)
        assert plan.total == best


@settings(max_examples=80, deadline=None)
@given(problems())
def test_plain_assignment_matches_brute_force(case):
    prob, _ = case
    plan = opt.solve(prob, opt.Options())
    assert plan.total == brute_force(prob, opt.Options())


@settings(max_examples=80, deadline=None)
@given(problems())
def test_greedy_is_feasible_and_never_better(case):
    prob, _ = case
    g = opt.greedy(prob)
    assert opt.feasible(prob, opt.Options(), g.assignment)
    assert g.total <= opt.solve(prob).total


def _chain_problem(depth: int) -> opt.Problem:
    # X is vacant. B (holder of Y) fits X best; A (holder of Z) fits Y; C (no post) fits Z.
    holder_post = {"B": "Y", "A": "Z"}
    scores = {"X": {"B": 90, "C": 50}, "Y": {"A": 80}, "Z": {"C": 70}}
    return opt.closure(["X"], holder_post, lambda p: scores.get(p, {}), depth)


def test_chain_fills_the_vacated_posts_up_to_depth():
    plan = opt.solve(_chain_problem(2))
    assert plan.assignment == {"X": "B", "Y": "A", "Z": "C"}
    assert plan.total == 240
    assert [[s["candidate"] for s in ch] for ch in plan.chains] == [["B", "A", "C"]]
    assert plan.chains[0][0]["from_post"] == "Y"


def test_depth_limits_the_chain():
    assert opt.solve(_chain_problem(0)).assignment == {"X": "B"}
    plan1 = opt.solve(_chain_problem(1))
    assert plan1.assignment == {"X": "B", "Y": "A"}


def test_a_chain_post_is_not_filled_unless_its_holder_moves():
    plan = opt.solve(_chain_problem(2), opt.Options(keep=frozenset({"B"})))
    assert plan.assignment == {"X": "C"}


def test_forbid_and_min_promotions():
    prob = _chain_problem(2)
    forced = opt.solve(prob, opt.Options(min_promotions=1, promotion_pairs=frozenset({("C", "X")})))
    assert forced.assignment["X"] == "C"
    forbidden = opt.solve(prob, opt.Options(forbid=frozenset({("B", "X")})))
    assert forbidden.assignment == {"X": "C"}


def test_optimum_beats_greedy_when_the_best_candidate_is_needed_elsewhere():
    scores = {"X": {"a": 100, "b": 90}, "Y": {"a": 95}}
    prob = opt.closure(["X", "Y"], {}, lambda p: scores[p], 0)
    assert opt.greedy(prob).total == 100
    assert opt.solve(prob).total == 185


# --- The talent-pool promotion option uses the one promotion test (rules/decision.py) -------------------

LEVELS = st.sampled_from([lv.value for lv in Level])


def test_administrator_in_box_8_to_jpt_pratama_is_a_talent_pool_promotion():
    assert opt.is_talent_pool_promotion("jpt_pratama", "administrator", 8)
    assert not opt.is_talent_pool_promotion("jpt_pratama", "administrator", 6)  # not the succession group
    assert not opt.is_talent_pool_promotion("jpt_pratama", "jf_ahli_utama", 9)  # same rank: not promosi
    assert not opt.is_talent_pool_promotion("jpt_pratama", "administrator", None)  # no finalised mapping


@given(target=LEVELS, current=st.one_of(st.none(), LEVELS), box=st.integers(1, 9))
def test_talent_pool_promotion_agrees_with_the_decision_type(target, current, box):
    old = dr.PostRef(1, current or "", 1)
    is_promosi = dr.decision_type(old, dr.PostRef(2, target, 1)) == dr.PROMOSI
    assert opt.is_talent_pool_promotion(target, current, box) == (is_promosi and box >= 7)
