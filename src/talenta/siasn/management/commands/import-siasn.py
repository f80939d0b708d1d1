from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.core.jobs import Progress
from talenta.siasn.formats.writers import write_error_report
from talenta.siasn.services import siasn_import


class Command(BaseCommand):
    help = "Import SIASN files (API JSON, Export Data ASN CSV, Talenta Excel): files, folders or zips."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and count; write nothing.")
        parser.add_argument("--format", default="auto", choices=["auto", "json", "csv", "xlsx"])
        parser.add_argument("--instansi", default="", help="BKN instansi id (when the files do not say).")
        parser.add_argument("--report", type=Path, help="Write the row errors here (.csv or .xlsx).")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows, report the rest."
        )
        parser.add_argument(
            "--hukdis-complete",
            action="store_true",
            help="The files' rw-hukdis covers every person in them (no row: no sentence): record their "
            "discipline history as checked today.",
        )
        parser.add_argument(
            "--read-again",
            action="store_true",
            help="Read every row even when these very files were imported into rows nothing has changed "
            "since (which is otherwise answered from that import's record, without reading them).",
        )

    def handle(
        self,
        *,
        paths: list[Path],
        dry_run: bool,
        format: str,
        instansi: str,
        report: Path | None,
        skip_invalid: bool,
        hukdis_complete: bool,
        read_again: bool = False,
        **options: Any,
    ) -> None:
        progress = Progress(None, "SIASN", stream=self.stderr._out)
        result = siasn_import(
            paths=paths,
            fmt=format,
            instansi_bkn_id=instansi,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            hukdis_complete=hukdis_complete,
            progress=progress,
            replay=not read_again,
        )
        if report is not None:
            write_error_report(result.errors, report)
        self.stdout.write(result.summary())
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        for e in result.errors[:20]:
            self.stderr.write(f"{e.file} {e.row} {e.field} {e.value!r}: {e.message}")
        if result.error_count > 20:
            self.stderr.write(f"... {result.error_count - 20} lagi")
        if dry_run:
            self.stdout.write(self.style.WARNING("Uji coba (--dry-run): tidak ada yang ditulis."))
        elif not result.written:
            raise CommandError(f"{result.error_count} kesalahan; impor ditolak, tidak ada yang ditulis.")
        elif result.changed == 0:
            self.stdout.write(self.style.SUCCESS("Tidak ada perubahan: data sudah sama."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Impor selesai: {result.changed} baris dibuat/diperbarui."))
