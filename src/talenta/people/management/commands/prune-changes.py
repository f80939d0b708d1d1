"""talenta prune-changes [--older-than DAYS]: remove old change marks (people.EmployeeChange).

Every save of a person, a post or a history row leaves a mark, read by the candidate pools' refresh
(placement.selectors) and by nothing else; at national size they add up. Run it from cron (weekly, say).
A pool last read before the oldest mark kept is then read whole on its next use, once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from talenta.core import display
from talenta.people.services import changes_prune


class Command(BaseCommand):
    help = "Remove change marks older than N days (default 90); the newest mark is always kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, default=90, metavar="DAYS")

    def handle(self, *, older_than: int, **options: Any) -> None:
        if not 1 <= older_than <= 36_500:
            raise CommandError("--older-than: 1 to 36500 days")
        before = timezone.now() - timedelta(days=older_than)
        gone = changes_prune(before=before)
        self.stdout.write(
            f"{display.angka(gone)} tanda perubahan sebelum {display.waktu(before)} dihapus."
            if gone
            else f"Tidak ada tanda perubahan sebelum {display.waktu(before)}."
        )
