"""Talent pools, succession plans, the retirement forecast and IDPs."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from talenta.talent import selectors, services
from talenta.talent.models import DevelopmentPlan, MappingResult
from tests.people.factories import EmployeeFactory, InstansiFactory, JptPositionFactory, UnitFactory

from .factories import mappable_employee

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 1)


@pytest.fixture
def final_period():
    instansi = InstansiFactory()
    unit = UnitFactory(instansi=instansi)
    people = {
        "ready": mappable_employee(
            unit=unit,
            years=(2023, 2024),
            predikat=("sangat_baik", "sangat_baik"),
            potential="100",
            golongan="42",
        ),
        "young_rank": mappable_employee(
            unit=unit,
            years=(2023, 2024),
            predikat=("sangat_baik", "sangat_baik"),
            potential="100",
            golongan="34",
        ),
        "too_old": mappable_employee(
            unit=unit,
            years=(2023, 2024),
            predikat=("sangat_baik", "sangat_baik"),
            potential="100",
            golongan="42",
            birth_date=date(1968, 3, 3),
        ),
        "low_box": mappable_employee(
            unit=unit, years=(2023, 2024), predikat=("baik", "baik"), potential="40", golongan="42"
        ),
    }
    period = services.period_create(instansi=instansi, name="P2025", as_of=date(2025, 12, 31))
    services.period_run(period=period)
    services.period_finalise(period=period, by=None)
    return {"period": period, "unit": unit, "instansi": instansi, **people}


def test_talent_pool_takes_boxes_7_to_9_that_pass_the_basics(final_period):
    pool = selectors.talent_pool(final_period["period"], "jpt_pratama", today=TODAY)
    assert {m.employee for m in pool} == {final_period["ready"], final_period["young_rank"]}
    assert pool[0].box == 9 and pool[0].readiness == "siap_sekarang"


def test_talent_pool_shows_a_low_rank_as_a_note_not_a_filter(final_period):
    """Issue 13 item 8: rank is a soft check (RULES.md §6), in the pool as in eligibility."""
    pool = {m.employee: m for m in selectors.talent_pool(final_period["period"], "jpt_pratama", today=TODAY)}
    member = pool[final_period["young_rank"]]
    assert any("golongan III/d" in n for n in member.notes)
    assert not any("Pangkat" in n for n in pool[final_period["ready"]].notes)


def test_talent_pool_uses_the_instansi_requirement_table(final_period, make_user):
    """The pool's criteria are the requirement table eligibility uses: an instansi's stricter maximum age
    removes people from its pool."""
    from talenta.placement import selectors as placement_selectors
    from talenta.placement import services as placement_services

    instansi = final_period["instansi"]
    admin = make_user("admin", instansi=instansi)
    data = placement_selectors.requirement_set_for("jpt_pratama", instansi.pk).data
    placement_services.requirement_set_update(
        instansi=instansi, level="jpt_pratama", data={**data, "max_age": 30}, by=admin
    )
    assert selectors.talent_pool(final_period["period"], "jpt_pratama", today=TODAY) == []


def test_succession_build_names_ready_successors_with_readiness(final_period):
    post = JptPositionFactory(unit=final_period["unit"], is_critical=True, critical_reason="Strategis")
    named = services.succession_build(position=post, by=None, today=TODAY)
    assert {(s.employee, s.box, s.readiness) for s in named} == {
        (final_period["ready"], 9, "siap_sekarang"),
        (final_period["young_rank"], 9, "siap_sekarang"),  # rank is a note, not a filter (issue 13)
    }
    assert selectors.bench_strength(named) == 2


def test_calibrated_box_decides_readiness(final_period, make_user):
    r = MappingResult.objects.get(employee=final_period["low_box"])
    MappingResult.objects.filter(pk=r.pk).update(calibrated_box=7)
    post = JptPositionFactory(unit=final_period["unit"])
    s = services.successor_add(position=post, employee=final_period["low_box"], by=None)
    assert (s.box, s.readiness) == (7, "1_2_tahun")


def test_the_bench_keeps_ranks_one_to_n_through_removals_and_names_given_again(final_period):
    post = JptPositionFactory(unit=final_period["unit"])
    a, b, c, d = (final_period[k] for k in ("ready", "young_rank", "too_old", "low_box"))

    def bench():
        return [(s.employee, s.rank) for s in post.succession_plan.successors.all()]

    for e in (a, b, c):
        services.successor_add(position=post, employee=e, by=None)
    assert bench() == [(a, 1), (b, 2), (c, 3)]
    services.successor_remove(successor=post.succession_plan.successors.get(employee=a), by=None)
    assert bench() == [(b, 1), (c, 2)]
    services.successor_add(position=post, employee=d, by=None)  # not a second rank 2
    services.successor_add(position=post, employee=b, by=None, note="dinilai ulang")  # keeps his place
    assert bench() == [(b, 1), (c, 2), (d, 3)]


def test_critical_post_needs_a_reason(final_period):
    post = JptPositionFactory(unit=final_period["unit"])
    with pytest.raises(ValidationError):
        services.critical_set(position=post, is_critical=True, reason=" ", by=None)
    post.refresh_from_db()
    assert not post.is_critical


def test_retirement_forecast_lists_posts_vacated_by_bup_with_ready_successors(final_period):
    unit = final_period["unit"]
    # BUP 60 for JPT: born 1967-03-10 → 60 on 2027-03-10 → retires 2027-04-01 (1st of the next month).
    soon = JptPositionFactory(unit=unit, name="Kepala Dinas Contoh")
    EmployeeFactory(unit=unit, position=soon, birth_date=date(1967, 3, 10))
    later = JptPositionFactory(unit=unit, name="Kepala Badan Contoh")
    EmployeeFactory(unit=unit, position=later, birth_date=date(1975, 1, 1))
    services.successor_add(position=soon, employee=final_period["ready"], by=None)
    out = selectors.retirement_forecast(
        final_period["instansi"].positions.all(), start=date(2026, 11, 1), months=24
    )
    assert [(v.position.name, v.retirement_date) for v in out] == [("Kepala Dinas Contoh", date(2027, 4, 1))]
    assert [s.employee for s in out[0].ready] == [final_period["ready"]]
    assert (
        selectors.retirement_forecast(
            final_period["instansi"].positions.all(), start=date(2026, 11, 1), months=4
        )
        == []
    )


def test_idp_from_box_and_gaps(final_period):
    emp = final_period["low_box"]
    from talenta.profiling.models import Assessment

    Assessment.objects.filter(employee=emp).update(m7=2)
    services.period_create(instansi=final_period["instansi"], name="Draf", as_of=date(2025, 12, 31))
    draft = final_period["instansi"].mapping_periods.get(name="Draf")
    services.period_run(period=draft)
    plan = services.idp_generate(result=MappingResult.objects.get(period=draft, employee=emp), by=None)
    actions = list(plan.actions.values_list("competency", "kind"))
    assert ("M7", "coaching") in actions
    assert DevelopmentPlan.objects.count() == 1
    with pytest.raises(ValidationError):
        services.idp_generate(result=MappingResult.objects.get(period=draft, employee=emp), by=None)
