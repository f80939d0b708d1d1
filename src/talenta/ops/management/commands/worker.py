"""`talenta worker`: django-tasks' database worker with a heartbeat for `/readyz`.

Several of these may run on one queue (on one or many machines): each claims a job under a row lock
(`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, an exclusive transaction on SQLite), so a job runs once.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from talenta.ops import heartbeat


class Command(DbWorkerCommand):
    help = "Run a background worker (django-tasks database backend) that reports a heartbeat."

    def handle(self, *args: Any, **options: Any) -> None:
        worker = options.get("worker_id") or heartbeat.worker_id()
        stop = heartbeat.start(worker)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
