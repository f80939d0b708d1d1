from typing import Any

from django.core.management.base import BaseCommand

from talenta.core.audit import anchors_read, audit_verify


class Command(BaseCommand):
    help = (
        "Walk the keyed audit chain and check it against the anchors (talenta audit-anchor); exit 0 with "
        "'OK: N entries' or 1 naming the first bad entry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = anchors_read()
        r = audit_verify(anchors=anchors)
        if r.ok:
            self.stdout.write(f"OK: {r.count} entries")
            if anchors:
                self.stdout.write(f"{len(anchors)} anchors hold (the last: {anchors[-1]['at']})")
            return
        where = f"entry {r.bad_id}" if r.bad_id is not None else "end of chain"
        self.stderr.write(f"FAIL: {where}: {r.problem} ({r.count} entries verified before it)")
        raise SystemExit(1)
