"""talenta candidates --position ID [--top N] [--json]: the explained ranking for one post."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from talenta.core import display
from talenta.people.models import Position
from talenta.people.rules import jabatan as jr
from talenta.placement import selectors, services


class Command(BaseCommand):
    help = "Rank the eligible candidates for a post (position id, or the BKN unor id of the unit it heads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--position", required=True)
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument(
            "--near", type=int, default=10, help="near-eligible people listed (1–2 rows lacking)"
        )
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--on", type=date.fromisoformat, default=None, help="appointment date (default today)"
        )

    def handle(
        self, *, position: str, top: int, near: int, json: bool, on: date | None, **options: Any
    ) -> None:
        pos = selectors.resolve_position(Position.objects.all(), position)
        if pos is None:
            raise CommandError(f"Jabatan {position!r} tidak ditemukan (id jabatan atau id unor BKN).")
        on = on or timezone.localdate()
        outcome = services.rank_position(position=pos, on=on, top=top, near_top=near)
        services.ranking_run_create(outcome=outcome, by=None)
        if json:
            data = outcome.as_dict()
            data.pop("eligible_ids", None)
            self.stdout.write(_json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(
            f"{pos.name} ({jr.LEVEL_LABELS.get(jr.Level(pos.level), pos.level)}) · persyaratan "
            f"{outcome.requirement_set.level} v{outcome.requirement_set.version} · {display.tanggal(on)}"
        )
        self.stdout.write(
            f"Kumpulan {outcome.pool_size} PNS, {outcome.eligible_count} memenuhi syarat, "
            f"peringkat dalam {outcome.ms:.1f} ms"
        )
        for c in outcome.candidates:
            parts = " + ".join(f"{k} {v}" for k, v in c.parts.items())
            self.stdout.write(f"{c.rank:>3}. {c.name} ({c.nip})  skor {c.score}  = {parts}")
            for g in c.gaps[:4]:
                self.stdout.write(f"       - {g}")
        if outcome.near:
            self.stdout.write("Hampir memenuhi syarat:")
            for c in outcome.near:
                self.stdout.write(f"     {c.name} ({c.nip}) kurang: {'; '.join(c.lacking)}")


_json = json
