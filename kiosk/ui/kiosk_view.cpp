// The kiosk's screens, drawn from the session state each frame.
//
// Index:
//   [Frame]       per-frame context, sizes, text helpers
//   [Chrome]      language picker, progress, navigation, problem line
//   [Answers]     one widget per question type (smiley ... text keyboard)
//   [Screens]     attract, privacy, question, saving, thanks, unavailable, still-there
//   [Entry]       draw_kiosk
#include "kiosk/ui/kiosk_view.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByID: reset a scroll area before it is laid out

#include <algorithm>
#include <cmath>
#include <string>

#include "kiosk/ui/accessibility.hpp"
#include "kiosk/ui/keyboard.hpp"
#include "kiosk/ui/style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace standpoint::ui {
namespace {

// ---------------------------------------------------------------------------------- [Frame]

struct Frame {
    const Session& session;
    const Survey& survey;
    const UiText& text;
    ViewState& view;
    TimePoint now;
    const std::string& language;
    float width = 0;
    float height = 0;
    float unit = 1;      // display height / 1080
    float margin = 0;    // around the screen
    float gap = 0;       // between items
    float button_h = 0;  // big buttons: 108 px at 1080 (>= 90 px = 15 mm on a 22" panel)
    std::vector<Event> events;

    const std::string& t(const char* key) const { return text.get(language, key); }
    std::string in_language(const Text& value) const {
        return value.in(language, survey.default_language());
    }
};

std::string fill(std::string pattern, const std::string& field, const std::string& value) {
    const std::string marker = "{" + field + "}";
    for (std::size_t at = pattern.find(marker); at != std::string::npos;
         at = pattern.find(marker, at + value.size()))
        pattern.replace(at, marker.size(), value);
    return pattern;
}

// Places the next item at (x, y) in the current window's screen space.
void at(float x, float y) { ImGui::SetCursorScreenPos(ImVec2(x, y)); }

// Right to left, a row of `item_w` wide items in [left, left + row_w] runs from the right: the
// first (very bad, 0, Yes) is where a right-to-left reader starts.
float row_x(float x, float item_w, float left, float row_w) {
    return is_mirrored() ? left + row_w - (x - left) - item_w : x;
}

// ---------------------------------------------------------------------------------- [Chrome]

// Each language written in itself ("Cymraeg"), so a resident finds theirs without reading ours.
// Returns the left edge of the picker, so what shares its row can stay clear of it.
float language_picker(Frame& f, float right_x, float y, float h) {
    float x = right_x;
    for (auto it = f.survey.languages.rbegin(); it != f.survey.languages.rend(); ++it) {
        const std::string& name = f.text.native_name(*it);
        const TextLanguage in_itself(*it);
        const float w = std::max(text_width(FontRole::body, name) + 48 * f.unit, h * 1.6f);
        x -= w;
        at(x, y);
        if (big_button(f.view, "language:" + *it, name, ImVec2(w, h), Look::quiet,
                       *it == f.language) &&
            *it != f.language)
            f.events.push_back(ChangeLanguage{*it, f.now});
        x -= f.gap;
    }
    return x;
}

// "Question 2 of 6" and a dot per question, in `w`; on a narrow screen the dots alone.
void progress(Frame& f, const Asking& asking, float x, float y, float w, float h) {
    const std::vector<std::size_t> visible = visible_questions(f.survey, asking.draft.answers);
    const auto here = std::find(visible.begin(), visible.end(), asking.index);
    const std::size_t position =
        here == visible.end() ? 0 : static_cast<std::size_t>(here - visible.begin());
    const std::string words = fill(fill(f.t("progress.of"), "n", std::to_string(position + 1)),
                                   "total", std::to_string(visible.size()));
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float radius = 9 * f.unit;
    const float dots_w = static_cast<float>(visible.size()) * radius * 4;
    const float words_w = text_width(FontRole::body, words) + 36 * f.unit;
    float dot_x = x;
    if (words_w + dots_w <= w) {
        const float text_h = text_height(FontRole::body, w, words);
        draw_text(draw_list, FontRole::body, ImVec2(x, y + (h - text_h) / 2), w, words,
                  colour::muted);
        dot_x += words_w;
    } else if (dots_w > w) {
        return;
    }
    for (std::size_t i = 0; i < visible.size(); ++i) {
        const ImVec2 centre(row_x(dot_x, 2 * radius, x, w) + radius, y + h / 2);
        const bool is_answered = asking.draft.answers.count(f.survey.questions[visible[i]].id) > 0;
        if (i == position) {
            draw_list->AddCircleFilled(centre, radius * 1.5f, colour::primary);
        } else if (is_answered) {
            draw_list->AddCircleFilled(centre, radius, colour::muted);
        } else {
            draw_list->AddCircle(centre, radius, colour::muted, 0, 3 * f.unit);
        }
        dot_x += radius * 4;
    }
}

std::string problem_words(const Frame& f, const Question& question, const std::string& problem) {
    if (problem == "required" || problem == "empty")
        return f.t(question.type == QuestionType::text || question.type == QuestionType::number
                       ? "problem.required_text"
                       : "problem.required");
    if (problem == "pattern") {
        const std::string hint = f.in_language(question.pattern_hint);
        return hint.empty() ? f.t("problem.pattern") : hint;
    }
    if (problem == "constraint") {  // the survey's own words for its own check
        const std::string hint = f.in_language(question.constraint_hint);
        return hint.empty() ? f.t("problem.other") : hint;
    }
    if (problem == "too_long") return f.t("problem.too_long");
    if (problem == "too_many") return f.t("problem.too_many");
    if (problem == "out_of_range") return f.t("problem.out_of_range");
    return f.t("problem.other");
}

// The refusal in words, with a mark and a band, so it is not carried by colour alone.
void problem_line(Frame& f, const std::string& words, float x, float y, float w, float h) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_list->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), colour::problem_background,
                             10 * f.unit);
    const float radius = h * 0.3f;
    const ImVec2 centre(row_x(x, h, x, w) + h * 0.5f, y + h / 2);
    draw_list->AddCircleFilled(centre, radius, colour::problem_text);
    draw_text(draw_list, FontRole::heading, ImVec2(centre.x - radius, centre.y - radius * 1.15f),
              radius * 2, "!", colour::on_primary, Align::centre);
    const float text_h = text_height(FontRole::body, w - h * 1.2f, words);
    draw_text(draw_list, FontRole::body,
              ImVec2(is_mirrored() ? x + h * 0.2f : x + h, y + (h - text_h) / 2), w - h * 1.2f,
              words, colour::problem_text);
}

// ---------------------------------------------------------------------------------- [Answers]

const Answer* current_answer(const Asking& asking, const Question& question) {
    const auto found = asking.draft.answers.find(question.id);
    return found == asking.draft.answers.end() ? nullptr : &found->second;
}

std::int64_t number_of(const Answer* answer, std::int64_t none) {
    if (const auto* number = answer ? std::get_if<NumberAnswer>(answer) : nullptr)
        return number->value;
    return none;
}

void set_answer(Frame& f, Answer answer) {
    f.events.push_back(SetAnswer{std::move(answer), f.now});
}

void smiley(Frame& f, const Answer* answer, float w) {
    const std::int64_t chosen = number_of(answer, 0);
    const float cell_w = (w - 4 * f.gap) / 5;
    const float face_h = std::min(cell_w, 1080 * f.unit * 0.22f);
    float label_h = 0;
    for (int v = 1; v <= 5; ++v)
        label_h = std::max(label_h, text_height(FontRole::body, cell_w - 16 * f.unit,
                                                f.t(("smiley." + std::to_string(v)).c_str())));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    for (int v = 1; v <= 5; ++v) {
        const std::string name = "smiley:" + std::to_string(v);
        at(row_x(origin.x + static_cast<float>(v - 1) * (cell_w + f.gap), cell_w, origin.x, w),
           origin.y);
        const ImVec2 size(cell_w, face_h + label_h + 24 * f.unit);
        if (ImGui::InvisibleButton(name.c_str(), size)) set_answer(f, NumberAnswer{v});
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        register_target(f.view, name, min, max);
        ImDrawList* draw_list = ImGui::GetWindowDrawList();
        const bool is_selected = chosen == v;
        draw_box(draw_list, min, max, Look::option, ImGui::IsItemActive(), is_selected);
        draw_face(draw_list, ImVec2((min.x + max.x) / 2, min.y + face_h / 2 + 8 * f.unit),
                  face_h * 0.38f, v);
        draw_text(draw_list, is_selected ? FontRole::heading : FontRole::body,
                  ImVec2(min.x + 8 * f.unit, min.y + face_h + 8 * f.unit), cell_w - 16 * f.unit,
                  f.t(("smiley." + std::to_string(v)).c_str()), colour::text, Align::centre);
        if (is_selected) {  // a tick badge as well as the outline
            const float badge = 44 * f.unit;
            const ImVec2 badge_min(max.x - badge - 10 * f.unit, min.y + 10 * f.unit);
            const ImVec2 badge_max(badge_min.x + badge, badge_min.y + badge);
            draw_list->AddRectFilled(badge_min, badge_max, colour::primary, 8 * f.unit);
            draw_tick(draw_list, badge_min, badge_max, colour::on_primary);
        }
    }
    at(origin.x, origin.y);
    ImGui::Dummy(ImVec2(w, face_h + label_h + 24 * f.unit));
}

// A full-width row with a radio or checkbox mark on the left and the label in words.
bool option_row(Frame& f, const std::string& name, const std::string& label, bool is_selected,
                bool is_checkbox, float w) {
    const float h = f.button_h;
    const bool is_tapped = ImGui::InvisibleButton(name.c_str(), ImVec2(w, h));
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    register_target(f.view, name, min, max);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_box(draw_list, min, max, Look::option, ImGui::IsItemActive(), is_selected);
    const float mark = h * 0.42f;
    // Right to left: the mark leads from the right edge and the words end to its left.
    const bool is_rtl = is_mirrored();
    const ImVec2 mark_min(is_rtl ? max.x - h * 0.3f - mark : min.x + h * 0.3f,
                          min.y + (h - mark) / 2);
    const ImVec2 mark_max(mark_min.x + mark, mark_min.y + mark);
    const ImVec2 centre((mark_min.x + mark_max.x) / 2, (mark_min.y + mark_max.y) / 2);
    if (is_checkbox) {
        draw_list->AddRect(mark_min, mark_max, colour::text, 6 * f.unit, 0, 4 * f.unit);
        if (is_selected) {
            draw_list->AddRectFilled(mark_min, mark_max, colour::primary, 6 * f.unit);
            draw_tick(draw_list, mark_min, mark_max, colour::on_primary);
        }
    } else {
        draw_list->AddCircle(centre, mark / 2, colour::text, 32, 4 * f.unit);
        if (is_selected) draw_list->AddCircleFilled(centre, mark * 0.28f, colour::primary, 32);
    }
    const float text_x = is_rtl ? min.x + 16 * f.unit : mark_max.x + h * 0.3f;
    const float text_w = is_rtl ? mark_min.x - h * 0.3f - text_x : max.x - text_x - 16 * f.unit;
    const FontRole role = is_selected ? FontRole::heading : FontRole::body;
    const float text_h = text_height(role, text_w, label);
    draw_text(draw_list, role, ImVec2(text_x, min.y + (h - text_h) / 2), text_w, label,
              colour::text);
    return is_tapped;
}

void single(Frame& f, const Question& question, const Answer* answer, float w) {
    const auto* chosen = answer ? std::get_if<ChoiceAnswer>(answer) : nullptr;
    for (const Option& option : question.options) {
        const bool is_selected = chosen && chosen->option_id == option.id;
        if (option_row(f, "option:" + option.id, f.in_language(option.label), is_selected, false,
                       w))
            set_answer(f, ChoiceAnswer{option.id});
    }
}

void multi(Frame& f, const Question& question, const Answer* answer, float w) {
    const auto* chosen = answer ? std::get_if<ChoicesAnswer>(answer) : nullptr;
    const std::vector<std::string> none;
    const std::vector<std::string>& ids = chosen ? chosen->option_ids : none;
    const std::string hint = question.max_choices > 0 ? fill(f.t("multi.up_to"), "n",
                                                             std::to_string(question.max_choices))
                                                      : f.t("multi.any");
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float hint_h =
        draw_text(ImGui::GetWindowDrawList(), FontRole::body, origin, w, hint, colour::muted);
    ImGui::Dummy(ImVec2(w, hint_h));
    const bool is_full =
        question.max_choices > 0 && static_cast<int>(ids.size()) >= question.max_choices;
    for (const Option& option : question.options) {
        const bool is_selected = std::find(ids.begin(), ids.end(), option.id) != ids.end();
        if (!option_row(f, "option:" + option.id, f.in_language(option.label), is_selected, true,
                        w))
            continue;
        if (!is_selected && is_full) continue;  // the hint above already says why
        ChoicesAnswer next;
        for (const Option& each : question.options) {  // keep the survey's order
            const bool was = std::find(ids.begin(), ids.end(), each.id) != ids.end();
            if (each.id == option.id ? !was : was) next.option_ids.push_back(each.id);
        }
        if (next.option_ids.empty())
            f.events.push_back(ClearAnswer{f.now});
        else
            set_answer(f, std::move(next));
    }
}

void scale(Frame& f, const Question& question, const Answer* answer, float w) {
    const std::int64_t low = question.min_value;
    const std::int64_t high = std::max(question.max_value, low);
    const std::int64_t chosen = number_of(answer, low - 1);
    const int count = static_cast<int>(high - low + 1);
    int per_row = std::min(count, 11);
    // On a narrow (portrait) screen, two rows rather than buttons thinner than a finger.
    while (per_row > 1 &&
           (w - static_cast<float>(per_row - 1) * f.gap) / static_cast<float>(per_row) <
               f.button_h * 0.9f)
        per_row = (per_row + 1) / 2;
    const float cell_w =
        (w - static_cast<float>(per_row - 1) * f.gap) / static_cast<float>(per_row);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    float y = origin.y;
    for (int i = 0; i < count; ++i) {
        const int column = i % per_row;
        if (i > 0 && column == 0) y += f.button_h * 1.1f + f.gap;
        const std::int64_t value = low + i;
        at(row_x(origin.x + static_cast<float>(column) * (cell_w + f.gap), cell_w, origin.x, w), y);
        if (big_button(f.view, "scale:" + std::to_string(value), std::to_string(value),
                       ImVec2(cell_w, f.button_h * 1.1f), Look::option, chosen == value,
                       FontRole::heading))
            set_answer(f, NumberAnswer{value});
    }
    y += f.button_h * 1.1f + f.gap / 2;
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float label_w = w * 0.4f;
    // Under its end of the row; draw_text mirrors the alignment too.
    const float left_h =
        draw_text(draw_list, FontRole::body, ImVec2(row_x(origin.x, label_w, origin.x, w), y),
                  label_w, f.in_language(question.min_label), colour::muted, Align::left);
    const float right_h = draw_text(
        draw_list, FontRole::body, ImVec2(row_x(origin.x + w - label_w, label_w, origin.x, w), y),
        label_w, f.in_language(question.max_label), colour::muted, Align::right);
    at(origin.x, origin.y);
    ImGui::Dummy(ImVec2(w, y - origin.y + std::max(left_h, right_h)));
}

void stars(Frame& f, const Question& question, const Answer* answer, float w) {
    const std::int64_t count = question.max_value > 0 ? question.max_value : 5;
    const std::int64_t chosen = number_of(answer, 0);
    const float cell = std::min(
        f.button_h * 1.4f, (w - static_cast<float>(count - 1) * f.gap) / static_cast<float>(count));
    const float row_w = static_cast<float>(count) * cell + static_cast<float>(count - 1) * f.gap;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    for (std::int64_t v = 1; v <= count; ++v) {
        const std::string name = "star:" + std::to_string(v);
        at(row_x(origin.x + (w - row_w) / 2 + static_cast<float>(v - 1) * (cell + f.gap), cell,
                 origin.x, w),
           origin.y);
        if (ImGui::InvisibleButton(name.c_str(), ImVec2(cell, cell)))
            set_answer(f, NumberAnswer{v});
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        register_target(f.view, name, min, max);
        ImDrawList* draw_list = ImGui::GetWindowDrawList();
        draw_box(draw_list, min, max, Look::option, ImGui::IsItemActive(), v == chosen);
        draw_star(draw_list, ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2), cell * 0.38f,
                  v <= chosen);
    }
    float words_h = 0;
    if (chosen > 0) {
        const std::string words = fill(fill(f.t("stars.of"), "n", std::to_string(chosen)), "total",
                                       std::to_string(count));
        words_h = draw_text(ImGui::GetWindowDrawList(), FontRole::heading,
                            ImVec2(origin.x, origin.y + cell + f.gap), w, words, colour::text,
                            Align::centre);
    }
    at(origin.x, origin.y);
    ImGui::Dummy(
        ImVec2(w, cell + f.gap + std::max(words_h, text_height(FontRole::heading, w, "9"))));
}

void yes_no(Frame& f, const Answer* answer, float w, const char* yes_key, const char* no_key) {
    const auto* chosen = answer ? std::get_if<YesNoAnswer>(answer) : nullptr;
    const float button_w = std::min((w - f.gap) / 2, f.width * 0.3f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float left = origin.x + (w - 2 * button_w - f.gap) / 2;
    at(row_x(left, button_w, origin.x, w), origin.y);
    if (big_button(f.view, "yes", f.t(yes_key), ImVec2(button_w, f.button_h * 1.3f), Look::option,
                   chosen && chosen->value, FontRole::heading))
        set_answer(f, YesNoAnswer{true});
    at(row_x(left + button_w + f.gap, button_w, origin.x, w), origin.y);
    if (big_button(f.view, "no", f.t(no_key), ImVec2(button_w, f.button_h * 1.3f), Look::option,
                   chosen && !chosen->value, FontRole::heading))
        set_answer(f, YesNoAnswer{false});
    at(origin.x, origin.y);
    ImGui::Dummy(ImVec2(w, f.button_h * 1.3f));
}

// The text being typed, with a caret, in a box that grows with it; `beside` (characters left,
// the allowed range) goes to its right so the keyboard keeps its room.
void edit_box(Frame& f, const std::string& shown, const std::string& beside, float w) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float padding = 20 * f.unit;
    const float beside_w = beside.empty() ? 0 : text_width(FontRole::body, beside) + f.gap;
    const float box_w = w - beside_w;
    const std::string& placeholder = f.t("text.placeholder");
    const float text_h = std::max(text_height(FontRole::body, box_w - 2 * padding, shown + "|"),
                                  text_height(FontRole::body, box_w - 2 * padding, placeholder));
    const ImVec2 max(origin.x + box_w, origin.y + text_h + 2 * padding);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_list->AddRectFilled(origin, max, colour::option, 10 * f.unit);
    draw_list->AddRect(origin, max, colour::primary, 10 * f.unit, 0, 4 * f.unit);
    const ImVec2 text_at(origin.x + padding, origin.y + padding);
    if (shown.empty())
        draw_text(draw_list, FontRole::body, text_at, box_w - 2 * padding, placeholder,
                  colour::muted);
    else  // the caret is a bar glyph at the end: the keys only ever add or delete there
        draw_text(draw_list, FontRole::body, text_at, box_w - 2 * padding, shown + "|",
                  colour::text);
    draw_text(draw_list, FontRole::body, ImVec2(max.x + f.gap, max.y - padding - text_h),
              beside_w - f.gap, beside, colour::muted);
    ImGui::Dummy(ImVec2(w, max.y - origin.y));
}

// Loads the keyboard's buffer from the draft when a text or number question comes up.
void begin_edit(Frame& f, const Asking& asking, const Question& question, const Answer* answer) {
    const std::string key = asking.draft.response_id + "/" + question.id;
    if (f.view.edit_key == key) return;
    f.view.edit_key = key;
    f.view.edit_buffer.clear();
    f.view.is_shifted = false;
    f.view.shows_accents = false;
    f.view.shows_symbols = false;
    if (const auto* typed = answer ? std::get_if<TextAnswer>(answer) : nullptr)
        f.view.edit_buffer = typed->value;
    if (const auto* number = answer ? std::get_if<NumberAnswer>(answer) : nullptr)
        f.view.edit_buffer = std::to_string(number->value);
}

void send_text(Frame& f) {
    if (f.view.edit_buffer.empty())
        f.events.push_back(ClearAnswer{f.now});
    else
        set_answer(f, TextAnswer{f.view.edit_buffer});
}

std::size_t max_length_of(const Question& question) {
    return static_cast<std::size_t>(text_max_length(question));
}

// The typed text with its caret and what is left; the keys are drawn below the scroll area
// (pinned_keys), so they never scroll out of reach.
void text_box(Frame& f, const Question& question, float w) {
    const std::size_t max_length = max_length_of(question);
    const std::size_t length = code_points(f.view.edit_buffer);
    edit_box(f, f.view.edit_buffer,
             fill(f.t("text.left"), "n", std::to_string(max_length - std::min(length, max_length))),
             w);
    // The keys were drawn first this frame (pinned_keys); if one edited the text, keep the box's
    // last line, where the caret is, in view: a long answer outgrows the room above the keys.
    const bool is_edited =
        !f.events.empty() && (std::holds_alternative<SetAnswer>(f.events.back()) ||
                              std::holds_alternative<ClearAnswer>(f.events.back()));
    if (is_edited) ImGui::SetScrollHereY(1.0f);
}

bool has_keys(const Question& question) {
    return question.type == QuestionType::text || question.type == QuestionType::number;
}

// The number pad's width: three keys, the width of the box above it.
float pad_width(const Frame& f) { return 3 * std::round(f.button_h * 1.6f) + 2 * f.gap; }

void number_box(Frame& f, const Question& question, float w) {
    std::string range;
    if (question.max_value > question.min_value)
        range = std::to_string(question.min_value) + " – " + std::to_string(question.max_value);
    const float beside_w = range.empty() ? 0 : text_width(FontRole::body, range) + f.gap;
    const float box_w = std::min(w, pad_width(f) + beside_w);
    // The box lines up with the keypad, both in the middle of the screen.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    at(origin.x + (w - box_w) / 2, origin.y);
    edit_box(f, f.view.edit_buffer, range, box_w);
}

// The keyboard or number pad of a text or number question, from `top` to `bottom`, taking at
// most what leaves the text box `min_box_h`. Returns the top of the keys.
float pinned_keys(Frame& f, const Asking& asking, const Question& question, float top,
                  float bottom) {
    ViewState& view = f.view;
    begin_edit(f, asking, question, current_answer(asking, question));
    const bool is_number = question.type == QuestionType::number;
    KeyModes modes{view.is_shifted, view.shows_accents   ? KeyPage::accents
                                    : view.shows_symbols ? KeyPage::symbols
                                                         : KeyPage::letters};
    const auto rows = is_number ? number_pad_rows(question.min_value < 0)
                                : keyboard_rows(layout_for(question), modes);
    const float w = f.width - 2 * f.margin;
    const float keys_w = is_number ? pad_width(f) : w;
    // A number or a postcode is one short line: its keys can be bigger and sit right under the
    // box. Free text keeps its keys at the bottom, out of the way of the box as it grows.
    const bool is_short = is_number || layout_for(question) == KeyboardLayout::postcode;
    const KeyMetrics metrics = key_metrics(rows.size(), is_number ? 3 : keys_per_row, keys_w,
                                           bottom - top, f.unit, is_short ? 120.0f : 96.0f);
    const float keys_top = is_short ? top : std::max(top, bottom - metrics.height());
    const KeyLabels labels{f.t("keyboard.shift"),   f.t("keyboard.accents"),
                           f.t("keyboard.letters"), "?123",
                           f.t("keyboard.space"),   f.t("keyboard.backspace"),
                           f.t("number.clear"),     f.t("keyboard.done")};
    const std::optional<Key> tapped =
        draw_keys(view, rows, labels, modes, f.margin, keys_top, w, metrics);
    if (!tapped) return keys_top;
    // Numbers: at most 12 characters, which any int64 range fits in.
    const std::size_t max_length = is_number ? 12 : max_length_of(question);
    const KeyResult result = press_key(*tapped, view.edit_buffer, modes, max_length);
    view.is_shifted = modes.is_shifted;
    view.shows_accents = modes.page == KeyPage::accents;
    view.shows_symbols = modes.page == KeyPage::symbols;
    if (result.is_edited) {
        if (!is_number) {
            send_text(f);
        } else if (const std::optional<std::int64_t> value = parse_number(view.edit_buffer)) {
            set_answer(f, NumberAnswer{*value});
        } else {
            f.events.push_back(ClearAnswer{f.now});
        }
    }
    if (result.is_done) f.events.push_back(Next{f.now});
    return keys_top;
}

void answer_widget(Frame& f, const Asking& asking, const Question& question, float w) {
    const Answer* answer = current_answer(asking, question);
    switch (question.type) {
        case QuestionType::smiley:
            smiley(f, answer, w);
            break;
        case QuestionType::stars:
            stars(f, question, answer, w);
            break;
        case QuestionType::scale:
            scale(f, question, answer, w);
            break;
        case QuestionType::yesno:
            yes_no(f, answer, w, "yesno.yes", "yesno.no");
            break;
        case QuestionType::consent:
            yes_no(f, answer, w, "consent.yes", "consent.no");
            break;
        case QuestionType::single:
            single(f, question, answer, w);
            break;
        case QuestionType::multi:
            multi(f, question, answer, w);
            break;
        case QuestionType::text:
            text_box(f, question, w);
            break;
        case QuestionType::number:
            number_box(f, question, w);
            break;
        case QuestionType::info:
            break;
    }
}

// A scroll area from `top` to `bottom`, reset to its top whenever `key` changes.
template <class Body>
void scroll_area(Frame& f, const std::string& key, float top, float bottom, Body&& body) {
    static ImGuiID area_id = 0;  // the same child window every frame; found again by id
    if (f.view.scroll_key != key) {
        f.view.scroll_key = key;
        f.view.scroll_velocity = 0;
        // Before BeginChild, so this frame is laid out at the top already (SetScrollY would
        // only take effect next frame, with the old question's offset in between).
        if (ImGuiWindow* window = area_id ? ImGui::FindWindowByID(area_id) : nullptr) {
            window->Scroll.y = 0;
            window->ScrollTarget.y = FLT_MAX;
        }
    }
    at(f.margin, top);
    ImGui::BeginChild("scroll", ImVec2(f.width - 2 * f.margin, bottom - top), false,
                      ImGuiWindowFlags_NoNavInputs);
    area_id = ImGui::GetCurrentWindow()->ID;
    body();
    touch_scroll(f.view);
    ImGui::EndChild();
}

// ---------------------------------------------------------------------------------- [Screens]

// The A+ / contrast / speaker row, top left; below the top bar when the language picker leaves
// it no room (portrait, many languages). Returns the height it took below the bar (0 or a row).
template <class Spoken>
float accessibility_tools(Frame& f, float picker_x, float bar_h, Spoken&& spoken) {
    const bool is_below = f.margin + accessibility_row_width(bar_h, f.gap) + f.gap > picker_x;
    const float y = is_below ? f.margin + bar_h + f.gap : f.margin;
    accessibility_row(f.view, f.margin, y, bar_h, f.gap, f.language, spoken);
    return is_below ? bar_h + f.gap : 0;
}

void attract(Frame& f) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float w = f.width - 2 * f.margin;
    float y = f.height * 0.16f;
    // The title in the large set always: it has to call people over from a few metres.
    const bool was_large_text = is_large_text_in_use();
    use_large_text(true);
    y += draw_text(draw_list, FontRole::title, ImVec2(f.margin, y), w,
                   f.in_language(f.survey.title), colour::text, Align::centre);
    use_large_text(was_large_text);
    y += f.gap * 2;
    draw_text(draw_list, FontRole::heading, ImVec2(f.margin + w * 0.1f, y), w * 0.8f,
              f.in_language(f.survey.intro), colour::muted, Align::centre);
    const ImVec2 start_size(std::min(f.width - 2 * f.margin, 1080 * f.unit * 0.9f),
                            f.button_h * 1.6f);
    at((f.width - start_size.x) / 2, f.height * 0.56f);
    if (big_button(f.view, "start", f.t("start.tap"), start_size, Look::primary, false,
                   FontRole::title))
        f.events.push_back(Start{"", f.now});  // the app gives it a fresh UUIDv7
    attract_glow(f.view, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), f.now);
    const float bar_h = f.button_h * 0.9f;
    const float picker_x = language_picker(f, f.width - f.margin, f.margin, bar_h);
    accessibility_tools(f, picker_x, bar_h, [&] {
        std::string spoken = f.in_language(f.survey.title);
        add_sentence(spoken, f.in_language(f.survey.intro));
        add_sentence(spoken, f.t("start.tap"));
        return spoken;
    });
    attract_veil(f.view);
}

void privacy(Frame& f, const PrivacyNotice& screen) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float w = f.width - 2 * f.margin;
    const float bar_h = f.button_h * 0.9f;
    const float picker_x = language_picker(f, f.width - f.margin, f.margin, bar_h);
    float y = f.margin + bar_h + f.gap + accessibility_tools(f, picker_x, bar_h, [&] {
                  std::string spoken = f.t("privacy.title");
                  add_sentence(spoken, f.in_language(f.survey.privacy_notice));
                  return spoken;
              });
    y += draw_text(draw_list, FontRole::title, ImVec2(f.margin, y), w, f.t("privacy.title"),
                   colour::text) +
         f.gap;
    const float bottom = f.height - f.margin - f.button_h;
    const std::string notice = f.in_language(f.survey.privacy_notice);
    scroll_area(f, "privacy/" + screen.draft.response_id, y, bottom - f.gap, [&] {
        const float text_w = std::min(w - 40 * f.unit, 1080 * f.unit * 1.4f);
        ImVec2 origin = ImGui::GetCursorScreenPos();
        origin.x = row_x(origin.x, text_w, origin.x, ImGui::GetContentRegionAvail().x);
        const float h = draw_text(ImGui::GetWindowDrawList(), FontRole::body, origin, text_w,
                                  notice, colour::text);
        ImGui::Dummy(ImVec2(text_w, h));
    });
    const float button_w = f.width * 0.3f;
    // Forward is on the reading side's end: right for left-to-right, left for right-to-left.
    const float start_x = is_mirrored() ? f.width - f.margin - button_w : f.margin;
    const float end_x = is_mirrored() ? f.margin : f.width - f.margin - button_w;
    at(start_x, bottom);
    if (big_button(f.view, "decline", f.t("privacy.decline"), ImVec2(button_w, f.button_h),
                   Look::option, false, FontRole::heading))
        f.events.push_back(DeclinePrivacy{f.now});
    at(end_x, bottom);
    if (big_button(f.view, "agree", f.t("privacy.agree"), ImVec2(button_w, f.button_h),
                   Look::primary, false, FontRole::heading))
        f.events.push_back(AcceptPrivacy{f.now});
}

void question_screen(Frame& f, const Asking& asking) {
    const Question& question = f.survey.questions.at(asking.index);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float w = f.width - 2 * f.margin;
    const float bar_h = f.button_h * 0.9f;
    const float picker_x = language_picker(f, f.width - f.margin, f.margin, bar_h);
    const float tools_h = accessibility_tools(f, picker_x, bar_h, [&] {
        return spoken_question(question, f.text, f.language, f.survey.default_language());
    });
    const float progress_x =
        tools_h > 0 ? f.margin : f.margin + accessibility_row_width(bar_h, f.gap) + 2 * f.gap;
    progress(f, asking, progress_x, f.margin, picker_x - progress_x, bar_h);

    float y = f.margin + bar_h + f.gap + tools_h;
    y += draw_text(draw_list, FontRole::heading, ImVec2(f.margin, y), w,
                   f.in_language(question.prompt), colour::text);
    const std::string help = f.in_language(question.help);
    if (!help.empty())
        y += f.gap / 2 + draw_text(draw_list, FontRole::body, ImVec2(f.margin, y + f.gap / 2), w,
                                   help, colour::muted);
    y += f.gap;

    const float bottom = f.height - f.margin - f.button_h;
    const float nav_w = f.width * 0.25f;
    // The refusal sits between Back and Next, where the eye goes after tapping Next.
    if (!asking.problem.empty()) {
        f.view.problem_text = problem_words(f, question, asking.problem);
        problem_line(f, f.view.problem_text, f.margin + nav_w + f.gap, bottom,
                     f.width - 2 * (f.margin + nav_w + f.gap), f.button_h);
    }

    // Text and number questions: the keys sit on the Back/Next row, outside the scroll area, so
    // no prompt is ever long enough to push Shift, space or Done off the screen. The scroll area
    // keeps at least one line of the text box (it scrolls for more).
    float area_bottom = bottom - f.gap;
    if (has_keys(question)) {
        const float box_h = text_height(FontRole::body, w, "Ag") + 40 * f.unit + f.gap;
        area_bottom = pinned_keys(f, asking, question, y + box_h, bottom - f.gap) - f.gap;
    }
    scroll_area(f, asking.draft.response_id + "/" + question.id, y, area_bottom, [&] {
        const float area_w = ImGui::GetContentRegionAvail().x;
        const float content_w =
            question.type == QuestionType::single || question.type == QuestionType::multi
                ? std::min(area_w, 1080 * f.unit * 1.3f)
                : area_w;
        ImGui::SetCursorPosX((area_w - content_w) / 2);
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(f.gap, std::round(f.gap * 0.8f)));
        ImGui::BeginGroup();
        answer_widget(f, asking, question, content_w);
        ImGui::EndGroup();
        ImGui::PopStyleVar();
    });

    const std::vector<std::size_t> visible = visible_questions(f.survey, asking.draft.answers);
    // Back from the first question returns to the privacy notice, if the survey has one.
    const bool has_back =
        !(visible.empty() || visible.front() == asking.index) || !f.survey.privacy_notice.empty();
    const bool is_last = visible.empty() || visible.back() == asking.index;
    const float back_x = is_mirrored() ? f.width - f.margin - nav_w : f.margin;
    const float next_x = is_mirrored() ? f.margin : f.width - f.margin - nav_w;
    if (has_back) {
        at(back_x, bottom);
        if (big_button(f.view, "back", f.t("nav.back"), ImVec2(nav_w, f.button_h), Look::option,
                       false, FontRole::heading))
            f.events.push_back(Back{f.now});
    }
    at(next_x, bottom);
    if (big_button(f.view, "next", f.t(is_last ? "nav.finish" : "nav.next"),
                   ImVec2(nav_w, f.button_h), Look::primary, false, FontRole::heading))
        f.events.push_back(Next{f.now});
}

void centred_message(Frame& f, const std::string& title, const std::string& body,
                     const std::string& small) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float w = f.width * 0.8f;
    const float x = (f.width - w) / 2;
    const float total = text_height(FontRole::title, w, title) + f.gap * 2 +
                        text_height(FontRole::heading, w, body) + f.gap * 2 +
                        text_height(FontRole::body, w, small);
    float y = std::max(f.margin, (f.height - total) / 2 - f.height * 0.05f);
    y += draw_text(draw_list, FontRole::title, ImVec2(x, y), w, title, colour::text, Align::centre);
    y += f.gap * 2;
    y += draw_text(draw_list, FontRole::heading, ImVec2(x, y), w, body, colour::muted,
                   Align::centre);
    y += f.gap * 2;
    draw_text(draw_list, FontRole::body, ImVec2(x, y), w, small, colour::muted, Align::centre);
}

// Thanks, the survey's "you said, we did" message in a framed panel, and the organisation's page
// as a QR code with its address in words (for a resident without a camera phone). Side by side
// on a wide screen, stacked on a tall one.
void thanks_with_news(Frame& f, const std::string& title) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const std::string message = f.in_language(f.survey.you_said_we_did);
    const std::string& url = f.survey.more_info_url;
    const std::string shown_url = url.rfind("https://", 0) == 0 ? url.substr(8) : url;
    const std::string tap = f.t("thanks.tap");
    const bool has_qr = !url.empty();
    const bool is_wide = has_qr && f.width >= f.height * 1.2f;
    const float qr_side =
        has_qr ? std::round(std::min(f.height * (is_wide ? 0.46f : 0.3f), f.width * 0.6f)) : 0;
    // Wide: the code and its address share a column on the right, a little wider than the code
    // so the address wraps at most once.
    const float column_w = std::round(qr_side * 1.3f);
    const float column_x = f.width - 2 * f.margin - column_w;
    const float text_x = is_wide ? 2 * f.margin : f.width * 0.08f;
    const float text_w = is_wide ? column_x - 2 * f.gap - text_x : f.width * 0.84f;
    const Align align = is_wide ? Align::left : Align::centre;
    const float pad = 28 * f.unit;
    const float title_h = text_height(FontRole::title, text_w, title);
    const float message_h =
        message.empty() ? 0 : text_height(FontRole::heading, text_w - 2 * pad, message) + 2 * pad;
    const float url_w = is_wide ? column_w : text_w;
    const float url_h = has_qr ? text_height(FontRole::body, url_w, shown_url) : 0;
    const float qr_block_h = has_qr ? qr_side + f.gap + url_h : 0;
    const float tap_h = text_height(FontRole::body, text_w, tap);
    float text_total = title_h + 2 * f.gap + message_h + 2 * f.gap + tap_h;
    if (!is_wide) text_total += qr_block_h + 2 * f.gap;
    float y = std::max(f.margin, (f.height - text_total) / 2);

    y += draw_text(draw_list, FontRole::title, ImVec2(text_x, y), text_w, title, colour::text,
                   align) +
         2 * f.gap;
    if (!message.empty()) {
        f.view.message_text = message;
        // A frame and a thick bar on the leading edge mark it as news, not only a colour.
        draw_list->AddRectFilled(ImVec2(text_x, y), ImVec2(text_x + text_w, y + message_h),
                                 colour::option, 14 * f.unit);
        draw_list->AddRect(ImVec2(text_x, y), ImVec2(text_x + text_w, y + message_h),
                           colour::option_border, 14 * f.unit, 0, 2 * f.unit);
        draw_list->AddRectFilled(ImVec2(text_x, y), ImVec2(text_x + 10 * f.unit, y + message_h),
                                 colour::primary, 14 * f.unit, ImDrawFlags_RoundCornersLeft);
        draw_text(draw_list, FontRole::heading, ImVec2(text_x + pad, y + pad), text_w - 2 * pad,
                  message, colour::text, align);
        y += message_h + 2 * f.gap;
    }
    if (has_qr) {
        const float qr_x = is_wide ? column_x + (column_w - qr_side) / 2 : (f.width - qr_side) / 2;
        const float qr_y = is_wide ? (f.height - qr_block_h) / 2 : y;
        draw_qr(f.view, url, ImVec2(qr_x, qr_y), qr_side);
        draw_text(draw_list, FontRole::body,
                  ImVec2(qr_x + (qr_side - url_w) / 2, qr_y + qr_side + f.gap), url_w, shown_url,
                  colour::text, Align::centre);
        if (!is_wide) y += qr_block_h + 2 * f.gap;
    }
    draw_text(draw_list, FontRole::body, ImVec2(text_x, y), text_w, tap, colour::muted, align);
}

void thanks(Frame& f) {
    // The whole screen is the button: any tap goes back to the start for the next resident.
    at(0, 0);
    if (ImGui::InvisibleButton("dismiss", ImVec2(f.width, f.height)))
        f.events.push_back(Dismiss{f.now});
    register_target(f.view, "dismiss", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    // The survey's own thanks is the headline when it has one; ours otherwise.
    const std::string own = f.in_language(f.survey.thanks);
    const std::string title = own.empty() ? f.t("thanks.title") : own;
    if (f.survey.you_said_we_did.empty() && f.survey.more_info_url.empty()) {
        centred_message(f, title, "", f.t("thanks.tap"));
        return;
    }
    thanks_with_news(f, title);
}

void still_there(Frame& f, TimePoint until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - f.now);
    const long long seconds = std::max<long long>(0, (left.count() + 999) / 1000);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float w = std::min(f.width * 0.7f, 1080 * f.unit * 1.2f);
    const float x = (f.width - w) / 2;
    const std::string body = fill(f.t("still_there.body"), "n", std::to_string(seconds));
    const float panel_h = text_height(FontRole::title, w - 80 * f.unit, f.t("still_there.title")) +
                          text_height(FontRole::heading, w - 80 * f.unit, body) +
                          f.button_h * 1.4f + f.gap * 6;
    const float y0 = (f.height - panel_h) / 2;
    draw_list->AddRectFilled(ImVec2(x, y0), ImVec2(x + w, y0 + panel_h), colour::option,
                             20 * f.unit);
    draw_list->AddRect(ImVec2(x, y0), ImVec2(x + w, y0 + panel_h), colour::primary, 20 * f.unit, 0,
                       4 * f.unit);
    float y = y0 + f.gap * 2;
    y += draw_text(draw_list, FontRole::title, ImVec2(x + 40 * f.unit, y), w - 80 * f.unit,
                   f.t("still_there.title"), colour::text, Align::centre);
    y += f.gap;
    y += draw_text(draw_list, FontRole::heading, ImVec2(x + 40 * f.unit, y), w - 80 * f.unit, body,
                   colour::muted, Align::centre);
    y += f.gap * 2;
    const ImVec2 size(w * 0.7f, f.button_h * 1.4f);
    at(x + (w - size.x) / 2, y);
    if (big_button(f.view, "still_here", f.t("still_there.button"), size, Look::primary, false,
                   FontRole::title))
        f.events.push_back(Touch{f.now});
}

}  // namespace

// ---------------------------------------------------------------------------------- [Entry]

std::vector<Event> draw_kiosk(const Session& session, const Survey& survey, const UiText& text,
                              ViewState& view, TimePoint now) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    Frame f{session, survey, text, view, now, session_language(session), 0, 0, 1, 0, 0, 0, {}};
    f.width = display.x;
    f.height = display.y;
    f.unit = display_unit();
    f.margin = std::round(32 * f.unit);
    f.gap = std::round(18 * f.unit);
    f.button_h = std::round(108 * f.unit);
    view.targets.clear();
    view.is_animating = false;
    view.problem_text.clear();
    // The resident's A+ and contrast: before any size or colour is used this frame.
    begin_display_choices(view, session, now);
    set_screen_language(f.language);

    begin_full_screen_window("kiosk");

    const bool is_resident_busy = std::holds_alternative<PrivacyNotice>(session.screen) ||
                                  std::holds_alternative<Asking>(session.screen);
    // Any finger down keeps the session alive and answers "Are you still there?"; the tap's own
    // intent (if any) follows on release.
    if (is_resident_busy && ImGui::IsMouseClicked(0)) f.events.push_back(Touch{now});

    if (session.still_there_until && is_resident_busy) {
        still_there(f, *session.still_there_until);
    } else if (std::holds_alternative<Attract>(session.screen)) {
        // The last resident's typing goes with them, not only off the screen.
        view.edit_buffer.clear();
        view.edit_key.clear();
        attract(f);
    } else if (const auto* notice = std::get_if<PrivacyNotice>(&session.screen)) {
        privacy(f, *notice);
    } else if (const auto* asking = std::get_if<Asking>(&session.screen)) {
        question_screen(f, *asking);
    } else if (std::holds_alternative<Saving>(session.screen)) {
        centred_message(f, f.t("saving.title"), "", "");
    } else if (std::holds_alternative<Thanks>(session.screen)) {
        thanks(f);
    } else if (const auto* unavailable = std::get_if<Unavailable>(&session.screen)) {
        centred_message(f, f.t("unavailable.title"), f.t("unavailable.body"),
                        fill(f.t("unavailable.staff"), "reason", unavailable->reason));
    }
    ImGui::End();
    return std::move(f.events);
}

}  // namespace standpoint::ui
