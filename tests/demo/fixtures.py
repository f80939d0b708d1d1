"""`demo_province`: a small realistic province (about 300 employees) for any app's tests.

Registered in tests/conftest.py (`pytest_plugins`). Usage::

    def test_something(demo_province):
        demo_province.instansi, demo_province.accounts["analis"], demo_province.summary.counts

`demo_province` builds the province for the test alone (about 2 s on SQLite, 5-8 s on PostgreSQL).
Tests that only read it, or whose writes may be rolled back, can share one: put them in a class and ask for
`shared_demo_province`. The class builds the province once, in a transaction of its own that is rolled
back after its last test; each test runs in a savepoint inside it, so no test sees another's writes. A
test that reads what a transaction cannot roll back (PostgreSQL's planner statistics) keeps its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class DemoProvince:
    instansi: Any
    accounts: dict[str, Any]  # username → User, with `raw_password` set for logging in
    summary: Any


def _province(summary) -> DemoProvince:
    """The province of a generator's summary, its objects read afresh (a test may change them)."""
    from talenta.accounts.models import User
    from talenta.people.models import Instansi

    accounts = {}
    for username, password, _role, _scope in summary.accounts:
        user = User.objects.get(username=username)
        user.raw_password = password
        accounts[username] = user
    return DemoProvince(
        instansi=Instansi.objects.get(pk=summary.instansi_id), accounts=accounts, summary=summary
    )


def _generate():
    from talenta.demo.generator import generate

    return generate(size=300, seed=2026)


@pytest.fixture
def demo_province(db) -> DemoProvince:
    return _province(_generate())


@pytest.fixture(scope="class")
def _demo_province_of_the_class(django_db_setup, django_db_blocker, tmp_path_factory):
    """The province, built once for a class inside a transaction that its teardown rolls back. It is built
    before any test's own fixtures, so with the settings and the state every test starts from."""
    from django.conf import settings as django_settings
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    from talenta.core.display import forget_actors
    from talenta.placement.selectors import pool_invalidate
    from tests.conftest import settings_of_a_test

    folder = tmp_path_factory.mktemp("demo-class")
    with (
        django_db_blocker.unblock(),
        override_settings(**settings_of_a_test(folder)),
        translation.override(django_settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        forget_actors()
        pool_invalidate()
        try:
            yield _generate(), folder
        finally:
            transaction.set_rollback(True)
    pool_invalidate()


@pytest.fixture
def shared_demo_province(_demo_province_of_the_class, db, settings) -> DemoProvince:
    """The class's province (see the module's text); this test's writes are rolled back at its end. The
    test keeps the class's folder, whose audit key signed the province's audit entries."""
    from tests.conftest import settings_of_a_test

    summary, folder = _demo_province_of_the_class
    of_the_class = settings_of_a_test(folder)
    for name in ("VAR_DIR", "AUDIT_KEY_FILE", "AUDIT_ANCHOR_FILE"):
        setattr(settings, name, of_the_class[name])
    return _province(summary)
