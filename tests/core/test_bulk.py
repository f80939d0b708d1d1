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
