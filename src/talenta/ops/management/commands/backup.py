from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.ops.backup import backup


class Command(BaseCommand):
    help = "Back up the database to one file (SQLite online backup, or pg_dump's custom format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--dry-run", action="store_true", help="count the rows, write nothing")

    def handle(self, *, out: Path, dry_run: bool, **options: Any) -> None:
        try:
            report = backup(out=out, dry_run=dry_run)
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        rows = sum(report.counts.values())
        if dry_run:
            self.stdout.write(
                f"Would write a {report.kind} backup of {len(report.counts)} tables, {rows:,} rows."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{out}: {report.kind}, {len(report.counts)} tables, {rows:,} rows, {report.bytes:,} bytes."
            )
        )
        self.stdout.write("The audit key and the files under var/ are not in it: back them up separately.")
