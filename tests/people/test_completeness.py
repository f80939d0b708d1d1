"""Data completeness (pure rule): worked examples and a property."""

from hypothesis import given
from hypothesis import strategies as st

from talenta.people.rules.completeness import ELIGIBILITY, MAPPING, ProfileFacts, completeness


def facts(**kw):
    base = dict(
        skp_years=frozenset({2024, 2025}),
        required_skp_years=(2025, 2024),
        has_valid_assessment=True,
        has_education=True,
        has_tmt_jabatan=True,
        has_golongan=True,
        has_tmt_golongan=True,
        has_position=True,
        has_leadership_training=True,
        needs_leadership_training=True,
        has_discipline_record=True,
    )
    return ProfileFacts(**{**base, **kw})


def test_complete_profile_scores_100_and_misses_nothing():
    c = completeness(facts())
    assert c.score == 100 and c.missing_by_group == {}


def test_missing_skp_year_and_assessment_block_mapping():
    c = completeness(facts(skp_years=frozenset({2025}), has_valid_assessment=False))
    assert [(i.code, i.year) for i in c.missing(MAPPING)] == [("skp", 2024), ("assessment", None)]
    assert c.missing(ELIGIBILITY) == []


def test_leadership_training_counts_only_for_structural_posts():
    assert completeness(facts(has_leadership_training=False, needs_leadership_training=False)).score == 100
    c = completeness(facts(has_leadership_training=False))
    assert [i.code for i in c.missing(ELIGIBILITY)] == ["leadership_training"]


@given(st.lists(st.booleans(), min_size=4, max_size=4))
def test_losing_an_item_never_raises_the_score(flags):
    full = completeness(facts()).score
    c = completeness(
        facts(
            has_education=flags[0], has_tmt_jabatan=flags[1], has_nik=flags[2], has_discipline_record=flags[3]
        )
    )
    assert c.score <= full
    assert (c.score == full) == all(flags)
