#!/usr/bin/env bash
# Starts a PRIVATE throwaway PostgreSQL cluster (temp dir, free port, socket in the temp dir),
# runs "$@" with STANDPOINT_TEST_PG set to its conninfo, then stops it and deletes it.
# As root the cluster runs as the `postgres` user (postgres refuses to run as root).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "pg_cluster.sh: the PostgreSQL server is not installed (run scripts/setup)" >&2
    exit 1
fi
dir=$(mktemp -d /tmp/standpoint-pg-XXXXXX)
as_pg() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
    as_pg "$bin/pg_ctl -D $dir/data -m immediate -w stop" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
as_pg "$bin/initdb -D $dir/data -A trust -U postgres" >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$bin/pg_ctl -D $dir/data -l $dir/server.log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1' start" >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
as_pg "$bin/createdb -h $dir -p $port -U postgres standpoint"
STANDPOINT_TEST_PG="host=$dir port=$port user=postgres dbname=standpoint" "$@"
