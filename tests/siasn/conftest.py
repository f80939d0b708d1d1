from __future__ import annotations

import hashlib
import json

import pytest
from django.apps import apps


@pytest.fixture
def refs(reference):
    return reference


def table_state() -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every people/core table: 'exactly as before'."""
    state = {}
    for app in ("people", "core"):
        for model in apps.get_app_config(app).get_models():
            rows = list(model.objects.order_by("pk").values())
            digest = hashlib.sha256(json.dumps(rows, default=str, sort_keys=True).encode()).hexdigest()
            state[model._meta.label] = (len(rows), digest)
    return state


@pytest.fixture
def snapshot():
    return table_state
