"""A re-run writes only the results that changed (talent.digests): a row computed as it is stored is left
alone, anything that updated a row otherwise makes the next run write it again, and the rows a re-run
leaves are exactly the rows a first run writes."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talenta.people.models import SkpHistory, Training
from talenta.talent import digests, services
from talenta.talent.models import MappingPeriod, MappingResult
from tests.people.factories import InstansiFactory, OtherInstansiFactory, UnitFactory

from .factories import mappable_employee

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 1, 31)
# Every column a run computes, the committee's calibration, and the row's id.
COLUMNS = [f.attname for f in MappingResult._meta.concrete_fields if f.attname not in ("period_id",)]


def _period(unit, name="P"):
    return services.period_create(instansi=unit.instansi, name=name, as_of=AS_OF)


def _rows(period, columns=COLUMNS):
    return sorted(MappingResult.objects.filter(period=period).values_list(*columns))


def _computed(unit, name):
    """The rows a first run of a new period with the same configuration writes (ids aside)."""
    fresh = _period(unit, name=name)
    services.period_run(period=fresh)
    return _rows(fresh, [c for c in COLUMNS if c not in ("id", "calibrated_box", "calibration_reason")])


def _without_id(rows):
    skip = {COLUMNS.index(c) for c in ("id", "calibrated_box", "calibration_reason")}
    return sorted(tuple(v for i, v in enumerate(r) if i not in skip) for r in rows)


def test_a_rerun_with_nothing_changed_writes_nothing_and_keeps_every_row(unit, people):
    period = _period(unit)
    first = services.period_run(period=period)
    assert (first.created, first.unchanged) == (4, 0)
    assert MappingResult.objects.filter(period=period, digest__isnull=True).count() == 0
    before = _rows(period)
    again = services.period_run(period=period)
    assert (again.total, again.created, again.updated, again.unchanged, again.moved) == (4, 0, 0, 4, [])
    assert _rows(period) == before


def test_only_the_person_whose_evidence_changed_is_written(unit, people):
    period = _period(unit)
    services.period_run(period=period)
    ids = dict(MappingResult.objects.filter(period=period).values_list("employee_id", "id"))
    Training.objects.create(employee=people[1], name="Diklat", year=2025, hours=40)
    report = services.period_run(period=period)
    assert (report.created, report.unchanged) == (1, 3)
    # Written again with its id; its box did not move, so the diff is empty.
    assert dict(MappingResult.objects.filter(period=period).values_list("employee_id", "id")) == ids
    assert report.moved == []
    assert _without_id(_rows(period)) == _computed(unit, "fresh")


def test_a_box_that_moves_is_written_and_reported(unit, people):
    period = _period(unit)
    services.period_run(period=period)
    SkpHistory.objects.filter(employee=people[0], year=2025).update(predikat="baik")
    report = services.period_run(period=period)
    assert (report.created, report.unchanged) == (1, 3)
    assert [(m["employee_id"], m["from"], m["to"]) for m in report.moved] == [(people[0].pk, 9, 8)]
    assert _without_id(_rows(period)) == _computed(unit, "fresh")


@pytest.mark.parametrize("how", ["orm-update", "raw-sql", "model-save"])
def test_a_result_changed_by_anything_but_a_run_is_written_again(unit, people, how):
    """A row altered outside a run loses its digest (the trigger), so the next run restores what the
    evidence gives instead of trusting a digest that no longer describes it."""
    period = _period(unit)
    services.period_run(period=period)
    target = MappingResult.objects.get(period=period, employee=people[0])
    if how == "orm-update":
        MappingResult.objects.filter(pk=target.pk).update(box=1, reason="diubah")
    elif how == "raw-sql":
        with connection.cursor() as c:
            c.execute("UPDATE talent_mappingresult SET box = 1 WHERE id = %s", [target.pk])
    else:
        target.box = 1
        target.save()
    assert MappingResult.objects.get(pk=target.pk).digest is None
    report = services.period_run(period=period)
    assert (report.created, report.unchanged) == (1, 3)
    restored = MappingResult.objects.get(pk=target.pk)
    assert restored.box == 9 and restored.reason == "" and restored.digest is not None
    assert _without_id(_rows(period)) == _computed(unit, "fresh")


def test_an_old_object_saved_whole_keeps_a_digest_of_what_it_writes(unit, people):
    """A stale instance saved whole writes its old columns with the old digest: still a true pair, so the
    next run sees the difference and writes the row."""
    period = _period(unit)
    services.period_run(period=period)
    stale = MappingResult.objects.get(period=period, employee=people[0])
    SkpHistory.objects.filter(employee=people[0], year=2025).update(predikat="baik")
    services.period_run(period=period)
    stale.save()  # box 9 and its digest again, over the re-run's box 8
    assert MappingResult.objects.get(pk=stale.pk).box == 9
    report = services.period_run(period=period)
    assert report.created == 1 and MappingResult.objects.get(pk=stale.pk).box == 8


def test_a_calibration_stays_and_the_row_is_written_once_after_it(unit, people, committee):
    chair, member = committee
    period = _period(unit)
    services.period_run(period=period)
    result = MappingResult.objects.get(period=period, employee=people[1])
    cal = services.calibration_propose(result=result, to_box=7, reason="rapat komite", by=member)
    services.calibration_decide(calibration=cal, confirm=True, by=chair)
    assert MappingResult.objects.get(pk=result.pk).digest is None  # the decision updated the row
    report = services.period_run(period=period)
    assert (report.updated, report.unchanged) == (1, 3)
    again = services.period_run(period=period)
    assert (again.updated, again.unchanged) == (0, 4)
    kept = MappingResult.objects.get(pk=result.pk)
    assert (kept.calibrated_box, kept.calibration_reason) == (7, "rapat komite") and kept.digest is not None
    # Evidence that changes the calibrated row writes it through its instance: the calibration stays.
    Training.objects.create(employee=people[1], name="Diklat", year=2025, hours=40)
    third = services.period_run(period=period)
    assert (third.updated, third.unchanged) == (1, 3)
    assert MappingResult.objects.get(pk=result.pk).calibrated_box == 7


def test_another_configuration_writes_every_row(unit, people):
    period = _period(unit)
    services.period_run(period=period)
    services.period_configure(period=period, config={"performance_combine": "latest"})
    report = services.period_run(period=period)
    assert report.unchanged < report.total
    fresh = services.period_create(
        instansi=unit.instansi, name="fresh", as_of=AS_OF, config={"performance_combine": "latest"}
    )
    services.period_run(period=fresh)
    columns = [c for c in COLUMNS if c not in ("id", "calibrated_box", "calibration_reason")]
    assert _without_id(_rows(period)) == _rows(fresh, columns)


def test_the_trigger_is_in_place_after_migrate():
    assert digests.triggers_present()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    box=st.integers(1, 9),
    new_digest=st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
    write_digest=st.booleans(),
)
def test_the_trigger_rule(unit, people, box, new_digest, write_digest):
    """An update keeps a digest only when it writes another one; otherwise the row has none."""
    period = MappingPeriod.objects.filter(instansi=unit.instansi, name="H").first()
    if period is None:
        period = _period(unit, name="H")
        services.period_run(period=period)
    row = MappingResult.objects.filter(period=period).order_by("id").first()
    MappingResult.objects.filter(pk=row.pk).update(digest=None)  # no digest: nothing to keep or empty
    MappingResult.objects.filter(pk=row.pk).update(digest=123)
    assert MappingResult.objects.get(pk=row.pk).digest == 123  # writing a digest passes
    fields = {"box": box, **({"digest": new_digest} if write_digest else {})}
    MappingResult.objects.filter(pk=row.pk).update(**fields)
    kept = MappingResult.objects.get(pk=row.pk).digest
    expected = new_digest if write_digest and new_digest != 123 else None
    assert kept == expected


def test_a_change_in_one_instansi_writes_nothing_in_another():
    """Two instansi, each with its own period: a result altered in one is written again there only."""
    periods = []
    for name, instansi in (("A", InstansiFactory), ("B", OtherInstansiFactory)):
        unit = UnitFactory(instansi=instansi())
        mappable_employee(unit=unit, predikat=("sangat_baik", "sangat_baik"), potential="100")
        mappable_employee(unit=unit)
        period = _period(unit, name=name)
        services.period_run(period=period)
        periods.append(period)
    first = MappingResult.objects.filter(period=periods[0]).order_by("id").first()
    MappingResult.objects.filter(pk=first.pk).update(box=1)
    a, b = (services.period_run(period=p) for p in periods)
    assert (a.created, a.unchanged) == (1, 1)
    assert (b.created, b.unchanged) == (0, 2)
