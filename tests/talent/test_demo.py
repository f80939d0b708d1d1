"""talent.demo.seed on a small factory-built instansi."""

from __future__ import annotations

from datetime import date

import pytest

from talenta.accounts.models import User
from talenta.talent import demo
from talenta.talent.models import CommitteeMember, MappingPeriod, Successor
from tests.people.factories import InstansiFactory, JptPositionFactory, UnitFactory

from .factories import mappable_employee

pytestmark = pytest.mark.django_db


def test_seed_builds_committee_periods_and_succession():
    instansi = InstansiFactory()
    unit = UnitFactory(instansi=instansi)
    for i in range(8):
        mappable_employee(
            unit=unit,
            years=(2023, 2024),
            predikat=("sangat_baik", "sangat_baik"),
            potential=str(80 + i * 3),
            golongan="42",
        )
    JptPositionFactory(unit=unit, is_critical=True, critical_reason="Kepala OPD strategis")
    counts = demo.seed(instansi=instansi, seed=1, size=8, as_of=date(2026, 11, 1))
    final = MappingPeriod.objects.get(name="Pemetaan Talenta 2025")
    assert final.is_final and final.as_of == date(2025, 12, 31)
    assert MappingPeriod.objects.get(name="Pemetaan Talenta 2026").status == "draft"
    assert CommitteeMember.objects.get(is_chair=True).user.username == "komite-sekda"
    assert User.objects.filter(username__in=["komite-sekda", "komite-bkd", "komite"]).count() == 3
    assert counts["talent.Calibration"] >= 1
    assert Successor.objects.exists()
    assert counts["talent.DevelopmentPlan"] >= 1
    # Idempotent: a second call adds no period.
    demo.seed(instansi=instansi, seed=1, size=8, as_of=date(2026, 11, 1))
    assert MappingPeriod.objects.count() == 2
