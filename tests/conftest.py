"""Shared test set-up: background tasks run immediately, plain static storage, fast password hashing."""

from __future__ import annotations

from pathlib import Path

import pytest

# Shared fixtures of other test packages (e.g. `demo_province`, a small realistic province).
pytest_plugins = ["tests.demo.fixtures"]


def pytest_collection_modifyitems(config, items):
    """The longest tests first (`long`, then `slow`), the rest in their order: xdist hands out tests in
    this order, and a minute-long test handed out last kept one worker busy while the other had finished
    (measured on 6 December 2026: `make run` from 614 s to 706 s of the SQLite pass, the other worker idle
    from 615 s)."""
    items.sort(
        key=lambda item: 0 if item.get_closest_marker("long") else 1 if item.get_closest_marker("slow") else 2
    )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    """.ci/run compares the tests collected with the tests its JUnit report holds (issue #14): each worker
    writes the number it collected to TALENTA_COLLECTED, so the run that reports also counts."""
    import os

    if path := os.environ.get("TALENTA_COLLECTED"):
        with open(path, "a") as f:
            f.write(f"{node.gateway.id} {len(ids)}\n")


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_two_factor() -> None:
    """Admin and Pimpinan must pass 2FA (accounts/otp.py): a test's force_login enrols a TOTP device for
    such a user and marks the session verified through `otp_verified`, the function the real login flow
    calls. The flow itself is tested in tests/accounts/test_otp.py and by the browser's login()."""
    from types import SimpleNamespace

    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from talenta.accounts import otp

        if otp.otp_required(user) or otp.otp_enrolled(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = self.session
            otp.otp_verified(SimpleNamespace(user=user, session=session), device)
            session.save()

    Client.force_login = force_login


def _audit_table() -> str:
    """The audit log's table: the one a trigger guards against DELETE on both databases."""
    from talenta.core.models import AuditEntry

    return AuditEntry._meta.db_table


@pytest.fixture(autouse=True, scope="session")
def _flush_lifts_the_sqlite_audit_guard() -> None:
    """SQLite refuses DELETE of audit entries (core migration 0004), and Django's test flush (after a
    transactional or live-server test) empties tables with DELETE: the flush alone lifts the guard and
    puts it back. PostgreSQL flushes with TRUNCATE, which the row trigger does not see."""
    import importlib

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    DatabaseOperations = type(connection.ops)
    guard = importlib.import_module("talenta.core.migrations.0005_audit_keyed").SQLITE_DELETE
    original = DatabaseOperations.sql_flush
    audit = _audit_table()

    def sql_flush(self, style, tables, **kwargs):
        sql = original(self, style, tables, **kwargs)
        if audit not in tables:
            return sql
        return [f"DROP TRIGGER IF EXISTS {audit}_no_delete", *sql, guard]

    DatabaseOperations.sql_flush = sql_flush


@pytest.fixture(autouse=True, scope="session")
def _flush_empties_only_the_tables_with_rows() -> None:
    """PostgreSQL: Django's test flush (after each transactional or live-server test) truncates every
    table, and TRUNCATE gives each table new files whether it held a row or not: 0.37 s a flush, a fifth
    of the schemathesis tests' time. A test fills a few tables with a few rows: the flush now finds them
    (one query) and deletes their rows, in one transaction, so the foreign keys (Django makes them
    deferrable, initially deferred) are checked once every table is empty. The audit table, whose trigger
    refuses DELETE (core migration 0003), is truncated. Asked to reset the sequences too (a test's
    `reset_sequences`), the flush truncates every table as before."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    DatabaseOperations = type(connection.ops)
    original = DatabaseOperations.sql_flush
    audit = _audit_table()

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quote = self.quote_name
        probe = " UNION ALL ".join(
            f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {quote(table)})" for i, table in enumerate(tables)
        )
        with self.connection.cursor() as cursor:
            cursor.execute(probe)
            filled = [tables[i] for (i,) in sorted(cursor.fetchall())]
        return [
            f"TRUNCATE {quote(table)}" if table == audit else f"DELETE FROM {quote(table)}"
            for table in filled
        ]

    DatabaseOperations.sql_flush = sql_flush


def settings_of_a_test(folder: Path) -> dict:
    """The settings every test runs with; `folder` is the test's own (uploads, exports, the audit key).
    Also applied by fixtures wider than a test (tests/demo/fixtures.py), which run before `_test_settings`."""
    from django.conf import settings

    return {
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "DASHBOARD_CACHE_SECONDS": 0,  # every test sees its own figures (tests/core/test_home_cache.py)
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        # Uploads and export files land in the test's own folder, never in the project's var/.
        "VAR_DIR": folder / "var",
        "AUDIT_KEY_FILE": folder / "var" / "audit" / "key",
        "AUDIT_ANCHOR_FILE": folder / "var" / "audit" / "anchors.jsonl",
    }


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    for name, value in settings_of_a_test(tmp_path).items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _the_default_language():
    """Every test starts in the default language (Indonesian), whatever an earlier test's request or
    `translation.activate` left active in the thread: a test's outcome must not depend on the order."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_actor_name_of_an_earlier_test() -> None:
    """The names of actors a thread has looked up (core.display.actor) belong to an earlier test's users."""
    from talenta.core.display import forget_actors

    forget_actors()


@pytest.fixture
def reference(db):
    from talenta.core.reference import load_reference

    return load_reference()


@pytest.fixture
def make_user(db):
    """make_user("analis", instansi=..., unit=..., employee=...) → a user with that role."""
    from talenta.accounts.models import User

    def make(role: str, *, username: str | None = None, password: str = "rahasia-Talenta-2026", **scope):
        user = User.objects.create_user(
            username=username or f"{role}-user", password=password, role=role, **scope
        )
        user.raw_password = password
        return user

    return make


@pytest.fixture(autouse=True, scope="session")
def _candidate_pools_in_a_temporary_folder(tmp_path_factory) -> None:
    """Each test process keeps its candidate pools (placement.selectors) in its own folder."""
    from django.conf import settings

    settings.TALENTA_POOL_DIR = tmp_path_factory.mktemp("pool")


@pytest.fixture(autouse=True)
def _no_candidate_pool_of_an_earlier_test() -> None:
    """Ids are reused between tests (a rolled-back transaction): a pool kept by an earlier test could match
    a later test's fingerprint. Every test starts without one."""
    from talenta.placement.selectors import pool_invalidate

    pool_invalidate()
