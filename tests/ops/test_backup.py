"""The backup drill: a demo province, `talenta backup`, `talenta restore` into another empty database,
the same rows in every table, the same audit head, and `talenta audit-verify` passing there.

Runs on the database of the run: SQLite (online backup API) in `make test`, PostgreSQL (pg_dump's custom
format) in .ci/run's PostgreSQL pass."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from talenta.core.models import AuditHead
from talenta.ops.backup import table_counts

ROOT = Path(__file__).resolve().parents[2]
TALENTA = str(ROOT / ".venv/bin/talenta")

pytestmark = pytest.mark.xdist_group("backup")


def _env(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_REPLICA_URL"}}
    env.update(DATABASE_URL=database_url, TALENTA_VAR=str(tmp_path / "var-restored"), HTTPS="false")
    # The restored server has the same audit key (kept outside the backup, issue #14).
    env["AUDIT_KEY_FILE"] = str(settings.AUDIT_KEY_FILE)
    return env


class Elsewhere:
    """An empty database of the same kind as the test database, and how to read it."""

    def __init__(self, tmp_path: Path) -> None:
        s = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{s['NAME']}_restored"[:63]
            self.admin = f"host={s['HOST']} port={s['PORT'] or 5432} user={s['USER']} dbname=postgres"
            with psycopg.connect(self.admin, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                c.execute(f'CREATE DATABASE "{self.name}"')
            self.url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{self.name}"

    def query(self, sql: str) -> list[tuple]:
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.path) as c:
                return c.execute(sql).fetchall()
        s = connection.settings_dict
        with psycopg.connect(
            f"host={s['HOST']} port={s['PORT'] or 5432} user={s['USER']} dbname={self.name}"
        ) as c:
            return c.execute(sql).fetchall()

    def drop(self) -> None:
        if connection.vendor != "sqlite":
            with psycopg.connect(self.admin, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def elsewhere(tmp_path):
    target = Elsewhere(tmp_path)
    yield target
    target.drop()


@pytest.mark.django_db(transaction=True)
def test_backup_restored_elsewhere_has_every_row_and_a_valid_audit_chain(tmp_path, elsewhere, capsys):
    from talenta.demo.generator import generate

    generate(size=150, seed=7)
    source = table_counts()
    head = AuditHead.objects.get(pk=1)
    assert source["people_employee"] == 150 and head.count > 0

    out = tmp_path / "talenta.backup"
    call_command("backup", out=out)
    assert out.stat().st_size > 0 and oct(out.stat().st_mode & 0o777) == "0o600"

    env = _env(elsewhere.url, tmp_path)
    kept = tmp_path / "var-restored" / "pool" / "1-20261101.npz"  # a pool kept from the server's old data
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"old")
    done = subprocess.run(
        [TALENTA, "restore", str(out)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert not kept.exists()  # never refreshed from the restored data as if it were its own
    restored = {t: elsewhere.query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in source}
    assert restored == source
    assert elsewhere.query("SELECT last_hash, count FROM core_audithead WHERE id = 1") == [
        (head.last_hash, head.count)
    ]

    verify = subprocess.run([TALENTA, "audit-verify"], env=env, capture_output=True, text=True, timeout=300)
    assert verify.returncode == 0 and verify.stdout.strip() == f"OK: {head.count} entries"
    # The triggers that spoil a SIASN stamp come back with the tables (siasn.stamps): eleven tables; and
    # the one that empties a mapping result's digest (talent.digests).
    if connection.vendor == "sqlite":
        sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{}'"
    else:
        sql = "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE '{}'"
    assert elsewhere.query(sql.format("%siasn_unstamp")) == [(11,)]
    assert elsewhere.query(sql.format("talent_mappingresult_undigest")) == [(1,)]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, make_user):
    make_user("analis")
    out = tmp_path / "talenta.backup"
    call_command("backup", out=out)
    before = table_counts()
    with pytest.raises(CommandError, match="restore only into an empty database"):
        call_command("restore", str(out))
    assert table_counts() == before


@pytest.mark.django_db
def test_backup_dry_run_writes_nothing(tmp_path):
    out = tmp_path / "talenta.backup"
    call_command("backup", out=out, dry_run=True)
    assert not out.exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("bukan cadangan")
    with pytest.raises(CommandError, match="neither an SQLite backup nor a pg_dump"):
        call_command("restore", str(junk))
