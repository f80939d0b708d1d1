"""core.bulk.gc_paused: the cycle collector is off inside, and as it was afterwards. (The inserts are
tested through the SIASN import and the talent mapping, on both databases.)"""

from __future__ import annotations

import gc

import pytest

from talenta.core.bulk import gc_paused


def test_the_collector_is_paused_inside_and_resumes_after_even_on_an_error():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("x")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.django_db(transaction=True)
def test_allocated_ids_are_new_and_never_given_again():
    from django.db import connection, transaction

    from talenta.core.bulk import allocate_ids, fast_insert
    from talenta.people.models import Instansi

    before = Instansi.objects.create(bkn_id="A0", name="Sebelum", kode="A0", kind="provinsi")
    with transaction.atomic():
        ids = allocate_ids(Instansi, 3)
        assert len(set(ids)) == 3 and min(ids) > before.pk
        fast_insert(
            Instansi,
            [Instansi(pk=pk, bkn_id=f"A{pk}", name=f"I {pk}", kode="X", kind="provinsi") for pk in ids],
            with_pk=True,
        )
        assert allocate_ids(Instansi, 0) == []
    after = Instansi.objects.create(bkn_id="Z9", name="Sesudah", kode="Z9", kind="provinsi")
    assert after.pk > max(ids)  # the table's own numbering goes on past them
    assert set(Instansi.objects.values_list("pk", flat=True)) == {before.pk, *ids, after.pk}
    if connection.vendor == "sqlite":
        # SQLite's ids are safe only under the caller's (IMMEDIATE) transaction's write lock.
        with pytest.raises(RuntimeError, match="transaction"):
            allocate_ids(Instansi, 1)


@pytest.mark.django_db
def test_a_dict_row_with_a_column_the_model_lacks_is_refused_not_dropped():
    from talenta.core.bulk import fast_insert
    from talenta.people.models import Instansi

    with pytest.raises(ValueError, match=r"Instansi has no column \['parent'\]"):
        fast_insert(Instansi, [{"bkn_id": "B1", "name": "B", "kind": "provinsi", "parent": None}])
    fast_insert(Instansi, [{"bkn_id": "B2", "name": "Dua", "kind": "provinsi", "parent_id": None}])
    assert Instansi.objects.get(bkn_id="B2").kode == ""  # a column not given gets its default


@pytest.mark.django_db
def test_fast_update_writes_what_the_objects_hold_and_nothing_else():
    """Rows read back as the objects hold them (quotes, JSON with nested and empty values, dates, a foreign
    key, NULLs), on both databases; a row not given is left as it was."""
    from datetime import date

    from talenta.core.bulk import fast_update
    from talenta.people.models import Employee, Instansi, Unit
    from tests.siasn.factories import nip

    inst = Instansi.objects.create(bkn_id="B0", name="Uji", kode="B0", kind="provinsi")
    unit = Unit.objects.create(instansi=inst, name="UNIT", path="u")
    other = Unit.objects.create(instansi=inst, name="LAIN", path="v")

    def person(serial):
        return Employee.objects.create(
            instansi=inst, unit=unit, nip=nip(serial), name=f"P {serial}", birth_date=date(1985, 1, 1)
        )

    people = [person(i) for i in range(1, 6)]
    fields = ["name", "raw", "birth_date", "unit", "tmt_jabatan", "siasn_stamp"]
    for i, e in enumerate(people):
        e.name = f"BARU '{i}' \"x\""
        e.raw = {"kunci": [i, None, "ü"], "kosong": {}} if i % 2 else {}
        e.birth_date = date(1990, 2, i + 1)
        e.unit_id = other.pk if i % 2 else None
        e.tmt_jabatan = None if i % 2 else date(2024, 1, i + 1)
        e.siasn_stamp = 10 + i
    fast_update(Employee, people[:4], fields)
    expected = {
        e.pk: [getattr(e, f.attname) for f in map(Employee._meta.get_field, fields)] for e in people[:4]
    }
    got = {
        pk: list(row)
        for pk, *row in Employee.objects.filter(pk__in=expected).values_list("pk", *[f"{f}" for f in fields])
    }
    assert got == expected
    untouched = Employee.objects.get(pk=people[4].pk)
    assert untouched.name == "P 5" and untouched.unit_id == unit.pk
    fast_update(Employee, [], fields)  # nothing to do
