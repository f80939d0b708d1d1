"""Issue #12: an editable rule table is a national default that an instansi adopts or overrides, never a
table one instansi's Admin rewrites for everyone. The eligibility requirement tables are tested in
tests/placement/test_services.py; this is the merit-system questionnaire (issue #19)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from talenta.core.models import AuditEntry
from talenta.merit import questionnaire as qn
from talenta.merit import services
from talenta.merit.models import Questionnaire
from tests.access.world import build_world

pytestmark = pytest.mark.django_db


def _version(name: str, title: str) -> qn.Parsed:
    data = json.loads(qn.shipped().read_bytes())
    data["version"], data["title"] = name, title
    parsed = qn.check(data)
    assert not parsed.problems, parsed.problems
    return parsed


@pytest.fixture
def world():
    return build_world()


def test_an_admins_questionnaire_is_his_instansis_only(world):
    national = services.questionnaire_current(world.a.instansi.pk)
    report = services.questionnaire_load(
        parsed=_version("2026.B", "Versi Kab. Serang"), by=world.b.users["admin"]
    )
    assert not report.problems
    assert services.questionnaire_current(world.a.instansi.pk) == national
    assert services.questionnaire_current(world.b.instansi.pk).version == "2026.B"
    entry = AuditEntry.objects.filter(action="merit.questionnaire_load").latest("id")
    assert entry.instansi_id == world.b.instansi.pk


def test_another_instansis_questionnaire_is_absent(world):
    services.questionnaire_load(parsed=_version("2026.B", "Versi Kab. Serang"), by=world.b.users["admin"])
    theirs = Questionnaire.objects.get(version="2026.B")
    client = Client()
    client.force_login(world.a.users["analis"])
    url = reverse("merit:questionnaire-xlsx", kwargs={"pk": theirs.pk})
    assert client.get(url).status_code == 404
    client.force_login(world.b.users["analis"])
    assert client.get(url).status_code == 200


def test_the_same_version_name_in_two_instansi_does_not_collide_or_leak(world):
    services.questionnaire_load(parsed=_version("2026.1", "Versi B"), by=world.b.users["admin"])
    report = services.questionnaire_load(
        parsed=_version("2026.1", "Versi A, isi lain"), by=world.a.users["admin"]
    )
    assert not report.problems
    assert services.questionnaire_current(world.a.instansi.pk).title == "Versi A, isi lain"
    assert services.questionnaire_current(world.b.instansi.pk).title == "Versi B"


def test_a_new_assessment_uses_its_own_instansis_version(world):
    services.questionnaire_load(parsed=_version("2026.B", "Versi Kab. Serang"), by=world.b.users["admin"])
    a = services.assessment_create(instansi=world.a.instansi, year=2026, by=world.a.users["analis"])
    b = services.assessment_create(instansi=world.b.instansi, year=2026, by=world.b.users["analis"])
    assert a.questionnaire.instansi_id is None
    assert b.questionnaire.version == "2026.B"
