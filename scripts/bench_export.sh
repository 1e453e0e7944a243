#!/usr/bin/env bash
# USB export throughput: a kiosk store of N responses (default 100,000) to the demo survey,
# exported by the real `standpoint export` (CSV, questions, XLSX, JSONL, surveys, summary,
# manifest; every file fsync'd and read back) into a folder on this machine's disk. Prints the
# whole export's seconds and peak RSS (/usr/bin/time -v), the CLI's own split (read / build /
# write and check), and CSV and JSONL alone (bench_export_formats). Target: CSV+JSONL < 5 s.
#   scripts/bench_export.sh BUILD_DIR      (BENCH_EXPORT_RESPONSES overrides N)
set -euo pipefail
build=${1:-build-bench}
root=$(cd "$(dirname "$0")/.." && pwd)
exe=$build/kiosk/app/standpoint
seed=$build/tests/export_io/export_io_seed
formats=$build/tests/export_io/bench_export_formats
responses=${BENCH_EXPORT_RESPONSES:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1,000 varied responses saved through ResponseStore::save (en/cy/pl/ur, every question type,
# formula-injection texts), on /dev/shm so the fsync per save does not dominate; then copied
# with new ids, in one SQL statement, up to N. The answers stay those the store saved.
shm=$(mktemp -d -p /dev/shm)
"$seed" "$shm/data" "$root/assets/surveys/gala-feedback.json" 1000
copies=$(( (responses + 999) / 1000 - 1 ))
sqlite3 "$shm/data/standpoint.db" <<SQL
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $copies)
INSERT INTO response(id, survey_id, survey_version, survey_sha256, event_id, device_id, started_at,
                     completed_at, utc_offset_minutes, language, status, answers_json, answers_sha256)
SELECT printf('0190f3b2-7c1a-7def-8abc-%012d', j * 1000 + seq - 1), survey_id, survey_version,
       survey_sha256, event_id, device_id, started_at, completed_at, utc_offset_minutes, language,
       status, answers_json, answers_sha256
FROM response, k WHERE seq <= 1000 ORDER BY j, seq;
SQL
mv "$shm/data" "$work/data" && rmdir "$shm"
count=$(sqlite3 "$work/data/standpoint.db" "SELECT count(*) FROM response")
mkdir -p "$work/stick"

/usr/bin/time -v "$exe" export --data "$work/data" --to "$work/stick" >"$work/out" 2>"$work/time"
seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$work/time")
echo "responses: $count (store $(du -h "$work/data/standpoint.db" | cut -f1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "standpoint export (all 7 files, fsync'd and read back): ${seconds} s wall, ${cpu} s cpu (user+sys), peak RSS $((rss_kb / 1024)) MiB"
echo "  $(grep '^took' "$work/out")"
grep -E '^  [a-z]' "$work/out" | sed 's/^/  /'
"$formats" "$work/data" | sed 's/^/  /'
