from typing import Any

from django.core.management.base import BaseCommand

from talenta.core.reference import load_reference


class Command(BaseCommand):
    help = "Load (or refresh) BKN reference tables. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        r = load_reference()
        self.stdout.write(
            self.style.SUCCESS(
                f"Referensi BKN: {r.tables} tabel; {r.created} baru, {r.updated} diperbarui, "
                f"{r.unchanged} tidak berubah."
            )
        )
