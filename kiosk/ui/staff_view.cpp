// The staff screen, drawn from StaffModel each frame (staff_view.hpp).
//
// Index:
//   [Frame]     per-frame sizes, text and button helpers inside the scroll area
//   [Chrome]    header, section buttons, pinned keyboard
//   [Sections]  today, sync and store, event, survey, export, delete, pause and quit
//   [Entry]     draw_staff
#include "kiosk/ui/staff_view.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByID: a new section starts scrolled to the top

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "kiosk/ui/accessibility.hpp"
#include "kiosk/ui/layout_record.hpp"
#include "kiosk/ui/style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace standpoint::ui {
namespace {

// ---------------------------------------------------------------------------------- [Frame]

struct Frame {
    const StaffModel& model;
    const UiText& text;
    StaffViewState& view;
    float width = 0;
    float height = 0;
    float unit = 1;
    float margin = 0;
    float gap = 0;
    float button_h = 0;  // 96 px at 1080: above the 90 px a finger needs on a 22" panel
    std::vector<StaffIntent> intents;

    void want(StaffIntent intent) { intents.push_back(std::move(intent)); }
};

void at(float x, float y) { ImGui::SetCursorScreenPos(ImVec2(x, y)); }

// Text at the cursor of the scroll area, full width; the cursor moves below it.
void paragraph(const std::string& words, FontRole role = FontRole::body,
               ImU32 colour = colour::text) {
    if (words.empty()) return;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = draw_text(ImGui::GetWindowDrawList(), role, origin, w, words, colour);
    ImGui::Dummy(ImVec2(w, h));
}

// Words a test reads back: what the screen said, by name.
void said(Frame& f, const std::string& name, const std::string& words) {
    if (!words.empty()) f.view.drawn[name] = words;
}

// A refusal or failure in words, on a band with a mark, so it is not carried by colour alone.
void problem(Frame& f, const std::string& name, const std::string& words) {
    said(f, name, words);
    if (words.empty()) return;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float pad = 18 * f.unit;
    const float text_h = text_height(FontRole::body, w - 2 * pad - 40 * f.unit, words);
    const float h = text_h + 2 * pad;
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_list->AddRectFilled(origin, ImVec2(origin.x + w, origin.y + h), colour::problem_background,
                             10 * f.unit);
    draw_list->AddRectFilled(origin, ImVec2(origin.x + 10 * f.unit, origin.y + h),
                             colour::problem_text, 10 * f.unit, ImDrawFlags_RoundCornersLeft);
    draw_text(draw_list, FontRole::body, ImVec2(origin.x + pad + 30 * f.unit, origin.y + pad),
              w - 2 * pad - 40 * f.unit, words, colour::problem_text);
    ImGui::Dummy(ImVec2(w, h));
}

void heading(Frame& f, const std::string& words) {
    ImGui::Dummy(ImVec2(1, f.gap * 0.5f));
    paragraph(words, FontRole::heading);
}

float label_width(Frame& f, const std::string& label) {
    return std::max(text_width(FontRole::heading, label) + 64 * f.unit, 220 * f.unit);
}

// A button sized to its words; `same_line` puts it beside the previous one.
bool button(Frame& f, const std::string& name, const std::string& label, Look look = Look::option,
            bool same_line = false) {
    if (same_line) ImGui::SameLine(0, f.gap);
    return big_button(f.view.touch, name, label, ImVec2(label_width(f, label), f.button_h), look,
                      false, FontRole::heading);
}

// A tappable line with a title and a detail under it, left aligned (a file, a stick).
bool choice(Frame& f, const std::string& name, const StaffChoice& item, bool is_enabled) {
    const float w = ImGui::GetContentRegionAvail().x;
    const float pad = 20 * f.unit;
    const float inner_w = w - 2 * pad;
    const float h =
        std::max(f.button_h, text_height(FontRole::heading, inner_w, item.title) +
                                 text_height(FontRole::body, inner_w, item.detail) + 2 * pad);
    const bool is_tapped = ImGui::InvisibleButton(name.c_str(), ImVec2(w, h)) && is_enabled;
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    if (is_enabled) register_target(f.view.touch, name, min, max);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_box(draw_list, min, max, is_enabled ? Look::option : Look::quiet,
             is_enabled && ImGui::IsItemActive(), false);
    const float title_h = draw_text(draw_list, FontRole::heading, ImVec2(min.x + pad, min.y + pad),
                                    inner_w, item.title, is_enabled ? colour::text : colour::muted);
    draw_text(draw_list, FontRole::body, ImVec2(min.x + pad, min.y + pad + title_h), inner_w,
              item.detail, colour::muted);
    return is_tapped;
}

// A labelled box that shows what the keyboard typed; tapping it starts typing into it. The label
// goes above the box, so a button can sit beside the box on the same row. Empty, the box is
// quiet (no fill) with a small grey "Tap to type": it never looks like something typed.
void field(Frame& f, const std::string& name, const std::string& label, StaffField which,
           const std::string& value, float w) {
    const bool is_editing = f.view.editing == which;
    const float label_top = ImGui::GetCursorScreenPos().y;
    paragraph(label, FontRole::body, colour::muted);
    const bool is_tapped = ImGui::InvisibleButton(name.c_str(), ImVec2(w, f.button_h));
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    register_target(f.view.touch, name, min, max);
    // The keyboard takes the bottom of the screen: bring the label and the box being typed into
    // to the top of what is left, the label first so staff still see what they are typing.
    if (is_editing && f.view.is_new_edit) {
        ImGui::SetScrollY(ImGui::GetScrollY() + label_top - ImGui::GetWindowPos().y);
        f.view.is_new_edit = false;
        f.view.touch.is_animating = true;  // the scroll lands next frame: ask for one
    }
    if (LayoutRecord* record = layout_record(); record != nullptr && is_editing) {
        record->has_field = true;  // the audit checks it stays above the keys
        record->field = rect_of(min, max);
        const ImVec2 window_min = ImGui::GetWindowPos();
        const ImVec2 window_max(window_min.x + ImGui::GetWindowSize().x,
                                window_min.y + ImGui::GetWindowSize().y);
        record->field_clip = rect_of(window_min, window_max);
    }
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const bool is_placeholder = value.empty() && !is_editing;
    draw_box(draw_list, min, max, is_placeholder ? Look::quiet : Look::option,
             ImGui::IsItemActive(), is_editing);
    const TextBox box(name, min, max);
    const float pad = 20 * f.unit;
    const FontRole role = is_placeholder ? FontRole::body : FontRole::heading;
    const float text_h = text_height(role, w - 2 * pad, "Ag");
    const float y = min.y + (f.button_h - text_h) / 2;
    draw_text(draw_list, role, ImVec2(min.x + pad, y), w - 2 * pad,
              is_placeholder ? "Tap to type" : value,
              is_placeholder ? colour::muted : colour::text);
    const float typed_w = value.empty() ? 0 : text_width(FontRole::heading, value);
    if (is_editing)  // a caret after the text: where the next key goes
        draw_list->AddRectFilled(ImVec2(min.x + pad + typed_w + 4 * f.unit, y),
                                 ImVec2(min.x + pad + typed_w + 8 * f.unit, y + text_h),
                                 colour::text);
    if (is_tapped && !is_editing) {
        f.view.editing = which;
        f.view.is_new_edit = true;
        f.view.key_modes = KeyModes{};
    }
}

// A line across the scroll area: what is below it is a different matter.
void divider(Frame& f, ImU32 colour_of_line) {
    ImGui::Dummy(ImVec2(1, f.gap));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::GetWindowDrawList()->AddRectFilled(origin, ImVec2(origin.x + w, origin.y + 4 * f.unit),
                                              colour_of_line);
    ImGui::Dummy(ImVec2(w, 4 * f.unit + f.gap));
}

void space(Frame& f) { ImGui::Dummy(ImVec2(1, f.gap)); }

// ---------------------------------------------------------------------------------- [Chrome]

struct SectionButton {
    StaffSection section;
    const char* name;
    const char* label;
};
constexpr SectionButton section_buttons[] = {
    {StaffSection::today, "section:today", "Today"},
    {StaffSection::sync_store, "section:sync_store", "Sync and store"},
    {StaffSection::event, "section:event", "Event"},
    {StaffSection::survey, "section:survey", "Switch survey"},
    {StaffSection::export_usb, "section:export", "Export to USB"},
    {StaffSection::wipe, "section:wipe", "Delete responses"},
    {StaffSection::pause_quit, "section:pause_quit", "Pause or quit"},
};

void open_section(Frame& f, StaffSection section) {
    if (f.view.section == section) return;
    f.view.section = section;
    f.view.is_new_section = true;
    f.view.editing = StaffField::none;
    f.view.is_asking_quit = false;
    f.view.is_asking_wipe_all = false;
    f.view.reading_comments.clear();
}

// Returns the header's bottom.
float header(Frame& f) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float close_w = std::round(240 * f.unit);
    at(f.width - f.margin - close_w, f.margin);
    if (big_button(f.view.touch, "staff:close", "Close", ImVec2(close_w, f.button_h), Look::primary,
                   false, FontRole::heading))
        f.want(StaffCloseIntent{});
    const float text_w = f.width - 3 * f.margin - close_w;
    float y = f.margin;
    std::string title = "Staff";
    if (!f.model.event_line.empty()) title += ": " + f.model.event_line;
    y += draw_text(draw_list, FontRole::title, ImVec2(f.margin, y), text_w, title, colour::text);
    std::string running = f.model.survey_line;
    if (f.model.is_paused) running += "  (paused: residents see the back-soon screen)";
    if (!f.model.staged_survey.empty())
        running += "\nWaiting to start when this screen closes: " + f.model.staged_survey +
                   " (Survey section: refuse it)";
    y += draw_text(draw_list, FontRole::body, ImVec2(f.margin, y), text_w, running, colour::muted);
    y = std::max(y, f.margin + f.button_h) + f.gap;
    said(f, "staff:restart_note", f.model.restart_note);
    if (!f.model.restart_note.empty()) {
        const float w = f.width - 2 * f.margin;
        const float pad = 12 * f.unit;
        const float h = text_height(FontRole::body, w - 2 * pad, f.model.restart_note) + 2 * pad;
        draw_list->AddRectFilled(ImVec2(f.margin, y), ImVec2(f.margin + w, y + h),
                                 colour::problem_background, 10 * f.unit);
        draw_text(draw_list, FontRole::body, ImVec2(f.margin + pad, y + pad), w - 2 * pad,
                  f.model.restart_note, colour::problem_text);
        y += h + f.gap;
    }
    return y;
}

// The section buttons: a column on the left of a wide screen, a grid of rows on a tall one.
// Returns the content area's rectangle (x, y, right).
ImVec4 sections(Frame& f, float top) {
    const bool is_wide = f.width >= f.height * 1.2f;
    const float column_w = std::round(360 * f.unit);
    const int per_row = is_wide ? 1 : 4;
    // A column of seven under a tall header (a restart note) may not fit a small screen at full
    // height: the buttons get lower, never under 15 mm at 96 dpi (57 px) plus a margin.
    constexpr int count = static_cast<int>(std::size(section_buttons));
    const float room = f.height - f.margin - top;
    const float fitting_h = (room - static_cast<float>(count - 1) * f.gap * 0.7f) / count;
    const float section_h =
        is_wide ? std::floor(std::clamp(fitting_h, 60.0f, 96 * f.unit)) : std::round(96 * f.unit);
    const float cell_w = is_wide
                             ? column_w
                             : (f.width - 2 * f.margin - static_cast<float>(per_row - 1) * f.gap) /
                                   static_cast<float>(per_row);
    int i = 0;
    for (const SectionButton& each : section_buttons) {
        const float x = f.margin + static_cast<float>(i % per_row) * (cell_w + f.gap);
        const float y = top + static_cast<float>(i / per_row) * (section_h + f.gap * 0.7f);
        at(x, y);
        // A grid cell is narrow: body text keeps a two-line label inside the button.
        if (big_button(f.view.touch, each.name, each.label, ImVec2(cell_w, section_h), Look::quiet,
                       f.view.section == each.section,
                       is_wide ? FontRole::heading : FontRole::body))
            open_section(f, each.section);
        ++i;
    }
    if (is_wide) return ImVec4(f.margin + column_w + 2 * f.gap, top, f.width - f.margin, 0);
    const int rows = (i + per_row - 1) / per_row;
    return ImVec4(f.margin, top + static_cast<float>(rows) * (section_h + f.gap * 0.7f) + f.gap,
                  f.width - f.margin, 0);
}

KeyLabels key_labels(const Frame& f) {
    auto t = [&](const char* key) { return f.text.get("en", key); };
    return KeyLabels{
        t("keyboard.shift"), t("keyboard.accents"),   t("keyboard.letters"), "?123",
        t("keyboard.space"), t("keyboard.backspace"), t("number.clear"),     t("keyboard.done")};
}

std::string* edited_buffer(StaffViewState& view) {
    switch (view.editing) {
        case StaffField::event_name:
            return &view.event_name;
        case StaffField::venue:
            return &view.venue;
        case StaffField::wipe_word:
            return &view.wipe_word;
        case StaffField::none:
            break;
    }
    return nullptr;
}

// The keyboard under the scroll area while a field is being typed into. Returns its top.
float pinned_keyboard(Frame& f, float left, float right, float bottom, float room) {
    std::string* buffer = edited_buffer(f.view);
    if (buffer == nullptr) return bottom;
    const bool is_word = f.view.editing == StaffField::wipe_word;  // capitals only: DELETE
    const auto rows =
        keyboard_rows(is_word ? KeyboardLayout::postcode : KeyboardLayout::text, f.view.key_modes);
    const float w = right - left;
    const KeyMetrics metrics = key_metrics(rows.size(), keys_per_row, w, room, f.unit);
    const float top = bottom - metrics.height();
    if (LayoutRecord* record = layout_record()) record->keys_top = top;
    const std::optional<Key> tapped =
        draw_keys(f.view.touch, rows, key_labels(f), f.view.key_modes, left, top, w, metrics);
    if (tapped) {
        const KeyResult result = press_key(*tapped, *buffer, f.view.key_modes, is_word ? 12 : 60);
        if (result.is_done) f.view.editing = StaffField::none;
    }
    return top;
}

// ---------------------------------------------------------------------------------- [Sections]

void number_tile(Frame& f, const std::string& name, const std::string& label, std::int64_t value,
                 float w) {
    const std::string shown = std::to_string(value);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const float pad = 18 * f.unit;
    const float h =
        text_height(FontRole::title, w, shown) + text_height(FontRole::body, w, label) + 2 * pad;
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_box(draw_list, min, ImVec2(min.x + w, min.y + h), Look::option, false, false);
    const float number_h = draw_text(draw_list, FontRole::title, ImVec2(min.x + pad, min.y + pad),
                                     w - 2 * pad, shown, colour::text);
    draw_text(draw_list, FontRole::body, ImVec2(min.x + pad, min.y + pad + number_h), w - 2 * pad,
              label, colour::muted);
    f.view.drawn[name] = shown;
    ImGui::Dummy(ImVec2(w, h));
}

const StaffComments* comments_of(const StaffModel& m, const std::string& question_id) {
    for (const StaffComments& each : m.comments)
        if (each.question_id == question_id) return &each;
    return nullptr;
}

// One free-text question's comments, newest first, each in a box; the scroll area drags.
void comments(Frame& f, const StaffComments& list) {
    if (button(f, "comments:back", "Back to the charts")) f.view.reading_comments.clear();
    space(f);
    paragraph(list.prompt, FontRole::heading);
    said(f, "comments:note", list.note);
    paragraph(list.note, FontRole::body, colour::muted);
    const float w = ImGui::GetContentRegionAvail().x;
    const float pad = 18 * f.unit;
    for (std::size_t i = 0; i < list.comments.size(); ++i) {
        const StaffComment& each = list.comments[i];
        said(f, "comment:" + std::to_string(i), each.text);
        const TextLanguage in_language(each.language);
        const float when_h = text_height(FontRole::body, w - 2 * pad, each.when);
        const float text_h = text_height(FontRole::heading, w - 2 * pad, each.text);
        const ImVec2 min = ImGui::GetCursorScreenPos();
        const ImVec2 max(min.x + w, min.y + when_h + text_h + 2 * pad);
        ImDrawList* draw_list = ImGui::GetWindowDrawList();
        draw_box(draw_list, min, max, Look::option, false, false);
        const TextBox box("comment:" + std::to_string(i), min, max);
        {
            const TextLanguage in_english("en");
            draw_text(draw_list, FontRole::body, ImVec2(min.x + pad, min.y + pad), w - 2 * pad,
                      each.when, colour::muted);
        }
        draw_text(draw_list, FontRole::heading, ImVec2(min.x + pad, min.y + pad + when_h),
                  w - 2 * pad, each.text, colour::text);
        ImGui::Dummy(ImVec2(w, max.y - min.y));
        ImGui::Dummy(ImVec2(1, f.gap * 0.3f));
    }
    if (list.comments.empty()) paragraph("Nobody has written anything here today.");
}

void today(Frame& f) {
    const StaffModel& m = f.model;
    if (!f.view.reading_comments.empty()) {
        if (const StaffComments* list = comments_of(m, f.view.reading_comments)) {
            comments(f, *list);
            return;
        }
        f.view.reading_comments.clear();  // read again: that question is gone
    }
    if (button(f, "staff:refresh", m.is_loading_today ? "Reading..." : "Refresh"))
        f.want(StaffRefreshIntent{});
    space(f);
    said(f, "today:note", m.today_note);
    paragraph(m.today_note, FontRole::body, colour::muted);
    if (!m.has_today) {
        if (m.is_loading_today) paragraph("Reading today's responses...");
        return;
    }
    space(f);
    const float tile_w = std::round(300 * f.unit);
    number_tile(f, "today:complete", "complete", m.complete, tile_w);
    ImGui::SameLine(0, f.gap);
    number_tile(f, "today:partial", "partial (left before the end)", m.partial, tile_w * 1.6f);
    // What residents wrote, near the top: what staff most want to read during the day.
    bool has_comments = false;
    for (const StaffComments& list : m.comments) {
        if (list.comments.empty()) continue;
        if (!has_comments) heading(f, "Comments");
        has_comments = true;
        const std::size_t n = list.comments.size();
        const std::string count = n == 1 ? std::string("1 comment today")
                                         : std::to_string(n) + " comments today, newest first";
        if (choice(f, "comments:" + list.question_id, StaffChoice{list.prompt, count}, true))
            f.view.reading_comments = list.question_id;
        ImGui::Dummy(ImVec2(1, f.gap * 0.3f));
    }
    heading(f, "Responses per hour");
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = draw_hour_chart(ImGui::GetWindowDrawList(), origin, std::min(w, 1300 * f.unit),
                                    m.per_hour, &f.view.drawn);
    ImGui::Dummy(ImVec2(w, h));
    for (const QuestionChart& chart : m.charts) {
        space(f);
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddLine(top, ImVec2(top.x + w, top.y), colour::option_border,
                                            2 * f.unit);
        space(f);
        const ImVec2 chart_origin = ImGui::GetCursorScreenPos();
        const float chart_w = std::min(w, 1300 * f.unit);
        const float chart_h = draw_question_chart(ImGui::GetWindowDrawList(), chart_origin, chart_w,
                                                  chart, &f.view.drawn);
        ImGui::Dummy(ImVec2(chart_w, chart_h));
    }
    if (m.charts.empty()) paragraph("No questions with answers to chart.");
}

void sync_store(Frame& f) {
    const StaffModel& m = f.model;
    heading(f, "Sync");
    for (const std::string& line : m.sync_lines) paragraph(line);
    if (!m.sync_lines.empty()) said(f, "sync:0", m.sync_lines.front());
    if (m.can_sync_now) {
        space(f);
        if (button(f, "staff:sync_now", "Sync now")) f.want(StaffSyncNowIntent{});
    }
    space(f);
    heading(f, "Store");
    for (const std::string& line : m.health_lines) paragraph(line);
    for (std::size_t i = 0; i < m.health_lines.size(); ++i)
        said(f, "store:" + std::to_string(i), m.health_lines[i]);
    space(f);
    if (button(f, "staff:check_store", m.is_checking_health ? "Checking..." : "Check again"))
        f.want(StaffRefreshIntent{});
    heading(f, "Damaged responses");
    if (m.damaged_lines.empty())
        paragraph("None: every stored response matches the hash saved with it.", FontRole::body,
                  colour::muted);
    for (std::size_t i = 0; i < m.damaged_lines.size(); ++i)
        problem(f, "damaged:" + std::to_string(i), m.damaged_lines[i]);
}

void event(Frame& f) {
    const StaffModel& m = f.model;
    if (f.view.is_new_section) {
        f.view.event_name = m.event_name;
        f.view.venue = m.venue;
    }
    const float save_w = label_width(f, "Save event");
    const float w = std::min(ImGui::GetContentRegionAvail().x - save_w - f.gap, 1000 * f.unit);
    field(f, "event:name", "Event name", StaffField::event_name, f.view.event_name, w);
    space(f);
    field(f, "event:venue", "Venue", StaffField::venue, f.view.venue, w);
    if (button(f, "event:save", "Save event", Look::primary, true)) {
        f.view.editing = StaffField::none;
        f.want(StaffSaveEventIntent{f.view.event_name, f.view.venue});
    }
    space(f);
    paragraph("Responses are filed under the event id " + m.event_id +
                  " (it also names the export folder).",
              FontRole::body, colour::muted);
    said(f, "event:message", m.event_message);
    paragraph(m.event_message);
}

void survey(Frame& f) {
    const StaffModel& m = f.model;
    const std::string at_top = m.survey_problem + '\n' + m.survey_to_confirm;
    if (at_top != f.view.survey_at_top) {
        f.view.survey_at_top = at_top;
        if (at_top.size() > 1) {
            ImGui::SetScrollY(0);  // lands next frame
            f.view.touch.scroll_velocity = 0;
            f.view.touch.is_animating = true;  // ask for that frame
        }
    }
    paragraph(m.survey_line);
    space(f);
    said(f, "survey:staged", m.staged_survey);
    if (!m.staged_survey.empty()) {
        paragraph("From the collector: " + m.staged_survey, FontRole::heading);
        paragraph("It starts at the attract screen once this screen closes. Responses already "
                  "saved keep their survey.",
                  FontRole::body, colour::muted);
        if (button(f, "survey:refuse_staged", "Refuse it: keep the survey that runs now",
                   Look::option, true))
            f.want(StaffRefuseStagedIntent{});
        space(f);
    }
    problem(f, "survey:problem", m.survey_problem);
    if (!m.survey_to_confirm.empty()) {
        space(f);
        said(f, "survey:to_confirm", m.survey_to_confirm);
        paragraph("Switch to " + m.survey_to_confirm + "?", FontRole::heading);
        paragraph("New responses will use it; the ones already saved keep their survey.",
                  FontRole::body, colour::muted);
        space(f);
        if (button(f, "survey:confirm", "Switch survey", Look::primary))
            f.want(StaffConfirmSurveyIntent{});
        if (button(f, "survey:cancel", "Cancel", Look::option, true))
            f.want(StaffCancelSurveyIntent{});
        return;
    }
    said(f, "survey:message", m.survey_message);
    paragraph(m.survey_message);
    heading(f, "Survey files (the kiosk's own, and on USB sticks)");
    if (button(f, "survey:look_again", m.is_listing_surveys ? "Looking..." : "Look again"))
        f.want(StaffOpenSectionIntent{StaffSection::survey});
    space(f);
    for (std::size_t i = 0; i < m.survey_choices.size(); ++i) {
        if (choice(f, "survey:" + std::to_string(i), m.survey_choices[i], !m.is_listing_surveys))
            f.want(StaffChooseSurveyIntent{i});
        ImGui::Dummy(ImVec2(1, f.gap * 0.3f));
    }
    if (m.survey_choices.empty() && !m.is_listing_surveys) paragraph("No survey files found.");
}

void export_usb(Frame& f) {
    const StaffModel& m = f.model;
    // What the export is doing or did, first: after a problem, the choices below try again.
    said(f, "export:take_out", m.take_out_message);
    said(f, "export:progress", m.export_progress);
    if (!m.take_out_message.empty()) paragraph(m.take_out_message, FontRole::title);
    paragraph(m.export_progress, FontRole::heading);
    problem(f, "export:problem", m.export_problem);
    if (m.can_safely_remove || m.is_exporting) {  // the stick is busy: its next step only
        if (m.can_safely_remove) {
            space(f);
            if (button(f, "export:safely_remove", "Safely remove the stick", Look::primary))
                f.want(StaffSafelyRemoveIntent{});
        }
        return;
    }
    if (!m.personal_questions.empty()) {
        // Chosen before the stick: choosing a stick starts the export.
        space(f);
        said(f, "export:personal", m.include_personal ? "included" : "left out");
        paragraph("This survey asks for personal data (" + m.personal_questions +
                  "). It is left out unless you include it.");
        space(f);
        if (big_button(f.view.touch, "export:personal_out", "Leave it out",
                       ImVec2(label_width(f, "Leave it out"), f.button_h), Look::option,
                       !m.include_personal, FontRole::heading))
            f.want(StaffIncludePersonalIntent{false});
        ImGui::SameLine(0, f.gap);
        if (big_button(f.view.touch, "export:personal_in", "Include personal data",
                       ImVec2(label_width(f, "Include personal data"), f.button_h), Look::option,
                       m.include_personal, FontRole::heading))
            f.want(StaffIncludePersonalIntent{true});
        if (m.include_personal)
            problem(f, "export:personal_warning",
                    "Sealed on the stick: only the collector can open it, never in the "
                    "spreadsheets or summary. Needs the collector's key file "
                    "standpoint-collector.pub here or on the stick. Keep the stick safe.");
    }
    heading(f, "Tap the USB stick to export to");
    const bool can_choose = !m.is_exporting && !m.is_listing_drives;
    for (std::size_t i = 0; i < m.drives.size(); ++i) {
        if (choice(f, "drive:" + std::to_string(i), m.drives[i], can_choose))
            f.want(StaffChooseDriveIntent{i});
        ImGui::Dummy(ImVec2(1, f.gap * 0.3f));
    }
    if (m.drives.empty() && !m.is_listing_drives)
        paragraph("No USB stick found. Put one in and tap Look again.");
    if (button(f, "drives:look_again", m.is_listing_drives ? "Looking..." : "Look again"))
        f.want(StaffListDrivesIntent{});
    space(f);  // what it does, under the choices (a problem above must leave the stick on screen)
    paragraph(
        "Writes this event's responses to a USB stick (spreadsheet, CSV, JSON lines and a "
        "one-page summary) and reads every file back to check it.",
        FontRole::body, colour::muted);
}

void wipe(Frame& f) {
    const StaffModel& m = f.model;
    paragraph(m.safe_wipe_words, FontRole::body, colour::muted);
    space(f);
    if (button(f, "wipe:safe", m.safe_wipe_label, Look::option)) f.want(StaffWipeSafeIntent{});
    space(f);
    said(f, "wipe:message", m.wipe_message);
    paragraph(m.wipe_message, FontRole::heading);

    // Apart, below a red line, in red: the one thing here that cannot be undone.
    divider(f, colour::problem_text);
    paragraph("Delete everything", FontRole::heading, colour::problem_text);
    said(f, "wipe:only_here", m.only_here_words);
    paragraph(std::string("This deletes every response on this kiosk, also those never sent or "
                          "exported: they are gone for good. ") +
                  m.only_here_words + " Type " + wipe_confirmation_word + " to confirm.",
              FontRole::body, colour::text);
    space(f);
    if (f.view.is_asking_wipe_all) {
        problem(f, "wipe:confirm",
                "Delete every response on this kiosk now? " + m.only_here_words +
                    " This cannot be undone.");
        space(f);
        if (button(f, "wipe:all_yes", "Yes, delete everything", Look::danger)) {
            f.view.is_asking_wipe_all = false;
            f.want(StaffWipeAllIntent{f.view.wipe_word});
            f.view.wipe_word.clear();
        }
        if (button(f, "wipe:all_cancel", "Cancel", Look::option, true)) {
            f.view.is_asking_wipe_all = false;
            f.view.wipe_word.clear();
        }
    } else {
        const float w = std::min(ImGui::GetContentRegionAvail().x, 500 * f.unit);
        field(f, "wipe:word", "Type " + std::string(wipe_confirmation_word) + " here",
              StaffField::wipe_word, f.view.wipe_word, w);
        if (button(f, "wipe:all", "Delete everything", Look::danger, true)) {
            f.view.editing = StaffField::none;
            // The right word asks once more; a wrong one goes to the controller, which refuses.
            if (f.view.wipe_word == wipe_confirmation_word) {
                f.view.is_asking_wipe_all = true;
            } else {
                f.want(StaffWipeAllIntent{f.view.wipe_word});
                f.view.wipe_word.clear();
            }
        }
    }
    divider(f, colour::option_border);
    heading(f, "Deletion log");
    for (const std::string& line : m.wipe_log) paragraph(line);
    if (!m.wipe_log.empty()) said(f, "wipe:log", m.wipe_log.front());
    if (m.wipe_log.empty()) paragraph("Nothing has been deleted.", FontRole::body, colour::muted);
}

void pause_quit(Frame& f) {
    const StaffModel& m = f.model;
    paragraph(m.is_paused ? "The kiosk is paused: residents see the back-soon screen."
                          : "The kiosk is taking responses.",
              FontRole::heading);
    space(f);
    if (m.is_paused) {
        if (button(f, "resume", "Resume the kiosk", Look::primary))
            f.want(StaffSetPausedIntent{false});
    } else if (button(f, "pause", "Pause the kiosk", Look::primary)) {
        f.want(StaffSetPausedIntent{true});
    }
    heading(f, "Quit");
    if (!f.view.is_asking_quit) {
        paragraph("Stops the kiosk program. Saved responses stay on this kiosk.", FontRole::body,
                  colour::muted);
        space(f);
        if (button(f, "quit", "Quit the kiosk")) f.view.is_asking_quit = true;
        return;
    }
    paragraph("Quit the kiosk now?", FontRole::heading);
    said(f, "quit:only_here", m.only_here_words);
    paragraph(m.only_here_words +
              " Saved responses stay on this kiosk's disk and are there when "
              "it starts again.");
    space(f);
    if (button(f, "quit:yes", "Yes, quit", Look::primary)) f.want(StaffQuitIntent{});
    if (button(f, "quit:cancel", "Cancel", Look::option, true)) f.view.is_asking_quit = false;
}

const StaffViewState*& last_view() {
    static const StaffViewState* view = nullptr;
    return view;
}

void content(Frame& f) {
    switch (f.view.section) {
        case StaffSection::today:
            today(f);
            break;
        case StaffSection::sync_store:
            sync_store(f);
            break;
        case StaffSection::event:
            event(f);
            break;
        case StaffSection::survey:
            survey(f);
            break;
        case StaffSection::export_usb:
            export_usb(f);
            break;
        case StaffSection::wipe:
            wipe(f);
            break;
        case StaffSection::pause_quit:
            pause_quit(f);
            break;
    }
}

}  // namespace

// ---------------------------------------------------------------------------------- [Entry]

std::vector<StaffIntent> draw_staff(const StaffModel& model, const UiText& text,
                                    StaffViewState& view, TimePoint /*now*/) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    Frame f{model, text, view, display.x, display.y, display_unit(), 0, 0, 0, {}};
    f.margin = std::round(32 * f.unit);
    f.gap = std::round(18 * f.unit);
    f.button_h = std::round(96 * f.unit);
    view.touch.targets.clear();
    view.touch.is_animating = false;
    view.drawn.clear();
    set_screen_language("en");
    // The resident's larger text and high contrast are theirs: staff get the standard screen,
    // whatever the last resident chose (the corner gesture works on any screen).
    use_palette(false);
    use_large_text(false);
    view.was_touched = ImGui::GetIO().MouseDown[0] || ImGui::IsMouseReleased(0);

    begin_full_screen_window("staff");

    const float top = header(f);
    const StaffSection before = view.section;
    const ImVec4 area = sections(f, top);
    if (view.section != before) f.want(StaffOpenSectionIntent{view.section});
    const float left = area.x;
    const float right = area.z;
    const float bottom = f.height - f.margin;
    const float keys_top = pinned_keyboard(f, left, right, bottom, (bottom - area.y) * 0.55f);
    const float scroll_bottom = keys_top < bottom ? keys_top - f.gap : bottom;

    // A new section starts at its top (before BeginChild, so this frame is laid out there).
    static ImGuiID area_id = 0;
    if (view.is_new_section && area_id != 0) {
        if (ImGuiWindow* window = ImGui::FindWindowByID(area_id)) {
            window->Scroll.y = 0;
            window->ScrollTarget.y = FLT_MAX;
        }
        view.touch.scroll_velocity = 0;
    }
    at(left, area.y);
    ImGui::BeginChild("staff-scroll", ImVec2(right - left, scroll_bottom - area.y), false,
                      ImGuiWindowFlags_NoNavInputs);
    area_id = ImGui::GetCurrentWindow()->ID;
    // Text below the fold is reachable by dragging: the layout audit allows it there.
    const ScrolledText scrolled(ImVec2(left, area.y), ImVec2(right, scroll_bottom));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(f.gap, std::round(f.gap * 0.4f)));
    content(f);
    ImGui::PopStyleVar();
    ImGui::Dummy(ImVec2(1, f.gap));
    touch_scroll(view.touch);
    ImGui::EndChild();
    view.is_new_section = false;
    ImGui::End();
    last_view() = &view;
    return std::move(f.intents);
}

const StaffViewState* last_staff_view() { return last_view(); }

void forget_staff_view(const StaffViewState* view) {
    if (last_view() == view) last_view() = nullptr;
}

}  // namespace standpoint::ui
