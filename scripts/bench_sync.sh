#!/usr/bin/env bash
# Sync throughput: N responses (default 100,000) from one kiosk store to a local standpoint-collector
# on SQLite, pushed by `standpoint sync --once`. Prints responses/s, gzip body bytes per response
# and the batch size used.
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
responses=${BENCH_SYNC_RESPONSES:-100000}
batch=${BENCH_SYNC_BATCH:-1000}
work=$(mktemp -d)
collector_pid=
cleanup() { [[ -n $collector_pid ]] && kill "$collector_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A kiosk store with the real schema, filled in one transaction (saving one by one would measure
# fsync, which tap_to_durable already does). Every row has the same answers, so one hash fits.
"$exe" status --data "$work/kiosk" >/dev/null
survey='{"format":"standpoint-survey/1","id":"bench"}'
survey_sha=$(printf '%s' "$survey" | sha256sum | cut -d' ' -f1)
answers='{"better":"More benches in the park, please.","recommend":9,"services":["library","parks"],"visit":5}'
answers_sha=$(printf '%s' "$answers" | sha256sum | cut -d' ' -f1)
sqlite3 "$work/kiosk/standpoint.db" <<SQL
INSERT INTO survey(sha256, id, version, definition) VALUES ('$survey_sha', 'bench', 1, CAST('$survey' AS BLOB));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $responses)
INSERT INTO response(id, survey_id, survey_version, survey_sha256, event_id, device_id, started_at,
                     completed_at, utc_offset_minutes, language, status, answers_json, answers_sha256)
SELECT printf('0190a1b2-c3d4-7e5f-8a6b-%012d', i), 'bench', 1, '$survey_sha', 'bench-event',
       (SELECT value FROM meta WHERE key = 'device_id'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d seconds', 2 * ($responses - i) + 60)),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d seconds', 2 * ($responses - i))),
       60, 'en', 'complete', '$answers', '$answers_sha'
FROM n;
SQL

[ ${#where[@]} -eq 0 ] && where=(--db "$work/collector.db")
token=$("$collector" add-device bench-kiosk "${where[@]}")
"$collector" serve --listen 127.0.0.1:0 "${where[@]}" >"$work/collector.out" &
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
}'
