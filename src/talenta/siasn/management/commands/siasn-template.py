from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from talenta.siasn.exports import siasn_template


class Command(BaseCommand):
    help = "Write the empty Talenta Excel template for SIASN data (one sheet per record kind)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *, out: Path, **options: Any) -> None:
        siasn_template(out)
        self.stdout.write(self.style.SUCCESS(f"Templat ditulis ke {out}"))
