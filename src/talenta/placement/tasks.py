"""Background work of placement (django-tasks; the test settings run tasks immediately)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from talenta.placement import selectors


@task()
def pool_prepare(instansi_id: int, on: str) -> None:
    """Build or refresh the instansi's candidate pool for appointments on `on` (ISO date) before anyone
    ranks with it: a new filling process enqueues it, so its first ranking does not read the whole
    instansi inside a request."""
    selectors.candidate_pool(instansi_id, on=date.fromisoformat(on))
