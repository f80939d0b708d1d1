"""Shared test set-up: background tasks run immediately, reference data is loaded where needed."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def reference(db):
    from talenta.core.reference import load_reference

    return load_reference()
