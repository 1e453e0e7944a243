#!/usr/bin/env bash
# The same question in English, Welsh and Urdu on the real kiosk under Xvfb: the resident taps the
# language picker (by TapTarget name, like kiosk_e2e.sh), and each screen is photographed. Checks
# with ImageMagick that no screenshot is blank and that the three differ; in Urdu, that the layout
# is mirrored (Next left of Back). Exit 77 = skipped.
#
#   languages_e2e.sh STANDPOINT SOURCE_DIR OUTPUT_DIR
set -euo pipefail

standpoint=${1:?path to the standpoint binary}
source_dir=${2:?source dir}
output_dir=${3:?output dir for screenshots}
demo_survey="$source_dir/assets/surveys/gala-feedback.json"
mkdir -p "$output_dir"

source "$(dirname "$0")/lib.sh"
need_tools xvfb-run xdotool import compare convert
in_xvfb "$@"
make_work lang

# The pointer leaves only after the kiosk has seen the press and the release on the target (under
# load, moving at once could land the release elsewhere and lose the tap); then no hover is left
# on a button in the photograph.
tap() {
    tap_target "$1"
    sleep 0.25
    xdotool mousemove 5 5
}

# After the language shows in the targets file, a frame or two more for the image to settle.
settled_screenshot() {
    sleep 0.5
    screenshot "$1"
}

# check-survey on a language no installed font can show (Syriac Supplement letters, U+0860..):
# exit 1 and say which language, which letters and what to do, not "ok".
cat >"$work/syriac.json" <<'JSON'
{"format": "standpoint-survey/1", "id": "syriac-test", "version": 1, "languages": ["en", "syc"],
 "title": {"en": "Title", "syc": "\u0860\u0861"}, "intro": {"en": "Intro", "syc": "\u0861"},
 "thanks": {"en": "Thanks", "syc": "\u0862"},
 "questions": [{"id": "q", "type": "yesno", "prompt": {"en": "Yes?", "syc": "\u0860?"}}]}
JSON
rc=0
"$standpoint" check-survey "$work/syriac.json" >"$work/check.out" 2>"$work/check.err" || rc=$?
[ "$rc" = 1 ] || fail "check-survey on an unshowable language exited $rc, not 1"
grep -qF "language 'syc' cannot be shown" "$work/check.err" && grep -qF "U+0860" "$work/check.err" ||
    fail "check-survey did not say why: $(cat "$work/check.err")"
! grep -qF ": ok" "$work/check.out" || fail "check-survey said ok: $(cat "$work/check.out")"
pass "check-survey refuses a language no font can show: $(head -c 160 "$work/check.err")..."
"$standpoint" check-survey "$demo_survey" >"$work/check.out" 2>"$work/check.err" ||
    fail "check-survey on the demo (with Urdu): $(cat "$work/check.err")"
grep -qF "languages en, cy, pl, ur" "$work/check.out" || fail "demo: $(cat "$work/check.out")"
pass "check-survey accepts the demo with Urdu"

source "$(dirname "$0")/gui_sanitizer_env.sh"
give_staff_pin "$work/data"
env "${gui_env[@]}" STANDPOINT_TARGETS_FILE="$targets" "$standpoint" --survey "$demo_survey" \
    --data "$work/data" --event e2e-languages 2>"$work/app.log" &
app_pid=$!

wait_until "attract" has_screen attract
tap start
wait_until "privacy" has_screen privacy
tap agree
wait_until "the first question" has_screen asking:visit
tap smiley:4
wait_until "the answer" answers_contain '"visit":4'
tap next
wait_until "the services question" has_screen asking:services
tap option:parks
wait_until "the answer" answers_contain '"parks"'

settled_screenshot languages_e2e_en.png
tap language:cy
wait_until "Welsh" has_language cy
settled_screenshot languages_e2e_cy.png
tap language:ur
wait_until "Urdu" has_language ur
settled_screenshot languages_e2e_ur.png

# Mirrored for right to left: Next is on the left, Back on the right.
next_x=$(target_x next)
back_x=$(target_x back)
[ "$next_x" -lt "$back_x" ] || fail "in Urdu Next (x=$next_x) is not left of Back (x=$back_x)"
pass "Urdu layout is mirrored: Next at x=$next_x, Back at x=$back_x"
# The answer given in English is still there, by option id, after two language changes.
answers_contain '"parks"' || fail "the services answer was lost on changing language"

for lang in en cy ur; do
    deviation=$(convert "$output_dir/languages_e2e_$lang.png" -colorspace Gray \
        -format "%[fx:standard_deviation]" info:)
    awk -v d="$deviation" 'BEGIN { exit !(d > 0.05) }' ||
        fail "the $lang screenshot looks blank (standard deviation $deviation)"
    pass "$lang screenshot is not blank (standard deviation $deviation)"
done
for pair in "en cy" "en ur" "cy ur"; do
    read -r a b <<<"$pair"
    differing=$(compare -metric AE "$output_dir/languages_e2e_$a.png" \
        "$output_dir/languages_e2e_$b.png" null: 2>&1 || true)
    [[ "$differing" =~ ^[0-9]+$ ]] && [ "$differing" -gt 5000 ] ||
        fail "the $a and $b screenshots hardly differ ($differing pixels)"
    pass "$a and $b screenshots differ in $differing pixels"
done

kill -TERM "$app_pid"
rc=0
wait "$app_pid" || rc=$?
app_pid=""
[ "$rc" = 0 ] || fail "the kiosk exited $rc after SIGTERM"
pass "SIGTERM closes the kiosk with exit 0"

# At start, a language no font can show leaves the picker (with the reason on stderr), and the
# kiosk runs in the others rather than showing boxes.
rm -f "$targets"
give_staff_pin "$work/data-syriac"
env "${gui_env[@]}" STANDPOINT_TARGETS_FILE="$targets" "$standpoint" --survey "$work/syriac.json" \
    --data "$work/data-syriac" --event e2e-languages 2>"$work/app.log" &
app_pid=$!
wait_until "attract" has_screen attract
wait_until "the English picker button" has_target language:en
! has_target language:syc || fail "the picker offers 'syc', which no font here can show"
grep -qF "the kiosk runs without 'syc'" "$work/app.log" || fail "stderr does not say 'syc' was left out"
kill -TERM "$app_pid"
rc=0
wait "$app_pid" || rc=$?
app_pid=""
[ "$rc" = 0 ] || fail "the kiosk exited $rc after SIGTERM"
pass "at start a language no font can show is left off the picker, and staff are told why"
