"""`talenta demo`: generate the synthetic Province of Banten and the demo accounts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from talenta.core.jobs import Progress
from talenta.demo import generator as g

URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Generate the demo province (synthetic Banten) with its demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size", type=int, default=g.DEFAULT_SIZE, help="number of employees (default 12000)"
        )
        parser.add_argument("--seed", type=int, default=g.DEFAULT_SEED, help="random seed (default 2026)")
        parser.add_argument("--instansi", default="banten", choices=sorted(g.S.PROVINCE))
        parser.add_argument("--reset", action="store_true", help="delete the demo instansi's data first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when employees already exist")
        parser.add_argument(
            "--no-region",
            action="store_true",
            help="the province alone, without its eight kabupaten/kota (docs/region.md)",
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="the demo's 'today' (default: today in WIB; same size, seed and date: same rows)",
        )

    def handle(
        self,
        *,
        size: int,
        seed: int,
        instansi: str,
        reset: bool,
        if_empty: bool,
        as_of: date | None,
        no_region: bool = False,
        **options: Any,
    ) -> None:
        # The demo's "today" is today unless told otherwise: its people, retirements and SKP years are then
        # those of the day it is shown, and `talenta check-data` finds nothing against the rules (issue 13).
        as_of = as_of or timezone.localdate()
        existing = g.database_has_employees()
        if if_empty and existing:
            self.stdout.write(f"Database already has {existing:,} employees: demo data not generated.")
            return
        if size < 1:
            raise CommandError("--size must be at least 1")
        if reset:
            removed = g.reset(instansi_key=instansi)
            self.stdout.write(f"Reset: {removed:,} employees of the demo instansi deleted.")
        elif g.Employee.objects.filter(instansi__bkn_id=g.S.PROVINCE[instansi]["bkn_id"]).exists():
            raise CommandError("The demo instansi already has employees: use --reset to regenerate it.")
        progress = Progress(size, "demo", stream=self.stderr._out)
        summary = g.generate(
            size=size, seed=seed, instansi_key=instansi, as_of=as_of, progress=progress, region=not no_region
        )
        self.stdout.write("")
        width = max(len(k) for k in summary.counts)
        for table, n in summary.counts.items():
            self.stdout.write(f"  {table:<{width}}  {n:>10,}")
        rate = summary.rows / summary.elapsed if summary.elapsed else 0
        self.stdout.write(
            f"  {'total rows':<{width}}  {summary.rows:>10,}   "
            f"in {summary.elapsed:.1f} s ({rate:,.0f} rows/s), "
            f"size {size:,}, seed {seed}, as of {as_of.isoformat()}"
        )
        # The data is as of `as_of`: checked on that date it obeys the rules (issue 13); later, the people who
        # reached BUP since are reported, as in any data not refreshed from SIASN.
        self.stdout.write(
            f"  Check the data against the rules: talenta check-data --as-of {as_of.isoformat()}"
        )
        self.stdout.write(self.style.SUCCESS(f"\nDemo accounts (shown once) — open {URL}"))
        wide = max([len("username"), *(len(a[0]) for a in summary.accounts)])  # the region's are longer
        self.stdout.write(f"  {'username':<{wide}} {'password':<18} {'role':<11} scope")
        for username, password, role, scope in summary.accounts:
            self.stdout.write(f"  {username:<{wide}} {password:<18} {role:<11} {scope}")
