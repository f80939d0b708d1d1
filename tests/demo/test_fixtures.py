"""`shared_demo_province` (tests/demo/fixtures.py): one province for a class, no test seeing another's writes,
nothing left after the class."""

from __future__ import annotations

import pytest

from talenta.people.models import Employee, Instansi

pytestmark = pytest.mark.django_db


class TestOneProvinceForAClass:
    def test_a_test_may_change_the_province(self, shared_demo_province):
        Instansi.objects.filter(pk=shared_demo_province.instansi.pk).update(name="Diubah oleh sebuah tes")
        Employee.objects.filter(instansi=shared_demo_province.instansi).update(unit=None, position=None)
        assert not Employee.objects.filter(unit__isnull=False).exists()

    def test_the_next_test_sees_the_province_as_it_was_built(self, shared_demo_province):
        assert shared_demo_province.instansi.name != "Diubah oleh sebuah tes"
        assert Employee.objects.filter(instansi=shared_demo_province.instansi).count() == 300
        assert not Employee.objects.filter(unit__isnull=True).exists()


def test_nothing_of_the_class_province_is_left_after_the_class():
    assert not Employee.objects.exists()
    assert not Instansi.objects.exists()
