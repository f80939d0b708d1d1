"""The worked example: each automatic answer computed from a small fixture whose facts are known."""

from __future__ import annotations

from datetime import date

import pytest

from talenta.merit import evidence
from tests.merit.fixtures import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(make_user):
    w = build(make_user)
    return evidence.compute(instansi_id=w.instansi.pk, year=2025, today=date(2026, 12, 1))


def test_every_automatic_question_is_computed(computed):
    from talenta.merit.questionnaire import AUTO_KEYS

    assert set(computed) == AUTO_KEYS


def test_talent_mapping_all_levels_met_scores_4(computed):
    c = computed["talent_mapping"]
    assert c.facts["pns"] == 10 and c.facts["mapped"] == 10 and c.facts["valid_instrument"] == 9
    assert c.facts["finalised_periods"] == "2024, 2025"
    assert c.facts["calibration_meetings"] == 1 and c.facts["mapped_with_idp"] == 6
    assert c.facts["pool_placements"] == 1
    assert c.score == 4


def test_skp_coverage_90_percent_scores_2(computed):
    assert computed["skp_coverage"].facts["with_skp"] == 9
    assert computed["skp_coverage"].score == 2


def test_predikat_distribution_follows_the_guide(computed):
    c = computed["predikat_distribution"]
    assert c.facts["predikat"]["baik"] == 6 and c.facts["baik_share"] == 66.7
    assert c.score == 4


def test_promotion_half_through_the_talent_pool_scores_2(computed):
    c = computed["promotion"]
    assert (c.facts["appointments"], c.facts["via_pool"]) == (2, 1)  # the Plt is not an appointment
    assert c.facts["snapshots_intact"] is True
    assert len(c.records) == 2 and all(len(r["sha256"]) == 64 for r in c.records)
    assert c.score == 2


def test_vacancy_filled_in_90_days_scores_4(computed):
    assert computed["vacancy_time"].facts["median_days"] == 90.0
    assert computed["vacancy_time"].score == 4


def test_assessment_coverage_counts_only_valid_ones(computed):
    c = computed["assessment_coverage"]
    assert c.facts["with_valid_assessment"] == 6
    assert c.score == 3


def test_idp_share_60_percent_scores_2(computed):
    assert computed["idp"].facts["with_idp"] == 6
    assert computed["idp"].score == 2


def test_siasn_import_30_days_before_year_end_scores_4(computed):
    c = computed["siasn_sync"]
    assert c.facts["days_since_import"] == 30 and c.facts["last_import"] == "2025-12-01"
    assert c.score == 4


def test_data_completeness_70_percent_scores_2(computed):
    assert computed["data_completeness"].facts["completeness"] == 70.0
    assert computed["data_completeness"].score == 2


def test_a_broken_decision_snapshot_caps_promotion(make_user):
    from talenta.placement.models import Decision

    w = build(make_user)
    Decision.objects.filter(instansi=w.instansi, filling_post__isnull=False).update(snapshot='{"edited": 1}')
    c = evidence.compute(instansi_id=w.instansi.pk, year=2025, today=date(2026, 12, 1))["promotion"]
    assert c.facts["snapshots_intact"] is False and c.score == 1


def test_another_year_counts_nothing_of_2025(make_user):
    w = build(make_user)
    c = evidence.compute(instansi_id=w.instansi.pk, year=2023, today=date(2026, 12, 1))
    assert c["skp_coverage"].facts["with_skp"] == 0 and c["talent_mapping"].facts["mapped"] == 0


def test_no_query_takes_the_mapped_people_as_parameters(make_user):
    """The mapped people filter the development plans as a subquery: as a list of ids, a province of
    1,000,000 passed about 880,000 parameters in one statement, past SQLite's limit (the 1M demo stopped
    there). Here the fixture maps 10 people; no statement may carry that many parameters."""
    from django.db import connection

    w = build(make_user)
    widest = [0]

    def count(execute, sql, params, many, context):
        widest[0] = max(widest[0], len(params or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        c = evidence.compute(instansi_id=w.instansi.pk, year=2025, today=date(2026, 12, 1))
    mapped = c["talent_mapping"].facts["mapped"]
    assert mapped >= 10
    assert c["idp"].facts["with_idp"] == 6
    assert widest[0] < mapped


def test_two_assessments_of_one_day_count_the_last_entered(make_user):
    """The uniqueness rule allows one per instrument a day: the nine-box takes the last entered, and so does
    the coverage, whatever order the database returns the two in."""
    from talenta.profiling.models import Assessment

    w = build(make_user)
    e = w.employees[6]  # his only assessment expired in 2024
    Assessment.objects.create(employee=e, assessed_on=date(2023, 3, 1), instrument="other", validity_years=1)
    Assessment.objects.create(
        employee=e, assessed_on=date(2023, 3, 1), instrument="assessment_centre", validity_years=5
    )
    c = evidence.compute(instansi_id=w.instansi.pk, year=2025, today=date(2026, 12, 1))["assessment_coverage"]
    assert c.facts["with_valid_assessment"] == 7


def test_a_corrected_skp_counts_once_with_its_correction(make_user):
    from tests.people.factories import SkpFactory

    w = build(make_user)
    e = SkpFactory._meta.model.objects.filter(employee__instansi=w.instansi, predikat="butuh_perbaikan").get()
    SkpFactory(employee=e.employee, year=2025, predikat="baik")  # entered later: the correction
    c = evidence.compute(instansi_id=w.instansi.pk, year=2025, today=date(2026, 12, 1))
    facts = c["predikat_distribution"].facts
    assert facts["with_skp"] == 9 and facts["predikat"]["baik"] == 7
    assert facts["predikat"]["butuh_perbaikan"] == 0


def test_the_distribution_guide_s_share_is_the_instansi_s_setting_as_in_data_quality(make_user):
    """One setting for both: the share of the instansi's latest finalised mapping period (0.5 here) makes
    6 "Baik" of 9 too many for the merit evidence, as it does for the data-quality check."""
    from talenta.talent.models import MappingPeriod

    w = build(make_user)
    period = MappingPeriod.objects.filter(instansi=w.instansi, status="finalised").order_by("-as_of").first()
    MappingPeriod.objects.filter(pk=period.pk).update(
        config={**period.config, "distribution_max_baik_share": 0.5}
    )
    c = evidence.compute(instansi_id=w.instansi.pk, year=2025, today=date(2026, 12, 1))[
        "predikat_distribution"
    ]
    assert c.facts["max_baik_share"] == 50.0 and c.facts["setting_from"] == period.name
    assert c.facts["baik_share"] == 66.7 and c.score == 2  # the low point met, the share not


def test_another_instansi_s_distribution_setting_changes_nothing_here(make_user):
    from talenta.talent.models import MappingPeriod
    from tests.people.factories import OtherInstansiFactory

    w = build(make_user)
    other = OtherInstansiFactory()
    MappingPeriod.objects.create(
        instansi=other,
        name="Lain",
        as_of=date(2025, 12, 31),
        status="finalised",
        config={"distribution_max_baik_share": 0.5},
    )
    c = evidence.compute(instansi_id=w.instansi.pk, year=2025, today=date(2026, 12, 1))[
        "predikat_distribution"
    ]
    assert c.facts["max_baik_share"] == 70.0 and c.facts["setting_from"] != "Lain" and c.score == 4
