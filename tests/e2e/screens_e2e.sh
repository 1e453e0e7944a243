#!/usr/bin/env bash
# Every resident screen of the demo survey in the real kiosk under Xvfb, in one language at the
# larger text (A+), screenshotted for a person to look at (the layout audit checks the same
# screens headless, tests/ui/layout_audit_test.cpp):
#
#   screens_e2e.sh STANDPOINT SOURCE_DIR OUTPUT_DIR LANGUAGE
#
# Screenshots: OUTPUT_DIR/screens_<LANGUAGE>_<screen>.png. Exit 77 = skipped (no Xvfb/xdotool/
# imagemagick). STANDPOINT_E2E_SCREEN=1080x1920x24 runs it on a portrait screen.
set -euo pipefail

standpoint=${1:?path to the standpoint binary}
source_dir=${2:?source dir}
output_dir=${3:?output dir for screenshots and logs}
language=${4:?language code}
demo_survey="$source_dir/assets/surveys/gala-feedback.json"
mkdir -p "$output_dir"

source "$(dirname "$0")/lib.sh"
need_tools xvfb-run xdotool import
in_xvfb "$standpoint" "$source_dir" "$output_dir" "$language"
make_work screens
settle_s=0.3
shot() {
    sleep 0.6  # the settled frame
    screenshot "screens_${language}_$1.png"
}

source "$(dirname "$0")/gui_sanitizer_env.sh"
give_staff_pin "$work/data"
env "${gui_env[@]}" STANDPOINT_TARGETS_FILE="$targets" "$standpoint" --survey "$demo_survey" \
    --data "$work/data" 2>"$work/app.log" &
app_pid=$!

wait_screen attract
[ "$language" = en ] || tap "language:$language"
wait_until "language $language" has_language "$language"
tap text_size
shot attract
tap start
wait_screen privacy
shot privacy
tap agree
wait_screen asking:visit
tap smiley:4
shot visit
tap next
wait_screen asking:services
# Two options that are on screen in every language: in Urdu at A+ six options cannot all fit
# at 1920x1080 in any column count, so the last ones scroll (the layout audit allows exactly that).
for option in library leisure; do tap "option:$option"; done
shot services
tap next
wait_screen asking:recommend
tap scale:9
shot recommend
tap next
wait_screen asking:better
for key in key:q key:w key:e key:space key:r key:t; do tap "$key"; done
shot better_typing
tap key:done
shot better_review
tap next
wait_screen asking:age
# The last option, "Prefer not to say": every option shows without a drag in every language at
# A+ (the layout audit holds the demo survey's lists to that; the tap fails if it is hidden).
tap option:prefer_not
shot age
tap next
wait_screen asking:postcode
shot postcode
tap next  # optional: Finish with it blank
wait_screen thanks
shot thanks
app_alive
pass "every resident screen in $language at A+ reached and screenshotted"
kill -TERM "$app_pid"
wait "$app_pid" || true
app_pid=""
