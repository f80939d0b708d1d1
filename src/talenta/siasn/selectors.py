"""Reads for the SIASN pages: a user's import runs and exports (his instansi only)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from talenta.core.models import Job
from talenta.siasn.exports import EXPORT_KIND
from talenta.siasn.models import ImportRun


def runs_for(user: Any) -> QuerySet[ImportRun]:
    if not (user and user.is_authenticated and user.instansi_id):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(instansi_id=user.instansi_id)


def exports_for(user: Any) -> QuerySet[Job]:
    """The export jobs of the user's instansi (any admin or analis there may download them)."""
    if not (user and user.is_authenticated and user.instansi_id):
        return Job.objects.none()
    return Job.objects.filter(kind=EXPORT_KIND, instansi_id=user.instansi_id)
