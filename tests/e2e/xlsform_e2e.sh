#!/usr/bin/env bash
# A council officer's spreadsheet survey onto the real kiosk under Xvfb (docs/xlsform.md,
# docs/survey-files.md):
#
#   xlsform_e2e.sh STANDPOINT SOURCE_DIR OUTPUT_DIR
#
# LibreOffice saves tests/data/xlsform/summer-gala.fods (English and Welsh, skip logic) as .xlsx
# into a folder standing in for a USB stick (STANDPOINT_STICK_DIR), beside a damaged workbook and
# one asking for a photo. Staff open the staff screen (corner hold + PIN), "Switch survey": the two
# bad files are refused with a message and the kiosk keeps its survey; the good one switches. A
# resident completes it in Welsh; the answer is in the store under the spreadsheet's names, the
# store kept the workbook byte for byte, and `standpoint export` puts that workbook in the export.
# Screenshots of the switch screens land in OUTPUT_DIR. Exit 77 = skipped (no Xvfb tools or soffice).
set -euo pipefail

standpoint=${1:?path to the standpoint binary}
source_dir=${2:?source dir}
output_dir=${3:?output dir for screenshots and logs}
demo_survey="$source_dir/assets/surveys/gala-feedback.json"
mkdir -p "$output_dir"

source "$source_dir/tests/e2e/lib.sh"
need_tools xvfb-run xdotool import sqlite3 soffice sha256sum
in_xvfb "$standpoint" "$source_dir" "$output_dir"
make_work xlsform
# reveal NAME: the staff screen scrolls when its list is longer than the screen, and only the
# rows on screen are in the targets file: drag the list up with a finger until NAME is there.
reveal() {
    local i y
    for ((i = 0; i < 8; i++)); do
        has_target "$1" && return 0
        xdotool mousemove 1100 950 mousedown 1
        for y in 900 850 800 750 700 650; do
            sleep 0.05
            xdotool mousemove 1100 "$y"
        done
        sleep 0.1
        xdotool mouseup 1
        sleep 0.6  # the list coasts, then settles
    done
    has_target "$1" || fail "$1 did not come into view"
}
# to_top: drag the staff screen down to its top, where a refusal is shown.
to_top() {
    local i y
    for i in 1 2 3; do
        xdotool mousemove 1100 350 mousedown 1
        for y in 450 550 650 750 850 950; do
            sleep 0.05
            xdotool mousemove 1100 "$y"
        done
        sleep 0.1
        xdotool mouseup 1
        sleep 0.6
    done
    xdotool mousemove 5 5
    sleep 0.3
}
log_has() { grep -qF -- "$1" "$work/app.log"; }
source "$source_dir/tests/e2e/gui_sanitizer_env.sh"

# 1. The stick: the officer's form as LibreOffice saves it, a damaged copy, a photo question.
stick="$work/stick"
mkdir -p "$stick" "$work/lo"
cp "$source_dir/tests/data/xlsform/summer-gala.fods" "$work/lo/"
sed 's|<text:p>integer</text:p>|<text:p>image</text:p>|' \
    "$source_dir/tests/data/xlsform/summer-gala.fods" >"$work/lo/photo-question.fods"
grep -q '<text:p>image</text:p>' "$work/lo/photo-question.fods" || fail "the photo form was not made"
soffice -env:UserInstallation="file://$work/lo/profile" --headless --norestore \
    --convert-to xlsx --outdir "$work/lo" "$work/lo/summer-gala.fods" \
    "$work/lo/photo-question.fods" >"$work/lo/soffice.log" 2>&1 ||
    fail "LibreOffice could not save the forms: $(cat "$work/lo/soffice.log")"
cp "$work/lo/summer-gala.xlsx" "$stick/summer-gala.xlsx"
cp "$work/lo/photo-question.xlsx" "$stick/photo-question.xlsx"
head -c 3000 "$work/lo/summer-gala.xlsx" >"$stick/damaged.xlsx"
workbook_sha=$(sha256sum "$stick/summer-gala.xlsx" | cut -d' ' -f1)
"$standpoint" check-survey "$stick/summer-gala.xlsx" >"$work/check.log" 2>&1 ||
    fail "check-survey refused LibreOffice's save of the form: $(cat "$work/check.log")"
pass "LibreOffice saved the officer's form as .xlsx and check-survey accepts it"

# The staff screen lists the kiosk's own surveys first, then the stick's by name.
own=$(find "$source_dir/assets/surveys" -maxdepth 1 -type f \( -iname '*.json' -o -iname '*.xlsx' \) | wc -l)
damaged_index=$own                # damaged.xlsx
photo_index=$((own + 1))          # photo-question.xlsx
good_index=$((own + 2))           # summer-gala.xlsx

# 2. The kiosk runs the demo survey; staff open the staff screen.
give_staff_pin "$work/data"
env "${gui_env[@]}" STANDPOINT_TARGETS_FILE="$targets" STANDPOINT_STICK_DIR="$stick" \
    "$standpoint" --survey "$demo_survey" --data "$work/data" --event summer-gala \
    2>"$work/app.log" &
app_pid=$!
wait_screen attract
xdotool mousemove 20 20 mousedown 1
sleep 3.2
xdotool mouseup 1
sleep 0.3
xdotool mousemove 1900 1060 click 1
wait_screen pin_pad
type_pin 4821
tap pin:ok
wait_screen staff
tap section:survey
wait_until "the surveys listed" has_target survey:0
reveal "survey:$good_index"
xdotool mousemove 5 5
sleep 0.3
screenshot xlsform_e2e_switch_list.png

# 3. The damaged workbook and the photo question are refused; the kiosk keeps its survey.
reveal "survey:$damaged_index"
tap "survey:$damaged_index"
wait_until "the damaged workbook's message" log_has "damaged.xlsx: the workbook is damaged"
has_target survey:confirm && fail "a damaged workbook was offered for switching"
to_top
screenshot xlsform_e2e_damaged.png
reveal "survey:$photo_index"
tap "survey:$photo_index"
wait_until "the photo form's message" \
    log_has "photo-question.xlsx: survey!A6: a kiosk cannot take a photo (type image)"
has_target survey:confirm && fail "a form asking for a photo was offered for switching"
to_top
screenshot xlsform_e2e_photo.png
pass "a damaged workbook and a form asking for a photo were refused with a message"

# 4. The officer's form switches.
reveal "survey:$good_index"
tap "survey:$good_index"
wait_until "the switch offered" has_target survey:confirm
xdotool mousemove 5 5
sleep 0.3
screenshot xlsform_e2e_confirm.png
tap survey:confirm
wait_until "the switch logged" grep -q "switched to the survey $stick/summer-gala.xlsx" "$work/app.log"
wait_until "the switch remembered" grep -q "\"survey_path\": *\"$stick/summer-gala.xlsx\"" \
    "$work/data/kiosk-state.json"
xdotool mousemove 5 5
sleep 0.3
screenshot xlsform_e2e_switched.png
tap staff:close
wait_screen attract
pass "staff switched the kiosk to the .xlsx on the stick"

# 5. A resident answers it in Welsh: been before, two stars (so "what should we do better?" is
# asked), the music, a group of four.
tap language:cy
wait_until "Welsh chosen" has_language cy
tap start
choose option:yes '"visited_before":"yes"'
tap next
choose star:2 '"gala_rating":2'
tap next
choose key:d '"what_went_wrong":"d"'
choose key:a '"what_went_wrong":"da"'
tap next
choose option:music '"liked_most":["music"]'
xdotool mousemove 5 5
sleep 0.3
screenshot xlsform_e2e_resident_cy.png
tap next
choose key:4 '"group_size":4'
tap next
wait_screen thanks
db="$work/data/standpoint.db"
row_is() {
    [ "$(sqlite3 "$db" "SELECT survey_id || ' ' || survey_version || ' ' || language || ' ' ||
        answers_json FROM response" 2>/dev/null)" = "$1" ]
}
wait_until "the response in the store" row_is \
    'summer_gala 3 cy {"gala_rating":2,"group_size":4,"liked_most":["music"],"visited_before":"yes","what_went_wrong":"da"}'
pass "a resident completed the spreadsheet's survey in Welsh; the answers are stored under its names"

kept=$(sqlite3 "$db" "SELECT file_name || ' ' || sha256 || ' ' || length(bytes) FROM survey_source")
[ "$kept" = "summer-gala.xlsx $workbook_sha $(stat -c %s "$stick/summer-gala.xlsx")" ] ||
    fail "the store did not keep the workbook as chosen: '$kept'"
pass "the store kept the workbook byte for byte beside its converted definition"

kill -TERM "$app_pid"
wait "$app_pid" || fail "the kiosk did not stop cleanly"
app_pid=""

# 6. The export carries the workbook the answers were given on.
mkdir -p "$work/out"
"$standpoint" export --data "$work/data" --to "$work/out" >"$work/export.log" 2>&1 ||
    fail "standpoint export: $(cat "$work/export.log")"
exported=$(find "$work/out" -name 'survey-summer_gala-v3-*.xlsx' | head -n 1)
[ -n "$exported" ] || fail "the export has no workbook: $(find "$work/out")"
cmp -s "$exported" "$stick/summer-gala.xlsx" || fail "the exported workbook differs from the stick's"
grep -q "\"name\": \"summer-gala.xlsx\"" "$(dirname "$exported")/surveys.json" ||
    fail "surveys.json does not name the workbook"
head -n 1 "$(dirname "$exported")/responses.csv" | grep -q '"liked_most:music"' ||
    fail "responses.csv's columns are not the spreadsheet's names"
pass "the export holds the exact workbook, named in surveys.json, and the spreadsheet's names as columns"
