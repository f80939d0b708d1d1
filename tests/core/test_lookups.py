"""`field__any=[...]`: the same rows as `field__in`, on SQLite (IN) and PostgreSQL (= ANY of one array)."""

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
        assert " IN (" in sql
