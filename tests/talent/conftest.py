"""Fixtures shared by the talent tests: a unit of a new instansi, and its talent committee."""

from __future__ import annotations

import pytest

from talenta.talent import services
from tests.people.factories import InstansiFactory, UnitFactory


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
