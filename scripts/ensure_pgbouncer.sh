#!/usr/bin/env bash
# PgBouncer for the transaction-pooling drill (tests/ops/test_pgbouncer.py): Debian's package, installed when
# missing and run as root (as scripts/ensure_chromium.sh does for chromium); otherwise say how.
set -euo pipefail
command -v pgbouncer >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q pgbouncer >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q pgbouncer >/dev/null; }
    # Debian enables its own pgbouncer service on port 6432; the drill starts its own on a port of its own.
    systemctl disable --now pgbouncer >/dev/null 2>&1 || true
else
    echo "pgbouncer is not installed: apt-get install pgbouncer (the PgBouncer drill is skipped)" >&2
fi
