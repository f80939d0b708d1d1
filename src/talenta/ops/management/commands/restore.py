from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.ops.backup import restore
from talenta.placement.selectors import pool_invalidate


class Command(BaseCommand):
    help = "Restore a `talenta backup` file into an empty database (DATABASE_URL), then run audit-verify."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file and the target only")

    def handle(self, *, path: Path, dry_run: bool, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            report = restore(path=path, dry_run=dry_run)
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        if dry_run:
            self.stdout.write(f"Would restore the {report.kind} backup {path} ({report.bytes:,} bytes).")
            return
        pool_invalidate()  # candidate pools kept on disk were read from other data
        rows = sum(report.counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {len(report.counts)} tables, {rows:,} rows from {path}.")
        )
        self.stdout.write("Next: talenta audit-verify")
