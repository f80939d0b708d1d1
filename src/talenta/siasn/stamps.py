"""Knowing, without reading them again, that files already imported would change nothing (issue #17).

Every row a SIASN import writes gets the import's stamp (`siasn_stamp`, its start in nanoseconds, larger
than any stamp before it); a row it finds unchanged keeps the stamp it has (nothing is written), unless
it has none or a spoiled one, and then gets the import's. A trigger on each stamped table turns the stamp
negative whenever a row is updated by anything that does not give it a larger stamp: an edit in a form, an
API call, a placement, a raw UPDATE, a stale object saved with an old stamp, a later write of the same
import. A deleted row is simply gone. So "every row the import read is still as it was" is a count: the
rows carrying one of the stamps it saw, per table, against the number it recorded when it finished.

An import records that (`ImportRun.replay`), with the report reading the same files again would give,
when it finishes without errors and without `hukdis_complete` (the user's word, not the files'). The
record rests on the import leaving a fixed point: reading the same files, with the same code and reference
tables, into the rows exactly as it left them, finds nothing to change. Each row is written from its own
record, found by its own key (a NIP or riwayat id read twice is an error), and what it derives from other
rows (a unit by unor id, a seat by unit and name, an acting or an eselon by the latest TMT) comes out the
same however often it is read. Where a later row of the same files undoes an earlier one, the import knows
it and records nothing (`_Importer.unsettled`): a seat two of its rows claim, or one taken from someone it
had already read, moves on every reading; a record naming keys Talenta derives from a unit and post it may
still change. A run that found nothing to change is the same fixed point, reached once more. The property
is tested on generated organisations (tests/siasn/test_replay_property.py): whenever a record is kept,
reading the files again reports exactly it and changes nothing.

A re-import of the very same files (names, sizes, SHA-256) in the same context is then answered from the
record, after these counts, at the cost of hashing the files (`services.siasn_import`). Anything else (an
edited row, a new or changed post or unit, another reference table, other code, another language) takes
the full path, which restores SIASN's values as before.

The triggers are (re)installed after every `migrate` (a SQLite table rebuild drops a table's triggers),
and the replay is refused when one is missing.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils.translation import get_language

from talenta.core.triggers import has_column, install_update_trigger, trigger_names

TRIGGER = "talenta_siasn_unstamp"


def stamped_models() -> list[type[models.Model]]:
    """Every table an import writes: the people, their eight histories, units and posts."""
    from talenta.people import models as pm

    return [
        pm.Employee,
        pm.GolonganHistory,
        pm.JabatanHistory,
        pm.EducationHistory,
        pm.LeadershipTraining,
        pm.Training,
        pm.SkpHistory,
        pm.DisciplineHistory,
        pm.AwardHistory,
        pm.Unit,
        pm.Position,
    ]


def _trigger_name(table: str) -> str:
    return f"{table}_siasn_unstamp"


# A write that does not raise the stamp: the row is no longer what an import left. The stamp stays
# negative (its absolute value remembered), so an object saved later with an older stamp cannot revive it.
_CHANGED = (
    "OLD.siasn_stamp IS NOT NULL AND (NEW.siasn_stamp IS NULL OR NEW.siasn_stamp <= abs(OLD.siasn_stamp))"
)


def install_triggers(conn: Any = connection) -> None:
    """Idempotent; a table without the column yet (a migrate to an older state) is left alone."""
    tables = set(conn.introspection.table_names())
    for model in stamped_models():
        table = model._meta.db_table
        if table in tables and has_column(conn, table, "siasn_stamp"):
            install_update_trigger(
                conn,
                table=table,
                trigger=_trigger_name(table),
                function=TRIGGER,
                column="siasn_stamp",
                when=_CHANGED,
                value="-abs(OLD.siasn_stamp)",
            )


def triggers_present(conn: Any = connection) -> bool:
    return {_trigger_name(m._meta.db_table) for m in stamped_models()} <= trigger_names(conn)


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    install_triggers(connections[using])


@cache
def code_digest() -> str:
    """The source of everything that turns a file into rows and words: other code may give other rows, so
    a replay recorded by other code is refused."""
    root = Path(__file__).resolve().parents[1]
    files = [
        *sorted((root / "siasn" / "rules").glob("*.py")),
        *sorted((root / "siasn" / "formats").glob("*.py")),
        root / "siasn" / "services.py",
        root / "siasn" / "exports.py",
        root / "siasn" / "stamps.py",
        *sorted((root / "siasn" / "locale").glob("*/LC_MESSAGES/django.po")),  # the words of the notes
        *sorted((root / "people" / "rules").glob("*.py")),
        root / "people" / "models.py",
        root / "core" / "bulk.py",
        root / "core" / "triggers.py",
        root / "core" / "uploads.py",
    ]
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def context_digest(*, refs_digest: str, fmt: str, instansi_id: int | None, instansi_bkn_id: str) -> str:
    """What besides the files and the stored rows decides an import's outcome and its words."""
    parts = {
        "code": code_digest(),
        "refs": refs_digest,
        "format": fmt,
        "instansi": instansi_id,
        "instansi_bkn_id": instansi_bkn_id,
        "language": get_language() or "",
        "caps": [
            settings.UPLOAD_MAX_ROWS,
            settings.UPLOAD_MAX_VALUE_CHARS,
            settings.UPLOAD_MAX_RECORD_BYTES,
        ],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def instansi_digest(instansi: Any) -> str:
    """The instansi's own fields a record is checked against or that its export derives."""
    values = [instansi.pk, instansi.bkn_id, instansi.name, instansi.kode, instansi.kind]
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()


def stamped_counts(stamps: list[int]) -> dict[str, int]:
    """Rows carrying one of `stamps` per table: those the imports that wrote them left as they are."""
    return {m._meta.label: m.objects.filter(siasn_stamp__in=stamps).count() for m in stamped_models()}


def organisation_counts(instansi_id: int, stamps: list[int]) -> dict[str, list[int]]:
    """[stamped, all] units and posts of the instansi: a replay needs them to be the same rows."""
    from talenta.people.models import Position, Unit

    out = {}
    for m in (Unit, Position):
        qs = m.objects.filter(instansi_id=instansi_id)
        out[m._meta.label] = [qs.filter(siasn_stamp__in=stamps).count(), qs.count()]
    return out


def stamp_organisation(instansi_id: int, stamp: int) -> set[int]:
    """The instansi's units and posts as the import leaves them: those not as an import left them (changed
    since, or written twice by this import) get `stamp`, which must be larger than the import's own (the
    trigger unstamps a post the import wrote again, and only a larger stamp stamps it). Returns the stamps
    they all carry."""
    from talenta.people.models import Position, Unit

    kept: set[int] = set()
    for m in (Unit, Position):
        qs = m.objects.filter(instansi_id=instansi_id)
        qs.exclude(siasn_stamp__gt=0).update(siasn_stamp=stamp)
        kept.update(qs.values_list("siasn_stamp", flat=True).distinct())
    return kept
