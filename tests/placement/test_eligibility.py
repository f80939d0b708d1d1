"""Eligibility, rule by rule (RULES.md §6): met / not met / manual, and missing data is never met."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talenta.placement.rules import eligibility as el
from tests.placement.builders import ON, candidate, post, req, row


def evaluate(c=None, p=None, r=None, **kw):
    return el.evaluate(c or candidate(), p or post(), r or req(), on=ON, **kw)


def test_the_reference_candidate_is_eligible_with_only_manual_rows_left():
    result = evaluate()
    assert result.eligible
    assert {r.status for r in result.rows} <= {el.MET, el.MANUAL, el.INFO}
    assert row(result, "health").status == el.MANUAL


@pytest.mark.parametrize(
    ("edu", "status"), [("45", el.MET), ("40", el.MET), ("35", el.MET), ("30", el.NOT_MET)]
)
def test_minimum_education_s1_or_d4(edu, status):
    assert row(evaluate(candidate(education_level=edu)), "education").status == status


def test_missing_education_is_not_met():
    r = row(evaluate(candidate(education_level="")), "education")
    assert r.status == el.NOT_MET and r.reason == "missing" and r.params["education"] is None


def test_prior_post_needs_two_years_at_administrator_level():
    short = (
        el.PostStint("pengawas", date(2015, 1, 1), date(2025, 6, 1), 10),
        el.PostStint("administrator", date(2025, 6, 1), None, 10),
    )
    assert row(evaluate(candidate(stints=short)), "prior_post").status == el.NOT_MET
    assert row(evaluate(), "prior_post").status == el.MET


def test_missing_post_history_is_not_met():
    result = evaluate(candidate(stints=()))
    assert row(result, "prior_post").status == el.NOT_MET
    assert row(result, "field").status == el.NOT_MET


def test_field_experience_other_opd_is_manual_not_met():
    other = tuple(replace(s, opd_id=99) for s in candidate().stints)
    r = row(evaluate(candidate(stints=other)), "field")
    assert r.status == el.MANUAL


def test_rank_outside_eselon_range_is_only_a_warning():
    result = evaluate(candidate(golongan="41"))
    assert row(result, "rank").status == el.WARNING
    assert result.eligible


def test_predikat_each_of_last_two_years():
    bad = (el.SkpYear(2025, "butuh_perbaikan", 11), el.SkpYear(2024, "baik", 12))
    result = evaluate(candidate(skp=bad))
    assert row(result, "skp_2025").status == el.NOT_MET
    assert row(result, "skp_2024").status == el.MET
    assert row(result, "skp_2024").params == {
        "year": 2024,
        "min_predikat": "baik",
        "years": 2,
        "predikat": "baik",
        "record_id": 12,
    }


def test_a_corrected_skp_counts_in_whatever_order_the_records_come():
    first, corrected = el.SkpYear(2025, "baik", 11), el.SkpYear(2025, "butuh_perbaikan", 40)
    for skp in (
        (first, corrected, el.SkpYear(2024, "baik", 12)),
        (corrected, el.SkpYear(2024, "baik", 12), first),
    ):
        r = row(evaluate(candidate(skp=skp)), "skp_2025")
        assert (r.status, r.params["predikat"], r.params["record_id"]) == (el.NOT_MET, "butuh_perbaikan", 40)


@given(
    st.lists(st.tuples(st.integers(2020, 2025), st.sampled_from(list(el.PREDIKAT_ORDER))), max_size=8),
    st.randoms(),
)
def test_each_year_counts_its_last_entered_record(records, rnd):
    skp = [el.SkpYear(y, p, i + 1) for i, (y, p) in enumerate(records)]
    expected = {y: el.SkpYear(y, p, i + 1) for i, (y, p) in enumerate(records)}  # the highest id of each year
    rnd.shuffle(skp)
    assert el.skp_by_year(skp) == expected


def test_missing_skp_year_is_not_met():
    result = evaluate(candidate(skp=(el.SkpYear(2025, "baik", 11),)))
    assert row(result, "skp_2024").status == el.NOT_MET
    assert not result.eligible


def test_the_evidence_names_the_sentence_that_weighs_longest():
    ended = el.Sentence("B", date(2022, 1, 1), date(2024, 6, 1), 7, "Penurunan jabatan")
    later = el.Sentence("S", date(2023, 1, 1), date(2025, 3, 1), 8, "Penundaan kenaikan gaji")
    running = el.Sentence("S", date(2020, 1, 1), None, 5, "Pembebasan dari jabatan")
    for order in ((ended, later), (later, ended)):
        assert row(evaluate(candidate(sentences=order)), "discipline").params["record_id"] == 8
    r = row(evaluate(candidate(sentences=(ended, running, later))), "discipline")
    assert (r.status, r.params["record_id"], r.params["end"]) == (el.NOT_MET, 5, None)


def test_the_evidence_names_the_highest_training_done():
    r = req(leadership_training="pka", training_missing=el.INFO)
    for order in ((("pkn2", 30), ("pka", 31)), (("pka", 31), ("pkn2", 30))):
        got = row(evaluate(candidate(trainings=order), r=r), "training")
        assert (got.status, got.params["done"], got.params["record_id"]) == (el.MET, "pkn2", 30)


@pytest.mark.parametrize(
    ("sentence", "eligible"),
    [
        (el.Sentence("B", date(2023, 1, 1), date(2024, 1, 1), 9), False),  # within 5 years
        (el.Sentence("S", date(2015, 1, 1), None, 9), False),  # still in force
        (el.Sentence("S", date(2015, 1, 1), date(2016, 1, 1), 9), True),  # long ago
        (el.Sentence("R", date(2025, 1, 1), date(2025, 6, 1), 9), True),  # light
    ],
)
def test_discipline(sentence, eligible):
    assert (row(evaluate(candidate(sentences=(sentence,))), "discipline").status == el.MET) is eligible


def test_discipline_window_is_configurable():
    s = el.Sentence("S", date(2018, 1, 1), date(2019, 1, 1), 9)
    assert row(evaluate(candidate(sentences=(s,))), "discipline").status == el.MET
    assert (
        row(evaluate(candidate(sentences=(s,)), r=req(discipline_years=10)), "discipline").status
        == el.NOT_MET
    )


def test_age_56_for_non_jpt_and_58_for_sitting_jpt():
    old = date(1969, 1, 1)  # 57 on 26 Jan 2026
    assert row(evaluate(candidate(birth_date=old)), "age").status == el.NOT_MET
    jpt = candidate(
        birth_date=old,
        position_level="jpt_pratama",
        position_id=51,
        stints=(el.PostStint("jpt_pratama", date(2022, 1, 1), None, 10, 51),),
    )
    assert row(evaluate(jpt), "age").status == el.MET


def test_years_before_bup_is_information():
    c = candidate(
        birth_date=date(1966, 6, 1),
        position_level="jpt_pratama",
        position_id=51,
        stints=(el.PostStint("jpt_pratama", date(2022, 1, 1), None, 10, 51),),
    )
    r = row(evaluate(c), "bup")  # retires 1 July 2026
    assert r.status == el.INFO and r.params["retirement_date"] == "2026-07-01"


def test_missing_leadership_training_is_perlu_pelatihan_never_a_fail():
    result = evaluate(candidate(trainings=()))
    r = row(result, "training")
    assert r.status == el.MANUAL and r.reason == "needs_training"
    assert result.eligible


def test_leadership_training_can_be_made_a_condition():
    assert (
        row(evaluate(candidate(trainings=()), r=req(training_missing="not_met")), "training").status
        == el.NOT_MET
    )


def test_assessment_must_be_valid():
    old = el.AssessmentView(date(2022, 1, 1), 3, dict.fromkeys(post().standard, 4.0), 41)
    result = evaluate(candidate(assessment=old))
    assert row(result, "assessment").status == el.NOT_MET
    assert row(result, "competency").status == el.NOT_MET


def test_missing_assessment_is_not_met():
    result = evaluate(candidate(assessment=None))
    assert row(result, "assessment").status == el.NOT_MET


@pytest.mark.parametrize(("level", "status"), [(4.0, el.MET), (3.0, el.WARNING), (2.5, el.NOT_MET)])
def test_competency_standard_against_this_post(level, status):
    a = el.AssessmentView(date(2025, 11, 18), 3, dict.fromkeys(post().standard, level), 41)
    assert row(evaluate(candidate(assessment=a)), "competency").status == status


def test_health_is_always_manual():
    assert row(evaluate(), "health").status == el.MANUAL


def test_technical_requirements_and_external_recommendation_are_manual_steps():
    p = post(technical=({"name": "Audit", "level": 3},), external_recommendation="Kemendagri")
    result = evaluate(p=p)
    assert row(result, "technical_Audit").status == el.MANUAL
    assert row(result, "external").status == el.MANUAL


def test_move_between_jpt_needs_two_to_five_years():
    def jpt(since):
        return candidate(
            position_level="jpt_pratama",
            position_id=51,
            position_since=since,
            stints=(el.PostStint("jpt_pratama", date(2015, 1, 1), None, 10, 51),),
        )

    assert row(evaluate(jpt(date(2025, 1, 1))), "jpt_move").status == el.NOT_MET
    assert row(evaluate(jpt(date(2022, 1, 1))), "jpt_move").status == el.MET
    assert row(evaluate(jpt(date(2019, 1, 1))), "jpt_move").status == el.NOT_MET


def test_reappointment_beyond_five_years_needs_extension():
    c = candidate(
        position_level="jpt_pratama",
        position_id=100,
        position_since=date(2020, 1, 1),
        stints=(el.PostStint("jpt_pratama", date(2020, 1, 1), None, 10, 100),),
    )
    assert row(evaluate(c), "jpt_term").status == el.MANUAL


def test_two_year_protection_of_the_sitting_jpt():
    p = post(holder_id=77, holder_since=date(2025, 3, 1))
    assert row(evaluate(p=p), "jpt_protect").status == el.MANUAL


def test_promotion_route_from_the_talent_pool():
    merit = post(merit_exception=True)
    assert row(evaluate(p=merit), "jpt_route").status == el.MET
    assert row(evaluate(candidate(box=5), p=merit), "jpt_route").status == el.NOT_MET
    assert row(evaluate(candidate(mapping_finalised=False), p=merit), "jpt_route").status == el.MANUAL
    assert row(evaluate(p=post(merit_exception=False)), "jpt_route").status == el.MANUAL


def test_waiver_is_an_override_not_met():
    c = candidate(birth_date=date(1969, 1, 1))
    result = evaluate(c, overrides=(el.Override("age", "B-123/M.SM/2026", "persetujuan Presiden"),))
    r = row(result, "age")
    assert r.status == el.NOT_MET
    assert r.override["reference"] == "B-123/M.SM/2026"
    assert result.eligible
