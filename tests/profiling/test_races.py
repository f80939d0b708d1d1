"""Attendance, moves and removal acting on a participant read before another request changed him (a
second tab): the checks and the audit are made on his row as committed, not on the caller's copy."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from talenta.core.models import AuditEntry
from talenta.people.models import Employee
from talenta.profiling import services
from talenta.profiling.models import Participant
from tests.profiling.factories import CampaignFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 1)


@pytest.fixture
def campaign(province):
    c = CampaignFactory(instansi=province["instansi"])
    services.participants_add(
        campaign=c, pool=Employee.objects.all(), by=None, today=TODAY, criteria=services.Criteria()
    )
    services.campaign_schedule(campaign=c, by=None, days=5, waves=10, capacity=5)
    return c


def _first(campaign) -> Participant:
    return (
        Participant.objects.filter(campaign=campaign, wave__number=1)
        .select_related("wave", "employee", "campaign")
        .first()
    )


def _stale(p: Participant) -> Participant:
    return Participant.objects.select_related("wave", "employee", "campaign").get(pk=p.pk)


def test_moving_an_absentee_since_marked_present_is_refused(campaign):
    p = _first(campaign)
    services.attendance_mark(participant=p, attendance="absent", by=None)
    stale = _stale(p)
    services.attendance_mark(participant=p, attendance="present", by=None)
    with pytest.raises(ValidationError) as e:
        services.participant_move(participant=stale, by=None)
    assert e.value.code == "present"
    p.refresh_from_db()
    assert (p.attendance, p.wave.number) == ("present", 1)


def test_removing_a_participant_since_marked_present_is_refused(campaign):
    p = _first(campaign)
    stale = _stale(p)
    services.attendance_mark(participant=p, attendance="present", by=None)
    with pytest.raises(ValidationError) as e:
        services.participant_remove(participant=stale, by=None)
    assert e.value.code == "locked"
    assert Participant.objects.get(pk=p.pk).attendance == "present"


def test_attendance_on_a_stale_copy_keeps_the_assessed_status(campaign):
    p = _first(campaign)
    services.attendance_mark(participant=p, attendance="present", by=None)
    stale = _stale(p)
    Participant.objects.filter(pk=p.pk).update(status=Participant.Status.ASSESSED)  # his result arrived
    services.attendance_mark(participant=stale, attendance="absent", by=None)
    p.refresh_from_db()
    assert (p.status, p.attendance) == (Participant.Status.ASSESSED, "absent")


def test_attendance_after_a_move_is_audited_in_the_new_wave(campaign):
    p = _first(campaign)
    services.attendance_mark(participant=p, attendance="absent", by=None)
    stale = _stale(p)
    new = services.participant_move(participant=p, by=None)
    services.attendance_mark(participant=stale, attendance="present", by=None)
    e = AuditEntry.objects.filter(action="profiling.attendance_mark").order_by("-pk").first()
    assert e.changes["wave"] == new.number != 1
    assert e.changes["attendance"] == ["", "present"]
