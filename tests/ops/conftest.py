"""The PostgreSQL drills (`-m replica`) need a primary with a streaming replica: `.ci/run` starts one with
scripts/pg_replica.sh and sets DATABASE_URL and DATABASE_REPLICA_URL; elsewhere they are skipped."""

from __future__ import annotations

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    if "replica" in settings.DATABASES:
        return
    skip = pytest.mark.skip(reason="no replica configured (DATABASE_REPLICA_URL); see scripts/pg_replica.sh")
    for item in items:
        if "replica" in item.keywords:
            item.add_marker(skip)
