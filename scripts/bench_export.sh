#!/usr/bin/env bash
# USB export throughput: a kiosk store of N responses (default 100,000) to the demo survey,
# exported by the real `standpoint export` (CSV, questions, XLSX, JSONL, surveys, summary,
# manifest; the store read a chunk at a time and every file streamed, hashed while written, fsync'd
# and read back) into a folder on this machine's disk. Prints the whole export's seconds and peak
# RSS (/usr/bin/time -v; targets <= 3 s, <= 64 MiB), the CLI's own "took" line, and CSV and JSONL
# alone from an in-memory snapshot (bench_export_formats). Target: CSV+JSONL < 5 s.
#   scripts/bench_export.sh BUILD_DIR      (BENCH_EXPORT_RESPONSES overrides N)
set -euo pipefail
build=${1:-build-bench}
root=$(cd "$(dirname "$0")/.." && pwd)
exe=$build/kiosk/app/standpoint
formats=$build/tests/bench_export_formats
responses=${BENCH_EXPORT_RESPONSES:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/scripts/bench_seed_store.sh" "$build" "$work/data" "$responses"  # varied answers
count=$(sqlite3 "$work/data/standpoint.db" "SELECT count(*) FROM response")
mkdir -p "$work/stick"

/usr/bin/time -v "$exe" export --data "$work/data" --to "$work/stick" >"$work/out" 2>"$work/time"
seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$work/time")
echo "responses: $count (store $(du -h "$work/data/standpoint.db" | cut -f1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "standpoint export (all files streamed, fsync'd and read back): ${seconds} s wall, ${cpu} s cpu (user+sys), peak RSS $((rss_kb / 1024)) MiB"
echo "  $(grep '^took' "$work/out")"
grep -E '^  [a-z]' "$work/out" | sed 's/^/  /'
"$formats" "$work/data" | sed 's/^/  /'
echo "figure export_s $seconds"
echo "figure export_rss_mib $((rss_kb / 1024))"
# The floor: the same bytes copied into the same folder and made durable (cp, then sync of each file).
folder=$(find "$work/stick" -mindepth 1 -maxdepth 1 -type d | head -1)
start=$(date +%s%N)
cp -r "$folder" "$work/stick/copy"
sync "$work/stick/copy"/* "$work/stick/copy"
end=$(date +%s%N)
echo "cp of the export's $(du -sb "$folder" | cut -f1) bytes into the same folder, each file synced: $(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }') s"
awk -v ns=$((end - start)) 'BEGIN { printf "floor cp_export %.2f s\n", ns / 1e9 }'
