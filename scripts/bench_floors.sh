#!/usr/bin/env bash
# The physical floors the benchmark's figures are compared with (docs/performance.md), on the
# disk the benchmarks use: one 4 KiB write + fdatasync; one TCP round trip on 127.0.0.1 (Nagle
# off); a raw INSERT of N varied responses into the collector's own table in one SQLite
# transaction (WAL, synchronous=FULL), per row. Prints "floor NAME VALUE UNIT" lines.
#   scripts/bench_floors.sh BUILD_DIR      (BENCH_SYNC_RESPONSES: N, default 10,000)
set -euo pipefail
build=${1:-build-bench}
root=$(cd "$(dirname "$0")/.." && pwd)
collector=$build/sync/collector/standpoint-collector
responses=${BENCH_SYNC_RESPONSES:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fdatasync: O_DSYNC writes of 4 KiB, each one durable before the next (what one commit costs).
dd if=/dev/zero of="$work/dsync" bs=4k count=200 oflag=dsync 2>"$work/dd"
awk '/copied/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "s,") printf "floor fdatasync %.3f ms\n", $i * 1000 / 200 }' "$work/dd"

# Loopback round trip: 2,000 one-byte pings through a TCP connection, the median.
python3 - <<'PY'
import socket, threading, time
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
def echo():
    conn, _ = server.accept(); conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while (data := conn.recv(64)): conn.sendall(data)
threading.Thread(target=echo, daemon=True).start()
client = socket.create_connection(server.getsockname()); client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
times = []
for _ in range(2000):
    start = time.perf_counter_ns(); client.sendall(b"x"); client.recv(64); times.append(time.perf_counter_ns() - start)
times.sort(); print("floor loopback_rtt %.1f us" % (times[len(times) // 2] / 1000))
PY

# Raw INSERT: the same varied rows into the collector's schema, one transaction, no HTTP, no JSON.
"$root/scripts/bench_seed_store.sh" "$build" "$work/kiosk" "$responses"
"$collector" add-device floor --db "$work/collector.db" >/dev/null
start=$(date +%s%N)
sqlite3 "$work/collector.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
ATTACH '$work/kiosk/standpoint.db' AS kiosk;
BEGIN IMMEDIATE;
INSERT INTO responses (id, device_id, seq, survey_id, survey_version, survey_sha256, event_id,
    started_at, completed_at, utc_offset_minutes, language, status, answers_json, answers_sha256,
    batch_id, received_at)
SELECT id, device_id, seq, survey_id, survey_version, survey_sha256, event_id, started_at,
    completed_at, utc_offset_minutes, language, status, answers_json, answers_sha256, 'floor',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kiosk.response ORDER BY seq;
COMMIT;
SQL
end=$(date +%s%N)
awk -v n="$responses" -v ns=$((end - start)) 'BEGIN { printf "floor raw_insert_per_row %.2f us\n", ns / 1000 / n }'
