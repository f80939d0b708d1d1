"""The demo province holds the 2025 self-assessment: computed, one override with a reason, reviewed."""

from __future__ import annotations

import pytest

from talenta.core.audit import audit_verify
from talenta.merit import services
from talenta.merit.models import Answer, Assessment

pytestmark = pytest.mark.django_db


class TestTheDemoSelfAssessments:
    """One province for these tests (tests/demo/fixtures.py: shared_demo_province)."""

    def test_the_demo_holds_a_reviewed_2025_self_assessment(self, shared_demo_province):
        a = Assessment.objects.get(instansi=shared_demo_province.instansi, year=2025)
        assert (a.status, a.submitted_by, a.reviewed_by) == ("reviewed", "analis", "admin")
        assert a.answers.count() == 33 and not services.missing(a)
        computed = a.answers.filter(proposed_score__isnull=False)
        assert computed.count() == 9 and all(x.proposed_evidence["facts"] for x in computed)
        overridden = [x for x in a.answers.all() if x.overridden]
        assert [x.code for x in overridden] == ["8.1"] and overridden[0].override_reason
        assert overridden[0].evidence.exists()

    def test_the_demo_has_the_year_before_for_comparison_and_an_intact_audit_chain(
        self, shared_demo_province
    ):
        years = list(
            Assessment.objects.filter(instansi=shared_demo_province.instansi).values_list("year", flat=True)
        )
        assert sorted(years) == [2024, 2025]
        assert not Answer.objects.filter(assessment__year=2024, override_reason__gt="").exists()
        assert audit_verify().ok
