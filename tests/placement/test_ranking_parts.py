"""The candidate arrays in parts (issue 17): a pool split, joined, reordered or written and read back ranks
exactly as the pool built in one go, and the columns read from the compact post history equal the scalar
rules."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talenta.placement.rules import eligibility as el
from talenta.placement.rules import ranking as rk
from talenta.profiling.rules import validity as validity_rules
from tests.placement.builders import ON, candidate, post, req
from tests.placement.test_ranking import candidates

LEVELS = ["pengawas", "administrator", "jpt_pratama", "jpt_madya", "jf_ahli_madya", "jf_ahli_utama"]


def same_ranking(a: rk.CandidateArrays, b: rk.CandidateArrays, r: el.Requirements, p: el.Post) -> None:
    """Both pools give every person the same blocking rows and score, and the same order by person."""
    ra, rb = rk.rank(a, p, r), rk.rank(b, p, r)
    order_a = [int(a.employee_id[i]) for i in ra.order]
    order_b = [int(b.employee_id[i]) for i in rb.order]
    assert order_a == order_b
    assert [int(a.employee_id[i]) for i in ra.near] == [int(b.employee_id[i]) for i in rb.near]
    at_b = {int(e): i for i, e in enumerate(b.employee_id)}
    for i, e in enumerate(a.employee_id):
        j = at_b[int(e)]
        assert int(ra.evaluation.fails[i]) == int(rb.evaluation.fails[j])
        assert int(ra.score[i]) == int(rb.score[j])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), cuts=st.lists(st.integers(0, 9), max_size=3), target=st.sampled_from(LEVELS[1:4]))
def test_a_pool_in_parts_ranks_as_the_pool_built_at_once(data, cuts, target):
    cs = [data.draw(candidates(i)) for i in range(1, 10)]
    whole = rk.CandidateArrays.build(cs, ON, keep=False)
    bounds = [0, *sorted(cuts), len(cs)]
    parts = [rk.CandidateArrays.build(cs[lo:hi], ON, keep=False) for lo, hi in itertools.pairwise(bounds)]
    joined = rk.CandidateArrays.concat(parts, ON)
    r, p = (
        req(target),
        post(level=target, eselon={"administrator": "31", "jpt_pratama": "21"}.get(target, "12")),
    )
    same_ranking(whole, joined, r, p)
    # Reordered, then sorted back by person; written as plain arrays and read back.
    shuffled = joined.take(np.array(data.draw(st.permutations(range(len(cs))))))
    same_ranking(whole, shuffled, r, p)
    same_ranking(whole, shuffled.sorted(), r, p)
    back = rk.CandidateArrays.from_state(shuffled.sorted().state())
    same_ranking(whole, back, r, p)
    assert back.employee_id.tolist() == sorted(c.employee_id for c in cs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), prior=st.lists(st.sampled_from(LEVELS), min_size=1, max_size=3, unique=True))
def test_prior_service_from_the_compact_history_equals_the_scalar_rule(data, prior):
    cs = [data.draw(candidates(i)) for i in range(1, 8)]
    a = rk.CandidateArrays.build(cs, ON, keep=False)
    r = el.Requirements(level="jpt_pratama", prior_levels=tuple(prior))
    assert a.prior_key(r).tolist() == [el.prior_span(c.stints, r, ON).key for c in cs]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), validity=st.sampled_from([1, 2, 3, 5]))
def test_the_assessment_end_from_unique_dates_equals_the_scalar_rule(data, validity):
    cs = [data.draw(candidates(i)) for i in range(1, 8)]
    a = rk.CandidateArrays.build(cs, ON, keep=False)
    want = [
        validity_rules.expires_on(
            c.assessment.assessed_on, min(validity, c.assessment.validity_years or validity)
        ).toordinal()
        if c.assessment is not None
        else 0
        for c in cs
    ]
    assert a.assess_until(validity).tolist() == want


def test_memoised_columns_travel_with_the_rows_and_through_the_file_format():
    leap = date(2024, 2, 29)
    cs = [
        candidate(
            employee_id=i,
            stints=(el.PostStint("administrator", date(2015 + i, 3, 1), None, 10),),
            assessment=el.AssessmentView(leap, 3, {}, i),
        )
        for i in (1, 2, 3)
    ]
    a = rk.CandidateArrays.build(cs, ON, keep=False)
    r = el.Requirements(level="jpt_pratama", prior_levels=("administrator",))
    prior, until = a.prior_key(r).copy(), a.assess_until(3).copy()
    moved = a.take(np.array([2, 0]))
    assert moved._memo[("prior", ("administrator",))].tolist() == prior[[2, 0]].tolist()
    back = rk.CandidateArrays.from_state(moved.state())
    assert back._memo[("until", 3)].tolist() == until[[2, 0]].tolist()
    # 29 February 2024 + 3 years: 1 March 2027, as `anniversary` counts it; the first day it no longer
    # counts is the day after (RULES.md §4: older than its validity).
    assert date.fromordinal(int(until[0])) == date(2027, 3, 2)
    assert back.level_of(0) == "administrator" and back.opd_id.tolist() == [10, 10]
