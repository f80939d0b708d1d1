"""Loading BKN reference tables (copied into the package under core/referensi/)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from talenta.core.models import ReferenceItem

NAME_KEYS = ("nama", "NAMA", "jenis", "jabatan")


@dataclass(frozen=True)
class LoadReport:
    tables: int
    created: int
    updated: int
    unchanged: int
    duplicates: int = 0


def _rows(path: Path) -> list[dict]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(rows, dict):  # an envelope {"data": [...]}
        rows = rows.get("data", [])
    return rows


def table_name(path: Path) -> str:
    return path.stem.removesuffix("_DERIVED").removesuffix("_banten_subset")


@transaction.atomic
def load_reference(directory: Path | None = None) -> LoadReport:
    """Upsert every table; ids are kept as strings exactly as BKN gives them. Idempotent."""
    directory = directory or settings.TALENTA_REFERENCE_DIR
    existing = {(r.table, r.code): r for r in ReferenceItem.objects.all()}
    to_create: list[ReferenceItem] = []
    to_update: list[ReferenceItem] = []
    unchanged = duplicates = 0
    files = sorted(directory.glob("*.json"))
    for path in files:
        table = table_name(path)
        # BKN's own files repeat an id now and then (instansi 4057 appears twice): the last row wins.
        rows: dict[str, dict] = {}
        for row in _rows(path):
            code = str(row.get("id", row.get("ID", "")))
            duplicates += code in rows
            rows[code] = row
        for code, row in rows.items():
            name = next((str(row[k]) for k in NAME_KEYS if row.get(k) is not None), "")
            item = existing.get((table, code))
            if item is None:
                to_create.append(ReferenceItem(table=table, code=code, name=name[:500], data=row))
            elif item.name != name[:500] or item.data != row:
                item.name, item.data = name[:500], row
                to_update.append(item)
            else:
                unchanged += 1
    ReferenceItem.objects.bulk_create(to_create, batch_size=1000)
    ReferenceItem.objects.bulk_update(to_update, ["name", "data"], batch_size=1000)
    return LoadReport(
        tables=len(files),
        created=len(to_create),
        updated=len(to_update),
        unchanged=unchanged,
        duplicates=duplicates,
    )


def reference_map(table: str) -> dict[str, str]:
    """{code: name} of one table."""
    return dict(ReferenceItem.objects.filter(table=table).values_list("code", "name"))
