"""Issue 13: eligibility exact at every boundary (RULES.md §3, §6). One worked example per item, each
failing on the engine before the fix."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from talenta.people.rules.dates import Span
from talenta.placement.rules import eligibility as el
from tests.placement.builders import JPT_STANDARD, ON, candidate, post, req, row

MADYA_POST = {"level": "jpt_madya", "eselon": "12", "position_id": 200, "name": "Sekretaris Daerah"}


def sitting_jpt(since: date = date(2022, 1, 3), **changes: object) -> el.Candidate:
    """A Kepala Dinas (JPT Pratama, position 51) since `since`, administrator before."""
    base = candidate(
        position_level="jpt_pratama",
        position_id=51,
        position_since=since,
        golongan="43",
        stints=(
            el.PostStint("administrator", date(2010, 1, 4), since, 10, 50, False, 21),
            el.PostStint("jpt_pratama", since, None, 10, 51, False, 22),
        ),
    )
    return replace(base, **changes)


# --- 1. Years before BUP is information, not a condition ----------------------------------------------


def test_sitting_jpt_aged_58_with_1_9_years_to_bup_is_eligible():
    c = sitting_jpt(birth_date=date(1967, 11, 10))  # 58 on 26 Jan 2026; retires 1 Dec 2027
    result = el.evaluate(c, post(), req(), on=ON)
    assert row(result, "age").status == el.MET
    r = row(result, "bup")
    assert r.status == el.INFO
    assert r.params["retirement_date"] == "2027-12-01" and Span.from_key(r.params["left"]) == Span(1, 10, 5)
    assert result.eligible


def test_jpt_madya_candidate_aged_58_is_not_excluded_by_bup():
    c = sitting_jpt(
        birth_date=date(1967, 6, 1),
        stints=(
            el.PostStint("administrator", date(2010, 1, 4), date(2022, 1, 3), 10, 50),
            el.PostStint("jpt_pratama", date(2022, 1, 3), None, 10, 51),
        ),
    )
    result = el.evaluate(c, post(**MADYA_POST), req("jpt_madya"), on=ON)
    assert row(result, "bup").status == el.INFO
    assert result.eligible, [x.as_dict() for x in result.lacking]


def test_administrator_candidate_aged_57_is_not_excluded_by_bup():
    c = candidate(
        birth_date=date(1968, 9, 15),
        position_level="pengawas",
        position_id=40,
        stints=(el.PostStint("pengawas", date(2015, 1, 5), None, 10, 40),),
    )
    p = post(level="administrator", eselon="31", bup=58, standard=dict.fromkeys(JPT_STANDARD, 3))
    result = el.evaluate(c, p, req("administrator"), on=ON)  # retires 1 Oct 2026
    assert row(result, "bup").status == el.INFO
    assert result.eligible, [x.as_dict() for x in result.lacking]


def test_an_instansi_may_make_years_before_bup_its_own_rule():
    c = sitting_jpt(birth_date=date(1967, 11, 10))
    result = el.evaluate(c, post(), req(min_years_before_bup=2), on=ON)
    assert row(result, "bup").status == el.NOT_MET


def test_the_national_default_has_no_years_before_bup_rule():
    assert all(
        req(level).min_years_before_bup == 0
        for level in ("pengawas", "administrator", "jpt_pratama", "jpt_madya", "jpt_utama")
    )


# --- 2. Completed calendar years, not days / 365.25 -----------------------------------------------------


def test_exactly_two_years_in_the_prior_post_is_met():
    c = candidate(
        position_since=date(2024, 3, 2),
        stints=(
            el.PostStint("pengawas", date(2012, 1, 2), date(2024, 3, 2), 10, 40, False, 21),
            el.PostStint("administrator", date(2024, 3, 2), None, 10, 50, True, 22),
        ),
    )
    r = row(el.evaluate(c, post(), req(), on=date(2026, 3, 2)), "prior_post")
    assert r.status == el.MET
    assert Span.from_key(r.params["served"]) == Span(2)
    assert row(el.evaluate(c, post(), req(), on=date(2026, 3, 1)), "prior_post").status == el.NOT_MET


def test_assessment_of_a_leap_day_is_valid_until_its_anniversary():
    # RULES §4: "older than its validity does not count"; the anniversary of 29 February in a common year
    # is 1 March, the day it is exactly two years old: it still counts then, not the day after.
    a = el.AssessmentView(date(2024, 2, 29), 2, dict.fromkeys(JPT_STANDARD, 4.0), 41)
    c = candidate(assessment=a)
    assert row(el.evaluate(c, post(), req(), on=date(2026, 3, 1)), "assessment").status == el.MET
    assert row(el.evaluate(c, post(), req(), on=date(2026, 3, 2)), "assessment").status == el.NOT_MET


# --- 3. Pasal 131: more than 5 years in the current post ------------------------------------------------


def test_jpt_five_years_eleven_months_in_post_cannot_move():
    r = row(el.evaluate(sitting_jpt(date(2020, 2, 20)), post(), req(), on=ON), "jpt_move")
    assert r.status == el.NOT_MET
    assert Span.from_key(r.params["served"]) == Span(5, 11, 6)
    assert r.reason == "too_long" and r.params["routes"] == ["open_selection", "extension"]


def test_jpt_move_boundaries_are_two_and_five_years_exactly():
    def status(since: date) -> str:
        return row(el.evaluate(sitting_jpt(since), post(), req(), on=ON), "jpt_move").status

    assert status(date(2024, 1, 27)) == el.NOT_MET  # 1 year 11 months 30 days
    assert status(date(2024, 1, 26)) == el.MET  # 2 years
    assert status(date(2021, 1, 26)) == el.MET  # 5 years
    assert status(date(2021, 1, 25)) == el.NOT_MET  # 5 years and a day


def test_a_pasal_133_extension_is_an_override_of_the_move_row():
    o = (el.Override("jpt_move", "800/123-BKD/2026", "perpanjangan berdasarkan kinerja"),)
    result = el.evaluate(sitting_jpt(date(2019, 1, 2)), post(), req(), on=ON, overrides=o)
    r = row(result, "jpt_move")
    assert r.status == el.NOT_MET and "133" in r.override["basis"]
    assert result.eligible


# --- 4. JPT to a higher JPT is a promotion: the route check applies -------------------------------------


def test_jpt_pratama_in_box_5_is_not_eligible_for_jpt_madya_through_the_talent_pool():
    c = sitting_jpt(box=5)
    result = el.evaluate(c, post(**MADYA_POST, merit_exception=True), req("jpt_madya"), on=ON)
    assert row(result, "jpt_route").status == el.NOT_MET
    assert not any(r.code == "jpt_move" for r in result.rows)
    assert not result.eligible


def test_without_the_merit_exception_promotion_goes_through_open_selection():
    result = el.evaluate(sitting_jpt(box=9), post(**MADYA_POST), req("jpt_madya"), on=ON)
    r = row(result, "jpt_route")
    assert r.status == el.MANUAL and r.params["route"] == "open_selection"


def test_the_merit_exception_is_off_unless_the_instansi_has_it():
    assert post().merit_exception is False


def test_a_move_between_jpt_posts_checks_the_same_classification():
    result = el.evaluate(sitting_jpt(), post(), req(), on=ON)
    assert row(result, "jpt_classification").status == el.MET
    assert row(result, "jpt_move").status == el.MET


# --- 5. JPT Utama: JPT Madya or JF Ahli Utama, not JPT Pratama ------------------------------------------


def test_jpt_utama_does_not_accept_jpt_pratama_service():
    c = sitting_jpt(date(2012, 1, 2), stints=(el.PostStint("jpt_pratama", date(2012, 1, 2), None, 10, 51),))
    p = post(level="jpt_utama", eselon="10", position_id=300)
    assert row(el.evaluate(c, p, req("jpt_utama"), on=ON), "prior_post").status == el.NOT_MET
    madya = replace(c, stints=(el.PostStint("jpt_madya", date(2012, 1, 2), None, 10, 51),))
    assert row(el.evaluate(madya, p, req("jpt_utama"), on=ON), "prior_post").status == el.MET


# --- 6. JPM exact (Decimal) at the band edges -----------------------------------------------------------


def _with_levels(value: float) -> el.Candidate:
    return candidate(
        assessment=el.AssessmentView(date(2025, 11, 18), 3, dict.fromkeys(JPT_STANDARD, value), 41)
    )


def test_jpm_exactly_68_is_masih_memenuhi_syarat():
    r = row(el.evaluate(_with_levels(2.72), post(), req(), on=ON), "competency")  # 100 × 24.48 / 36 = 68
    assert r.status == el.WARNING and Decimal(r.params["jpm"]) == 68


def test_jpm_exactly_80_is_memenuhi_syarat():
    r = row(el.evaluate(_with_levels(3.2), post(), req(), on=ON), "competency")  # 100 × 28.8 / 36 = 80
    assert r.status == el.MET


# --- 8. Rank is a warning, even when missing ------------------------------------------------------------


def test_missing_golongan_is_a_warning_not_a_block():
    result = el.evaluate(candidate(golongan=""), post(), req(), on=ON)
    assert row(result, "rank").status == el.WARNING
    assert result.eligible


# --- 10. All nine competencies, and the table's validity ------------------------------------------------


def test_an_assessment_missing_a_competency_gives_no_jpm():
    levels = {**dict.fromkeys(JPT_STANDARD, 4.5), "S1": None}
    c = candidate(assessment=el.AssessmentView(date(2025, 11, 18), 3, levels, 41))
    r = row(el.evaluate(c, post(), req(), on=ON), "competency")
    assert r.status == el.NOT_MET and (r.params["present"], r.params["required"]) == (8, 9)


def test_the_requirement_table_validity_is_used():
    c = candidate(assessment=el.AssessmentView(date(2023, 12, 1), 3, dict.fromkeys(JPT_STANDARD, 4.0), 41))
    assert row(el.evaluate(c, post(), req(), on=ON), "assessment").status == el.MET
    assert (
        row(el.evaluate(c, post(), req(assessment_validity_years=2), on=ON), "assessment").status
        == el.NOT_MET
    )


def test_the_jpm_display_cap_is_off_by_default_and_never_changes_the_band():
    shown = row(el.evaluate(_with_levels(4.5), post(), req(), on=ON), "competency")  # JPM 112.5
    capped = row(el.evaluate(_with_levels(4.5), post(), req(jpm_display_cap=True), on=ON), "competency")
    assert shown.params["display_cap"] is False and capped.params["display_cap"] is True
    assert shown.status == capped.status == el.MET and capped.params["jpm"] == shown.params["jpm"]
