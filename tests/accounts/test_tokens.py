from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from talenta.accounts.models import ApiToken
from talenta.accounts.services import token_authenticate, token_create, token_hash, token_revoke
from talenta.core.models import AuditEntry
from tests.people.factories import InstansiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analis(make_user):
    return make_user("analis", instansi=InstansiFactory())


def test_token_stores_only_the_hash_of_the_secret(analis):
    new = token_create(user=analis, name="laptop", days=30)
    token = ApiToken.objects.get()
    assert token.hashed == token_hash(new.secret)
    assert new.secret not in {token.hashed, token.prefix, token.name}
    assert new.secret.startswith(f"tal_{token.prefix}_")
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)


def test_valid_token_authenticates_and_records_use(analis):
    new = token_create(user=analis, name="laptop")
    assert token_authenticate(new.secret) == analis
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("raw", ["", "tal_x_y", "nonsense", "tal_abcd1234_wrongsecret"])
def test_unknown_token_does_not_authenticate(analis, raw):
    token_create(user=analis, name="laptop")
    assert token_authenticate(raw) is None


def test_expired_token_does_not_authenticate(analis):
    new = token_create(user=analis, name="laptop", days=1)
    assert token_authenticate(new.secret, now=timezone.now() + timedelta(days=2)) is None


def test_revoked_token_does_not_authenticate(analis):
    new = token_create(user=analis, name="laptop")
    assert token_revoke(token=new.token, by=analis)
    assert token_authenticate(new.secret) is None
    assert not token_revoke(token=new.token, by=analis)  # second revoke changes nothing


def test_token_of_deactivated_user_does_not_authenticate(analis):
    new = token_create(user=analis, name="laptop")
    analis.is_active = False
    analis.save()
    assert token_authenticate(new.secret) is None


def test_create_and_revoke_are_audited(analis):
    new = token_create(user=analis, name="laptop")
    token_revoke(token=new.token, by=analis)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["token.create", "token.revoke"]
    assert all(new.secret not in str(e.changes) for e in AuditEntry.objects.all())


def test_command_prints_token_once_and_it_works(analis):
    out, err = StringIO(), StringIO()
    call_command("token", "create", analis.username, "--days", "7", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert token_authenticate(secret) == analis
    assert secret not in err.getvalue()
    assert ApiToken.objects.get().prefix in err.getvalue()


def test_command_create_for_unknown_user_fails():
    with pytest.raises(CommandError, match="No user"):
        call_command("token", "create", "nobody", stdout=StringIO(), stderr=StringIO())


def test_command_revokes_by_prefix(analis):
    new = token_create(user=analis, name="a")
    call_command("token", "revoke", new.token.prefix, stdout=StringIO())
    assert token_authenticate(new.secret) is None


def test_command_revokes_all_of_a_user(analis, make_user):
    other = make_user("auditor", username="aud", instansi=analis.instansi)
    mine = [token_create(user=analis, name=str(i)) for i in range(3)]
    theirs = token_create(user=other, name="x")
    out = StringIO()
    call_command("token", "revoke", "--user", analis.username, "--all", stdout=out)
    assert "3 token(s) revoked" in out.getvalue()
    assert all(token_authenticate(t.secret) is None for t in mine)
    assert token_authenticate(theirs.secret) == other


def test_command_revoke_unknown_prefix_fails(analis):
    with pytest.raises(CommandError, match="No token"):
        call_command("token", "revoke", "deadbeef", stdout=StringIO())
