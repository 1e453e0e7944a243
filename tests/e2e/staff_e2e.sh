#!/usr/bin/env bash
# End-to-end check of the way into staff mode on the real kiosk under Xvfb (docs/staff.md):
#
#   staff_e2e.sh STANDPOINT SOURCE_DIR OUTPUT_DIR
#
# A fresh data folder shows "Set a staff PIN" (no "Tap to start"); the PIN is set on the pad and
# the staff screen opens. Then, restarted: xdotool holds the top-left corner for 3.2 s and taps
# the bottom-right one, types the PIN on the pad, and the staff screen opens; SIGTERM ends it with
# exit 0 and a clean-stop marker. A kill -9 is reported as a crash at the next start, which comes
# back into the same event. Staff pause the kiosk with the staff screen's own (named) buttons, and
# it stays paused across the kill. Screenshots land in OUTPUT_DIR. Exit 77 = skipped (no Xvfb tools).
set -euo pipefail

standpoint=${1:?path to the standpoint binary}
source_dir=${2:?source dir}
output_dir=${3:?output dir for screenshots and logs}
demo_survey="$source_dir/assets/surveys/gala-feedback.json"
mkdir -p "$output_dir"

source "$source_dir/tests/e2e/lib.sh"
need_tools xvfb-run xdotool import
in_xvfb "$standpoint" "$source_dir" "$output_dir"
make_work staff
source "$source_dir/tests/e2e/gui_sanitizer_env.sh"
start_kiosk() {
    rm -f "$targets"
    env "${gui_env[@]}" STANDPOINT_TARGETS_FILE="$targets" "$standpoint" "$@" 2>"$work/app.log" &
    app_pid=$!
}
stop_kiosk() {
    kill -TERM "$app_pid"
    local rc=0
    wait "$app_pid" || rc=$?
    app_pid=""
    [ "$rc" = 0 ] || fail "the kiosk exited with $rc after SIGTERM"
}

# 1. First start: no PIN, so no resident screen until staff set one.
start_kiosk --survey "$demo_survey" --data "$work/data" --event e2e-staff
wait_screen set_pin
has_target start && fail "residents can start a survey before a staff PIN is set"
has_target pin:cancel && fail "the first-start PIN pad can be cancelled"
type_pin 1234
tap pin:ok
wait_until "the weak PIN refused" has_screen set_pin
screenshot staff_e2e_set_pin_refused.png
type_pin 4821
tap pin:ok
wait_screen set_pin:confirm
type_pin 4821
tap pin:ok
wait_screen staff
pass "first start asked for a PIN and opened the staff screen once it was set"
grep -q '"pin_hash": "\$argon2id\$' "$work/data/kiosk-state.json" || fail "no Argon2id hash saved"
# (whole words only: a random salt or response id may hold those digits by chance)
grep -v '"pin_hash"' "$work/data/kiosk-state.json" | grep -qw 4821 && fail "the PIN is in the state"
grep -qw 4821 "$work/app.log" && fail "the PIN was logged"
stop_kiosk
[ -e "$work/data/running" ] && fail "the running marker is still there after a clean stop"
pass "SIGTERM: exit 0, clean-stop marker"

# 2. Restart without --event: the remembered event and PIN are used.
start_kiosk --data "$work/data" --survey "$demo_survey"
wait_screen attract
log_has() { grep -qE "$1" "$work/app.log"; }
log_has "did not end cleanly" && fail "a clean stop was reported as a crash"
xdotool mousemove 20 20 mousedown 1
sleep 3.2
xdotool mouseup 1
sleep 0.3
xdotool mousemove 1900 1060 click 1
wait_screen pin_pad
screenshot staff_e2e_pin_pad_empty.png
type_pin 4821
sleep 0.3
screenshot staff_e2e_pin_pad.png
tap pin:ok
wait_screen staff
screenshot staff_e2e_staff.png
pass "corner hold 3.2 s + opposite corner tap + PIN opened the staff screen"

# The staff screen's own buttons are in the targets file: pause the kiosk from it, close it, and
# residents see the paused screen; the pause is remembered in the kiosk state file.
tap section:pause_quit
tap pause
wait_until "the pause saved" grep -q '"is_paused": *true' "$work/data/kiosk-state.json"
tap staff:close
wait_screen paused
has_target start && fail "the paused screen offers residents a start button"
pass "staff paused the kiosk by tapping named staff buttons; residents see the paused screen"

# 3. kill -9: the next start says it crashed and comes back into the same event.
kill -KILL "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""
start_kiosk --data "$work/data" --survey "$demo_survey"
wait_screen paused  # it was paused when it died, and comes back paused
wait_until "the crash line" log_has "did not end cleanly.*event 'e2e-staff'"
pass "a kill -9 was reported at the next start, same event, still paused"
stop_kiosk
