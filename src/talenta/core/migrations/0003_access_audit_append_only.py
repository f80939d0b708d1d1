"""A database guard for the append-only audit trail: UPDATE/DELETE of core_auditentry raise.

PostgreSQL refuses UPDATE and DELETE. SQLite refuses UPDATE only: Django's test flush on SQLite empties
tables with DELETE (PostgreSQL uses TRUNCATE, which row triggers do not see), and the ORM refuses deletes."""

from django.db import migrations

PG_UP = ["""
CREATE OR REPLACE FUNCTION talenta_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_auditentry is append-only (% of entry %)', TG_OP, OLD.id;
END;
$$ LANGUAGE plpgsql
""", """CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION talenta_audit_append_only()
"""]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS talenta_audit_append_only()",
]
SQLITE_UP = ["""
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END
"""]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS core_auditentry_append_only"]


def _run(sql: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in sql.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_job")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
