"""talenta pool [--instansi SHORT ...] [--on YYYY-MM-DD ...] [--clear]: build or refresh candidate pools.

For the operator: after a restore (`--clear` first: a copy read from other data must not be refreshed), and
nightly from cron for the dates the screens will rank on. Without `--on`, the dates of the open filling
processes and today; without `--instansi`, every instansi with PNS."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from talenta.core import display
from talenta.core.jobs import Progress
from talenta.people.models import Employee, Instansi
from talenta.placement import selectors
from talenta.placement.models import FillingProcess


class Command(BaseCommand):
    help = "Build or refresh the candidate pools (one per instansi and appointment date), with progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", action="append", default=[], help="short name (repeatable)")
        parser.add_argument("--on", action="append", type=date.fromisoformat, default=[], help="YYYY-MM-DD")
        parser.add_argument("--clear", action="store_true", help="forget every kept pool first")

    def handle(self, *, instansi: list[str], on: list[date], clear: bool, **options: Any) -> None:
        if clear:
            selectors.pool_invalidate()
            self.stdout.write("Semua kumpulan kandidat yang tersimpan dihapus.")
        chosen = Instansi.objects.filter(
            pk__in=Employee.objects.filter(status=Employee.Status.PNS).values("instansi_id")
        ).order_by("pk")
        if instansi:
            chosen = chosen.filter(short_name__in=instansi)
            missing = set(instansi) - set(chosen.values_list("short_name", flat=True))
            if missing:
                raise CommandError(f"Instansi tidak ditemukan atau tanpa PNS: {', '.join(sorted(missing))}")
        open_dates = FillingProcess.objects.filter(status=FillingProcess.Status.OPEN)
        for inst in chosen:
            dates = on or sorted(
                {timezone.localdate(), *open_dates.filter(instansi=inst).values_list("as_of", flat=True)}
            )
            for day in dates:
                label = f"{inst.short_name or inst.name}, {display.tanggal(day)}"
                progress = Progress(None, label, stream=self.stderr._out)
                started = time.perf_counter()
                arrays = selectors.candidate_pool(inst.pk, on=day, progress=progress)
                took = time.perf_counter() - started
                progress.finish(f"{display.angka(len(arrays))} PNS")
                size, seconds = display.angka(len(arrays)), display.angka(took, 1)
                self.stdout.write(f"{label}: {size} PNS dalam kumpulan ({seconds} detik)")
