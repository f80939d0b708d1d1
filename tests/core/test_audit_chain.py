import hashlib
import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from talenta.core.audit import GENESIS, audit_record, audit_verify, entry_content
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
            cur.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")


def _canonical(e):
    return json.dumps(entry_content(e), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


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


def _rewrite(entry_id, **fields):
    sets = ", ".join(f"{k} = %s" for k in fields)
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET {sets} WHERE id = %s", [*fields.values(), entry_id]
        )


def test_the_hash_is_keyed_with_a_key_outside_the_database(settings):
    a, *_ = _chain(1)
    assert settings.AUDIT_KEY_FILE.exists() and oct(settings.AUDIT_KEY_FILE.stat().st_mode)[-3:] == "600"
    plain = hashlib.sha256(f"{GENESIS}|{_canonical(a)}".encode()).hexdigest()
    assert a.hash != plain
    settings.AUDIT_KEY = "another-key"  # the same database read with another key does not verify
    assert not audit_verify().ok


def test_delete_and_rewind_is_caught_by_the_anchor_naming_the_entry(capsys):
    _, b, c = _chain()
    call_command("audit-anchor")
    _drop_append_only_guard()
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [c.pk])
        cur.execute("UPDATE core_audithead SET last_hash = %s, count = 2", [b.hash])
    assert audit_verify(anchors=[]).ok  # without the anchor the shorter chain is valid: why anchors exist
    r = audit_verify()
    assert not r.ok and r.bad_id == c.pk and "removed" in r.problem
    with pytest.raises(SystemExit):
        call_command("audit-verify")
    assert f"entry {c.pk}" in capsys.readouterr().err


def test_edit_and_recompute_without_the_key_is_caught_naming_the_entry(settings):
    a, b, c = _chain()
    call_command("audit-anchor")
    _drop_append_only_guard()
    # The database administrator edits b and recomputes every later hash, as the old sha256 chain allowed.
    _rewrite(b.pk, reason="rewritten")
    b.refresh_from_db()
    prev = a.hash
    for e in (b, c):
        e.refresh_from_db()
        new = hashlib.sha256(f"{prev}|{_canonical(e)}".encode()).hexdigest()
        _rewrite(e.pk, prev_hash=prev, hash=new)
        prev = new
    with connection.cursor() as cur:
        cur.execute("UPDATE core_audithead SET last_hash = %s", [prev])
    r = audit_verify()
    assert not r.ok and r.bad_id == b.pk


def test_a_forged_anchor_is_refused(settings):
    _chain()
    call_command("audit-anchor")
    path = settings.AUDIT_ANCHOR_FILE
    anchor = json.loads(path.read_text())
    path.write_text(json.dumps({**anchor, "count": 2}) + "\n")
    r = audit_verify()
    assert not r.ok and "forged" in r.problem


def test_anchor_appends_one_line_each_time_and_print_writes_nothing(settings, capsys):
    _chain(2)
    call_command("audit-anchor")
    _chain(1)
    call_command("audit-anchor")
    call_command("audit-anchor", "--print")
    lines = settings.AUDIT_ANCHOR_FILE.read_text().splitlines()
    assert [json.loads(x)["count"] for x in lines] == [2, 3]
    assert "count=3" in capsys.readouterr().out.splitlines()[-1]
    call_command("audit-verify")
    assert "2 anchors hold" in capsys.readouterr().out


def test_sqlite_and_postgresql_refuse_a_raw_delete():
    a, *_ = _chain(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [a.pk])
    assert AuditEntry.objects.filter(pk=a.pk).exists()


class _Editor:
    """What the migration uses of a schema editor (SQLite's own cannot open inside a test transaction)."""

    connection = connection

    def execute(self, sql, params=None):
        with connection.cursor() as cur:
            cur.execute(sql, params)


def _lift_guard(on: bool = False) -> None:
    """Disable (or enable again) the UPDATE guard, as the migration itself does."""
    m = __import__("importlib").import_module("talenta.core.migrations.0005_audit_keyed")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(m.PG_GUARD_ON if on else m.PG_GUARD_OFF)
        else:
            cur.execute(m.SQLITE_GUARD_ON if on else m.SQLITE_GUARD_OFF)


def test_the_migration_rekeys_an_old_sha256_chain_and_refuses_a_broken_one():
    import importlib

    from django.db.migrations.executor import MigrationExecutor

    from talenta.core.models import AuditHead

    migration = importlib.import_module("talenta.core.migrations.0005_audit_keyed")
    apps = MigrationExecutor(connection).loader.project_state(("core", "0005_audit_keyed")).apps
    a, b = _chain(2)
    _lift_guard()
    # The chain as the previous version wrote it: plain sha256.
    prev = GENESIS
    for e in (a, b):
        old = hashlib.sha256(f"{prev}|{_canonical(e)}".encode()).hexdigest()
        _rewrite(e.pk, prev_hash=prev, hash=old)
        prev = old
    with connection.cursor() as cur:
        cur.execute("UPDATE core_audithead SET last_hash = %s", [prev])
    _lift_guard(on=True)
    assert not audit_verify().ok
    migration.rehash(apps, _Editor())
    assert audit_verify().ok and AuditHead.objects.get().count == 2
    _lift_guard()
    _rewrite(a.pk, reason="rewritten")
    _lift_guard(on=True)
    with pytest.raises(RuntimeError, match=f"entry {a.pk}"):
        migration.rehash(apps, _Editor())
