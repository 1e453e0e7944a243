// The layout audit for the staff screen (the rules: layout_audit.hpp): every section, filled
// with long but plausible words (a failed export, a damaged response, comments in Welsh, Polish
// and Urdu), with the keyboard open and the confirmations showing, at 1920x1080, 1280x800,
// 1080x1920 and 1024x768. The staff screen is in English; the comments keep their language.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "kiosk/ui/layout_record.hpp"
#include "kiosk/ui/staff_view.hpp"
#include "tests/ui/headless_kiosk.hpp"
#include "tests/ui/layout_audit.hpp"

using namespace standpoint;

namespace {

ui::StaffModel full_model() {
    ui::StaffModel m;
    m.event_line = "Summer Gala 2026, Riverside Park and the Old Library Gardens";
    m.survey_line = "Survey: \"Gala feedback\" (gala-feedback, version 3, 6 questions)";
    m.restart_note =
        "The kiosk restarted at 14:02 after an unexpected stop (a crash or a power cut), with the "
        "same event and survey.";
    m.today_note =
        "Today (2026-12-04), event summer-gala-2026. Read at 14:05. 12 not sent to the collector "
        "yet, 40 not in a USB export yet.";
    m.has_today = true;
    m.complete = 1234;
    m.partial = 56;
    for (int h = 9; h < 18; ++h) m.per_hour[static_cast<std::size_t>(h)] = 10 * h;
    ui::QuestionChart services{"services",
                               "Which council services have you used this year?",
                               ui::ChartKind::bars,
                               {},
                               "Answered by 1200. People could tick "
                               "more than one."};
    for (const char* label : {"Library", "Leisure centres and swimming pools", "Parks",
                              "Recycling and rubbish collection", "Housing", "Council Tax"})
        services.bars.push_back(ui::ChartBar{label, label, "123", 123, false});
    ui::QuestionChart better{"better",
                             "What one thing would make the gala better next year?",
                             ui::ChartKind::words,
                             {},
                             "Answered by 300. Read them with the "
                             "button below, or in the export."};
    m.charts = {services, better};
    ui::StaffComments comments{"better",
                               better.prompt,
                               {},
                               "Showing the newest 200 of 340; the "
                               "export has them all."};
    comments.comments = {
        {"14:05, Cymraeg", "Mwy o feinciau yn y cysgod, a thoiledau sy'n gweithio drwy'r dydd.",
         "cy"},
        {"14:01, Polski", "Więcej ławek w cieniu i lepsze oznakowanie parkingu.", "pl"},
        {"13:58, اردو", "ہمیں سایہ میں مزید بینچ اور بہتر پارکنگ کے نشانات چاہئیں", "ur"},
        {"13:40, English", "", "en"}};
    comments.comments.back().text =
        "More benches in the shade please, and toilets that work all day long, and a map of the "
        "stalls at the gate, and water for the dogs, and somewhere to sit with a pushchair out "
        "of the rain when the weather turns, which it always does in August.";
    m.comments = {comments};
    m.sync_lines = {"3 responses are waiting to be sent.",
                    "1200 sent and confirmed by the "
                    "collector.",
                    "Last problem: the collector did not answer within 30 s (timed out)."};
    m.can_sync_now = true;
    m.health_lines = {"Disk free: 12.3 GB (/var/lib/standpoint/data-folder-with-a-long-name)",
                      "Database size: 18 MB (/var/lib/standpoint/standpoint.db)",
                      "Integrity check at 14:05: no problems found."};
    m.damaged_lines = {
        "Response 812 (0190a4c2-0000-7000-8000-000000000001, event summer-gala-2026), found "
        "damaged 2026-12-04T13:02:11Z (UTC): its answers no longer match the hash saved with "
        "them. Kept aside, never sent; an export puts it in damaged.jsonl for support."};
    m.event_name = "Summer Gala 2026";
    m.venue = "Riverside Park";
    m.event_id = "summer-gala-2026";
    m.event_message = "Saved. New responses are filed under summer-gala-2026.";
    m.survey_choices = {{"gala-feedback.json", "in the kiosk's own surveys"},
                        {"library-consultation-2026-winter.xlsx", "on USB stick KINGSTON"}};
    m.survey_problem =
        "This file cannot be used, so the kiosk keeps the survey it runs now.\nquestion 3: the "
        "option id 'a b' has a space";
    m.drives = {{"USB stick KINGSTON", "/dev/sdb1, vfat, 3.2 GB free of 8.0 GB"}};
    m.personal_questions = "What is the first part of your postcode?";
    m.export_progress = "The export did not finish.";
    m.export_problem =
        "Personal data goes on a stick only sealed to the collector's key, and this kiosk has "
        "none. Nothing on the stick counts as a finished export.";
    m.can_safely_remove = true;
    m.safe_wipe_label = "Delete responses that are in a checked export";
    m.safe_wipe_words =
        "Sync is not set up, so a checked USB export is the copy that counts: responses in one "
        "can be deleted safely. The rest stay.";
    m.wipe_message =
        "2026-12-04 14:05: deleted 40 responses that have copies elsewhere; kept 12 "
        "that do not.";
    m.wipe_log = {m.wipe_message};
    m.only_here = 12;
    m.only_here_words =
        "12 responses were never exported or synced: this kiosk holds the only "
        "copy.";
    return m;
}

// One staff screen: a section, and what staff did in it before the frame.
struct StaffScreen {
    std::string name;
    ui::StaffSection section;
    ui::StaffField editing = ui::StaffField::none;
    bool is_asking_quit = false;
    bool is_asking_wipe_all = false;
    std::string reading_comments;
};

const StaffScreen staff_screens[] = {
    {"today", ui::StaffSection::today, ui::StaffField::none, false, false, ""},
    {"comments", ui::StaffSection::today, ui::StaffField::none, false, false, "better"},
    {"sync and store", ui::StaffSection::sync_store, ui::StaffField::none, false, false, ""},
    {"event", ui::StaffSection::event, ui::StaffField::none, false, false, ""},
    {"event, typing the name", ui::StaffSection::event, ui::StaffField::event_name, false, false,
     ""},
    {"event, typing the venue", ui::StaffSection::event, ui::StaffField::venue, false, false, ""},
    {"survey", ui::StaffSection::survey, ui::StaffField::none, false, false, ""},
    {"export", ui::StaffSection::export_usb, ui::StaffField::none, false, false, ""},
    {"delete", ui::StaffSection::wipe, ui::StaffField::none, false, false, ""},
    {"delete, typing the word", ui::StaffSection::wipe, ui::StaffField::wipe_word, false, false,
     ""},
    {"delete, asking", ui::StaffSection::wipe, ui::StaffField::none, false, true, ""},
    {"pause or quit", ui::StaffSection::pause_quit, ui::StaffField::none, false, false, ""},
    {"quit, asking", ui::StaffSection::pause_quit, ui::StaffField::none, true, false, ""},
};

const std::pair<const char*, ImVec2> staff_sizes[] = {{"1920x1080", ImVec2(1920, 1080)},
                                                      {"1280x800", ImVec2(1280, 800)},
                                                      {"1080x1920", ImVec2(1080, 1920)},
                                                      {"1024x768", ImVec2(1024, 768)}};

}  // namespace

TEST_CASE("every staff screen fits every size: nothing clipped, small, crowded or off screen") {
    const UiText text = headless::all_ui_texts();
    const Survey survey = headless::demo_survey();
    const ui::StaffModel model = full_model();
    const TimePoint now = TimePoint(std::chrono::seconds(1'795'000'000));
    std::vector<std::string> failures;
    std::map<std::string, int> per_size;
    for (const auto& [size_name, display] : staff_sizes) {
        ImGuiContext* context = headless::create_context(survey, text, display);
        for (const StaffScreen& screen : staff_screens) {
            ui::StaffViewState view;
            view.section = screen.section;
            ui::LayoutRecord record;
            // A few frames: the section opens, the field scrolls above the keys, ImGui sizes the
            // scroll area from the frame before.
            for (int frame = 0; frame < 4; ++frame) {
                view.editing = screen.editing;
                view.is_new_edit = frame == 1 && screen.editing != ui::StaffField::none;
                view.is_asking_quit = screen.is_asking_quit;
                view.is_asking_wipe_all = screen.is_asking_wipe_all;
                view.reading_comments = screen.reading_comments;
                record.clear();
                ui::set_layout_record(&record);
                headless::headless_frame(context, ImVec2(-FLT_MAX, -FLT_MAX), false,
                                         [&] { return ui::draw_staff(model, text, view, now); });
                ui::set_layout_record(nullptr);
            }
            std::vector<std::string> problems =
                layout_audit::audit_frame(record, view.touch.targets, display);
            // Typing: the field and its label stay above the keys.
            if (screen.editing != ui::StaffField::none) {
                const std::string field = screen.editing == ui::StaffField::event_name
                                              ? "event:name"
                                          : screen.editing == ui::StaffField::venue ? "event:venue"
                                                                                    : "wipe:word";
                const ui::TapTarget* box = headless::find_target(view.touch, field);
                if (box == nullptr) problems.push_back("the field " + field + " is not on screen");
                if (!record.has_field || record.keys_top <= 0)
                    problems.push_back("no keyboard recorded while typing into " + field);
                else if (box != nullptr && box->y + box->h > record.keys_top + 0.5f)
                    problems.push_back("the field " + field + " is under the keys");
                // Its label too: staff must see what they are typing into.
                const std::string label =
                    screen.editing == ui::StaffField::event_name ? "Event name"
                    : screen.editing == ui::StaffField::venue    ? "Venue"
                                                                 : "Type DELETE here";
                bool is_label_seen = false;
                for (const ui::LayoutRecord::Text& each : record.texts)
                    if (each.text == label)
                        is_label_seen = each.rect.y0 >= each.clip.y0 - 1 &&
                                        each.rect.y1 <= std::min(each.clip.y1, record.keys_top) + 1;
                if (!is_label_seen)
                    problems.push_back("the label \"" + label + "\" is not visible while typing");
            }
            per_size[size_name] += static_cast<int>(problems.size());
            for (const std::string& problem : problems)
                failures.push_back(std::string(size_name) + " [" + screen.name + "] " + problem);
        }
        ImGui::DestroyContext(context);
    }
    std::printf("\nstaff layout audit (%zu screens per size)\n", std::size(staff_screens));
    for (const auto& [size_name, display] : staff_sizes)
        std::printf("  %-10s %s\n", size_name,
                    per_size[size_name] == 0
                        ? "ok"
                        : (std::to_string(per_size[size_name]) + " fail").c_str());
    for (std::size_t i = 0; i < std::min<std::size_t>(failures.size(), 60); ++i)
        std::printf("  %s\n", failures[i].c_str());
    std::fflush(stdout);
    CHECK(failures.empty());
}
