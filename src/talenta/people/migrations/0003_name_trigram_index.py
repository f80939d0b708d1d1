"""Name search ("contains", as you type) at national size on PostgreSQL: a trigram GIN index on
UPPER(name), which is what Django's `name__icontains` compares. pg_trgm needs the right to create the
extension; without it the migration says so and leaves the index out (search still works, by scan).
SQLite has no such index: the embedded database serves a province, not the nation."""

from django.db import migrations

FORWARD = """
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'pg_trgm not available: employee name search will scan';
    END;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX IF NOT EXISTS employee_name_trgm_idx
            ON people_employee USING gin (UPPER(name::text) gin_trgm_ops);
    END IF;
END
$$;
"""
BACKWARD = "DROP INDEX IF EXISTS employee_name_trgm_idx;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_level_choices")]
    operations = [migrations.RunPython(forward, backward)]
