"""The region of issue #18 for the mutasi and shared-pool tests (tests/placement/factories.py)."""

from __future__ import annotations

import pytest

from tests.placement.factories import banten_region, region_users


@pytest.fixture
def region(db):
    return banten_region()


@pytest.fixture
def users(region, make_user):
    """The BKD roles of both instansi of `region` (a module with its own `users` fixture overrides it)."""
    _, prov, kab = region
    return region_users(prov, kab, make_user)
