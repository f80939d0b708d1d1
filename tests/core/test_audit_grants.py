"""On PostgreSQL the application's own role (`talenta db-grants`) may read and append audit entries but
not change, remove or truncate them, nor drop the guard, even with the trigger gone."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from talenta.core.audit import audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles and grants are PostgreSQL's"),
]
ROLE = "talenta_hard_app"  # created inside the test's transaction: rolled back with it


class _Allowed(Exception):
    pass


@pytest.fixture
def app_role():
    with connection.cursor() as cur:
        cur.execute(f"CREATE ROLE {ROLE} NOLOGIN")
    call_command("db-grants", ROLE, "--apply")
    return ROLE


def _as_app(sql: str, params: list | None = None) -> str:
    """Run `sql` as the application role; '' when allowed, else the error's SQLSTATE. Rolled back."""
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SET LOCAL ROLE {ROLE}")
            cur.execute(sql, params or [])
            raise _Allowed
    except _Allowed:
        return ""
    except DatabaseError as e:
        return getattr(e.__cause__, "sqlstate", "") or type(e).__name__
    finally:
        with connection.cursor() as cur:
            cur.execute("RESET ROLE")


def test_the_application_role_can_read_and_append_but_not_rewrite_the_audit(app_role):
    e = audit_record(action="test.write", target_type="x", target_id="1")
    denied = "42501"  # insufficient_privilege
    # A tamperer with the app's role cannot lift the trigger first; then, with it lifted, still no rights.
    assert _as_app("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only") == denied
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
    assert _as_app("SELECT count(*) FROM core_auditentry") == ""
    assert _as_app("UPDATE core_auditentry SET reason = 'x' WHERE id = %s", [e.pk]) == denied
    assert _as_app("DELETE FROM core_auditentry WHERE id = %s", [e.pk]) == denied
    assert _as_app("TRUNCATE core_auditentry") == denied
    assert _as_app("DROP TABLE core_auditentry") == denied
    assert _as_app("CREATE TABLE t_probe (id int)") == denied
    assert _as_app("UPDATE people_employee SET nip = nip WHERE id = 0") == ""
