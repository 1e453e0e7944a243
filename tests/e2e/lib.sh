# Shared helpers of the Xvfb end-to-end scripts (sourced, not run). The script sets, before
# calling them: work (its temp folder), targets ($work/targets, the kiosk's STANDPOINT_TARGETS_FILE),
# output_dir, and app_pid once the kiosk runs. The kiosk writes "# screen NAME", "# language XX",
# "# answers {...}" and "name x y w h" lines there every frame; the helpers wait on that file
# instead of sleeping.

app_pid=""

# in_xvfb ARGS...: outside Xvfb, runs the calling script again with ARGS inside a fresh screen
# (STANDPOINT_E2E_SCREEN, default 1920x1080x24; -a: a free display number, so parallel runs do not
# collide). Inside, returns.
in_xvfb() {
    if [ -z "${STANDPOINT_E2E_IN_XVFB:-}" ]; then
        exec xvfb-run -a -s "-screen 0 ${STANDPOINT_E2E_SCREEN:-1920x1080x24} -nolisten tcp" \
            env STANDPOINT_E2E_IN_XVFB=1 bash "$0" "$@"
    fi
}

# make_work NAME: the script's temp folder ($work, removed at exit) and its targets file.
make_work() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/standpoint-$1.XXXXXX")
    targets="$work/targets"
    trap cleanup EXIT
}

cleanup() {
    if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill -KILL "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}

fail() {
    echo "FAIL: $*" >&2
    if [ -f "$work/app.log" ]; then
        echo "--- kiosk stderr ---" >&2
        cat "$work/app.log" >&2
        cp "$work/app.log" "$output_dir/$(basename "$0" .sh)_app.log" 2>/dev/null || true
    fi
    if [ -f "$targets" ]; then
        echo "--- last targets file ---" >&2
        cat "$targets" >&2
    fi
    exit 1
}
pass() { echo "ok: $*"; }

# Skips (exit 77, ctest SKIP_RETURN_CODE) when a tool is missing.
need_tools() {
    local tool
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null; then
            echo "SKIP: $tool is missing (scripts/setup installs xvfb, xdotool, imagemagick, sqlite3)"
            exit 77
        fi
    done
}

app_alive() { kill -0 "$app_pid" 2>/dev/null || fail "the kiosk exited while the test was waiting"; }

# wait_until DESCRIPTION COMMAND...: polls every 50 ms for up to $wait_s seconds (default 20).
wait_until() {
    local what=$1 i
    shift
    for ((i = 0; i < ${wait_s:-20} * 20; i++)); do
        if "$@"; then return 0; fi
        app_alive
        sleep 0.05
    done
    fail "timed out waiting for $what"
}
has_screen() { grep -qx "# screen $1" "$targets" 2>/dev/null; }
has_language() { grep -qx "# language $1" "$targets" 2>/dev/null; }
has_target() { awk -v n="$1" '$1 == n { found = 1 } END { exit !found }' "$targets" 2>/dev/null; }
answers_contain() { grep "^# answers " "$targets" 2>/dev/null | grep -qF -- "$1"; }
target_x() { awk -v n="$1" '$1 == n { print int($2); exit }' "$targets"; }
target_height() { awk -v n="$1" '$1 == n { print int($5); exit }' "$targets"; }
wait_screen() { wait_until "screen $1" has_screen "$1"; }

# tap_target NAME: waits for the target, then clicks its centre.
tap_target() {
    wait_until "target $1" has_target "$1"
    local x y
    read -r x y < <(awk -v n="$1" '$1 == n { printf "%d %d\n", $2 + $4 / 2, $3 + $5 / 2; exit }' "$targets")
    xdotool mousemove "$x" "$y" click 1
}

# tap NAME: taps, then lets the press, the release and the settled frame pass (settle_s seconds).
tap() {
    tap_target "$1"
    sleep "${settle_s:-0.25}"
}
# type_pin DIGITS: on the PIN pad.
type_pin() {
    local digit
    for digit in $(echo "$1" | grep -o .); do tap "pin:$digit"; done
}
# choose TARGET ANSWER_FRAGMENT: tap, then wait until the draft shows the answer landed.
choose() {
    tap_target "$1"
    wait_until "answer $2 after tapping $1" answers_contain "$2"
}

screenshot() {
    import -window root "$output_dir/$1" || fail "import could not take a screenshot"
    echo "screenshot: $output_dir/$1"
}

# give_staff_pin DATA_DIR: a kiosk goes live for residents only once it has a staff PIN
# (docs/staff.md), so a test's data folder gets one before the kiosk starts. Needs $standpoint.
give_staff_pin() {
    mkdir -p "$1" && printf '4821\n4821\n' | "$standpoint" set-pin --data "$1" >/dev/null ||
        fail "set-pin for $1"
}
