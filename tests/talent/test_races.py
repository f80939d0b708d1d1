"""A second request that read its page before the first one committed (a double submit, two tabs, a
background run queued behind a change): talent's services re-read and lock what they check, and a failure
part-way leaves nothing written. A 'stale' object below is such a page's copy."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from talenta.core.models import AuditEntry
from talenta.talent import services
from talenta.talent.models import (
    Calibration,
    DevelopmentAction,
    DevelopmentPlan,
    MappingPeriod,
    MappingResult,
    Successor,
)
from tests.people.factories import InstansiFactory, JptPositionFactory, UnitFactory
from tests.talent.factories import mappable_employee

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 1, 31)
TODAY = date(2026, 11, 1)


@pytest.fixture
def mapped(unit):
    people = {
        "top": mappable_employee(unit=unit, predikat=("sangat_baik", "sangat_baik"), potential="100"),
        "mid": mappable_employee(unit=unit, predikat=("baik", "sangat_baik"), potential="70"),
    }
    period = services.period_create(instansi=unit.instansi, name="P", as_of=AS_OF)
    services.period_run(period=period)
    return period, people


def test_no_calibration_is_proposed_on_a_period_finalised_since_the_page_was_read(mapped, committee):
    chair, member = committee
    period, people = mapped
    stale = MappingResult.objects.select_related("period", "employee").get(
        period=period, employee=people["mid"]
    )
    services.period_finalise(period=period, by=chair)
    with pytest.raises(ValidationError) as err:
        services.calibration_propose(result=stale, to_box=7, reason="terlambat", by=member)
    assert err.value.code == "finalised"
    assert not Calibration.objects.exists()


def test_a_double_submit_proposes_once(mapped, committee):
    _chair, member = committee
    period, people = mapped
    result = MappingResult.objects.get(period=period, employee=people["mid"])
    services.calibration_propose(result=result, to_box=7, reason="Kinerja luar biasa", by=member)
    with pytest.raises(ValidationError):
        services.calibration_propose(result=result, to_box=7, reason="Kinerja luar biasa", by=member)
    assert Calibration.objects.filter(result=result).count() == 1
    assert AuditEntry.objects.filter(action="talent.calibration_propose").count() == 1


def test_a_run_maps_the_configuration_stored_when_its_turn_comes(mapped):
    period, _people = mapped
    queued = MappingPeriod.objects.get(pk=period.pk)  # the background task's copy, read before
    services.period_configure(period=period, population={"levels": ["jpt_pratama"]})
    report = services.period_run(period=queued)
    assert report.total == 0 and not MappingResult.objects.filter(period=period).exists()
    entry = AuditEntry.objects.filter(action="talent.period_run").order_by("-pk").first()
    assert entry.changes["population"] == {"levels": ["jpt_pratama"]}


def test_a_successor_is_removed_once(unit):
    post = JptPositionFactory(unit=unit)
    s = services.successor_add(position=post, employee=mappable_employee(unit=unit), by=None)
    stale = Successor.objects.get(pk=s.pk)
    services.successor_remove(successor=s, by=None)
    with pytest.raises(ValidationError):
        services.successor_remove(successor=stale, by=None)
    assert AuditEntry.objects.filter(action="talent.successor_remove").count() == 1


def test_building_a_bench_is_all_or_nothing(monkeypatch):
    instansi = InstansiFactory()
    unit = UnitFactory(instansi=instansi)
    for _ in range(3):
        mappable_employee(
            unit=unit,
            years=(2023, 2024),
            predikat=("sangat_baik", "sangat_baik"),
            potential="100",
            golongan="42",
        )
    period = services.period_create(instansi=instansi, name="P2025", as_of=date(2025, 12, 31))
    services.period_run(period=period)
    services.period_finalise(period=period, by=None)
    post = JptPositionFactory(unit=unit, is_critical=True, critical_reason="Strategis")
    real, calls = services.audit_record, []

    def fails_on_the_second(**kw):
        if kw.get("action") == "talent.successor_add":
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("the second successor fails")
        return real(**kw)

    monkeypatch.setattr(services, "audit_record", fails_on_the_second)
    with pytest.raises(RuntimeError):
        services.succession_build(position=post, by=None, today=TODAY)
    assert not Successor.objects.filter(plan__position=post).exists()


def test_an_analyst_s_edit_keeps_the_progress_the_employee_saved_meanwhile(unit):
    plan = DevelopmentPlan.objects.create(employee=mappable_employee(unit=unit))
    action = DevelopmentAction.objects.create(plan=plan, kind="training", description="Diklat")
    stale = DevelopmentAction.objects.get(pk=action.pk)  # the analyst's form, loaded earlier
    services.idp_progress_update(action=action, progress=60, note="setengah jalan", by=None)
    services.idp_action_update(action=stale, by=None, description="Diklat PIM")
    action.refresh_from_db()
    assert (action.progress, action.employee_note, action.description) == (60, "setengah jalan", "Diklat PIM")


def test_a_done_plan_is_kept_as_it_was_completed(unit):
    plan = DevelopmentPlan.objects.create(
        employee=mappable_employee(unit=unit), status=DevelopmentPlan.Status.DONE
    )
    action = DevelopmentAction.objects.create(plan=plan, kind="training", description="Diklat")
    for change in (
        lambda: services.idp_action_update(action=action, by=None, description="diubah"),
        lambda: services.idp_progress_update(action=action, progress=10, note="", by=None),
        lambda: services.idp_action_add(plan=plan, by=None, kind="training", description="baru"),
        lambda: services.idp_comment(plan=plan, comment="komentar", by=None),
    ):
        with pytest.raises(ValidationError):
            change()
    action.refresh_from_db()
    plan.refresh_from_db()
    assert (action.description, action.progress, plan.actions.count(), plan.head_comment) == (
        "Diklat",
        0,
        1,
        "",
    )


def test_results_read_the_settings_they_were_computed_with_until_the_period_is_run_again(mapped, committee):
    """A draft configured again after a run: its cards and replay follow the run's settings (not the new
    ones, under which the shown arithmetic would not add up), the screen says so, and it cannot be
    finalised until it is run again."""
    from talenta.talent import selectors

    chair, _member = committee
    period, people = mapped
    result = MappingResult.objects.get(period=period, employee=people["top"])
    before = selectors.card(result)
    services.period_configure(
        period=period,
        config={
            "weights": {"jpm": 0.2, "potential": 0.2, "track_record": 0.6},
            "potential_bands": {"tinggi": 99, "menengah": 98},
        },
    )
    period.refresh_from_db()
    assert period.stale
    result = MappingResult.objects.select_related("period").get(pk=result.pk)
    after = selectors.card(result)
    assert after.config == before.config  # the card explains with the settings of the run
    assert services.period_replay(period=period) == []
    with pytest.raises(ValidationError) as err:
        services.period_finalise(period=period, by=chair)
    assert err.value.code == "stale"
    services.period_run(period=period)
    period.refresh_from_db()
    assert not period.stale
    assert (
        selectors.card(MappingResult.objects.get(period=period, employee=people["top"])).config
        != before.config
    )
    services.period_finalise(period=period, by=chair)


def test_a_calibration_lapses_when_a_re_run_changes_the_box_it_was_decided_from(mapped, committee):
    """The committee moved someone from his computed box; a re-run of the draft under other settings
    computes another box: the decision was about a basis that no longer holds, so it lapses (kept for the
    record) instead of being applied to a box the committee never saw."""
    chair, member = committee
    period, people = mapped
    result = MappingResult.objects.get(period=period, employee=people["mid"])
    computed = result.box
    to_box = 9 if computed != 9 else 8
    cal = services.calibration_propose(result=result, to_box=to_box, reason="Rapat komite", by=member)
    services.calibration_decide(calibration=cal, confirm=True, by=chair)
    result.refresh_from_db()
    assert result.final_box == to_box
    services.period_configure(period=period, config={"potential_bands": {"tinggi": 99.9, "menengah": 99}})
    services.period_run(period=period)
    result.refresh_from_db()
    cal.refresh_from_db()
    assert result.box != computed
    assert result.calibrated_box is None and result.final_box == result.box
    assert cal.status == Calibration.Status.LAPSED and cal.reason == "Rapat komite"
    entry = AuditEntry.objects.filter(action="talent.period_run").order_by("-pk").first()
    assert entry.changes["calibrations_lapsed"] == 1


def test_a_calibration_stays_when_a_re_run_computes_the_same_box(mapped, committee):
    chair, member = committee
    period, people = mapped
    result = MappingResult.objects.get(period=period, employee=people["mid"])
    to_box = 9 if result.box != 9 else 8
    cal = services.calibration_propose(result=result, to_box=to_box, reason="Rapat komite", by=member)
    services.calibration_decide(calibration=cal, confirm=True, by=chair)
    services.period_configure(period=period, config={"training_hours_target": 61})
    services.period_run(period=period)
    result.refresh_from_db()
    cal.refresh_from_db()
    assert result.final_box == to_box and cal.status == Calibration.Status.CONFIRMED
