#!/usr/bin/env bash
# End-to-end checks of the real `standpoint` binary.
#
#   kiosk_e2e.sh cli         STANDPOINT SOURCE_DIR OUTPUT_DIR   command line, check-survey, bad survey,
#                                                             no display (needs no X server)
#   kiosk_e2e.sh walkthrough STANDPOINT SOURCE_DIR OUTPUT_DIR   a resident taps through the demo survey
#                                                             under Xvfb with xdotool; the stored row
#                                                             is checked with sqlite3
#   kiosk_e2e.sh unavailable STANDPOINT SOURCE_DIR OUTPUT_DIR   a store that cannot be opened gives the
#                                                             "not available" screen
#   kiosk_e2e.sh timeout     STANDPOINT SOURCE_DIR OUTPUT_DIR   an abandoned survey times out on its
#                                                             own and is kept as partial (~35 s)
#
# The walkthrough taps by name: the kiosk writes its tap targets to $STANDPOINT_TARGETS_FILE
# ("# screen asking:visit", "# answers {...}", then "name x y w h" lines) and the script waits for
# the file to show the next screen instead of sleeping. Exit 77 = skipped (ctest SKIP_RETURN_CODE).
set -euo pipefail

mode=${1:?mode: cli or walkthrough}
standpoint=${2:?path to the standpoint binary}
source_dir=${3:?source dir}
output_dir=${4:?output dir for screenshots and logs}
demo_survey="$source_dir/assets/surveys/gala-feedback.json"
mkdir -p "$output_dir"

work=$(mktemp -d "${TMPDIR:-/tmp}/standpoint-e2e.XXXXXX")
targets="$work/targets"
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT

# run_app NAME ARGS...: runs the binary with no display, keeps exit code and output in $work/NAME.*
run_app() {
    local name=$1
    shift
    set +e
    env -u DISPLAY -u WAYLAND_DISPLAY timeout 30 "$standpoint" "$@" >"$work/$name.out" 2>"$work/$name.err"
    echo $? >"$work/$name.rc"
    set -e
}
rc_of() { cat "$work/$1.rc"; }

cli_checks() {
    run_app check_demo check-survey "$demo_survey"
    [ "$(rc_of check_demo)" = 0 ] || fail "check-survey on the demo exited $(rc_of check_demo): $(cat "$work/check_demo.err")"
    grep -qF "gala-feedback.json: ok (6 questions, languages en, cy" "$work/check_demo.out" ||
        fail "check-survey did not say ok: $(cat "$work/check_demo.out")"
    pass "check-survey on the demo survey exits 0 and says ok"

    # Truncated JSON: the kind of file a half-finished edit leaves behind.
    printf '{"format": "standpoint-survey/1", "id": "broken", "version": 1,\n  "languages": ["en"' \
        >"$work/broken-survey.json"
    run_app broken_kiosk --survey "$work/broken-survey.json" --data "$work/never-created"
    [ "$(rc_of broken_kiosk)" != 0 ] || fail "the kiosk started on a broken survey"
    grep -qF "broken-survey.json" "$work/broken_kiosk.err" ||
        fail "the message does not name the file: $(cat "$work/broken_kiosk.err")"
    [ ! -e "$work/never-created" ] || fail "the kiosk opened its store although the survey is broken"
    pass "the kiosk on a broken survey exits $(rc_of broken_kiosk), names the file, opens no store"

    run_app check_broken check-survey "$demo_survey" "$work/broken-survey.json"
    [ "$(rc_of check_broken)" = 1 ] || fail "check-survey on a broken file exited $(rc_of check_broken), not 1"
    grep -qF "broken-survey.json" "$work/check_broken.err" || fail "check-survey did not name the broken file"
    grep -qF "gala-feedback.json: ok" "$work/check_broken.out" || fail "check-survey stopped at the first file"
    pass "check-survey with one broken file exits 1 and still reports the good one"

    run_app missing check-survey "$work/no-such-survey.json"
    [ "$(rc_of missing)" = 1 ] && grep -qF "no-such-survey.json" "$work/missing.err" ||
        fail "check-survey on a missing file: rc $(rc_of missing), $(cat "$work/missing.err")"
    pass "check-survey on a missing file exits 1 naming it"

    run_app unknown --fullscreen-please
    [ "$(rc_of unknown)" = 2 ] || fail "an unknown option exited $(rc_of unknown), not 2"
    grep -qF -- "--fullscreen-please" "$work/unknown.err" || fail "the usage error does not name the option"
    pass "an unknown option exits 2 and names it"

    run_app bad_size --size 12x
    [ "$(rc_of bad_size)" = 2 ] || fail "--size 12x exited $(rc_of bad_size), not 2"
    run_app no_files check-survey
    [ "$(rc_of no_files)" = 2 ] || fail "check-survey with no file exited $(rc_of no_files), not 2"
    pass "bad option values and a bare check-survey are usage errors (2)"

    run_app help --help
    [ "$(rc_of help)" = 0 ] && grep -qF "check-survey FILE" "$work/help.out" || fail "--help"
    run_app version --version
    [ "$(rc_of version)" = 0 ] && grep -qE "^standpoint [0-9]" "$work/version.out" || fail "--version"
    pass "--help and --version exit 0"

    run_app no_display --survey "$demo_survey" --data "$work/data-no-display" --windowed
    [ "$(rc_of no_display)" != 0 ] || fail "the kiosk without a display exited 0"
    grep -qF 'xvfb-run -s "-screen 0 1920x1080x24"' "$work/no_display.err" &&
        grep -qF -- "--windowed" "$work/no_display.err" ||
        fail "no xvfb-run line with the same command: $(cat "$work/no_display.err")"
    pass "without a display the kiosk exits $(rc_of no_display) and prints the xvfb-run line"
}

# ---- walkthrough helpers ----------------------------------------------------------------------

source "$(dirname "$0")/gui_sanitizer_env.sh"

# start_kiosk ARGS...: the kiosk in the background with the targets file, stderr in app.log.
start_kiosk() {
    env "${gui_env[@]}" STANDPOINT_TARGETS_FILE="$targets" "$standpoint" "$@" 2>"$work/app.log" &
    app_pid=$!
}

log_has() { grep -qE "$1" "$work/app.log"; }
tap() { tap_target "$1"; }

# Skips (77) without the tools; outside Xvfb, runs this script again inside a fresh one.
need_xvfb() {
    need_tools xvfb-run xdotool import compare sqlite3
    if [ -z "${STANDPOINT_E2E_IN_XVFB:-}" ]; then
        # -a: a free display number, so parallel test runs do not collide.
        rm -rf "$work"  # exec skips the EXIT trap; the inner run makes its own
        exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
            env STANDPOINT_E2E_IN_XVFB=1 bash "$0" "$mode" "$standpoint" "$source_dir" "$output_dir"
    fi
}

# A store that cannot be opened (here: the data "folder" is a file) must not stop the kiosk from
# starting, nor let it pretend: it shows "not available" and tells staff why on stderr.
unavailable() {
    need_xvfb
    echo "not a folder" >"$work/data-is-a-file"
    start_kiosk --survey "$demo_survey" --data "$work/data-is-a-file"
    wait_screen unavailable
    grep -qF "data-is-a-file" "$work/app.log" || fail "stderr does not tell staff which store failed"
    screenshot kiosk_e2e_unavailable.png
    has_target start && fail "the unavailable screen offers a start target"
    kill -INT "$app_pid"
    local rc=0
    wait "$app_pid" || rc=$?
    app_pid=""
    [ "$rc" = 0 ] || fail "the kiosk exited $rc after SIGINT"
    pass "an unusable store gives the unavailable screen, the reason on stderr, and SIGINT exits 0"
}

# Nobody touches the kiosk mid-survey: with no input at all, the loop must wake itself at the
# session's deadlines ("Are you still there?", then back to attract) and keep the partial answer.
timeout_partial() {
    need_xvfb
    # The demo survey with the shortest idle timeout the format allows (10 s).
    sed 's/"idle_timeout_s": *[0-9]*/"idle_timeout_s": 10/' "$demo_survey" >"$work/short-idle.json"
    grep -q '"idle_timeout_s": 10' "$work/short-idle.json" || fail "could not shorten idle_timeout_s"
    give_staff_pin "$work/data"
    start_kiosk --survey "$work/short-idle.json" --data "$work/data" --event e2e-idle
    tap start
    wait_screen privacy
    tap agree
    wait_screen asking:visit
    choose smiley:2 '"visit":2'
    # Move the pointer away once so no hover keeps frames coming, then hands off.
    xdotool mousemove 5 5
    local asked_at=$SECONDS
    wait_s=30 wait_until "the still-there prompt" has_screen asking:visit:still_there
    local prompt_s=$((SECONDS - asked_at))
    screenshot kiosk_e2e_still_there.png
    # The countdown must move on its own (one frame a second), not freeze at its first number.
    sleep 2.5
    screenshot kiosk_e2e_still_there_later.png
    local changed_px
    changed_px=$(compare -metric AE "$output_dir/kiosk_e2e_still_there.png" \
        "$output_dir/kiosk_e2e_still_there_later.png" null: 2>&1 || true)
    [[ "$changed_px" =~ ^[0-9]+$ ]] && [ "$changed_px" -gt 0 ] ||
        fail "the still-there countdown did not change on screen in 2.5 s ($changed_px)"
    wait_s=40 wait_until "the 20 s countdown and the partial save" \
        log_has "^standpoint: saved [0-9a-f-]{36} seq 1$"
    wait_screen attract
    kill -TERM "$app_pid"
    wait "$app_pid" || fail "the kiosk failed on SIGTERM"
    app_pid=""
    local row
    row=$(sqlite3 "$work/data/standpoint.db" "SELECT status || ' ' || answers_json FROM response")
    [ "$row" = 'partial {"visit":2}' ] || fail "stored row is '$row', not a partial with visit 2"
    pass "untouched for ${prompt_s} s: still-there prompt, then back to attract with a partial saved"
}

walkthrough() {
    need_xvfb

    give_staff_pin "$work/data"
    start_kiosk --survey "$demo_survey" --data "$work/data" --event e2e-gala

    wait_screen attract
    wait_until "the first-frame line" log_has "^first frame after [0-9]+ ms$"
    pass "attract screen up ($(grep -m1 '^first frame' "$work/app.log"))"
    # Welsh and back: the language picker works before a response starts.
    tap language:cy
    wait_until "Welsh" has_language cy
    screenshot kiosk_e2e_attract_cy.png
    tap language:en
    wait_until "English again" has_language en
    screenshot kiosk_e2e_attract.png
    tap start

    wait_screen privacy
    tap agree

    wait_screen asking:visit
    choose smiley:4 '"visit":4'
    tap next

    wait_screen asking:services
    choose option:library '"library"'
    choose option:parks '"parks"'
    screenshot kiosk_e2e_services.png
    tap next

    wait_screen asking:recommend
    choose scale:9 '"recommend":9'
    tap next

    # Typed on the on-screen keyboard, one key at a time: each key must land before the next.
    wait_screen asking:better
    choose key:m '"better":"m"'
    choose key:o '"better":"mo"'
    choose key:r '"better":"mor"'
    choose key:e '"better":"more"'
    screenshot kiosk_e2e_keyboard.png
    tap next

    wait_screen asking:age
    choose option:25_44 '"age":"25_44"'
    tap next

    wait_screen asking:postcode
    # The postcode layout types capitals (its keys keep their key:<lower-case> names).
    choose key:c '"postcode":"C"'
    choose key:f '"postcode":"CF"'
    choose key:1 '"postcode":"CF1"'
    choose key:0 '"postcode":"CF10"'
    tap next

    wait_until "the saved line" log_has "^standpoint: saved [0-9a-f-]{36} seq 1$"
    wait_screen thanks
    screenshot kiosk_e2e_thanks.png
    pass "tapped through all 6 questions; $(grep -m1 '^standpoint: saved ' "$work/app.log")"

    kill -TERM "$app_pid"
    local rc=0
    wait "$app_pid" || rc=$?
    app_pid=""
    [ "$rc" = 0 ] || fail "the kiosk exited $rc after SIGTERM"
    pass "SIGTERM closes the kiosk with exit 0"

    local db="$work/data/standpoint.db"
    [ -f "$db" ] || fail "no store at $db"
    local rows
    rows=$(sqlite3 "$db" "SELECT count(*) FROM response")
    [ "$rows" = 1 ] || fail "expected 1 stored response, found $rows"
    local status answers event language
    status=$(sqlite3 "$db" "SELECT status FROM response")
    answers=$(sqlite3 "$db" "SELECT answers_json FROM response")
    event=$(sqlite3 "$db" "SELECT event_id FROM response")
    language=$(sqlite3 "$db" "SELECT language FROM response")
    [ "$status" = complete ] || fail "status is '$status', not complete"
    [ "$event" = e2e-gala ] || fail "event_id is '$event', not e2e-gala"
    [ "$language" = en ] || fail "language is '$language', not en"
    local expected
    for expected in '"visit":4' '"services":["library","parks"]' '"recommend":9' \
        '"better":"more"' '"age":"25_44"' '"postcode":"CF10"'; do
        [[ "$answers" == *"$expected"* ]] || fail "answers_json $answers lacks $expected"
    done
    pass "stored row: status complete, event e2e-gala, answers $answers"
    cp "$work/app.log" "$output_dir/kiosk_e2e_app.log"
}

case "$mode" in
    cli) cli_checks ;;
    walkthrough) walkthrough ;;
    unavailable) unavailable ;;
    timeout) timeout_partial ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
