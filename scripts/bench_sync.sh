#!/usr/bin/env bash
# Sync throughput: N varied responses (default 10,000) from one kiosk store to a local
# standpoint-collector on SQLite, pushed by `standpoint sync --once`. Prints responses/s, body
# bytes per response and the batch size used.
#   scripts/bench_sync.sh BUILD_DIR     (BENCH_SYNC_RESPONSES, BENCH_SYNC_BATCH override)
#   scripts/bench_sync.sh BUILD_DIR --pg    the same against `serve --pg` on a private throwaway
#                                           cluster (tests/sync/pg_cluster.sh)
set -euo pipefail
build=${1:-build-bench}
if [ "${2:-}" = "--pg" ] && [ -z "${STANDPOINT_TEST_PG:-}" ]; then
    exec "$(dirname "$0")/../tests/sync/pg_cluster.sh" "$0" "$build" --pg
fi
if [ "${2:-}" = "--pg" ]; then
    where=(--pg "$STANDPOINT_TEST_PG"); backend=PostgreSQL
else
    where=(); backend=SQLite
fi
exe=$build/kiosk/app/standpoint
collector=$build/sync/collector/standpoint-collector
responses=${BENCH_SYNC_RESPONSES:-10000}
batch=${BENCH_SYNC_BATCH:-1000}
work=$(mktemp -d)
collector_pid=
cleanup() { [[ -n $collector_pid ]] && kill "$collector_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A kiosk store of varied responses (the saving is not measured: tap_to_durable does that).
"$(dirname "$0")/bench_seed_store.sh" "$build" "$work/kiosk" "$responses"

[ ${#where[@]} -eq 0 ] && where=(--db "$work/collector.db")
token=$("$collector" add-device bench-kiosk "${where[@]}")
# The key pair goes in the throwaway folder (with --pg there is no database file to sit beside).
"$collector" serve --listen 127.0.0.1:0 "${where[@]}" --key "$work/collector.key" \
    >"$work/collector.out" &
collector_pid=$!
for _ in $(seq 100); do grep -q listening "$work/collector.out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/collector.out")
printf '{"endpoint": "http://127.0.0.1:%s", "batch_size": %s}\n' "$port" "$batch" >"$work/kiosk/sync.json"
(umask 077 && printf '%s\n' "$token" >"$work/kiosk/sync-token")

start=$(date +%s.%N)
"$exe" sync --once --data "$work/kiosk" >"$work/sync.out"
end=$(date +%s.%N)
summary=$(tail -1 "$work/sync.out")
sent=$(sed -n 's/^sent \([0-9]*\) responses in \([0-9]*\) bytes.*/\1/p' <<<"$summary")
bytes=$(sed -n 's/^sent \([0-9]*\) responses in \([0-9]*\) bytes.*/\2/p' <<<"$summary")
stored=$("$collector" stats "${where[@]}" | sed -n 's/^responses //p')
awk -v backend="$backend" -v n="$sent" -v b="$bytes" -v s="$start" -v e="$end" -v batch="$batch" -v stored="$stored" 'BEGIN {
    t = e - s
    printf "sync (%s collector): %d responses in %.2f s = %.0f responses/s (target > 10000)\n", backend, n, t, n / t
    printf "      batch size %d, %.1f gzip body bytes per response (+ ~350 bytes of HTTP per batch)\n", batch, b / n
    printf "      collector holds %d responses\n", stored
    printf "figure sync_%s_batch%d_per_s %.0f\n", tolower(backend), batch, n / t
    printf "figure bytes_per_response_batch%d %.1f\n", batch, b / n
}'
