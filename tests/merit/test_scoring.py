"""The pure rules of the merit index: worked examples of each automatic question and of the total."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from talenta.merit.rules import scoring as r


def facts(**kw):
    base = dict(
        committee_members=3,
        pns=100,
        mapped=100,
        finalised_years=frozenset({2024, 2025}),
        year=2025,
        valid_instrument=90,
        calibration_meetings=2,
        mapped_with_idp=60,
        pool_placements=1,
    )
    return r.MappingFacts(**{**base, **kw})


def test_mapping_without_committee_scores_0():
    assert r.talent_mapping(facts(committee_members=0)).score == 0


def test_mapping_committee_but_nobody_mapped_stays_0():
    assert r.talent_mapping(facts(mapped=0)).score == 0


def test_mapping_committee_and_some_mapped_scores_1():
    assert r.talent_mapping(facts(mapped=40)).score == 1


def test_mapping_all_mapped_once_scores_2():
    assert r.talent_mapping(facts(finalised_years=frozenset({2025}))).score == 2


def test_mapping_periodic_with_valid_instruments_and_calibration_scores_3():
    assert r.talent_mapping(facts(pool_placements=0)).score == 3


def test_mapping_without_valid_instruments_stops_at_2():
    assert r.talent_mapping(facts(valid_instrument=50)).score == 2


def test_mapping_used_for_development_and_placement_scores_4():
    p = r.talent_mapping(facts())
    assert p.score == 4
    assert all(c.met for c in p.checks)


def test_a_lower_level_missed_caps_the_score_even_when_higher_ones_are_met():
    # Everything of level 3 and 4 is there, but only 90% are mapped: 1.
    assert r.talent_mapping(facts(mapped=90, valid_instrument=81, mapped_with_idp=50)).score == 1


def test_skp_coverage_ladder():
    assert [r.skp_coverage(pns=100, with_skp=n).score for n in (49, 50, 80, 95, 99, 100)] == [
        0,
        1,
        2,
        3,
        4,
        4,
    ]


def test_skp_coverage_of_no_staff_is_0():
    assert r.skp_coverage(pns=0, with_skp=0).score == 0


def test_predikat_distribution_following_the_guide_scores_4():
    assert r.predikat_distribution({"baik": 70, "sangat_baik": 25, "butuh_perbaikan": 5}).score == 4


def test_predikat_distribution_with_too_many_baik_scores_2():
    assert r.predikat_distribution({"baik": 71, "sangat_baik": 28, "kurang": 1}).score == 2


def test_predikat_distribution_all_baik_scores_1():
    assert r.predikat_distribution({"baik": 10}).score == 1


def test_predikat_distribution_without_skp_scores_0():
    assert r.predikat_distribution({}).score == 0


def test_promotion_share_and_broken_snapshot():
    assert r.promotion(appointments=10, via_pool=8, snapshots_intact=True).score == 3
    assert r.promotion(appointments=10, via_pool=10, snapshots_intact=True).score == 4
    assert r.promotion(appointments=10, via_pool=10, snapshots_intact=False).score == 1
    assert r.promotion(appointments=0, via_pool=0, snapshots_intact=True).score == 0


def test_vacancy_time_uses_the_median():
    assert r.vacancy_time([30, 90, 400]).score == 4
    assert r.vacancy_time([100, 200]).score == 3  # median 150
    assert r.vacancy_time([271]).score == 1
    assert r.vacancy_time([]).score == 0


def test_assessment_coverage_and_idp():
    assert r.assessment_coverage(pns=10, with_valid=6).score == 3
    assert r.idp(mapped=10, with_idp=9, mean_progress=60).score == 4
    assert r.idp(mapped=10, with_idp=9, mean_progress=40).score == 3


def test_siasn_sync_by_age_of_the_last_import():
    assert [r.siasn_sync(d).score for d in (None, 400, 365, 90, 31, 0)] == [0, 1, 2, 3, 4, 4]


def test_total_on_the_100_400_scale():
    assert r.index_value([0] * 33) == Decimal("100.00")
    assert r.index_value([4] * 33) == Decimal("400.00")
    t = r.total([3] * 33)
    assert t.value == Decimal("325.00") and t.band.name == "Sangat Baik" and t.band.confirmed


def test_bands_only_the_top_one_is_confirmed():
    assert [(b.name, b.confirmed) for b in r.BANDS] == [
        ("Buruk", False),
        ("Kurang", False),
        ("Baik", False),
        ("Sangat Baik", True),
    ]
    assert r.band(Decimal("174.99")).name == "Buruk"
    assert r.band(Decimal("175")).name == "Kurang"
    assert r.band(Decimal("324.99")).name == "Baik"


def test_unanswered_questions_are_missing_not_zero():
    t = r.total([4, None, 4])
    assert t.value == Decimal("400.00") and t.answered == 2 and not t.complete


scores = st.lists(st.integers(0, 4), min_size=1, max_size=40)


@given(scores)
def test_total_stays_within_100_400(s):
    assert Decimal(100) <= r.total(s).value <= Decimal(400)


@given(scores, st.integers(0, 39))
def test_raising_one_score_never_lowers_the_total(s, i):
    assume(i < len(s) and s[i] < 4)
    higher = [*s[:i], s[i] + 1, *s[i + 1 :]]
    assert r.total(higher).value >= r.total(s).value


@given(st.floats(0, 1), st.floats(0, 1))
def test_ladder_is_monotonic(a, b):
    assume(a <= b)
    t = r.THRESHOLDS["skp_coverage"]
    assert r.ladder(a, t) <= r.ladder(b, t)
