"""Login lock-out, audit of logins and failures, the password policy, CSRF and the deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talenta.core.models import AuditEntry
from tests.people.factories import InstansiFactory

pytestmark = pytest.mark.django_db
LOGIN = "/akun/masuk/"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def analis(make_user):
    return make_user("analis", instansi=InstansiFactory())


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_good_password_logs_in_and_is_audited(client, analis):
    response = _login(client, analis.username, analis.raw_password)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.login")
    assert (entry.actor_username, entry.ip, entry.target_id) == (analis.username, "10.0.0.7", str(analis.pk))


def test_failure_is_audited_with_username_and_ip_never_the_password(client, analis):
    response = _login(client, analis.username, "salah-sekali-123")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert (entry.target_repr, entry.ip, entry.instansi_id) == (
        analis.username,
        "10.0.0.7",
        analis.instansi_id,
    )
    assert "salah-sekali-123" not in str(entry.changes)


def test_failure_for_unknown_username_is_audited_too(client):
    _login(client, "tidak-ada", "apa-saja-12345")
    assert AuditEntry.objects.get(action="auth.login_failed").target_repr == "tidak-ada"


def test_logout_is_audited(client, analis):
    _login(client, analis.username, analis.raw_password)
    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.filter(action="auth.logout", actor_username=analis.username).count() == 1


def test_five_failures_lock_username_and_ip_with_a_message_in_indonesian(client, analis):
    for _ in range(5):
        _login(client, analis.username, "salah-sekali-123")
    # The right password no longer helps from this address.
    response = _login(client, analis.username, analis.raw_password)
    assert response.status_code == 429
    text = response.content.decode()
    assert 'id="locked-out"' in text
    with translation.override("id"):
        assert "terkunci" in text.lower()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.login_failed").count() >= 5


def test_lock_is_per_username_and_ip(client, analis):
    for _ in range(5):
        _login(client, analis.username, "salah-sekali-123")
    assert _login(Client(), analis.username, analis.raw_password, ip="10.0.0.8").status_code == 302


def test_four_failures_do_not_lock(client, analis):
    for _ in range(4):
        _login(client, analis.username, "salah-sekali-123")
    assert _login(client, analis.username, analis.raw_password).status_code == 302


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Pendek-1", "too short"),
        ("123456789012345", "entirely numeric"),
        ("password1234", "too common"),
        ("analis-user-1", "too similar"),
    ],
)
def test_password_policy_refuses_weak_passwords(password, reason, analis):
    with translation.override("en"), pytest.raises(ValidationError) as e:
        validate_password(password, analis)
    assert reason in " ".join(e.value.messages)


def test_password_policy_accepts_a_long_random_password(analis):
    validate_password("kopi-Pandeglang-" + secrets.token_hex(4), analis)


def test_login_without_csrf_token_is_refused(analis):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": analis.username, "password": analis.raw_password})
    assert response.status_code == 403


def test_login_with_csrf_token_works(analis):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value
    response = client.post(
        LOGIN, {"username": analis.username, "password": analis.raw_password, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_state_changing_views_need_csrf(make_user):
    admin = make_user("admin", instansi=InstansiFactory())
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post(reverse("accounts:my-tokens"), {"name": "x"}).status_code == 403


def _deployed_environ() -> dict[str, str]:
    """The test process's environment as a server's would be: without the switch the browser tests set in
    this process for Playwright (tests/browser/conftest.py), which a deployment must never set."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        **_deployed_environ(),
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "talenta.bkd.bantenprov.example",
        "TALENTA_VAR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "talenta.settings",
    }
    talenta = Path(sys.executable).parent / "talenta"
    result = subprocess.run(
        [str(talenta), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_fail_with_a_short_secret_key(tmp_path):
    env = {
        **_deployed_environ(),
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "pendek",
        "ALLOWED_HOSTS": "x.example",
        "TALENTA_VAR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "talenta.settings",
    }
    talenta = Path(sys.executable).parent / "talenta"
    result = subprocess.run(
        [str(talenta), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr
