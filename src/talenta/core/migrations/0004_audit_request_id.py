"""The request id on audit entries (issue #16).

On SQLite, adding a NOT NULL column rebuilds core_auditentry, which drops its append-only trigger
(0003): it is created again here."""

from django.db import migrations, models

SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS core_auditentry_append_only BEFORE UPDATE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END
"""


def recreate_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_access_audit_append_only")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="request_id",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(recreate_sqlite_trigger, migrations.RunPython.noop),
    ]
