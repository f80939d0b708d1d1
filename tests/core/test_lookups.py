"""`field__any=[...]`: the same rows as `field__in`, on SQLite (IN json_each of one JSON text) and PostgreSQL
(= ANY of one array)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from talenta.people.models import Employee
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_any_matches_what_in_matches():
    people = EmployeeFactory.create_batch(5)
    wanted = [people[0].nip, people[3].nip, "000000000000000000"]
    got = set(Employee.objects.filter(nip__any=wanted).values_list("pk", flat=True))
    assert got == {people[0].pk, people[3].pk}
    assert got == set(Employee.objects.filter(nip__in=wanted).values_list("pk", flat=True))


def test_any_of_nothing_matches_nothing_and_combines_with_or():
    e = EmployeeFactory(bkn_id="ABC")
    assert not Employee.objects.filter(nip__any=[]).exists()
    assert list(Employee.objects.filter(Q(nip__any=[]) | Q(bkn_id__any=["ABC"]))) == [e]


def test_on_postgresql_thousands_of_keys_are_one_parameter():
    keys = [f"{i:018d}" for i in range(3000)]
    with CaptureQueriesContext(connection) as ctx:
        assert not Employee.objects.filter(nip__any=keys).exists()
    sql = ctx.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
    else:
        assert "IN (SELECT value FROM json_each(" in sql
    assert sql.count("000000000000002999") == 1  # the keys travel once, as one value


def test_any_matches_integers_and_texts_that_look_like_numbers_or_quote():
    a = EmployeeFactory(bkn_id="0042")
    b = EmployeeFactory(bkn_id="A\"B\\C'D é")
    EmployeeFactory(bkn_id="42")
    assert list(Employee.objects.filter(bkn_id__any=["0042"])) == [a]
    assert list(Employee.objects.filter(bkn_id__any=["A\"B\\C'D é"])) == [b]
    assert set(Employee.objects.filter(pk__any=[a.pk, b.pk, 10**9])) == {a, b}
    both = [a.pk, b.pk]
    assert set(Employee.objects.filter(pk__any=both)) == set(Employee.objects.filter(pk__in=both))


def test_any_on_a_small_integer_and_on_texts_json_would_escape():
    a = EmployeeFactory(bkn_id="C:\\u0000 \u00e9\u4e2d")  # a backslash then "u0000", not a NUL
    b = EmployeeFactory(bkn_id="line\nbreak\ttab")
    assert list(Employee.objects.filter(bkn_id__any=[a.bkn_id])) == [a]
    assert list(Employee.objects.filter(bkn_id__any=[b.bkn_id, "x" * 70])) == [b]
    Employee.objects.filter(pk=a.pk).update(mk_tahun=7)
    assert list(Employee.objects.filter(mk_tahun__any=[7, 70000])) == [a]
    assert not Employee.objects.filter(nip__any=[a.nip + "0"]).exists()  # 19 characters: never truncated
