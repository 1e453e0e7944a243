#!/usr/bin/env bash
# The console's browser test: installs playwright-core (npm ci, into NPM_DIR), makes a collector
# store with an admin and a viewer, starts the real collector on 127.0.0.1, and runs
# console_test.cjs in Debian's Chromium. With STANDPOINT_TEST_PG set (tests/sync/pg_cluster.sh)
# the collector uses that PostgreSQL database instead of a SQLite file.
# Env: COLLECTOR, KIOSK, FIXTURE (executables), NPM_DIR, ARTEFACTS (screenshots, downloads).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "console test: Debian's chromium is not installed (run scripts/setup)" >&2; exit 1; }
command -v npm >/dev/null || { echo "console test: npm is not installed (run scripts/setup)" >&2; exit 1; }

mkdir -p "$NPM_DIR"
cp "$here/package.json" "$here/package-lock.json" "$NPM_DIR/"
if ! (cd "$NPM_DIR" && npm ci --no-audit --no-fund --silent >npm.log 2>&1); then
    cat "$NPM_DIR/npm.log" >&2
    echo "console test: npm ci failed (is the npm registry reachable?)" >&2
    exit 1
fi

work=$(mktemp -d /tmp/standpoint-console-XXXXXX)
collector_pid=""
cleanup() {
    [ -n "$collector_pid" ] && kill "$collector_pid" 2>/dev/null && wait "$collector_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

store=(--db "$work/collector.db")
[ -n "${STANDPOINT_TEST_PG:-}" ] && store=(--pg "$STANDPOINT_TEST_PG")
echo "admin password 1" | "$COLLECTOR" add-user admin --role admin "${store[@]}" >/dev/null
echo "viewer password 1" | "$COLLECTOR" add-user viewer --role viewer "${store[@]}" >/dev/null

"$COLLECTOR" serve --listen 127.0.0.1:0 "${store[@]}" >"$work/collector.out" 2>"$work/collector.err" &
collector_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on' "$work/collector.out" 2>/dev/null && break
    sleep 0.1
done
address=$(sed -n 's/^listening on \([^ ]*\) .*/\1/p' "$work/collector.out")
[ -n "$address" ] || { cat "$work/collector.err" >&2; echo "console test: the collector did not start" >&2; exit 1; }

rm -rf "$ARTEFACTS"
mkdir -p "$ARTEFACTS"
cp "$here/console_test.cjs" "$NPM_DIR/"
status=0
COLLECTOR_URL="http://$address" WORK="$work" CHROMIUM="$chromium" STORE_FLAG="${store[0]}" STORE_VALUE="${store[1]}" \
    node "$NPM_DIR/console_test.cjs" || status=$?
# Stop the collector as systemd would (SIGTERM): it must exit 0, and a sanitizer build must have
# nothing to say (ASan/UBSan/LSan write to stderr).
kill "$collector_pid"
collector_status=0
wait "$collector_pid" || collector_status=$?
collector_pid=""
if [ $collector_status -ne 0 ] || grep -q 'Sanitizer\|runtime error' "$work/collector.err"; then
    echo "console test: the collector exited $collector_status after SIGTERM or a sanitizer spoke" >&2
    status=1
fi
if [ $status -ne 0 ]; then
    echo "--- collector stderr ---" >&2
    tail -50 "$work/collector.err" >&2
fi
exit $status
