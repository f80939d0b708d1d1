"""Reads for the SIASN pages: a user's import runs and exports (his instansi only)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from talenta.accounts import scope
from talenta.core.models import Job
from talenta.siasn.exports import EXPORT_KIND
from talenta.siasn.models import ImportRun


def runs_for(user: Any) -> QuerySet[ImportRun]:
    return scope.visible(user, ImportRun)


def exports_for(user: Any) -> QuerySet[Job]:
    """The export jobs the user may see: his own, or all of his instansi's if he may manage SIASN data."""
    return scope.jobs_for(user).filter(kind=EXPORT_KIND)
