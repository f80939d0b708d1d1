import pytest
from django.core.management import call_command
from django.db import connection

from talenta.core.audit import audit_record, audit_verify
from talenta.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _drop_append_only_guard():
    # The database refuses UPDATE/DELETE of audit entries (core migration 0003): a tamperer with
    # database rights would remove the trigger first, so these tests do too.
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry")
        else:
            cur.execute("DROP TRIGGER IF EXISTS core_auditentry_append_only")


def _chain(n=3):
    return [
        audit_record(action="test.write", target_type="x", target_id=str(i), changes={"v": [i, i + 1]})
        for i in range(n)
    ]


def test_each_entry_links_to_the_previous_hash():
    a, b, c = _chain()
    assert b.prev_hash == a.hash and c.prev_hash == b.hash
    assert audit_verify().ok and audit_verify().count == 3


def test_verify_names_the_first_edited_entry(capsys):
    _, b, _ = _chain()
    _drop_append_only_guard()
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {AuditEntry._meta.db_table} SET reason = %s WHERE id = %s", ["rewritten", b.pk])
    r = audit_verify()
    assert not r.ok and r.bad_id == b.pk
    with pytest.raises(SystemExit) as exit_:
        call_command("audit-verify")
    assert exit_.value.code == 1
    assert f"entry {b.pk}" in capsys.readouterr().err


def test_verify_prints_ok_with_the_count(capsys):
    _chain(4)
    call_command("audit-verify")
    assert capsys.readouterr().out.strip() == "OK: 4 entries"


def test_removing_the_last_entry_is_detected():
    *_, c = _chain()
    _drop_append_only_guard()
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [c.pk])
    assert not audit_verify().ok
