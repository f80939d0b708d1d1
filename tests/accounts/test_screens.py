"""Pengguna (Admin) and the audit log screen (Admin, Auditor)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from talenta.accounts import services as accounts_services
from talenta.accounts.models import ApiToken, User
from talenta.accounts.services import token_authenticate, token_create
from talenta.core.audit import audit_record
from talenta.core.models import AuditEntry
from tests.access.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.a.users["admin"])
    return client


def test_user_list_shows_own_instansi_only_and_searches(admin_client, world):
    html = admin_client.get(reverse("accounts:user-list")).content.decode()
    assert "a-analis" in html and "b-analis" not in html
    html = admin_client.get(
        reverse("accounts:user-list"), {"q": "kepala"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "a-kepala-opd" in html and "a-analis" not in html


def test_create_user_shows_the_password_once_and_audits(admin_client, world, rf):
    response = admin_client.post(
        reverse("accounts:user-create"),
        {"username": "sari", "full_name": "Sari Dewi", "role": "kepala-opd", "unit": world.a.other_unit.pk},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = response.context["password"]
    user = User.objects.get(username="sari")
    assert (user.role, user.unit, user.instansi) == ("kepala-opd", world.a.other_unit, world.a.instansi)
    assert authenticate(rf.post("/"), username="sari", password=password) == user
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.actor_username == "a-admin" and password not in str(entry.changes)


def test_create_kepala_opd_without_unit_is_422_and_writes_nothing(admin_client, world):
    response = admin_client.post(reverse("accounts:user-create"), {"username": "sari", "role": "kepala-opd"})
    assert response.status_code == 422
    assert not User.objects.filter(username="sari").exists()


def test_unit_picker_offers_own_instansi_only(admin_client, world):
    response = admin_client.post(
        reverse("accounts:user-create"), {"username": "sari", "role": "kepala-opd", "unit": world.b.unit.pk}
    )
    assert response.status_code == 422
    assert not User.objects.filter(username="sari").exists()


def test_employee_picker_by_nip_refuses_another_instansi(admin_client, world):
    response = admin_client.post(
        reverse("accounts:user-create"),
        {"username": "peg2", "role": "pegawai", "employee_nip": world.b.colleague.nip},
    )
    assert response.status_code == 422
    response = admin_client.post(
        reverse("accounts:user-create"),
        {"username": "peg2", "role": "pegawai", "employee_nip": world.a.colleague.nip},
    )
    assert response.status_code == 200
    assert User.objects.get(username="peg2").employee == world.a.colleague


def test_edit_role_and_scope_is_audited(admin_client, world):
    subject = world.a.subject
    response = admin_client.post(
        reverse("accounts:user-edit", args=[subject.pk]),
        {"username": subject.username, "role": "kepala-opd", "unit": world.a.unit.pk},
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert (subject.role, subject.unit) == ("kepala-opd", world.a.unit)
    entry = AuditEntry.objects.get(action="user.update")
    assert entry.changes["role"] == ["analis", "kepala-opd"]


def test_another_instansi_user_is_404(admin_client, world):
    for name in ("accounts:user-edit", "accounts:user-active", "accounts:user-password"):
        response = admin_client.post(reverse(name, args=[world.b.subject.pk]), {"active": "0"})
        assert response.status_code == 404
    world.b.subject.refresh_from_db()
    assert world.b.subject.is_active


def test_deactivate_revokes_tokens_and_blocks_login(admin_client, world):
    new = token_create(user=world.a.subject, name="x")
    response = admin_client.post(reverse("accounts:user-active", args=[world.a.subject.pk]), {"active": "0"})
    assert response.status_code == 302
    world.a.subject.refresh_from_db()
    assert not world.a.subject.is_active
    assert token_authenticate(new.secret) is None
    assert AuditEntry.objects.filter(action="user.deactivate").count() == 1


def test_admin_cannot_deactivate_himself(admin_client, world):
    admin = world.a.users["admin"]
    admin_client.post(reverse("accounts:user-active", args=[admin.pk]), {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


def test_reset_password_shows_a_new_working_password(admin_client, world, rf):
    response = admin_client.post(reverse("accounts:user-password", args=[world.a.subject.pk]))
    password = response.context["password"]
    assert authenticate(rf.post("/"), username=world.a.subject.username, password=password) == world.a.subject
    assert AuditEntry.objects.filter(action="user.reset_password").exists()


def test_admin_creates_and_revokes_a_users_token(admin_client, world):
    response = admin_client.post(
        reverse("accounts:user-token-create", args=[world.a.subject.pk]), {"name": "etl", "days": "30"}
    )
    secret = response.context["secret"]
    assert token_authenticate(secret) == world.a.subject
    token = ApiToken.objects.get(user=world.a.subject)
    admin_client.post(reverse("accounts:user-token-revoke", args=[world.a.subject.pk, token.pk]))
    assert token_authenticate(secret) is None


def test_token_of_another_user_under_this_user_is_404(admin_client, world):
    other = token_create(user=world.a.users["analis"], name="x").token
    response = admin_client.post(reverse("accounts:user-token-revoke", args=[world.a.subject.pk, other.pk]))
    assert response.status_code == 404


def test_user_manages_his_own_tokens(client, world):
    client.force_login(world.a.users["pegawai"])
    response = client.post(reverse("accounts:my-tokens"), {"name": "hp", "days": "7"})
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=world.a.users["pegawai"])
    assert token.prefix in client.get(reverse("accounts:my-tokens")).content.decode()
    assert secret not in client.get(reverse("accounts:my-tokens")).content.decode()
    client.post(reverse("accounts:my-token-revoke", args=[token.pk]))
    assert token_authenticate(secret) is None


# ------------------------------------------------------------------------------------------ audit log


@pytest.fixture
def log(world):
    a, b = world.a.instansi.pk, world.b.instansi.pk
    audit_record(
        actor=world.a.users["analis"],
        action="people.update",
        target=world.a.employee,
        changes={"golongan": ["33", "34"]},
        reason="SK kenaikan pangkat",
    )
    audit_record(actor=world.a.users["admin"], action="user.create", target=world.a.subject, instansi_id=a)
    audit_record(
        actor=world.b.users["analis"], action="people.update", target=world.b.employee, instansi_id=b
    )
    audit_record(
        actor=world.a.users["analis"], action="people.update", target=world.a.outsider, reason="=HYPERLINK(1)"
    )


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_audit_log_shows_own_instansi_entries(client, world, log, role):
    client.force_login(world.a.users[role])
    html = client.get(reverse("accounts:audit-log")).content.decode()
    assert "SK kenaikan pangkat" in html and "b-analis" not in html


def test_audit_log_filters(client, world, log):
    client.force_login(world.a.users["auditor"])
    page = client.get(reverse("accounts:audit-log"), {"action": "user.", "user": "a-admin"}).context["page"]
    assert [e.action for e in page] == ["user.create"]
    page = client.get(
        reverse("accounts:audit-log"),
        {"target_type": "people.employee", "target_id": str(world.a.employee.pk)},
    ).context["page"]
    assert [e.reason for e in page] == ["SK kenaikan pangkat"]
    page = client.get(reverse("accounts:audit-log"), {"date_from": "2000-01-01", "date_to": "2000-01-02"})
    assert list(page.context["page"]) == []


def test_audit_export_csv_neutralises_formulas(client, world, log):
    client.force_login(world.a.users["auditor"])
    response = client.get(reverse("accounts:audit-export", args=["csv"]), {"action": "people."})
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("id,at,actor_username")
    assert len(text.strip().splitlines()) == 3  # header + 2 own people.update entries
    assert ",'=HYPERLINK(1)," in text and "b-analis" not in text


def test_audit_export_xlsx(client, world, log):
    client.force_login(world.a.users["admin"])
    response = client.get(reverse("accounts:audit-export", args=["xlsx"]), {"action": "people."})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "at", "actor_username")
    assert len(rows) == 1 + 2


def test_verify_button_reports_ok(client, world, log):
    client.force_login(world.a.users["auditor"])
    html = client.post(reverse("accounts:audit-verify")).content.decode()
    assert 'id="verify-ok"' in html


def _tamper(victim: AuditEntry) -> None:
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        else:
            c.execute("DROP TRIGGER core_auditentry_append_only")
        c.execute("UPDATE core_auditentry SET reason = 'diubah' WHERE id = %s", [victim.pk])


def test_verify_button_names_the_broken_entry(client, world, log):
    victim = AuditEntry.objects.filter(instansi_id=world.a.instansi.pk).order_by("id")[1]
    _tamper(victim)
    client.force_login(world.a.users["admin"])
    html = client.post(reverse("accounts:audit-verify")).content.decode()
    assert 'id="verify-bad"' in html and f"entri {victim.pk}" in html


def test_verify_button_counts_and_names_only_the_viewer_s_instansi(client, world, log):
    """The chain is the deployment's; an instansi's auditor is told how many of its own entries it holds,
    and a break in another instansi's entry without its id."""
    from talenta.accounts.audit_views import entries_for

    client.force_login(world.a.users["auditor"])
    html = client.post(reverse("accounts:audit-verify")).content.decode()
    mine = entries_for(world.a.users["auditor"]).count()  # what his audit log lists
    assert AuditEntry.objects.count() > mine
    assert f"termasuk {mine} entri instansi Anda" in html
    victim = AuditEntry.objects.get(instansi_id=world.b.instansi.pk, action="people.update")
    _tamper(victim)
    html = client.post(reverse("accounts:audit-verify")).content.decode()
    assert 'id="verify-bad"' in html and "milik instansi lain" in html and str(victim.pk) not in html
    client.force_login(world.b.users["admin"])
    html = client.post(reverse("accounts:audit-verify")).content.decode()
    assert f"entri {victim.pk}" in html


def test_no_route_edits_or_deletes_audit_entries():
    from tests.access.routes import all_routes

    assert not [
        r.name
        for r in all_routes()
        if "audit" in r.name and any(w in r.name for w in ("edit", "delete", "update", "hapus"))
    ]


def test_an_instansi_admin_cannot_give_the_regional_role_to_anyone_nor_himself(admin_client, world):
    """The regional role reads every instansi of the region: only the deployment's operator gives it (the
    command line), never an instansi's Admin, who would otherwise read the other instansi through it."""
    page = admin_client.get(reverse("accounts:user-create")).content.decode()
    assert 'value="regional"' not in page
    response = admin_client.post(reverse("accounts:user-create"), {"username": "mata", "role": "regional"})
    assert response.status_code == 422 and not User.objects.filter(username="mata").exists()
    with translation.override("id"):
        refused = accounts_services.user_create
        with pytest.raises(ValidationError, match="Hanya operator penyelenggara sistem"):
            refused(username="mata", role="regional", instansi=world.a.instansi)
    admin = world.a.users["admin"]
    for subject in (world.a.subject, admin):
        response = admin_client.post(
            reverse("accounts:user-edit", args=[subject.pk]),
            {"username": subject.username, "role": "regional"},
        )
        assert response.status_code == 422
        subject.refresh_from_db()
        assert subject.role != "regional"
    assert not AuditEntry.objects.filter(action="user.update").exists()


def test_a_regional_user_made_by_the_operator_can_still_be_edited_and_demoted(admin_client, world):
    from talenta.accounts.services import user_create

    regional, _ = user_create(username="kanreg", role="regional", instansi=world.a.instansi, operator=True)
    url = reverse("accounts:user-edit", args=[regional.pk])
    assert 'value="regional"' in admin_client.get(url).content.decode()  # his current role is shown
    response = admin_client.post(url, {"username": "kanreg", "role": "regional", "email": "k@example.org"})
    assert response.status_code == 302
    response = admin_client.post(url, {"username": "kanreg", "role": "auditor"})
    assert response.status_code == 302
    regional.refresh_from_db()
    assert regional.role == "auditor"
