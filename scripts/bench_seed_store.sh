#!/usr/bin/env bash
# A kiosk store of N varied responses for the benchmarks (never identical answers, which gzip
# would hide): 1,000 saved through ResponseStore::save by export_io_seed (en/cy/pl/ur, every
# question type of the demo survey, free text on some, formula-injection texts), on /dev/shm so
# the fsync per save does not dominate; then copied with new ids, in one SQL statement, up to N.
# The answers stay those the store saved (with their hashes).
#   scripts/bench_seed_store.sh BUILD_DIR DATA_DIR N      (DATA_DIR must not exist yet)
set -euo pipefail
build=$1 data=$2 responses=$3
root=$(cd "$(dirname "$0")/.." && pwd)
seed=$build/tests/export_io_seed
first=$(( responses < 1000 ? responses : 1000 ))
shm=$(mktemp -d -p /dev/shm)
"$seed" "$shm/data" "$root/assets/surveys/gala-feedback.json" "$first"
copies=$(( (responses + 999) / 1000 - 1 ))
if [ "$copies" -gt 0 ]; then
sqlite3 "$shm/data/standpoint.db" <<SQL
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $copies)
INSERT INTO response(id, survey_id, survey_version, survey_sha256, event_id, device_id, started_at,
                     completed_at, utc_offset_minutes, language, status, answers_json, answers_sha256)
SELECT printf('0190f3b2-7c1a-7def-8abc-%012d', j * 1000 + seq - 1), survey_id, survey_version,
       survey_sha256, event_id, device_id, started_at, completed_at, utc_offset_minutes, language,
       status, answers_json, answers_sha256
FROM response, k WHERE seq <= 1000 AND j * 1000 + seq <= $responses ORDER BY j, seq;
SQL
fi
mkdir -p "$(dirname "$data")"
mv "$shm/data" "$data" && rmdir "$shm"
