"""A user is shown as the person he is (the `orang` filter), never as his login name when a name is known."""

from __future__ import annotations

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def _render(user) -> str:
    return Template("{% load talenta %}{{ u|orang }}").render(Context({"u": user}))


def test_a_user_with_a_name_is_named_and_one_without_by_username(make_user):
    named = make_user("analis", username="analis-bkd")
    named.first_name, named.last_name = "Ratna Sari", "Dewi"
    assert _render(named) == "Ratna Sari Dewi"
    assert _render(make_user("auditor", username="auditor-1")) == "auditor-1"
    assert _render(None) == "–"


def test_a_user_linked_to_an_employee_is_named_as_the_employee(make_user):
    from tests.people.factories import EmployeeFactory

    emp = EmployeeFactory()
    user = make_user("pegawai", username="pegawai-1", instansi=emp.instansi, employee=emp)
    user.first_name = "Nama Akun"
    assert _render(user) == emp.full_name
