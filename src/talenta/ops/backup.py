"""Back up the database to one file and restore it into an empty database.

SQLite: the online backup API (a consistent copy while the site runs), the file is an SQLite database.
PostgreSQL: `pg_dump --format=custom` (consistent: one snapshot), restored with `pg_restore`.
Only the database is in the file. The files under VAR_DIR (SECRET_KEY, the audit chain's key, uploads and
exports in media/) are not, and the audit key must not be: it is backed up separately (docs/deploy.md).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


@dataclass
class Report:
    path: Path
    kind: str  # "sqlite" | "pg_dump"
    bytes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False


def table_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per table of the database behind `alias` (every table, Django's and ours)."""
    connection = connections[alias]
    qn = connection.ops.quote_name
    with connection.cursor() as c:
        tables = sorted(connection.introspection.table_names(c))
        counts = {}
        for table in tables:
            c.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 (a table name from introspection)
            counts[table] = c.fetchone()[0]
    return counts


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    s = connections[alias].settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)  # noqa: S603 (pg_dump/pg_restore)
    if done.returncode != 0:
        raise ValidationError(f"{cmd[0]} failed: {done.stderr.strip()[:2000]}", code="backup_tool_failed")


def backup(*, out: Path, alias: str = DEFAULT_DB_ALIAS, dry_run: bool = False) -> Report:
    connection = connections[alias]
    kind = "sqlite" if connection.vendor == "sqlite" else "pg_dump"
    if connection.vendor not in ("sqlite", "postgresql"):
        raise ValidationError(f"no backup for {connection.vendor}", code="backup_vendor")
    report = Report(path=out, kind=kind, counts=table_counts(alias), dry_run=dry_run)
    if dry_run:
        return report
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written next to the target and renamed: a failed backup never leaves a half file under the name.
    fd, tmp_name = tempfile.mkstemp(prefix=".talenta-backup-", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if kind == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(tmp)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            args, env = _pg_args(alias)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(tmp), *args],
                env,
            )
        tmp.chmod(0o600)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    report.bytes = out.stat().st_size
    return report


def file_kind(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "pg_dump"
    raise ValidationError(
        f"{path} is neither an SQLite backup nor a pg_dump custom file", code="backup_unknown"
    )


def restore(*, path: Path, alias: str = DEFAULT_DB_ALIAS, dry_run: bool = False) -> Report:
    """Restore `path` into the database behind `alias`, which must be empty (no tables at all)."""
    connection = connections[alias]
    kind = file_kind(path)
    want = "sqlite" if connection.vendor == "sqlite" else "pg_dump"
    if kind != want:
        raise ValidationError(
            f"{path} is a {kind} backup; this database is {connection.vendor}: "
            "restore into a database of its kind.",
            code="backup_kind",
        )
    with connection.cursor() as c:
        existing = connection.introspection.table_names(c)
    if existing:
        raise ValidationError(
            f"The target database already has {len(existing)} tables: restore only into an empty database "
            f"(create a new one, point DATABASE_URL at it, and run restore again).",
            code="restore_not_empty",
        )
    report = Report(path=path, kind=kind, bytes=path.stat().st_size, dry_run=dry_run)
    if dry_run:
        return report
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()
        args, env = _pg_args(alias)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(path)], env)
    report.counts = table_counts(alias)
    return report
