"""talenta check-data [--instansi ID] [--json] [--as-of D]: every record that contradicts a rule."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from talenta.core import display
from talenta.people.models import Employee, Instansi
from talenta.placement.quality import KIND_LABELS, check_data
from talenta.placement.rules.quality import ERROR, KINDS


class Command(BaseCommand):
    help = "List every record that contradicts a rule (RULES.md), by kind, with the person and the evidence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", type=int, default=None, help="instansi id (default: all)")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="default today")
        parser.add_argument("--limit", type=int, default=20, help="rows shown per kind (text output)")

    def handle(
        self, *, instansi: int | None, json: bool, as_of: date | None, limit: int, **options: Any
    ) -> None:
        employees = Employee.objects.all()
        if instansi is not None:
            if not Instansi.objects.filter(pk=instansi).exists():
                raise CommandError(f"Instansi {instansi} tidak ditemukan.")
            employees = employees.filter(instansi_id=instansi)
        today = as_of or timezone.localdate()
        found = check_data(employees, today=today)
        errors = sum(len(v) for k, v in found.items() if KINDS[k] == ERROR)
        warnings = sum(len(v) for k, v in found.items() if KINDS[k] != ERROR)
        if json:
            data = {
                "as_of": today.isoformat(),
                "errors": errors,
                "warnings": warnings,
                "kinds": {
                    k: {"severity": KINDS[k], "count": len(v), "findings": [f.as_dict() for f in v]}
                    for k, v in found.items()
                },
            }
            self.stdout.write(_json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            for kind, rows in found.items():
                if not rows:
                    continue
                tag = "KESALAHAN" if KINDS[kind] == ERROR else "peringatan"
                self.stdout.write(f"{tag}: {KIND_LABELS[kind]} ({len(rows)})")
                for f in rows[:limit]:
                    who = f"{f.name} ({f.nip})" if f.nip else f.name
                    self.stdout.write(f"  - {who}: {f.evidence}")
                if len(rows) > limit:
                    self.stdout.write(f"  … dan {len(rows) - limit} lagi")
            self.stdout.write(f"{errors} kesalahan, {warnings} peringatan ({display.tanggal(today)}).")
        if errors:
            raise SystemExit(1)


_json = json
