"""talenta talent-map --period NAME [--as-of yyyy-mm-dd] [--config FILE.json] [--export OUT.csv]"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.core.display import angka, tanggal
from talenta.core.jobs import Progress
from talenta.people.models import Instansi
from talenta.talent import services
from talenta.talent.models import MappingPeriod
from talenta.talent.rules.ninebox import LABELS


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise CommandError(f"--as-of harus berformat yyyy-mm-dd, bukan '{value}'") from e


class Command(BaseCommand):
    help = (
        "Map the nine box of a period: create the draft period when missing, recompute a draft, refuse a "
        "finalised one; optionally export the results as CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="period name (unique per instansi)")
        parser.add_argument("--as-of", dest="as_of", type=_date, help="as-of date yyyy-mm-dd (default today)")
        parser.add_argument(
            "--config", type=Path, help="JSON file with configuration keys (see docs/talent.md)"
        )
        parser.add_argument("--export", type=Path, help="write the results to this CSV file")
        parser.add_argument("--instansi", help="kode or BKN id of the instansi (default: the only one)")
        parser.add_argument("--preset", default="default", help="stored preset for a new period (default)")

    def _instansi(self, code: str | None) -> Instansi:
        qs = Instansi.objects.all()
        if code:
            qs = qs.filter(kode=code) | qs.filter(bkn_id=code)
        with_people = [i for i in qs if i.employees.exists()] or list(qs)
        if len(with_people) != 1:
            raise CommandError(
                f"Sebutkan --instansi (kode atau BKN id): ditemukan {len(with_people)} instansi."
            )
        return with_people[0]

    def handle(self, *, period: str, as_of: date | None, config: Path | None, export: Path | None,
               instansi: str | None, preset: str, **options: Any) -> None:  # fmt: skip
        cfg = None
        if config is not None:
            try:
                cfg = json.loads(config.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as e:
                raise CommandError(f"Berkas konfigurasi {config} tidak dapat dibaca: {e}") from e
            if not isinstance(cfg, dict):
                raise CommandError(f"Berkas konfigurasi {config} harus berisi objek JSON.")
        existing = MappingPeriod.objects.filter(name=period)
        if instansi:
            existing = existing.filter(instansi=self._instansi(instansi))
        obj = existing.first()
        try:
            if obj is None:
                from django.utils import timezone

                obj = services.period_create(
                    instansi=self._instansi(instansi),
                    name=period,
                    as_of=as_of or timezone.localdate(),
                    config=cfg,
                    preset=preset,
                )
                self.stdout.write(f"Periode '{period}' dibuat (draf, per {obj.as_of.isoformat()}).")
            elif obj.is_final:
                if as_of or cfg:
                    raise CommandError(f"Periode '{period}' sudah difinalisasi: tidak dapat diubah.")
                if export is None:
                    raise CommandError(
                        f"Periode '{period}' sudah difinalisasi pada {tanggal(obj.finalised_at)} oleh "
                        f"{obj.finalised_by}: tidak dihitung ulang. "
                        "Gunakan --export untuk mengekspor hasilnya."
                    )
            elif as_of or cfg:
                services.period_configure(period=obj, as_of=as_of, config=cfg)
            if not obj.is_final:
                rerun = obj.run_count > 0
                report = services.period_run(period=obj, progress=Progress(None, "talent-map"))
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{angka(report.total)} pegawai; {angka(report.mappable)} terpetakan, "
                        f"{angka(report.total - report.mappable)} tidak terpetakan "
                        f"({angka(report.seconds, 1)} dtk)."
                    )
                )
                for b in range(9, 0, -1):
                    self.stdout.write(f"  kotak {b}: {angka(report.boxes[b]):>7}  {LABELS[b]}")
                if rerun:
                    self.stdout.write(
                        f"{angka(len(report.moved))} pegawai berpindah kotak sejak perhitungan "
                        f"sebelumnya; {angka(report.unchanged)} hasil tidak berubah (tidak ditulis ulang)."
                    )
                    for m in report.moved[:20]:
                        why = ", ".join(m["changed"]) or "-"
                        self.stdout.write(
                            f"  {m['nip'] or m['employee_id']}: {m['from'] or '-'} → {m['to'] or '-'} ({why})"
                        )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        if export is not None:
            with export.open("w", encoding="utf-8", newline="") as f:
                n = services.export_csv(period=obj, out=f)
            self.stdout.write(f"{angka(n)} baris diekspor ke {export}.")
