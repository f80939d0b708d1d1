from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.core.jobs import Progress
from talenta.people.models import Instansi, Unit
from talenta.siasn.exports import siasn_export


class Command(BaseCommand):
    help = "Export people and histories in SIASN shapes: json (a folder of envelopes), csv or xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=["json", "csv", "xlsx"])
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--unit", type=int, help="Only this unit and its subtree (Talenta unit id).")
        parser.add_argument("--instansi", default="", help="BKN instansi id (default: the only one).")

    def handle(self, *, format: str, out: Path, unit: int | None, instansi: str, **options: Any) -> None:
        u = None
        if unit is not None:
            u = Unit.objects.filter(pk=unit).select_related("instansi").first()
            if u is None:
                raise CommandError(f"Unit {unit} tidak ada.")
            inst = u.instansi
        elif instansi:
            inst = Instansi.objects.filter(bkn_id=instansi).first()
        else:
            insts = list(Instansi.objects.filter(employees__isnull=False).distinct()[:2])
            inst = insts[0] if len(insts) == 1 else None
            if len(insts) > 1:
                raise CommandError("Lebih dari satu instansi: pilih dengan --instansi.")
        if inst is None:
            raise CommandError("Instansi tidak ditemukan.")
        progress = Progress(None, "Ekspor SIASN", stream=self.stderr._out)
        counts = siasn_export(instansi=inst, fmt=format, out=out, unit=u, progress=progress)
        progress.finish()
        for kind, n in counts.items():
            self.stdout.write(f"{kind}: {n}")
        self.stdout.write(self.style.SUCCESS(f"Ditulis ke {out}"))
