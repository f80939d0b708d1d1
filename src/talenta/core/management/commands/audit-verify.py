from typing import Any

from django.core.management.base import BaseCommand

from talenta.core.audit import audit_verify


class Command(BaseCommand):
    help = "Walk the audit hash chain; exit 0 with 'OK: N entries' or 1 naming the first bad entry."

    def handle(self, *args: Any, **options: Any) -> None:
        r = audit_verify()
        if r.ok:
            self.stdout.write(f"OK: {r.count} entries")
            return
        where = f"entry {r.bad_id}" if r.bad_id is not None else "end of chain"
        self.stderr.write(f"FAIL: {where}: {r.problem} ({r.count} entries verified before it)")
        raise SystemExit(1)
