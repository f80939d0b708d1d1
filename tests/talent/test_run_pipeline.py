"""A run writes each step's rows while it computes the next (core.bulk.BackgroundWriter, PostgreSQL), with
the results' foreign keys checked at each write (core.bulk.foreign_keys_immediate). The rows are those
of a run in one step; a write that fails fails the run, and nothing of it stays."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from talenta.core import bulk
from talenta.people.models import Training
from talenta.talent import services
from talenta.talent.models import MappingPeriod, MappingResult

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 1, 31)
SKIP = ("id", "period_id")
COLUMNS = [f.attname for f in MappingResult._meta.concrete_fields if f.attname not in SKIP]


def _rows(period):
    return sorted(MappingResult.objects.filter(period=period).values_list(*COLUMNS))


def _period(unit, name):
    return services.period_create(instansi=unit.instansi, name=name, as_of=AS_OF)


def test_a_run_in_steps_of_one_person_writes_the_rows_of_a_run_in_one_step(unit, people):
    whole, stepped = _period(unit, "whole"), _period(unit, "stepped")
    services.period_run(period=whole)
    report = services.period_run(period=stepped, chunk=1)
    assert report.created == len(people) and _rows(stepped) == _rows(whole)
    # A re-run in steps after one person's evidence changed: only his row is written, as in one step.
    Training.objects.create(employee=people[2], name="Diklat PIM", year=2025, hours=40)
    again = services.period_run(period=stepped, chunk=1)
    services.period_run(period=whole)
    assert (again.created, again.unchanged) == (1, len(people) - 1)
    assert _rows(stepped) == _rows(whole)


def test_a_write_that_fails_fails_the_run_and_leaves_nothing(unit, people, monkeypatch):
    period = _period(unit, "failing")
    calls = []
    real = bulk.insert_rows

    def second_write_fails(*args, **kwargs):
        calls.append(threading.current_thread().name)
        if len(calls) == 3:  # the second step's rows (each step inserts rows with ids, then new ones)
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr("talenta.talent.services.insert_rows", second_write_fails)
    with pytest.raises(RuntimeError, match="disk full"):
        services.period_run(period=period, chunk=2)
    assert not MappingResult.objects.filter(period=period).exists()
    period.refresh_from_db()
    assert period.run_count == 0 and period.last_run_at is None
    # On PostgreSQL the rows went through the writer's thread; on SQLite in the run's own.
    writer = "talenta-writer" if connection.vendor == "postgresql" else threading.current_thread().name
    assert set(calls) == {writer}
    monkeypatch.undo()
    services.period_run(period=period)
    assert MappingResult.objects.filter(period=period).count() == len(people)


def test_the_writer_raises_its_error_in_the_caller_and_waits_on_the_way_out():
    done = []
    with pytest.raises(ValueError, match="bad row"), bulk.BackgroundWriter() as writer:
        writer.start(lambda cursor: (_ for _ in ()).throw(ValueError("bad row")))
        writer.join()
    with bulk.BackgroundWriter() as writer:
        writer.start(lambda cursor: done.append(cursor is not None))
    assert done == [connection.vendor == "postgresql"]  # joined by the exit
    inline = bulk.BackgroundWriter(background=False)
    inline.start(lambda cursor: done.append(cursor))
    assert done[-1] is None


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="background writes: PostgreSQL")
def test_a_caller_error_waits_for_the_writer_and_is_the_one_raised():
    finished = threading.Event()

    def slow(cursor):
        finished.wait(1)
        raise ValueError("the writer's")

    with pytest.raises(KeyError) as raised, bulk.BackgroundWriter() as writer:
        writer.start(slow)
        finished.set()
        raise KeyError("the caller's")
    assert writer._thread is None and writer._error is None
    assert raised.value.__notes__ == ['the background writer failed too: ValueError("the writer\'s")']


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="deferrable constraints: PostgreSQL")
def test_foreign_keys_are_checked_at_each_statement_inside_and_deferred_again_after(unit, people):
    period = _period(unit, "keys")
    bad = MappingPeriod.objects.order_by("-pk").first().pk + 1000

    def insert_orphan():
        with connection.cursor() as c:
            c.execute(
                "INSERT INTO talent_mappingresult (period_id, employee_id, performance_level, "
                "performance_evidence, tr_education, tr_training, tr_experience, tr_integrity, "
                "track_record, potential_level, mappable, reason, standard_source, inputs, "
                "calibration_reason) VALUES (%s, %s, '', '{}', 0, 0, 0, 0, 0, '', false, '', '', '{}', '')",
                [bad, people[0].pk],
            )

    with bulk.foreign_keys_immediate(MappingResult), pytest.raises(IntegrityError), transaction.atomic():
        insert_orphan()
    # Deferred again: the same statement passes, and would fail only at the commit.
    with transaction.atomic():
        insert_orphan()
        MappingResult.objects.filter(period_id=bad).delete()
    assert period.pk != bad
