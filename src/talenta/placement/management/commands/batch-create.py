"""talenta batch-create --sk NOMOR --date yyyy-mm-dd --decided-by USERNAME DECISIONS.json"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.accounts import policy
from talenta.placement import services


class Command(BaseCommand):
    help = "Record an installation batch signed outside Talenta; decision types are derived from the data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("decisions", type=Path)
        parser.add_argument("--sk", required=True)
        parser.add_argument("--date", required=True, type=date.fromisoformat)
        parser.add_argument("--decided-by", required=True)

    def handle(self, *, decisions: Path, sk: str, date: date, decided_by: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=decided_by).first()
        if user is None or not policy.can(user, "placement.batch.create"):
            raise CommandError(f"{decided_by!r} bukan pengguna dengan peran Pimpinan (PPK).")
        try:
            rows = json.loads(decisions.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise CommandError(f"{decisions}: {e}") from e
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise CommandError(f'{decisions}: harus berupa daftar objek {{"nip", "position"}}.')
        try:
            batch = services.batch_create_from_rows(
                instansi=user.instansi, sk_nomor=sk, sk_date=date, by=user, rows=rows
            )
        except ValidationError as e:
            raise CommandError("\n".join(e.messages)) from e
        self.stdout.write(str(batch.pk))
