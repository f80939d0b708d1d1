"""`talenta merit-questionnaire load FILE`: load a questionnaire version (JSON as shipped, or the official
worksheet as .xlsx with --version and --title)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.merit import questionnaire as qn
from talenta.merit import services


class Command(BaseCommand):
    help = "Load a merit-system questionnaire version (JSON, or the official worksheet as .xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--questionnaire-version", dest="q_version", default="", help="for .xlsx: the version to store"
        )
        parser.add_argument("--title", default="", help="for .xlsx: the title")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *, path: Path, q_version: str, title: str, dry_run: bool, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        raw = path.read_bytes()
        if path.suffix.lower() == ".xlsx":
            parsed = qn.read_xlsx(raw, version=q_version, title=title)
        else:
            parsed = qn.read_json(raw)
        report = services.questionnaire_load(parsed=parsed, dry_run=dry_run)
        if report.problems:
            raise CommandError("\n".join(map(str, report.problems)))
        verb = "checked (dry run)" if dry_run else "loaded"
        self.stdout.write(
            self.style.SUCCESS(
                f"Questionnaire {parsed.data['version']} {verb}: {report.questions} questions."
            )
        )
