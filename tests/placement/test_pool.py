"""The candidate pool kept between requests and processes (issue 17): a new process reads it from disk with
one query; a change to some people refreshes only their rows, and the result ranks exactly as a pool built
afresh; a removed, demoted or rolled-back person never stays in it."""

from __future__ import annotations

import logging
from datetime import date

import numpy as np
import pytest
from django.db import transaction

from talenta.people.models import DisciplineHistory, Employee, EmployeeChange, Position, SkpHistory
from talenta.people.services import mark_changed
from talenta.placement import selectors, services
from talenta.placement.rules import eligibility as el
from talenta.profiling.models import Assessment
from tests.placement.factories import ON, province

pytestmark = pytest.mark.django_db


def fresh(instansi_id: int):
    """The pool built from nothing, as a first request builds it."""
    arrays = selectors._build(instansi_id, ON)
    selectors._requirement_columns(arrays, instansi_id)
    return arrays


def rankings(arrays, instansi_id: int) -> list[tuple[int, list[int], list[int]]]:
    """Every post's eligible people (by score), near-eligible people and scores, through the service."""
    out = []
    for pos in Position.objects.filter(instansi_id=instansi_id, level__in=["jpt_pratama", "administrator"]):
        o = services.rank_position(position=pos, on=ON, top=None, near_top=5, pool=arrays, explain=3)
        scores = [int(o.ranking.score[i]) for i in o.ranking.order]
        out.append((pos.pk, [int(arrays.employee_id[i]) for i in o.ranking.order], scores))
    return out


def skp_years(a, i: int) -> dict[int, int]:
    return {a.skp_base + k: int(v) for k, v in enumerate(a.skp[i]) if v}


def opd_years(a, i: int) -> dict[int, float]:
    row = a.opd_years.getrow(i).toarray().ravel()
    return {o: round(float(row[j]), 9) for o, j in a.opd_index.items() if row[j]}


def same_pool(a, b) -> None:
    assert a.employee_id.tolist() == b.employee_id.tolist()
    for name in a.ROW_FIELDS:
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=name == "levels"), name
    for i in range(len(a)):  # performance by year, years in each OPD
        assert skp_years(a, i) == skp_years(b, i)
        assert opd_years(a, i) == opd_years(b, i)
    assert sorted(a.memo_keys()) == sorted(b.memo_keys())
    for key in a.memo_keys():
        assert a._memo[key].tolist() == b._memo[key].tolist(), key


@pytest.fixture
def inst():
    return province(size=90, n_opd=4)


def test_a_new_process_reads_the_pool_from_disk_with_one_query(
    inst, django_assert_num_queries, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        built = selectors.candidate_pool(inst.pk, on=ON)
    assert list(selectors._pool_path(inst.pk, ON).parent.glob(f"{inst.pk}-*.npz"))
    selectors._POOL_CACHE.clear()  # what a restarted process has
    # One query, the fingerprint: the arrays come from the file.
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"), django_assert_num_queries(1):
        loaded = selectors.candidate_pool(inst.pk, on=ON)
    assert "loaded from disk" in caplog.text
    same_pool(built, loaded)
    assert rankings(loaded, inst.pk) == rankings(built, inst.pk)


def pns(inst, k: int = 0) -> Employee:
    return Employee.objects.filter(instansi=inst, status=Employee.Status.PNS).order_by("pk")[k]


def add_skp(inst):
    e = pns(inst, 3)
    SkpHistory.objects.create(employee=e, year=ON.year - 1, predikat="kurang")  # a single save: a signal
    return {e.pk}


def add_sentence_in_bulk(inst):
    e = pns(inst, 5)  # a bulk writer that marked nobody: the new row is found by its id
    DisciplineHistory.objects.bulk_create(
        [DisciplineHistory(employee=e, level="B", start=date(2026, 3, 1), end=None, name="Hukuman berat")]
    )
    return {e.pk}


def remove_assessment(inst):
    # The oldest: removing the newest row of a history lowers its highest id, which rebuilds (a rollback).
    a = Assessment.objects.filter(employee__instansi=inst, employee__status=Employee.Status.PNS).order_by(
        "pk"
    )[0]
    Assessment.objects.filter(employee_id=a.employee_id).delete()  # deleted one by one: signals
    return {a.employee_id}


def demote_marked(inst):
    e = pns(inst, 2)
    Employee.objects.filter(pk=e.pk).update(status=Employee.Status.PPPK)  # a bulk update, then its mark
    mark_changed(employee_ids=[e.pk])
    return {e.pk}


def delete_employee(inst):
    e = pns(inst, 1)
    pk = e.pk
    Assessment.objects.filter(employee=e).delete()
    e.delete()  # a single delete: a signal (his histories go with him)
    return {pk}


def move_post(inst):
    e = pns(inst, 4)
    e.tmt_jabatan = date(2025, 1, 6)
    e.save()
    return {e.pk}


CHANGES = [add_skp, add_sentence_in_bulk, remove_assessment, demote_marked, delete_employee, move_post]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_change_refreshes_only_its_people_and_ranks_as_a_fresh_pool(inst, change, caplog):
    before = selectors.candidate_pool(inst.pk, on=ON)
    size = len(before)
    ids = change(inst)
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        after = selectors.candidate_pool(inst.pk, on=ON)
    assert f"refreshed {len(ids)} of" in caplog.text, caplog.text
    same_pool(after, fresh(inst.pk))
    assert rankings(after, inst.pk) == rankings(fresh(inst.pk), inst.pk)
    assert len(after) in (size, size - 1)


def test_a_new_person_joins_the_pool(inst, caplog):
    before = selectors.candidate_pool(inst.pk, on=ON)
    twin = pns(inst, 0)
    twin.pk, twin.nip, twin.bkn_id, twin.position = None, "198001012005011999", None, None
    Employee.objects.bulk_create([twin])  # unmarked: found as a new id of the instansi
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        after = selectors.candidate_pool(inst.pk, on=ON)
    assert "refreshed 1 of" in caplog.text
    assert len(after) == len(before) + 1
    same_pool(after, fresh(inst.pk))


def test_an_instansi_wide_mark_builds_the_pool_again(inst, caplog):
    selectors.candidate_pool(inst.pk, on=ON)
    mark_changed(instansi_id=inst.pk)  # an import, a finalised period
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        selectors.candidate_pool(inst.pk, on=ON)
    assert "built for" in caplog.text


def test_marks_of_another_instansi_change_nothing_here(inst, caplog):
    held = selectors.candidate_pool(inst.pk, on=ON)
    mark_changed(instansi_id=inst.pk + 1000)
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        again = selectors.candidate_pool(inst.pk, on=ON)
    assert "refreshed 0 of" in caplog.text
    same_pool(held, again)


def test_a_corrected_skp_counts_in_the_pool_as_in_the_evidence(inst):
    """Two records of a year: the later entry counts, in a pool built afresh and in one refreshed, whatever
    order the database returns them in (PostgreSQL returned them either way)."""
    e = pns(inst, 3)
    held = selectors.candidate_pool(inst.pk, on=ON)
    first = SkpHistory.objects.filter(employee=e, year=ON.year - 1).get()
    corrected = SkpHistory.objects.create(employee=e, year=ON.year - 1, predikat="kurang")
    SkpHistory.objects.filter(pk=first.pk).update(predikat="sangat_baik")  # a bulk write: not marked
    refreshed, built = selectors.candidate_pool(inst.pk, on=ON), fresh(inst.pk)
    assert refreshed is not held
    for arrays in (refreshed, built):
        i = int(np.flatnonzero(arrays.employee_id == e.pk)[0])
        assert skp_years(arrays, i)[ON.year - 1] == el.PREDIKAT_ORDER["kurang"]
    i = int(np.flatnonzero(built.employee_id == e.pk)[0])
    (c,) = selectors.candidates_at(built, [i])  # the snapshot an evidence view shows
    pos = Position.objects.filter(instansi=inst, level="administrator").order_by("pk")[0]
    _rs, req, post = services._ranking_inputs(pos, ON)
    rows = {r.code: r for r in el.evaluate(c, post, req, on=ON).rows}
    skp = rows[f"skp_{ON.year - 1}"]
    assert (skp.status, skp.params["predikat"], skp.params["record_id"]) == (
        el.NOT_MET,
        "kurang",
        corrected.pk,
    )
    o = services.rank_position(position=pos, on=ON, top=None, near_top=0, pool=built, explain=0)
    assert e.pk not in {int(built.employee_id[k]) for k in o.ranking.order}  # the ranking agrees


def test_a_rolled_back_change_never_stays_in_the_pool(inst):
    selectors.candidate_pool(inst.pk, on=ON)
    e = pns(inst, 0)
    with pytest.raises(RuntimeError), transaction.atomic():
        SkpHistory.objects.create(employee=e, year=ON.year - 1, predikat="sangat_kurang")
        inside = selectors.candidate_pool(inst.pk, on=ON)
        raise RuntimeError
    row = int(np.flatnonzero(inside.employee_id == e.pk)[0])
    assert inside.skp[row, ON.year - 1 - inside.skp_base] == 1  # seen inside the transaction
    assert skp_years(fresh(inst.pk), row) != skp_years(inside, row)
    # Then a change of someone else, whose mark may take the rolled-back mark's id (SQLite reuses ids).
    SkpHistory.objects.filter(employee=pns(inst, 9), year=ON.year - 2).delete()
    same_pool(selectors.candidate_pool(inst.pk, on=ON), fresh(inst.pk))


def test_a_file_this_version_cannot_read_is_built_again(inst, django_capture_on_commit_callbacks):
    path = selectors._pool_path(inst.pk, ON)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pool")
    with django_capture_on_commit_callbacks(execute=True):
        arrays = selectors.candidate_pool(inst.pk, on=ON)
    same_pool(arrays, fresh(inst.pk))
    selectors._POOL_CACHE.clear()
    same_pool(selectors.candidate_pool(inst.pk, on=ON), arrays)  # the new file replaced it


def test_the_build_in_parts_equals_the_build_at_once(inst, monkeypatch):
    whole = fresh(inst.pk)
    monkeypatch.setattr(selectors, "POOL_PART", 7)
    same_pool(fresh(inst.pk), whole)


def test_a_finalised_period_marks_its_instansi(inst, make_user):
    from talenta.talent import services as talent
    from talenta.talent.models import MappingPeriod

    period = MappingPeriod.objects.create(instansi=inst, name="Pemetaan uji", as_of=ON)
    talent.period_run(period=period, by=make_user("admin", instansi=inst))
    last = EmployeeChange.objects.order_by("pk").last()
    talent.period_finalise(period=period, by=make_user("admin", username="admin2", instansi=inst))
    mark = EmployeeChange.objects.filter(pk__gt=last.pk if last else 0).get()
    assert (mark.instansi_id, mark.employee_id) == (inst.pk, None)


def test_the_pool_command_builds_with_progress_and_clear_forgets(inst, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out, err = StringIO(), StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("pool", "--instansi", inst.short_name, "--on", ON.isoformat(), stdout=out, stderr=err)
    size = len(selectors.candidate_pool(inst.pk, on=ON))
    assert f"{inst.short_name}, 1 November 2026: {size} PNS dalam kumpulan" in out.getvalue()
    assert "100.0%" in err.getvalue()
    assert selectors._pool_path(inst.pk, ON).exists()
    call_command(
        "pool", "--clear", "--instansi", inst.short_name, "--on", "2026-11-02", stdout=out, stderr=err
    )
    assert not selectors._pool_path(inst.pk, ON).exists()
    with pytest.raises(CommandError, match="Tidak Ada"):
        call_command("pool", "--instansi", "Tidak Ada", stdout=out, stderr=err)


def test_opening_a_filling_process_prepares_its_pool(inst, make_user, django_capture_on_commit_callbacks):
    pos = Position.objects.filter(instansi=inst, level="jpt_pratama").order_by("pk")[0]
    day = date(2027, 2, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.filling_process_open(
            instansi=inst,
            positions=[pos],
            by=make_user("analis", instansi=inst),
            name="Uji",
            as_of=day,
            today=ON,
        )
    assert (inst.pk, day) in selectors._POOL_CACHE  # built by the task, before any ranking asked
    assert selectors._pool_path(inst.pk, day).exists()


def test_an_orm_delete_of_many_rows_marks_them_once(inst):
    from talenta.people.services import marks_collected

    people = list(
        Employee.objects.filter(instansi=inst, assessments__isnull=False).values_list("pk", flat=True)
    )
    last = EmployeeChange.objects.order_by("pk").last()
    with marks_collected(instansi_id=inst.pk):
        Assessment.objects.filter(employee__instansi=inst).delete()  # one signal per row
    marks = EmployeeChange.objects.filter(pk__gt=last.pk if last else 0)
    assert sorted(marks.values_list("employee_id", flat=True)) == sorted(set(people))
    assert marks.count() == len(set(people))  # one bulk insert of one mark per person


def test_a_copy_changed_on_disk_is_never_ranked_with(inst, django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        built = selectors.candidate_pool(inst.pk, on=ON)
    path = selectors._pool_path(inst.pk, ON)
    with np.load(path, allow_pickle=False) as data:
        state = {k: data[k] for k in data.files}
    state["box"] = np.full_like(state["box"], 9)  # everyone in the top box, the signature kept
    with path.open("wb") as fh:
        np.savez(fh, **state)
    selectors._POOL_CACHE.clear()
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        again = selectors.candidate_pool(inst.pk, on=ON)
    assert "signature does not match" in caplog.text and "built for" in caplog.text
    same_pool(again, built)
    assert set(again.box.tolist()) != {9}


def test_a_whole_instansi_mark_prepares_the_pools_of_its_open_processes(
    inst, make_user, django_capture_on_commit_callbacks
):
    pos = Position.objects.filter(instansi=inst, level="jpt_pratama").order_by("pk")[0]
    day = date(2027, 3, 1)
    services.filling_process_open(
        instansi=inst, positions=[pos], by=make_user("analis", instansi=inst), name="Uji", as_of=day, today=ON
    )  # its own preparation is not run here (no commit)
    assert (inst.pk, day) not in selectors._POOL_CACHE
    with django_capture_on_commit_callbacks(execute=True):
        mark_changed(instansi_id=inst.pk)  # an import that changed rows, a finalised period
    assert (inst.pk, day) in selectors._POOL_CACHE  # rebuilt in the background, not by the next ranking
    selectors.pool_invalidate()
    with django_capture_on_commit_callbacks(execute=True):
        mark_changed(instansi_id=inst.pk + 1000)  # another instansi: nothing of ours
    assert (inst.pk, day) not in selectors._POOL_CACHE


def test_a_pool_folder_that_cannot_be_written_costs_no_answer(inst, settings, tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.TALENTA_POOL_DIR = blocked / "pool"  # its parent is a file: nothing can be written there
    with caplog.at_level(logging.WARNING, logger="talenta.placement.selectors"):
        selectors._save(inst.pk, ON, selectors._Held((0,) * 7, fresh(inst.pk), {}))
    assert "could not be written" in caplog.text
    selectors._POOL_CACHE.clear()
    assert len(selectors.candidate_pool(inst.pk, on=ON)) == len(fresh(inst.pk))


def test_a_move_between_two_instansi_leaves_one_pool_and_joins_the_other(inst, caplog):
    from tests.people.factories import OtherInstansiFactory, UnitFactory

    other = OtherInstansiFactory()
    unit = UnitFactory(instansi=other)
    here, there = selectors.candidate_pool(inst.pk, on=ON), selectors.candidate_pool(other.pk, on=ON)
    assert len(there) == 0
    mover = pns(inst, 6)
    mover.instansi, mover.unit, mover.position = other, unit, None
    mover.save()  # one save: the signal marks him for every instansi's pool
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        left, joined = selectors.candidate_pool(inst.pk, on=ON), selectors.candidate_pool(other.pk, on=ON)
    assert f"instansi {inst.pk} on {ON}: refreshed 1 of" in caplog.text  # the other was empty: built
    assert mover.pk not in left.employee_id.tolist() and len(left) == len(here) - 1
    assert joined.employee_id.tolist() == [mover.pk]
    same_pool(left, fresh(inst.pk))
    same_pool(joined, fresh(other.pk))


def test_a_pool_read_before_marks_were_pruned_is_read_whole_once(inst, caplog):
    """A change marked, then its mark pruned (with others), before the pool is asked again: the refresh
    cannot know whom it concerned, so the pool is built again, and is right; after that it refreshes by
    person as before."""
    from django.utils import timezone

    from talenta.people.services import changes_prune

    selectors.candidate_pool(inst.pk, on=ON)
    changed = demote_marked(inst)
    mark_changed(employee_ids=[pns(inst, 3).pk])  # a newer mark, kept
    EmployeeChange.objects.update(at=timezone.now() - timezone.timedelta(days=365))
    assert changes_prune(before=timezone.now()) >= 1
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        after = selectors.candidate_pool(inst.pk, on=ON)
    assert "built for" in caplog.text and next(iter(changed)) not in after.employee_id.tolist()
    same_pool(after, fresh(inst.pk))
    caplog.clear()
    add_skp(inst)
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        selectors.candidate_pool(inst.pk, on=ON)
    assert "refreshed 1 of" in caplog.text


def test_pruning_marks_of_another_instansi_reads_this_pool_whole_too(inst, caplog):
    """The watermark is one number for every instansi: a copy older than it is read whole whoever's marks
    went (a full read is always right; a refresh past a pruned mark might not be)."""
    from django.utils import timezone

    from talenta.people.services import changes_prune

    selectors.candidate_pool(inst.pk, on=ON)
    mark_changed(instansi_id=inst.pk + 1000)  # another instansi's marks only
    mark_changed(instansi_id=inst.pk + 1000)
    EmployeeChange.objects.update(at=timezone.now() - timezone.timedelta(days=365))
    assert changes_prune(before=timezone.now()) >= 1
    with caplog.at_level(logging.INFO, logger="talenta.placement.selectors"):
        after = selectors.candidate_pool(inst.pk, on=ON)
    assert "built for" in caplog.text
    same_pool(after, fresh(inst.pk))
