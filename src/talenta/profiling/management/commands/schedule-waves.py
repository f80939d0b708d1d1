"""talenta schedule-waves PARTICIPANTS.csv --start 2025-11-17 --days 5 --waves 10 --out SCHEDULE.csv"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.profiling.rules.scheduling import (
    DEFAULT_SLOTS,
    SchedulingError,
    parse_slots,
    plan_waves,
    schedule,
)
from talenta.profiling.schedule_csv import read_participants, write_schedule


class Command(BaseCommand):
    help = (
        "Assign participants (CSV nip,unit,unavailable) to waves: no wave over capacity, balanced sizes, "
        "a cap per OPD per wave, unavailable dates respected. Writes nip,wave,date,start,end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("participants", type=Path)
        parser.add_argument("--start", type=date.fromisoformat, required=True, help="first day, yyyy-mm-dd")
        parser.add_argument("--days", type=int, required=True)
        parser.add_argument("--waves", type=int, default=None, help="total waves (default: slots × days)")
        parser.add_argument("--waves-per-day", type=int, default=None)
        parser.add_argument(
            "--capacity", type=int, default=None, help="seats per wave (default: just enough)"
        )
        parser.add_argument("--max-per-opd-per-wave", type=int, default=None)
        parser.add_argument(
            "--slots", default=None, help="the slots of one day, e.g. 08:00-12:00,13:00-17:00"
        )
        parser.add_argument("--out", type=Path, required=True)

    def handle(
        self,
        *,
        participants: Path,
        start: date,
        days: int,
        waves: int | None,
        waves_per_day: int | None,
        capacity: int | None,
        max_per_opd_per_wave: int | None,
        slots: str | None,
        out: Path,
        **options: Any,
    ) -> None:
        if not participants.exists():
            raise CommandError(f"Berkas {participants} tidak ditemukan.")
        try:
            people = read_participants(participants)
            slot_list = parse_slots(slots) if slots else DEFAULT_SLOTS
            n_waves = waves or (waves_per_day or len(slot_list)) * days
            seats = capacity or max(1, math.ceil(len(people) / n_waves))
            specs = plan_waves(start=start, days=days, capacity=seats, waves=n_waves, slots=slot_list)
            result = schedule(people, specs, max_per_opd=max_per_opd_per_wave)
        except SchedulingError as exc:
            raise CommandError(exc.message) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        write_schedule(out, result.assignment, specs)
        sizes = ", ".join(f"{n}:{k}" for n, k in result.sizes.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(people)} peserta dijadwalkan ke {len(specs)} gelombang ({sizes}); "
                f"maksimum per OPD per gelombang {max(result.max_per_group.values(), default=0)}. → {out}"
            )
        )
