"""Fixtures shared by the talent tests: a unit of a new instansi, its talent committee, and four people
of the unit with the evidence of different boxes."""

from __future__ import annotations

from datetime import date

import pytest

from talenta.talent import services
from tests.people.factories import InstansiFactory, UnitFactory

from .factories import mappable_employee


@pytest.fixture
def unit():
    return UnitFactory(instansi=InstansiFactory())


@pytest.fixture
def committee(unit, make_user):
    """(chair, member) of the unit's instansi's committee."""
    chair = make_user("komite", username="komite-sekda", instansi=unit.instansi)
    member = make_user("komite", username="komite-bkd", instansi=unit.instansi)
    services.committee_set(instansi=unit.instansi, user=chair, is_chair=True)
    services.committee_set(instansi=unit.instansi, user=member)
    return chair, member


@pytest.fixture
def people(unit):
    """Box 9, a lower box, one year of SKP only, and an assessment too old to count."""
    return [
        mappable_employee(unit=unit, predikat=("sangat_baik", "sangat_baik"), potential="100"),
        mappable_employee(unit=unit, predikat=("baik", "sangat_baik"), potential="70"),
        mappable_employee(unit=unit, predikat=("baik",), years=(2024,)),
        mappable_employee(unit=unit, assessed_on=date(2019, 3, 1)),
    ]
