"""Reads for the SIASN pages: a user's import runs (his instansi only)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from talenta.siasn.models import ImportRun


def runs_for(user: Any) -> QuerySet[ImportRun]:
    if not (user and user.is_authenticated and user.instansi_id):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(instansi_id=user.instansi_id)
