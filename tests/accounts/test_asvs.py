"""Issue #14, accounts and sessions (OWASP ASVS L2): tokens always expire, idle sessions end, generated
and reset passwords are changed at first login, a reset revokes tokens and sessions, private answers are
not cached, and every answer carries a Permissions-Policy."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from talenta.accounts.models import ApiToken, User
from talenta.accounts.services import token_authenticate, token_create, user_create, user_reset_password
from talenta.accounts.session import LAST_SEEN
from talenta.core.models import AuditEntry
from tests.people.factories import EmployeeFactory, InstansiFactory, UnitFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Kopi-Tubruk-Serang-2026"


@pytest.fixture
def analis(make_user):
    return make_user("analis", instansi=InstansiFactory())


def test_a_token_without_days_expires_after_the_default(analis, settings):
    settings.API_TOKEN_DEFAULT_DAYS = 90
    token_create(user=analis, name="skrip")
    left = ApiToken.objects.get().expires_at - timezone.now()
    assert timedelta(days=89) < left <= timedelta(days=90)


def test_a_token_longer_than_the_maximum_is_refused(analis, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    with pytest.raises(ValidationError) as e:
        token_create(user=analis, name="skrip", days=366)
    assert e.value.code == "token_days"
    assert not ApiToken.objects.exists()


def test_a_token_with_no_expiry_does_not_authenticate(analis):
    new = token_create(user=analis, name="skrip")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert token_authenticate(new.secret) is None


def test_an_idle_session_ends_after_the_idle_timeout(client, analis, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(analis)
    assert client.get(reverse("accounts:my-tokens")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("accounts:my-tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("accounts:my-tokens")).status_code == 302  # signed out, not just redirected


def test_an_active_session_stays_inside_the_idle_timeout(client, analis, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(analis)
    client.get(reverse("accounts:my-tokens"))
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("accounts:my-tokens")).status_code == 200


def test_a_generated_password_must_be_changed_at_first_login(client, analis):
    user, password = user_create(username="baru", role="analis", instansi=analis.instansi)
    client.post(reverse("accounts:login"), {"username": "baru", "password": password})
    response = client.get(reverse("people:employee-list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password-change")
    page = client.get(reverse("accounts:password-change"))
    assert page.status_code == 200 and "Ganti kata sandi" in page.text
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    assert client.get(reverse("people:employee-list")).status_code == 200
    assert AuditEntry.objects.filter(action="user.password_change", actor_username="baru").exists()


def test_a_wrong_old_password_changes_nothing(client, analis):
    client.force_login(analis)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 422
    analis.refresh_from_db()
    assert analis.check_password(analis.raw_password)


def test_an_admin_reset_revokes_tokens_and_ends_sessions(analis, make_user):
    admin = make_user("admin", instansi=analis.instansi)
    new = token_create(user=analis, name="skrip")
    victim = Client()
    victim.force_login(analis)
    assert victim.get(reverse("accounts:my-tokens")).status_code == 200
    password = user_reset_password(user=analis, by=admin)
    assert token_authenticate(new.secret) is None
    assert victim.get(reverse("accounts:my-tokens")).status_code == 302  # the old session is gone
    analis.refresh_from_db()
    assert analis.must_change_password and analis.check_password(password)
    assert AuditEntry.objects.get(action="user.reset_password").changes == {"tokens_revoked": 1}


def test_authenticated_answers_are_not_stored_and_carry_a_permissions_policy(client, analis):
    login = client.get(reverse("accounts:login"))
    assert "camera=()" in login["Permissions-Policy"]
    EmployeeFactory(
        unit=UnitFactory(instansi=analis.instansi)
    )  # an export of nobody is a message, not a file
    client.force_login(analis)
    for url in (reverse("people:employee-list"), reverse("people:employee-export"), "/api/v1/employees"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
        assert "geolocation=()" in response["Permissions-Policy"]
    token = token_create(user=analis, name="t").secret
    api = Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200 and api["Cache-Control"] == "no-store"


def test_user_objects_default_to_no_forced_change(analis):
    assert User.objects.get(pk=analis.pk).must_change_password is False
