from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

# The audit tables: the application may read and append, never change, remove or truncate.
AUDIT_TABLES = ("core_auditentry",)


def grants_sql(role: str) -> list[str]:
    """GRANTs for the application's PostgreSQL role (not the owner, who runs migrations): everything it
    needs on the data tables, and only SELECT and INSERT on the audit entries."""
    if not role.replace("_", "").isalnum():
        raise ValueError(f"role name {role!r}: letters, digits and _ only")
    with connection.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [r[0] for r in cur.fetchall()]
    data = [t for t in tables if t not in AUDIT_TABLES]
    db = connection.settings_dict["NAME"]
    return [
        f'REVOKE ALL ON DATABASE "{db}" FROM PUBLIC',
        f'GRANT CONNECT, TEMPORARY ON DATABASE "{db}" TO {role}',
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        *(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{t}" TO {role}' for t in data),
        *(f'GRANT SELECT, INSERT ON "{t}" TO {role}' for t in AUDIT_TABLES),
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]


class Command(BaseCommand):
    help = (
        "Print (or --apply) the PostgreSQL GRANTs for the application's own role: no UPDATE, DELETE, "
        "TRUNCATE or DDL on the audit entries. Run as the owner, after migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role")
        parser.add_argument("--apply", action="store_true")

    def handle(self, *, role: str, apply: bool, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("PostgreSQL only (SQLite has no roles: its triggers guard the audit table)")
        try:
            sql = grants_sql(role)
        except ValueError as e:
            raise CommandError(str(e)) from e
        for statement in sql:
            self.stdout.write(statement + ";")
            if apply:
                with connection.cursor() as cur:
                    cur.execute(statement)
