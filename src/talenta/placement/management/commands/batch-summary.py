"""talenta batch-summary BATCH_ID [--json]."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.placement import services
from talenta.placement.models import InstallationBatch


class Command(BaseCommand):
    help = "Summarise an installation batch: '10 pejabat: 6 rotasi, 3 promosi, 1 penetapan kembali'."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch_id", type=int)
        parser.add_argument("--json", action="store_true")

    def handle(self, *, batch_id: int, json: bool, **options: Any) -> None:
        batch = InstallationBatch.objects.filter(pk=batch_id).first()
        if batch is None:
            raise CommandError(f"Batch pelantikan {batch_id} tidak ditemukan.")
        summary = services.batch_summary(batch)
        if json:
            self.stdout.write(_json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(str(summary["text"]))


_json = json
