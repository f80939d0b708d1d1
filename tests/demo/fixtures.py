"""`demo_province`: a small realistic province (about 300 employees) for any app's tests.

Registered in tests/conftest.py (`pytest_plugins`). Usage::

    def test_something(demo_province):
        demo_province.instansi, demo_province.accounts["analis"], demo_province.summary.counts
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


@pytest.fixture
def demo_province(db) -> DemoProvince:
    from talenta.accounts.models import User
    from talenta.demo.generator import generate
    from talenta.people.models import Instansi

    summary = generate(size=300, seed=2026)
    accounts = {}
    for username, password, _role, _scope in summary.accounts:
        user = User.objects.get(username=username)
        user.raw_password = password
        accounts[username] = user
    return DemoProvince(
        instansi=Instansi.objects.get(pk=summary.instansi_id), accounts=accounts, summary=summary
    )
