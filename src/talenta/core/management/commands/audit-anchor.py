from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.core.audit import audit_anchor


class Command(BaseCommand):
    help = (
        "Sign the audit chain's head (count, last id, hash) and append it to the anchor file outside the "
        "database; --print only prints it (for a paper register or another system)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print", action="store_true", dest="print_only", help="print, do not write")

    def handle(self, *, print_only: bool, **options: Any) -> None:
        try:
            a = audit_anchor(write=not print_only)
        except ValueError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"{a['at']} count={a['count']} last_id={a['last_id']} head={a['head']} sig={a['sig']}"
        )
        if not print_only:
            self.stdout.write(f"appended to {settings.AUDIT_ANCHOR_FILE}")
