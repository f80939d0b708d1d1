"""talenta import-assessments FILE.csv|.xlsx [--dry-run] [--instansi KODE] [--campaign ID]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from talenta.core.jobs import Progress
from talenta.people.models import Instansi
from talenta.profiling.imports import ImportFailed, import_file
from talenta.profiling.models import Campaign


class Command(BaseCommand):
    help = "Import assessment results (minimal nip,tanggal,m1..m8,s1,skor_potensi or the full template)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--instansi", default="", help="kode or BKN id (default: the only instansi)")
        parser.add_argument("--campaign", type=int, default=None, help="attach the results to this campaign")

    def handle(
        self, *, path: Path, dry_run: bool, instansi: str, campaign: int | None, **options: Any
    ) -> None:
        if not path.exists():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        qs = Instansi.objects.filter(Q(kode=instansi) | Q(bkn_id=instansi)) if instansi else Instansi.objects
        if qs.count() != 1:
            raise CommandError("Sebutkan instansi dengan --instansi (kode atau id BKN).")
        inst = qs.get()
        camp = None
        if campaign is not None:
            camp = Campaign.objects.filter(pk=campaign, instansi=inst).first()
            if camp is None:
                raise CommandError(f"Kampanye {campaign} tidak ditemukan di instansi ini.")
        try:
            report = import_file(
                path,
                instansi_id=inst.pk,
                dry_run=dry_run,
                campaign=camp,
                progress=Progress(None, "import-assessments", stream=self.stderr._out),
            )
        except ImportFailed as exc:
            raise CommandError(
                f"{len(exc.report.errors)} kesalahan; tidak ada yang disimpan.\n"
                + "\n".join(map(str, exc.report.errors))
            ) from exc
        prefix = "Uji coba (tidak disimpan): " if dry_run else ""
        extra = (
            f" Kolom lain disimpan di raw: {', '.join(report.unknown_columns)}."
            if report.unknown_columns
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.rows} baris: {report.created} baru, {report.updated} diperbarui, "
                f"{report.unchanged} tidak berubah.{extra}"
            )
        )
