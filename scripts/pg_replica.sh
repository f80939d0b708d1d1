#!/usr/bin/env bash
# A throw-away PostgreSQL primary with a real streaming replica, on loopback ports of their own, for the
# replica drills (pytest -m replica). Uses the machine's PostgreSQL binaries (initdb, pg_ctl, pg_basebackup).
#
#   scripts/pg_replica.sh start DIR [PRIMARY_PORT] [REPLICA_PORT] [PGBOUNCER_PORT]   # prints shell exports
#   scripts/pg_replica.sh stop DIR                                                   # stops all, removes DIR
#
# When pgbouncer is installed (scripts/ensure_pgbouncer.sh), a PgBouncer in transaction mode in front of the
# primary is started too, and PGBOUNCER_URL printed.
#
# As root, the servers run as the `postgres` OS user (PostgreSQL refuses to run as root).
set -euo pipefail

PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
cmd="${1:?start|stop}"
dir="${2:?a directory for the clusters}"
primary_port="${3:-55432}"
replica_port="${4:-55433}"
bouncer_port="${5:-55434}"

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
        as_pg test -x "$dir" || { echo "the postgres user cannot reach $dir (chmod 755 its parents)" >&2; exit 1; }
    fi
    as_pg "$PGBIN/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log"
    cat >>"$dir/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    echo "host replication postgres 127.0.0.1/32 trust" >>"$dir/primary/pg_hba.conf"
    as_pg "$PGBIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 start >/dev/null
    as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/replica" \
        --write-recovery-conf --checkpoint=fast --wal-method=stream --no-sync
    cat >>"$dir/replica/postgresql.conf" <<CONF
port = $replica_port
hot_standby = on
hot_standby_feedback = on
CONF
    as_pg "$PGBIN/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w -t 60 start >/dev/null
    for _ in $(seq 1 60); do
        state=$(psql -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -Atc \
            "SELECT state FROM pg_stat_replication" 2>/dev/null || true)
        [ "$state" = streaming ] && break
        sleep 0.5
    done
    [ "$state" = streaming ] || { echo "the replica is not streaming" >&2; exit 1; }
    [ "$(psql -h 127.0.0.1 -p "$replica_port" -U postgres -d postgres -Atc 'SELECT pg_is_in_recovery()')" = t ]
    if command -v pgbouncer >/dev/null; then
        echo '"postgres" ""' >"$dir/userlist.txt"
        cat >"$dir/pgbouncer.ini" <<CONF
[databases]
* = host=127.0.0.1 port=$primary_port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir = $dir
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 2
max_client_conn = 100
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
CONF
        [ "$(id -u)" = 0 ] && chown postgres: "$dir/pgbouncer.ini" "$dir/userlist.txt"
        as_pg pgbouncer -d -q "$dir/pgbouncer.ini"
        echo "export PGBOUNCER_URL=postgres://postgres@127.0.0.1:${bouncer_port}/talenta_replica_drill"
    fi
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:${primary_port}/talenta_replica_drill"
    echo "export DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:${replica_port}/talenta_replica_drill"
    ;;
stop)
    if [ -f "$dir/pgbouncer.pid" ]; then kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true; fi
    for node in replica primary; do
        if [ -f "$dir/$node/postmaster.pid" ]; then
            as_pg "$PGBIN/pg_ctl" -D "$dir/$node" -m immediate -w -t 30 stop >/dev/null || true
        fi
    done
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR [PRIMARY_PORT] [REPLICA_PORT] [PGBOUNCER_PORT]" >&2
    exit 2
    ;;
esac
