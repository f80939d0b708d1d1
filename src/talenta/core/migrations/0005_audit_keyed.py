"""The audit chain becomes keyed (HMAC-SHA256 with AUDIT_KEY, see core/audit.py), and SQLite refuses
DELETE of audit entries as it refuses UPDATE (PostgreSQL already refuses both; its application role gets
no UPDATE, DELETE or DDL on the audit tables either: docs/security.md).

An existing chain is re-hashed once with the key, in id order, after verifying it with the old sha256:
a chain that does not verify is left as it is and the migration stops (run `talenta audit-verify` on the
previous version to find the entry). Not reversible: the old hashes are not kept."""

import hashlib
import json

from django.db import migrations

GENESIS = "0" * 64
SQLITE_DELETE = """
CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END
"""
PG_GUARD_OFF = "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
PG_GUARD_ON = "ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only"
SQLITE_GUARD_OFF = "DROP TRIGGER IF EXISTS core_auditentry_append_only"
SQLITE_GUARD_ON = """
CREATE TRIGGER IF NOT EXISTS core_auditentry_append_only BEFORE UPDATE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END
"""


def _content(e):
    return {
        "at": e.at.isoformat(),
        "actor": e.actor_username,
        "role": e.actor_role,
        "instansi": e.instansi_id,
        "action": e.action,
        "target_type": e.target_type,
        "target_id": e.target_id,
        "target_repr": e.target_repr,
        "changes": e.changes,
        "reason": e.reason,
        "ip": e.ip,
        **({"request_id": e.request_id} if e.request_id else {}),
    }


def rehash(apps, schema_editor):
    from talenta.core.audit import entry_hash

    Entry = apps.get_model("core", "AuditEntry")
    Head = apps.get_model("core", "AuditHead")
    vendor = schema_editor.connection.vendor
    if Entry.objects.exists():
        schema_editor.execute(PG_GUARD_OFF if vendor == "postgresql" else SQLITE_GUARD_OFF)
        old_prev, new_prev, batch, n = GENESIS, GENESIS, [], 0
        for e in Entry.objects.order_by("id").iterator(chunk_size=2000):
            canonical = json.dumps(_content(e), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            if e.prev_hash != old_prev or hashlib.sha256(f"{old_prev}|{canonical}".encode()).hexdigest() != e.hash:
                raise RuntimeError(f"audit entry {e.pk} does not verify: not re-keying a broken chain")
            old_prev = e.hash
            e.prev_hash, e.hash = new_prev, entry_hash(e, new_prev)
            new_prev = e.hash
            batch.append(e)
            n += 1
            if len(batch) >= 2000:
                Entry.objects.bulk_update(batch, ["prev_hash", "hash"])
                batch = []
        Entry.objects.bulk_update(batch, ["prev_hash", "hash"])
        Head.objects.update_or_create(pk=1, defaults={"last_hash": new_prev, "count": n})
        schema_editor.execute(PG_GUARD_ON if vendor == "postgresql" else SQLITE_GUARD_ON)
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DELETE)


def unkey(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_request_id")]

    operations = [migrations.RunPython(rehash, unkey)]
