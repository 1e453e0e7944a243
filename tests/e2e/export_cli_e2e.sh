#!/usr/bin/env bash
# The real `standpoint export` on a real store of 3,000 responses (en/cy/pl/ur), onto real file
# systems: a folder checked cell by cell with Python's csv module; a tmpfs too small (refused
# before writing) and one out of inodes (a real ENOSPC mid-export); a read-only tmpfs; a FAT
# image written with mtools. Mount cases need root and are skipped, saying so, where mount is
# not permitted.
#   export_cli_e2e.sh STANDPOINT SEED SOURCE_DIR
set -uo pipefail
exe=$1
seed=$2
source_dir=$3
checker=$source_dir/tests/e2e/check_export.py
survey=$source_dir/assets/surveys/gala-feedback.json

# The store lives on /dev/shm: save() fsyncs every response, which on this disk would make the
# seeding, not the export, the slow part of the test.
work=$(mktemp -d -p /dev/shm standpoint-export-e2e-XXXXXX)
mounts=()
cleanup() {
    for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$seed" "$work/seeded" "$survey" 3000 || { echo "FAIL: seeding the store"; exit 1; }
fresh_store() {  # a pristine copy of the seeded store (nothing exported yet)
    rm -rf "$work/$1" && cp -a "$work/seeded" "$work/$1"
}
exported_marks() { sqlite3 "$1/standpoint.db" "SELECT count(*) FROM response WHERE exported_in IS NOT NULL"; }
export_rows() { sqlite3 "$1/standpoint.db" "SELECT count(*) FROM export"; }

# Runs the export; stdout and stderr land in $work/out and $work/err, the exit status in $status.
run_export() {
    "$exe" export "$@" >"$work/out" 2>"$work/err"
    status=$?
}

can_mount=no
mkdir -p "$work/probe" && mount -t tmpfs -o size=64k tmpfs "$work/probe" 2>/dev/null &&
    { can_mount=yes; umount "$work/probe"; }

mount_tmpfs() {  # mount_tmpfs DIR OPTIONS
    mkdir -p "$1" && mount -t tmpfs -o "$2" tmpfs "$1" && mounts+=("$1")
}

# ---- a full export, checked against the store cell by cell ----
fresh_store full
mkdir -p "$work/stick"
# Personal data goes only into a file sealed to the collector's key (docs/security.md): a stand-in
# collector key (X25519, from openssl) in the kiosk's data folder, as the sync set-up puts it.
openssl genpkey -algorithm X25519 -out "$work/collector.pem" 2>/dev/null
openssl pkey -in "$work/collector.pem" -pubout -outform DER | tail -c 32 | xxd -p -c 64 \
    >"$work/full/standpoint-collector.pub"
run_export --data "$work/full" --to "$work/stick" --include-personal
folder=$(sed -n 's/^exported 3000 responses to //p' "$work/out")
if [ $status -eq 0 ] && [ -d "$folder" ] &&
    grep -q '^checked: every file read back and matches its SHA-256$' "$work/out"; then
    pass "export of 3000 responses: $(tail -1 "$work/out")"
else
    fail "export exited $status: $(cat "$work/err" "$work/out")"
fi
# Included personal data is sealed, so the files people open hold none of it.
if python3 "$checker" "$folder" "$work/full/standpoint.db" --personal no; then
    pass "responses.csv, responses.jsonl and manifest.json match the store"
else
    fail "the export does not match the store"
fi
if [ -s "$folder/personal.jsonl.sealed" ] && [ -s "$folder/manifest.sig" ] &&
    python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if m["personal_data"]["included"] and m["personal_data"]["sealed"]["file"] == "personal.jsonl.sealed" else 1)' "$folder/manifest.json"; then
    pass "personal data sealed in personal.jsonl.sealed, the manifest signed in manifest.sig"
else
    fail "no sealed personal data or no manifest.sig in $folder: $(ls "$folder")"
fi
[ "$(export_rows "$work/full")" = 1 ] && [ "$(exported_marks "$work/full")" = 3000 ] &&
    pass "the store remembers the export and marks all 3000" ||
    fail "store marks: $(export_rows "$work/full") exports, $(exported_marks "$work/full") marked"
ls -A "$folder" | grep -q partial && fail "a .partial file was left: $(ls -A "$folder")"

# ---- the same export again: a new folder, the first one untouched ----
first_sum=$(cd "$folder" && sha256sum ./* | sha256sum)
run_export --data "$work/full" --to "$work/stick"
second=$(sed -n 's/^exported 3000 responses to //p' "$work/out")
if [ $status -eq 0 ] && [ "$second" = "$folder-2" ] &&
    [ "$(cd "$folder" && sha256sum ./* | sha256sum)" = "$first_sum" ]; then
    pass "a second export goes to $(basename "$second"), the first is unchanged"
else
    fail "second export: status $status, folder '$second'"
fi
python3 "$checker" "$second" "$work/full/standpoint.db" --personal no >/dev/null &&
    pass "personal data left out by default (no postcode column)" ||
    fail "default export: $(python3 "$checker" "$second" "$work/full/standpoint.db" --personal no | head -3)"

# ---- filters: one event, one local date ----
fresh_store filtered
mkdir -p "$work/stick-event" "$work/stick-date"
run_export --data "$work/filtered" --to "$work/stick-event" --event winter-fair
folder=$(sed -n 's/^exported [0-9]* responses to //p' "$work/out")
python3 "$checker" "$folder" "$work/filtered/standpoint.db" --event winter-fair >/dev/null &&
    pass "--event winter-fair: $(head -1 "$work/out")" || fail "--event export: $(cat "$work/err")"
run_export --data "$work/filtered" --to "$work/stick-date" --from 2026-11-22 --to 2026-11-22
folder=$(sed -n 's/^exported [0-9]* responses to //p' "$work/out")
python3 "$checker" "$folder" "$work/filtered/standpoint.db" --date 2026-11-22 >/dev/null &&
    pass "--from/--to 2026-11-22: $(head -1 "$work/out")" || fail "--from/--to export: $(cat "$work/err")"

# ---- the folder's names survive a FAT file system (mtools: this kernel has no vfat) ----
folder=$(ls -d "$work/stick/"standpoint-* | head -1)
name=$(basename "$folder")
if mkfs.vfat -C "$work/fat.img" 8192 >/dev/null && mcopy -s -i "$work/fat.img" "$folder" ::/ &&
    mdir -b -i "$work/fat.img" "::/$name" >"$work/fat.list"; then
    missing=0
    for f in "$folder"/*; do
        grep -qx "::/$name/$(basename "$f")" "$work/fat.list" || { missing=1; fail "not on FAT: $(basename "$f")"; }
    done
    mkdir -p "$work/back" && mcopy -s -i "$work/fat.img" "::/$name" "$work/back/"
    (cd "$work/back/$name" && python3 - <<'PY'
import hashlib, json, sys
manifest = json.load(open("manifest.json"))
bad = [f["name"] for f in manifest["files"]
       if hashlib.sha256(open(f["name"], "rb").read()).hexdigest() != f["sha256"]]
sys.exit(1 if bad else 0)
PY
    ) && [ $missing -eq 0 ] &&
        pass "every file of $name arrived on a FAT image under its own name and reads back intact" ||
        fail "FAT copy: files missing or changed"
else
    fail "could not make or fill a FAT image with mtools"
fi

# ---- sticks that fail for real ----
if [ $can_mount = no ]; then
    echo "SKIPPED: full / read-only stick cases: mount -t tmpfs is not permitted here (run as root)"
else
    no_manifest() { [ -z "$(find "$1" -name manifest.json 2>/dev/null)" ]; }

    # Too small: refused before writing, with the free space and what is needed.
    fresh_store small
    mount_tmpfs "$work/small-stick" size=256k
    run_export --data "$work/small" --to "$work/small-stick"
    if [ $status -eq 1 ] && grep -q "full" "$work/err" && grep -q "MB free, the export needs" "$work/err" &&
        no_manifest "$work/small-stick" && [ -z "$(ls -A "$work/small-stick")" ] &&
        [ "$(exported_marks "$work/small")" = 0 ] && [ "$(export_rows "$work/small")" = 0 ]; then
        pass "256 KiB stick: $(cat "$work/err")"
    else
        fail "256 KiB stick: status $status: $(cat "$work/err")"
    fi

    # Out of inodes: the size check passes, then creating a file fails with a real ENOSPC.
    fresh_store inodes
    mount_tmpfs "$work/inodes-stick" size=64m,nr_inodes=4
    run_export --data "$work/inodes" --to "$work/inodes-stick"
    if [ $status -eq 1 ] && grep -q "the stick is full" "$work/err" && no_manifest "$work/inodes-stick" &&
        [ -z "$(ls -A "$work/inodes-stick")" ] && [ "$(exported_marks "$work/inodes")" = 0 ]; then
        pass "stick full mid-export (ENOSPC): $(cat "$work/err")"
    else
        fail "ENOSPC mid-export: status $status, left: $(ls -RA "$work/inodes-stick"): $(cat "$work/err")"
    fi

    # Read-only (a locked stick).
    fresh_store ro
    mount_tmpfs "$work/ro-stick" size=64m
    mount -o remount,ro "$work/ro-stick"
    run_export --data "$work/ro" --to "$work/ro-stick"
    if [ $status -eq 1 ] && grep -q "read-only" "$work/err" && [ "$(exported_marks "$work/ro")" = 0 ]; then
        pass "read-only stick: $(cat "$work/err")"
    else
        fail "read-only stick: status $status: $(cat "$work/err")"
    fi
fi

# ---- a store another process holds open (a running kiosk): refused, one writer only ----
fresh_store held
sleep 60 3<"$work/held/standpoint.db" &
holder=$!
for _ in $(seq 100); do [ -e "/proc/$holder/fd/3" ] && break; sleep 0.05; done
run_export --data "$work/held" --to "$work/stick"
kill $holder 2>/dev/null; wait $holder 2>/dev/null
[ $status -eq 1 ] && grep -q "is open in process $holder" "$work/err" &&
    [ "$(export_rows "$work/held")" = 0 ] && pass "store held open: $(cat "$work/err")" ||
    fail "store held open: status $status: $(cat "$work/err")"

# ---- no such folder, and no store ----
fresh_store gone
run_export --data "$work/gone" --to "$work/not-there"
[ $status -eq 1 ] && grep -q "no such folder" "$work/err" && pass "missing folder: $(cat "$work/err")" ||
    fail "missing folder: status $status: $(cat "$work/err")"
run_export --data "$work/no-store" --to "$work/stick"
[ $status -eq 1 ] && grep -q "no kiosk store" "$work/err" && [ ! -e "$work/no-store" ] &&
    pass "no store: $(cat "$work/err")" || fail "no store: status $status: $(cat "$work/err")"

echo "$failures failure(s)"
[ $failures -eq 0 ]
