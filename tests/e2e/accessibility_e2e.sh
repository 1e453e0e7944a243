#!/usr/bin/env bash
# End-to-end check of the accessibility choices and the attract/thanks screens in the real kiosk
# under Xvfb (docs/accessibility.md):
#
#   accessibility_e2e.sh STANDPOINT SOURCE_DIR OUTPUT_DIR
#
# Taps A+ and Contrast on the attract screen, answers the demo survey in large high-contrast
# text, taps the speaker (espeak-ng runs as its own process; without a sound device it is a quiet
# no-op), reaches the thank-you screen with its QR code, then leaves the attract screen alone
# until it dims and checks the kiosk uses no CPU after that. Screenshots of each land in
# OUTPUT_DIR. Exit 77 = skipped (no Xvfb/xdotool/imagemagick).
# STANDPOINT_E2E_SCREEN=1080x1920x24 runs it on a portrait screen; STANDPOINT_E2E_LANGUAGE=cy
# switches language on the attract screen first.
set -euo pipefail

standpoint=${1:?path to the standpoint binary}
source_dir=${2:?source dir}
output_dir=${3:?output dir for screenshots and logs}
demo_survey="$source_dir/assets/surveys/gala-feedback.json"
animate_s=12  # ui::attract_animate_for
mkdir -p "$output_dir"

for tool in xvfb-run xdotool import; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool is missing (scripts/setup installs xvfb, xdotool, imagemagick)"
        exit 77
    fi
done
if [ -z "${STANDPOINT_E2E_IN_XVFB:-}" ]; then
    exec xvfb-run -a -s "-screen 0 ${STANDPOINT_E2E_SCREEN:-1920x1080x24} -nolisten tcp" \
        env STANDPOINT_E2E_IN_XVFB=1 bash "$0" "$standpoint" "$source_dir" "$output_dir"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/standpoint-a11y.XXXXXX")
app_pid=""
cleanup() {
    if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill -KILL "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
targets="$work/targets"

fail() {
    echo "FAIL: $*" >&2
    [ -f "$work/app.log" ] && { echo "--- kiosk stderr ---" >&2; cat "$work/app.log" >&2; }
    [ -f "$targets" ] && { echo "--- last targets file ---" >&2; cat "$targets" >&2; }
    exit 1
}
pass() { echo "ok: $*"; }
app_alive() { kill -0 "$app_pid" 2>/dev/null || fail "the kiosk exited while the test was waiting"; }
wait_until() {
    local what=$1 i
    shift
    for ((i = 0; i < 400; i++)); do
        if "$@"; then return 0; fi
        app_alive
        sleep 0.05
    done
    fail "timed out waiting for $what"
}
has_screen() { grep -qx "# screen $1" "$targets" 2>/dev/null; }
has_target() { awk -v n="$1" '$1 == n { found = 1 } END { exit !found }' "$targets" 2>/dev/null; }
target_height() { awk -v n="$1" '$1 == n { print int($5); exit }' "$targets"; }
wait_screen() { wait_until "screen $1" has_screen "$1"; }
tap() {
    wait_until "target $1" has_target "$1"
    local x y
    read -r x y < <(awk -v n="$1" '$1 == n { printf "%d %d\n", $2 + $4 / 2, $3 + $5 / 2; exit }' "$targets")
    xdotool mousemove "$x" "$y" click 1
    sleep 0.3  # press, release and the settled frame
}
screenshot() {
    import -window root "$output_dir/$1" || fail "import could not take a screenshot"
    echo "screenshot: $output_dir/$1"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$app_pid/stat"; }

source "$(dirname "$0")/gui_sanitizer_env.sh"
env "${gui_env[@]}" STANDPOINT_TARGETS_FILE="$targets" "$standpoint" --survey "$demo_survey" \
    --data "$work/data" 2>"$work/app.log" &
app_pid=$!

wait_screen attract
for name in text_size contrast read_aloud start; do
    wait_until "target $name" has_target "$name"
done
sleep 1  # the glow is mid-swell
screenshot accessibility_attract.png
pass "the attract screen has the A+, contrast and speaker buttons"

if [ -n "${STANDPOINT_E2E_LANGUAGE:-}" ]; then
    tap "language:$STANDPOINT_E2E_LANGUAGE"
    wait_until "language $STANDPOINT_E2E_LANGUAGE" grep -qx "# language $STANDPOINT_E2E_LANGUAGE" "$targets"
fi
tap text_size
tap contrast
tap read_aloud  # espeak-ng | aplay in the background; no sound card here, so nothing is heard
tap start
wait_screen privacy
tap agree
wait_screen asking:visit
tap smiley:4
tap next
wait_screen asking:services
tap option:library
sleep 0.5
screenshot accessibility_question_large_contrast.png
for name in text_size contrast read_aloud next back option:library; do
    height=$(target_height "$name")
    [ "${height:-0}" -ge 90 ] || fail "$name is ${height:-missing} px tall at the largest text"
done
pass "in large high-contrast text every checked target is >= 90 px"
tap read_aloud
tap next
wait_screen asking:recommend
tap scale:9
for question in recommend better age postcode; do
    wait_screen "asking:$question"
    tap next
done
wait_screen thanks
sleep 0.5
screenshot accessibility_thanks_qr.png
pass "the thank-you screen shows (screenshot with the QR code)"
app_alive
pass "the speaker taps did not disturb the kiosk"

tap dismiss
wait_screen attract
sleep $((animate_s + 2))
screenshot accessibility_attract_dimmed.png
before=$(cpu_ticks)
sleep 4
after=$(cpu_ticks)
[ $((after - before)) -le 2 ] || fail "the dimmed attract screen used $((after - before)) CPU ticks in 4 s"
pass "after the dim the kiosk used $((after - before)) CPU ticks in 4 s"

kill -TERM "$app_pid"
wait "$app_pid" || true
app_pid=""
