"""Update triggers that mark a row as no longer what a bulk writer left (shared by the SIASN import's
stamps and the talent mapping's digests). Installed after every `migrate`, since a SQLite table rebuild
drops a table's triggers."""

from __future__ import annotations

from typing import Any


def has_column(conn: Any, table: str, column: str) -> bool:
    with conn.cursor() as c:
        return any(col.name == column for col in conn.introspection.get_table_description(c, table))


def install_update_trigger(
    conn: Any, *, table: str, trigger: str, function: str, column: str, when: str, value: str
) -> None:
    """On every UPDATE of `table` matching `when` (SQL over OLD and NEW, the same in both dialects), set
    `column` to `value` (SQL over OLD): BEFORE UPDATE on PostgreSQL (through `function`), AFTER UPDATE
    rewriting the row on SQLite. Idempotent. The names come from our models, never from input."""
    q = conn.ops.quote_name
    with conn.cursor() as c:
        if conn.vendor == "postgresql":
            c.execute(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN NEW.{column} := {value}; RETURN NEW; END $$"
            )
            c.execute(
                f"CREATE OR REPLACE TRIGGER {q(trigger)} BEFORE UPDATE ON {q(table)} FOR EACH ROW "
                f"WHEN ({when}) EXECUTE FUNCTION {function}()"
            )
        elif conn.vendor == "sqlite":
            sql = (
                f"CREATE TRIGGER IF NOT EXISTS {q(trigger)} AFTER UPDATE ON {q(table)} FOR EACH ROW "  # noqa: S608
                f"WHEN {when} BEGIN UPDATE {q(table)} SET {column} = {value} WHERE id = NEW.id; END"
            )
            c.execute(sql)


def trigger_names(conn: Any) -> set[str]:
    """The enabled triggers of the database (an empty set on another backend)."""
    with conn.cursor() as c:
        if conn.vendor == "postgresql":
            c.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
        elif conn.vendor == "sqlite":
            c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            return set()
        return {r[0] for r in c.fetchall()}
