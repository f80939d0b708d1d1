"""The audit trail is append-only (ORM and database) and `talenta audit-verify` catches a raw edit."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from talenta.core.audit import audit_record
from talenta.core.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    return [
        audit_record(action="test.write", target_type="x", target_id=str(i), changes={"n": [i, i + 1]})
        for i in range(5)
    ]


def _verify() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit-verify", stdout=out, stderr=err)
    except SystemExit as e:
        return int(e.code), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def _drop_guard() -> None:
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        else:
            c.execute("DROP TRIGGER core_auditentry_append_only")
            c.execute("DROP TRIGGER core_auditentry_no_delete")


def test_intact_chain_verifies(entries):
    assert _verify() == (0, "OK: 5 entries\n")


def test_orm_refuses_to_update_an_entry(entries):
    entry = entries[2]
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_orm_refuses_to_delete_entries(entries):
    with pytest.raises(AppendOnlyError):
        entries[0].delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entries[0].pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(reason="x")
    assert AuditEntry.objects.count() == 5


def test_database_refuses_a_raw_update(entries):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE core_auditentry SET reason = 'x' WHERE id = %s", [entries[1].pk])
    assert AuditEntry.objects.get(pk=entries[1].pk).reason == ""


def test_database_refuses_a_raw_delete(entries):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    assert AuditEntry.objects.filter(pk=entries[1].pk).exists()


def test_raw_edit_behind_the_guards_is_caught_naming_the_entry(entries):
    _drop_guard()
    with connection.cursor() as c:
        c.execute("UPDATE core_auditentry SET changes = %s WHERE id = %s", ['{"n": [0, 999]}', entries[3].pk])
    code, output = _verify()
    assert code == 1
    assert f"entry {entries[3].pk}" in output


def test_raw_delete_from_the_middle_is_caught(entries):
    _drop_guard()
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("DROP TRIGGER core_auditentry_append_only ON core_auditentry")
        c.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[2].pk])
    code, output = _verify()
    assert code == 1
    assert f"entry {entries[3].pk}" in output
