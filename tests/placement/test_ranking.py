"""Ranking: the vectorised eligibility equals the scalar engine; explanations sum exactly to the score."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talenta.placement.rules import eligibility as el
from talenta.placement.rules import ranking as rk
from tests.placement.builders import JPT_STANDARD, ON, candidate, post, req

predikat = st.sampled_from(list(el.PREDIKAT_ORDER))
days = st.one_of(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 1, 25)),
    # The boundaries: 2 and 5 years before ON (Pasal 131), a day either side, and leap days.
    st.sampled_from(
        [
            date(2024, 1, 25),
            date(2024, 1, 26),
            date(2024, 1, 27),
            date(2021, 1, 25),
            date(2021, 1, 26),
            date(2021, 1, 27),
            date(2024, 2, 29),
            date(2020, 2, 29),
        ]
    ),
)


@st.composite
def candidates(draw, employee_id: int) -> el.Candidate:
    skp = [el.SkpYear(y, draw(predikat), y) for y in (2023, 2024, 2025) if draw(st.booleans()) or y == 2025]
    if draw(st.integers(0, 3)) == 0:  # a corrected SKP: a second record of a year, entered later
        skp.append(el.SkpYear(draw(st.sampled_from([s.year for s in skp])), draw(predikat), 100))
    skp = tuple(draw(st.permutations(skp)))
    level = draw(
        st.sampled_from(
            ["pengawas", "administrator", "jpt_pratama", "jpt_madya", "jf_ahli_madya", "jf_ahli_utama", None]
        )
    )
    start = draw(days)
    stints = ()
    if level and draw(st.integers(0, 4)):
        stints = (
            el.PostStint("pengawas", date(2005, 1, 1), start, draw(st.sampled_from([10, 11]))),
            el.PostStint(level, start, None, draw(st.sampled_from([10, 11])), 500 + employee_id),
        )
    sentences = ()
    if draw(st.integers(0, 3)) == 0:
        s = draw(days)
        sentences = (el.Sentence(draw(st.sampled_from("RSB")), s, draw(st.one_of(st.none(), days)), 1),)
    assessment = None
    if draw(st.integers(0, 3)):
        # 2.72 and 3.2 give JPM exactly 68 and 80 against a standard of 4 (float gives 67.999… and 79.999…).
        same = draw(st.sampled_from([None, 2.72, 3.2]))
        lv = {k: same or draw(st.sampled_from([None, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5])) for k in JPT_STANDARD}
        assessment = el.AssessmentView(draw(days), draw(st.sampled_from([2, 3])), lv, 1)
    return candidate(
        employee_id=employee_id,
        birth_date=draw(st.dates(min_value=date(1962, 1, 1), max_value=date(1995, 12, 31))),
        golongan=draw(st.sampled_from(["", "34", "41", "42", "43", "44"])),
        education_level=draw(st.sampled_from(["", "30", "35", "40", "45"])),
        position_level=level,
        position_id=(500 + employee_id) if level else None,
        position_since=start if level else None,
        skp=skp,
        stints=stints,
        sentences=sentences,
        trainings=(("pkn2", 1),) if draw(st.booleans()) else (),
        assessment=assessment,
        box=draw(st.sampled_from([None, 3, 5, 7, 9])),
        mapping_finalised=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    training_fails=st.booleans(),
    merit=st.booleans(),
    target=st.sampled_from(
        [("jpt_pratama", "21"), ("jpt_madya", "12"), ("jpt_utama", "10"), ("administrator", "31")]
    ),
    bup_rule=st.sampled_from([0, 2]),
    validity=st.sampled_from([2, 3]),
)
def test_vector_eligibility_matches_the_scalar_engine(
    data, training_fails, merit, target, bup_rule, validity
):
    cs = [data.draw(candidates(i)) for i in range(1, 9)]
    r = req(
        target[0],
        training_missing="not_met" if training_fails else "manual",
        min_years_before_bup=bup_rule,
        assessment_validity_years=validity,
    )
    p = post(merit_exception=merit, level=target[0], eselon=target[1])
    a = rk.CandidateArrays.build(cs, ON)
    ev = rk.eligibility_fails(a, p, r)
    for i, c in enumerate(cs):
        result = el.evaluate(c, p, r, on=ON)
        assert int(ev.fails[i]) == len(result.lacking), (c, [x.as_dict() for x in result.lacking])


@settings(max_examples=40, deadline=None)
@given(data=st.data(), w=st.lists(st.floats(0.01, 5), min_size=5, max_size=5))
def test_explanation_parts_sum_exactly_to_the_score(data, w):
    cs = [data.draw(candidates(i)) for i in range(1, 6)]
    a = rk.CandidateArrays.build(cs, ON)
    weights = dict(zip(rk.COMPONENTS, w, strict=True))
    r = rk.rank(a, post(), req(), weights=weights)
    for i in range(len(cs)):
        ex = r.explanation(i)
        assert sum(ex["parts_cents"].values()) == ex["score_cents"]


def test_weights_are_normalised_and_stored():
    a = rk.CandidateArrays.build([candidate()], ON)
    r = rk.rank(
        a, post(), req(), weights={"jpm": 2, "talent": 2, "performance": 0, "history": 0, "readiness": 0}
    )
    assert r.weights == {"jpm": 0.5, "talent": 0.5, "performance": 0.0, "history": 0.0, "readiness": 0.0}


def test_better_competency_ranks_higher_and_near_eligible_listed_apart():
    strong = candidate(employee_id=1)
    weak = candidate(
        employee_id=2, assessment=replace(strong.assessment, levels=dict.fromkeys(JPT_STANDARD, 3.5))
    )
    lacking = candidate(employee_id=3, skp=(el.SkpYear(2025, "baik", 1),))
    a = rk.CandidateArrays.build([weak, lacking, strong], ON)
    r = rk.rank(a, post(), req())
    assert [int(a.employee_id[i]) for i in r.order] == [1, 2]
    assert [int(a.employee_id[i]) for i in r.near] == [3]


def test_top_n_equals_the_head_of_the_full_order():
    rng = np.random.default_rng(1)
    cs = [
        candidate(
            employee_id=i,
            birth_date=date(1970 + int(rng.integers(0, 15)), 1, 1),
            assessment=replace(
                candidate().assessment, levels={k: float(rng.choice([3.5, 4, 4.5])) for k in JPT_STANDARD}
            ),
        )
        for i in range(1, 60)
    ]
    a = rk.CandidateArrays.build(cs, ON)
    full = rk.rank(a, post(), req())
    top = rk.rank(a, post(), req(), top=5)
    assert list(top.order) == list(full.order[:5])
