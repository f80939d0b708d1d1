"""A re-run of a mapping period writes only the results that changed (issue #17).

Every result a run writes carries the digest of what it wrote (`MappingResult.digest`: a 64-bit BLAKE2b of
the computed columns, `row_digest`). A re-run computes every row again, and a row whose digest equals the
stored one is left as it is: no delete, no insert, no foreign-key check. A trigger empties the digest when
anything else updates a row (a calibration, an ORM `update()`, a raw UPDATE), unless the update writes a
new digest, which only a run does; so a stored digest always describes the row it is on, and a row
changed by anything else is written again by the next run. The committee's columns (`calibrated_box`,
`calibration_reason`) are not part of the digest: a run keeps them as before.

The triggers are (re)installed after every `migrate` (core.triggers)."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from django.db import connection

from talenta.core.triggers import has_column, install_update_trigger, trigger_names

TRIGGER = "talent_mappingresult_undigest"


def row_digest(row: tuple[Any, ...]) -> int:
    """The signed 64-bit digest of a computed row (str, int, float, bool and None values, as JSON)."""
    return int.from_bytes(hashlib.blake2b(orjson.dumps(row), digest_size=8).digest(), "big", signed=True)


def install_triggers(conn: Any = connection) -> None:
    from talenta.talent.models import MappingResult

    table = MappingResult._meta.db_table
    if table in conn.introspection.table_names() and has_column(conn, table, "digest"):
        install_update_trigger(
            conn,
            table=table,
            trigger=TRIGGER,
            function=TRIGGER,
            column="digest",
            when="NEW.digest = OLD.digest",  # an update that did not write a digest of its own
            value="NULL",
        )


def triggers_present(conn: Any = connection) -> bool:
    return TRIGGER in trigger_names(conn)


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    install_triggers(connections[using])
