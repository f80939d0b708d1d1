"""talenta plan-placements --positions ID,ID,... [--depth N] [--json]: the optimal plan, with chains."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from talenta.people.models import Position
from talenta.placement import selectors, services


class Command(BaseCommand):
    help = "Plan many vacancies at once (maximum total suitability, vacancy chains up to --depth)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--positions", required=True)
        parser.add_argument("--depth", type=int, default=1)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--on", type=date.fromisoformat, default=None)
        parser.add_argument("--keep", default="", help="employee ids kept in place, comma-separated")
        parser.add_argument("--min-promotions", type=int, default=0)
        parser.add_argument("--max-moves-per-opd", type=int, default=None)

    def handle(
        self,
        *,
        positions: str,
        depth: int,
        json: bool,
        on: date | None,
        keep: str,
        min_promotions: int,
        max_moves_per_opd: int | None,
        **options: Any,
    ) -> None:
        found = []
        for ident in [p for p in positions.split(",") if p.strip()]:
            pos = selectors.resolve_position(Position.objects.all(), ident)
            if pos is None:
                raise CommandError(f"Jabatan {ident!r} tidak ditemukan.")
            found.append(pos)
        if len({p.instansi_id for p in found}) > 1:
            raise CommandError("Semua jabatan harus dari instansi yang sama.")
        outcome = services.plan_compute(
            positions=found,
            on=on or timezone.localdate(),
            depth=depth,
            keep=[int(k) for k in keep.split(",") if k.strip()],
            min_promotions=min_promotions,
            max_moves_per_opd=max_moves_per_opd,
        )
        data = outcome.as_dict()
        if json:
            self.stdout.write(_json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(
            f"Rencana optimal ({data['method']}, {data['status']}): total kesesuaian {data['total']:.2f}; "
            f"pengisian satu per satu (greedy) {data['greedy_total']:.2f}; selisih {data['gain']:+.2f}"
        )
        for a in data["assignment"]:
            self.stdout.write(
                f"  {a['post_name']} ← {a['employee']} (skor {a['score']:.2f}, kedalaman {a['depth']})"
            )
        for text in data["chain_text"]:
            self.stdout.write(f"  Rantai: {text}")
        self.stdout.write(f"Dihitung dalam {data['ms']:.0f} ms")


_json = json
