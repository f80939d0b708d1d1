"""One participant's unavailable dates, wave and pin: the form, the service it shares with the CSV upload
(same rules, same messages), the reason and the audit entry with before and after, roles and scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from talenta.core.models import AuditEntry
from talenta.people.models import Employee
from talenta.profiling import services
from talenta.profiling.models import Participant, Wave
from tests.people.factories import OtherInstansiFactory, UnitFactory
from tests.profiling.factories import CampaignFactory

TODAY = date(2025, 11, 1)


@pytest.fixture
def campaign(province):
    campaign = CampaignFactory(instansi=province["instansi"])
    services.participants_add(
        campaign=campaign, pool=Employee.objects.all(), by=None, today=TODAY, criteria=services.Criteria()
    )
    services.campaign_schedule(campaign=campaign, by=None, days=5, waves=10, capacity=5)
    return campaign


@pytest.fixture
def p(campaign):
    return (
        Participant.objects.filter(campaign=campaign, wave__number=1)
        .select_related("employee", "wave")
        .first()
    )


def _url(p):
    return reverse("profiling:participant-edit", args=[p.campaign_id, p.pk])


def _login(client, make_user, province, role="analis", **scope):
    client.force_login(make_user(role, instansi=province["instansi"], **scope))
    return client


def test_set_dates_and_pin_with_reason_is_audited_with_before_and_after(campaign, p, make_user):
    user = make_user("analis", instansi=campaign.instansi)
    services.participant_constraints_set(
        participant=p, unavailable="2025-11-18;2025-11-17", wave="7", pinned=True,
        reason="Dinas luar 17-18 November", by=user,
    )  # fmt: skip
    p.refresh_from_db()
    assert p.unavailable == ["2025-11-17", "2025-11-18"] and p.wave.number == 7 and p.pinned
    entry = AuditEntry.objects.get(action="profiling.participant_constraints")
    assert entry.actor_username == user.username
    assert entry.changes["before"] == {"wave": 1, "pinned": False, "unavailable": []}
    assert entry.changes["after"] == {"wave": 7, "pinned": True, "unavailable": ["2025-11-17", "2025-11-18"]}
    assert entry.reason == "Dinas luar 17-18 November" and entry.target_id == str(p.employee_id)


def test_the_pin_is_kept_when_scheduling_again(campaign, p):
    services.participant_constraints_set(
        participant=p, unavailable="", wave="9", pinned=True, reason="Permintaan OPD", by=None
    )
    services.campaign_schedule(campaign=campaign, by=None, days=5, waves=10, capacity=5)
    p.refresh_from_db()
    assert p.wave.number == 9 and p.pinned


def test_unpinning_keeps_the_wave(campaign, p):
    services.participant_constraints_set(
        participant=p, unavailable="", wave="3", pinned=True, reason="a", by=None
    )
    services.participant_constraints_set(
        participant=p, unavailable="", wave="", pinned=False, reason="b", by=None
    )
    p.refresh_from_db()
    assert p.wave.number == 3 and not p.pinned


def test_a_reason_is_required_and_nothing_changes_without_one(campaign, p):
    with pytest.raises(ValidationError) as err:
        services.participant_constraints_set(
            participant=p, unavailable="2025-11-19", wave="4", pinned=True, reason="  ", by=None
        )
    assert "reason" in err.value.message_dict
    p.refresh_from_db()
    assert p.unavailable == [] and p.wave.number == 1 and not p.pinned
    assert not AuditEntry.objects.filter(action="profiling.participant_constraints").exists()


@pytest.mark.parametrize(
    ("unavailable", "wave", "field", "value", "reason"),
    [
        ("2025-11-31", "1", "unavailable", "2025-11-31", "bukan tanggal yyyy-mm-dd."),
        ("", "99", "wave", "99", "gelombang tidak ada."),
        (
            "2025-11-17",
            "1",
            "wave",
            "1",
            "gelombang 1 jatuh pada 17 November 2025, tanggal yang tidak bisa dihadiri.",
        ),
    ],
)
def test_same_rules_and_words_as_the_csv_upload(campaign, p, unavailable, wave, field, value, reason):
    with pytest.raises(ValidationError) as err:
        services.participant_constraints_set(
            participant=p, unavailable=unavailable, wave=wave, pinned=True, reason="x", by=None
        )
    assert err.value.message_dict[field] == [f"Nilai '{value}': {reason}"]
    data = f"nip,unavailable,wave\n{p.employee.nip},{unavailable},{wave}\n".encode()
    with pytest.raises(ValidationError) as csv_err:
        services.participants_constraints_update(campaign=campaign, data=data, by=None)
    assert csv_err.value.messages == [f"Baris 2, kolom {field}, nilai '{value}': {reason}"]
    p.refresh_from_db()
    assert p.unavailable == [] and p.wave.number == 1


def test_a_pinned_wave_on_a_new_unavailable_date_is_refused(campaign, p):
    services.participant_constraints_set(
        participant=p, unavailable="", wave="1", pinned=True, reason="a", by=None
    )
    with pytest.raises(ValidationError) as err:
        services.participant_constraints_set(
            participant=p, unavailable="2025-11-17", wave="", pinned=True, reason="b", by=None
        )
    assert "tidak bisa dihadiri" in err.value.message_dict["wave"][0]


def test_someone_whose_attendance_is_marked_is_not_moved_here(campaign, p):
    services.attendance_mark(participant=p, attendance="absent", by=None)
    with pytest.raises(ValidationError) as err:
        services.participant_constraints_set(
            participant=p, unavailable="", wave="5", pinned=False, reason="x", by=None
        )
    assert "kehadiran sudah dicatat di gelombang 1" in err.value.message_dict["wave"][0]
    p.refresh_from_db()
    assert p.wave.number == 1
    # Dates and pin to his own wave are still editable.
    services.participant_constraints_set(
        participant=p, unavailable="2025-11-21", wave="1", pinned=True, reason="x", by=None
    )
    p.refresh_from_db()
    assert p.unavailable == ["2025-11-21"] and p.pinned


def test_pin_needs_a_wave(province):
    campaign = CampaignFactory(instansi=province["instansi"])
    services.participants_add(
        campaign=campaign, pool=Employee.objects.all(), by=None, today=TODAY, criteria=services.Criteria()
    )
    p = Participant.objects.filter(campaign=campaign).first()
    with pytest.raises(ValidationError) as err:
        services.participant_constraints_set(
            participant=p, unavailable="", wave="", pinned=True, reason="x", by=None
        )
    assert "Pilih gelombang" in err.value.message_dict["wave"][0]
    services.participant_constraints_set(
        participant=p, unavailable="2025-11-20", wave="", pinned=False, reason="x", by=None
    )
    p.refresh_from_db()
    assert p.unavailable == ["2025-11-20"] and p.wave is None


# Screens ----------------------------------------------------------------------------------------------


def test_form_shows_the_current_values(client, make_user, province, p):
    services.participant_constraints_set(
        participant=p, unavailable="2025-11-20", wave="2", pinned=True, reason="x", by=None
    )
    c = _login(client, make_user, province)
    html = c.get(_url(p)).content.decode()
    assert 'value="20/11/2025"' in html and '<option value="2" selected>' in html
    assert 'name="pinned"' in html and "checked" in html.split('name="pinned"')[1].split(">")[0]
    detail = c.get(reverse("profiling:campaign-detail", args=[p.campaign_id])).content.decode()
    assert f'href="{_url(p)}"' in detail


def test_analis_saves_the_form_and_returns_to_the_campaign(client, make_user, province, p):
    c = _login(client, make_user, province)
    r = c.post(
        _url(p), {"unavailable": "2025-11-19", "wave": "2", "pinned": "on", "reason": "Cuti 19 November"}
    )
    assert r.status_code == 302 and r["Location"] == reverse(
        "profiling:campaign-detail", args=[p.campaign_id]
    )
    p.refresh_from_db()
    assert (p.unavailable, p.wave.number, p.pinned) == (["2025-11-19"], 2, True)
    assert AuditEntry.objects.get(action="profiling.participant_constraints").reason == "Cuti 19 November"


def test_form_errors_name_the_field_and_change_nothing(client, make_user, province, p):
    c = _login(client, make_user, province)
    r = c.post(_url(p), {"unavailable": "2025-11-17", "wave": "1", "pinned": "on", "reason": "x"})
    html = r.content.decode()
    assert r.status_code == 422 and "tanggal yang tidak bisa dihadiri" in html
    r = c.post(_url(p), {"unavailable": "", "wave": "2", "reason": ""})
    assert r.status_code == 422 and "wajib" in r.content.decode().lower()
    p.refresh_from_db()
    assert p.wave.number == 1 and p.unavailable == [] and not p.pinned
    assert not AuditEntry.objects.filter(action="profiling.participant_constraints").exists()


def test_a_wave_of_another_campaign_is_not_a_choice(client, make_user, province, p):
    other = CampaignFactory(instansi=province["instansi"], name="Lain")
    Wave.objects.create(
        campaign=other, number=42, date=date(2025, 12, 1), start="08:00", end="12:00", capacity=5
    )
    c = _login(client, make_user, province)
    r = c.post(_url(p), {"unavailable": "", "wave": "42", "reason": "x"})
    assert r.status_code == 422
    p.refresh_from_db()
    assert p.wave.number == 1


@pytest.mark.parametrize("role", ["komite", "pimpinan", "auditor", "kepala-opd"])
def test_only_admin_and_analis_edit_a_participant(client, make_user, province, p, role):
    scope = {"unit": province["opds"][0]} if role == "kepala-opd" else {}
    c = _login(client, make_user, province, role, **scope)
    assert c.get(_url(p)).status_code == 403
    assert c.post(_url(p), {"unavailable": "", "wave": "2", "reason": "x"}).status_code == 403
    p.refresh_from_db()
    assert p.wave.number == 1


def test_another_instansis_participant_is_absent(client, make_user, p):
    other = OtherInstansiFactory()
    client.force_login(make_user("analis", username="analis-lain", instansi=other))
    assert client.get(_url(p)).status_code == 404
    assert client.post(_url(p), {"unavailable": "", "wave": "2", "reason": "x"}).status_code == 404


def test_a_participant_under_another_campaigns_id_is_absent(client, make_user, province, p):
    other = CampaignFactory(instansi=province["instansi"], name="Lain")
    c = _login(client, make_user, province)
    assert c.get(reverse("profiling:participant-edit", args=[other.pk, p.pk])).status_code == 404


def test_admin_edits_too(client, make_user, province, p):
    unit = UnitFactory(instansi=province["instansi"])
    assert unit  # an admin is instansi-wide whatever units exist
    c = _login(client, make_user, province, "admin")
    assert c.post(_url(p), {"unavailable": "", "wave": "4", "reason": "x"}).status_code == 302
    p.refresh_from_db()
    assert p.wave.number == 4
