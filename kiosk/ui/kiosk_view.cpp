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

#include "kiosk/core/script.hpp"
#include "kiosk/core/utf8.hpp"
#include "kiosk/ui/accessibility.hpp"
#include "kiosk/ui/keyboard.hpp"
#include "kiosk/ui/layout_record.hpp"
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

std::string problem_words(const Frame& f, const Question& question, AnswerProblem problem) {
    switch (problem) {
        case AnswerProblem::required:
        case AnswerProblem::empty:
            return f.t(question.type == QuestionType::text || question.type == QuestionType::number
                           ? "problem.required_text"
                           : "problem.required");
        case AnswerProblem::pattern: {
            const std::string hint = f.in_language(question.pattern_hint);
            return hint.empty() ? f.t("problem.pattern") : hint;
        }
        case AnswerProblem::constraint: {  // the survey's own words for its own check
            const std::string hint = f.in_language(question.constraint_hint);
            return hint.empty() ? f.t("problem.other") : hint;
        }
        case AnswerProblem::too_long:
            return f.t("problem.too_long");
        case AnswerProblem::too_many:
            return f.t("problem.too_many");
        case AnswerProblem::out_of_range:
            return f.t("problem.out_of_range");
        case AnswerProblem::none:
        case AnswerProblem::wrong_type:
        case AnswerProblem::unknown_option:
        case AnswerProblem::duplicate_option:
        case AnswerProblem::invalid_text:
            break;
    }
    return f.t("problem.other");
}

// The refusal in words, with a mark and a band, so it is not carried by colour alone. The band
// is as tall as its words need (problem_band_h).
float problem_mark_w(const Frame& f) { return f.button_h * 0.8f; }

float problem_band_h(const Frame& f, const std::string& words, float w) {
    const float text_w = w - problem_mark_w(f) * 1.2f;
    return std::max(problem_mark_w(f), text_height(FontRole::body, text_w, words) + 24 * f.unit);
}

void problem_line(Frame& f, const std::string& words, float x, float y, float w, float h) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const TextBox box("problem", ImVec2(x, y), ImVec2(x + w, y + h));
    draw_list->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), colour::problem_background,
                             10 * f.unit);
    const float mark_w = problem_mark_w(f);
    const float radius = mark_w * 0.3f;
    const ImVec2 centre(row_x(x, mark_w, x, w) + mark_w * 0.5f, y + h / 2);
    draw_list->AddCircleFilled(centre, radius, colour::problem_text);
    const float mark_h = text_height(FontRole::body, radius * 2, "!");
    draw_text(draw_list, FontRole::body, ImVec2(centre.x - radius, centre.y - mark_h / 2),
              radius * 2, "!", colour::on_primary, Align::centre);
    const float text_w = w - mark_w * 1.2f;
    const float text_h = text_height(FontRole::body, text_w, words);
    draw_text(draw_list, FontRole::body,
              ImVec2(is_mirrored() ? x + mark_w * 0.2f : x + mark_w, y + (h - text_h) / 2), text_w,
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

// Five cards, each a face (its own colour and shape, widgets.hpp) over its name. The name is in
// the regular face whether chosen or not (a bold label would wrap differently and jump): the
// choice shows as the thick outline and a tick badge.
void smiley(Frame& f, const Answer* answer, float w) {
    const std::int64_t chosen = number_of(answer, 0);
    const float cell_w = (w - 4 * f.gap) / 5;
    const float face_h = std::min(cell_w, 1080 * f.unit * 0.22f);
    const float text_w = cell_w - 16 * f.unit;
    float label_h = 0;
    for (int v = 1; v <= 5; ++v)
        label_h = std::max(label_h, text_height(FontRole::body, text_w,
                                                f.t(("smiley." + std::to_string(v)).c_str())));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float cell_h = face_h + label_h + 24 * f.unit;
    for (int v = 1; v <= 5; ++v) {
        const std::string name = "smiley:" + std::to_string(v);
        at(row_x(origin.x + static_cast<float>(v - 1) * (cell_w + f.gap), cell_w, origin.x, w),
           origin.y);
        if (ImGui::InvisibleButton(name.c_str(), ImVec2(cell_w, cell_h)))
            set_answer(f, NumberAnswer{v});
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        register_target(f.view, name, min, max);
        const TextBox box(name, min, max);
        ImDrawList* draw_list = ImGui::GetWindowDrawList();
        const bool is_selected = chosen == v;
        draw_box(draw_list, min, max, Look::option, ImGui::IsItemActive(), is_selected);
        draw_face(draw_list, ImVec2((min.x + max.x) / 2, min.y + face_h / 2 + 8 * f.unit),
                  face_h * 0.38f, v);
        draw_text(draw_list, FontRole::body,
                  ImVec2(min.x + 8 * f.unit, min.y + face_h + 8 * f.unit), text_w,
                  f.t(("smiley." + std::to_string(v)).c_str()), colour::text, Align::centre);
        if (is_selected) {  // a tick badge as well as the outline
            const float badge = std::min(44 * f.unit, cell_w * 0.3f);
            const ImVec2 badge_min(max.x - badge - 10 * f.unit, min.y + 10 * f.unit);
            const ImVec2 badge_max(badge_min.x + badge, badge_min.y + badge);
            draw_list->AddRectFilled(badge_min, badge_max, colour::primary, 8 * f.unit);
            draw_tick(draw_list, badge_min, badge_max, colour::on_primary);
        }
    }
    at(origin.x, origin.y);
    ImGui::Dummy(ImVec2(w, cell_h));
}

// The words' room in an option row `w` wide and `h` tall-at-least: the mark and padding take
// the rest.
float option_text_w(const Frame& f, float w) {
    const float mark = f.button_h * 0.42f;
    return w - mark - f.button_h * 0.6f - 16 * f.unit;
}

// A row's height: a button's, or taller when its label wraps to more lines than that holds. The
// label is measured in the selected (bold) face too, so choosing never makes a row outgrow itself.
float option_row_h(const Frame& f, const std::string& label, float w) {
    const float text_w = option_text_w(f, w);
    const float text_h = std::max(text_height(FontRole::body, text_w, label),
                                  text_height(FontRole::heading, text_w, label));
    return std::max(f.button_h, std::ceil(text_h + 24 * f.unit));
}

// A row `w` x `h` with a radio or checkbox mark on the left and the label in words.
bool option_row(Frame& f, const std::string& name, const std::string& label, bool is_selected,
                bool is_checkbox, float w, float h) {
    const bool is_tapped = ImGui::InvisibleButton(name.c_str(), ImVec2(w, h));
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    register_target(f.view, name, min, max);
    const TextBox box(name, min, max);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_box(draw_list, min, max, Look::option, ImGui::IsItemActive(), is_selected);
    const float mark = f.button_h * 0.42f;
    // Right to left: the mark leads from the right edge and the words end to its left.
    const bool is_rtl = is_mirrored();
    const ImVec2 mark_min(is_rtl ? max.x - f.button_h * 0.3f - mark : min.x + f.button_h * 0.3f,
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
    const float text_w = option_text_w(f, w);
    const float text_x =
        is_rtl ? mark_min.x - f.button_h * 0.3f - text_w : mark_max.x + f.button_h * 0.3f;
    const FontRole role = is_selected ? FontRole::heading : FontRole::body;
    const float text_h = text_height(role, text_w, label);
    draw_text(draw_list, role, ImVec2(text_x, min.y + (h - text_h) / 2), text_w, label,
              colour::text);
    return is_tapped;
}

// Options in as few columns as let them all show without scrolling (one column reads best; two
// or three where the screen is wide enough and the list long), each column at least
// `min_column` wide. Rows in a line share the tallest's height. Returns the tapped option.
const Option* option_grid(Frame& f, const Question& question, float w, float visible_h,
                          float above_h, const std::vector<std::string>& chosen, bool is_checkbox) {
    const int count = static_cast<int>(question.options.size());
    const float min_column = 420 * f.unit;
    const float row_gap = std::round(f.gap * 0.8f);
    // One column reads best at a comfortable line length; more columns may use the full width.
    const float one_column_w = std::min(w, 1080 * f.unit * 1.3f);
    const int max_columns =
        std::clamp(static_cast<int>((w + f.gap) / (min_column + f.gap)), 1, std::min(3, count));
    std::vector<std::string> labels;
    for (const Option& option : question.options) labels.push_back(f.in_language(option.label));
    const auto width_for = [&](int columns) {
        return columns == 1
                   ? one_column_w
                   : (w - static_cast<float>(columns - 1) * f.gap) / static_cast<float>(columns);
    };
    const auto row_h_for = [&](int columns) {
        float h = 0;
        for (const std::string& label : labels)
            h = std::max(h, option_row_h(f, label, width_for(columns)));
        return h;
    };
    const auto needed_for = [&](int columns, float row_h) {
        const int rows = (count + columns - 1) / columns;
        return above_h + static_cast<float>(rows) * (row_h + row_gap) - row_gap;
    };
    // The fewest columns that show every option; when none does, the least scrolling.
    int columns = 1;
    float row_h = 0;
    float needed_h = 0;
    std::vector<float> needed_by_columns;
    const auto lay_out = [&] {
        columns = 1;
        row_h = row_h_for(1);
        needed_h = needed_for(1, row_h);
        needed_by_columns = {needed_h};
        for (int candidate = 2; candidate <= max_columns; ++candidate) {
            const float candidate_row_h = row_h_for(candidate);
            const float candidate_needed = needed_for(candidate, candidate_row_h);
            needed_by_columns.push_back(candidate_needed);
            if (needed_h > visible_h && candidate_needed < needed_h) {
                columns = candidate;
                row_h = candidate_row_h;
                needed_h = candidate_needed;
            }
        }
    };
    lay_out();
    // Still below the fold in every column count (tall Nastaliq with A+ on a landscape screen):
    // the labels a little smaller rather than an option only a drag reaches (an equality
    // question's "Prefer not to say" is the last). Never below 80%, and with A+ never smaller
    // than without it; rows keep at least a button's height.
    const float smallest = is_large_text_in_use() ? 1.0f / large_text_scale : 0.8f;
    float label_scale = 1.0f;
    for (const float smaller : {0.9f, 0.8f, 0.72f}) {
        if (needed_h <= visible_h || smaller < smallest - 0.01f) break;
        label_scale = smaller;
        const TextScale trying(label_scale);
        lay_out();
    }
    const TextScale scaled(label_scale);
    if (LayoutRecord* record = layout_record())
        record->option_lists.push_back(
            LayoutRecord::OptionList{question.id, count, columns, max_columns, row_h, row_gap,
                                     needed_h, visible_h, above_h, needed_by_columns});
    const float column_w = width_for(columns);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float left = origin.x + (columns == 1 ? (w - one_column_w) / 2 : 0);
    const float used_w = columns == 1 ? one_column_w : w;
    const Option* tapped = nullptr;
    const int rows = (count + columns - 1) / columns;
    for (int i = 0; i < count; ++i) {
        // Down the first column, then the next: the survey's order reads top to bottom.
        const int column = i / rows;
        const int row = i % rows;
        const float x = left + static_cast<float>(column) * (column_w + f.gap);
        at(row_x(x, column_w, left, used_w),
           origin.y + static_cast<float>(row) * (row_h + row_gap));
        const Option& option = question.options[static_cast<std::size_t>(i)];
        const bool is_selected = std::find(chosen.begin(), chosen.end(), option.id) != chosen.end();
        if (option_row(f, "option:" + option.id, labels[static_cast<std::size_t>(i)], is_selected,
                       is_checkbox, column_w, row_h))
            tapped = &option;
    }
    at(origin.x, origin.y);
    ImGui::Dummy(ImVec2(w, static_cast<float>(rows) * (row_h + row_gap) - row_gap));
    return tapped;
}

void single(Frame& f, const Question& question, const Answer* answer, float w, float visible_h) {
    const auto* chosen = answer ? std::get_if<ChoiceAnswer>(answer) : nullptr;
    const std::vector<std::string> ids =
        chosen ? std::vector<std::string>{chosen->option_id} : std::vector<std::string>{};
    if (const Option* tapped = option_grid(f, question, w, visible_h, 0, ids, false))
        set_answer(f, ChoiceAnswer{tapped->id});
}

void multi(Frame& f, const Question& question, const Answer* answer, float w, float visible_h) {
    const auto* chosen = answer ? std::get_if<ChoicesAnswer>(answer) : nullptr;
    const std::vector<std::string> none;
    const std::vector<std::string>& ids = chosen ? chosen->option_ids : none;
    // The survey's own help says how to choose when it has one; ours only when it has none, so
    // the resident never reads two instructions. A maximum is always said.
    const std::string hint =
        question.max_choices > 0
            ? fill(f.t("multi.up_to"), "n", std::to_string(question.max_choices))
            : (f.in_language(question.help).empty() ? f.t("multi.any") : "");
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    float hint_h = 0;
    if (!hint.empty()) {
        hint_h =
            draw_text(ImGui::GetWindowDrawList(), FontRole::body, origin, w, hint, colour::muted);
        ImGui::Dummy(ImVec2(w, hint_h));
        hint_h += std::round(f.gap * 0.8f);
    }
    const bool is_full =
        question.max_choices > 0 && static_cast<int>(ids.size()) >= question.max_choices;
    const Option* tapped = option_grid(f, question, w, visible_h, hint_h, ids, true);
    if (tapped == nullptr) return;
    const bool is_selected = std::find(ids.begin(), ids.end(), tapped->id) != ids.end();
    if (!is_selected && is_full) return;  // the hint above already says why
    ChoicesAnswer next;
    for (const Option& each : question.options) {  // keep the survey's order
        const bool was = std::find(ids.begin(), ids.end(), each.id) != ids.end();
        if (each.id == tapped->id ? !was : was) next.option_ids.push_back(each.id);
    }
    if (next.option_ids.empty())
        f.events.push_back(ClearAnswer{f.now});
    else
        set_answer(f, std::move(next));
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
        // The chosen number is filled, like a pressed key, as well as outlined.
        if (big_button(f.view, "scale:" + std::to_string(value), std::to_string(value),
                       ImVec2(cell_w, f.button_h * 1.1f),
                       chosen == value ? Look::primary : Look::option, chosen == value,
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

// The text being typed, with a caret, in a box `w` wide. At most `max_h` tall: a longer text
// shows its last lines (the caret's), whole lines only, and the review view (Done) shows it all.
// Returns the box.
ImRect edit_box(Frame& f, const std::string& shown, float w, float max_h, bool is_caret) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float padding = 20 * f.unit;
    const float inner_w = w - 2 * padding;
    const std::string& placeholder = f.t("text.placeholder");
    const std::string drawn = shown.empty() ? placeholder : is_caret ? shown + "|" : shown;
    const float text_h = text_height(FontRole::body, inner_w, drawn);
    // One line's height in the same script, so the box shows whole lines.
    const float line_h =
        text_height(FontRole::body, inner_w, text_needs_shaping(drawn) ? "ا" : "Ag");
    const float lines_fit = std::max(1.0f, std::floor((max_h - 2 * padding) / line_h));
    const float lines = std::max(1.0f, std::round(text_h / line_h));
    const float inner_h = lines > lines_fit ? lines_fit * line_h : std::max(text_h, line_h);
    const ImVec2 max(origin.x + w, origin.y + inner_h + 2 * padding);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_list->AddRectFilled(origin, max, colour::option, 10 * f.unit);
    draw_list->AddRect(origin, max, colour::primary, 10 * f.unit, 0, 4 * f.unit);
    const ImVec2 inner_min(origin.x + padding, origin.y + padding);
    const ImVec2 inner_max(max.x - padding, max.y - padding);
    {
        const TextBox box("text_field", ImVec2(inner_min.x - 1, inner_min.y - 1),
                          ImVec2(inner_max.x + 1, inner_max.y + 1), true);
        draw_list->PushClipRect(inner_min, inner_max, true);
        // The tail: the last lines, where the caret is.
        const float text_y = text_h > inner_h ? inner_max.y - text_h : inner_min.y;
        draw_text(draw_list, FontRole::body, ImVec2(inner_min.x, text_y), inner_w, drawn,
                  shown.empty() ? colour::muted : colour::text);
        draw_list->PopClipRect();
    }
    ImGui::Dummy(ImVec2(w, max.y - origin.y));
    return ImRect(origin, max);
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
    f.view.is_reviewing = false;
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

bool has_keys(const Question& question) {
    return question.type == QuestionType::text || question.type == QuestionType::number;
}

// "N characters left" (text) or the allowed range (number), in words with the right plural.
std::string counter_words(const Frame& f, const Question& question) {
    if (question.type == QuestionType::number) {
        if (question.max_value <= question.min_value) return "";
        return std::to_string(question.min_value) + " – " + std::to_string(question.max_value);
    }
    const std::size_t max_length = max_length_of(question);
    const std::size_t left = max_length - std::min(code_points_in(f.view.edit_buffer), max_length);
    return fill(f.text.plural(f.language, "text.left", static_cast<long long>(left)), "n",
                std::to_string(left));
}

// The field of a text or number question in the scroll area, `max_h` at most while typing. In
// the review view it shows the whole answer and a tap on it brings the keys back.
void field(Frame& f, const Question& question, float w, float max_h) {
    const bool is_number = question.type == QuestionType::number;
    const float box_w = is_number ? std::min(w, 3 * std::round(f.button_h * 1.6f) + 2 * f.gap) : w;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    at(origin.x + (w - box_w) / 2, origin.y);
    const bool is_reviewing = f.view.is_reviewing;
    const ImRect box =
        edit_box(f, f.view.edit_buffer, box_w, is_reviewing ? FLT_MAX : max_h, !is_reviewing);
    if (is_reviewing) {
        ImGui::SetCursorScreenPos(box.Min);
        if (ImGui::InvisibleButton("text_field", box.GetSize())) f.view.is_reviewing = false;
        register_target(f.view, "text_field", box.Min, box.Max);
        ImGui::SetCursorScreenPos(ImVec2(origin.x, box.Max.y));
        ImGui::Dummy(ImVec2(w, 0));
    }
    if (LayoutRecord* record = layout_record()) {
        record->has_field = true;
        record->field = rect_of(box.Min, box.Max);
        const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
        const ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
        record->field_clip = rect_of(clip_min, clip_max);
        if (is_reviewing) record->field_clip.y1 = FLT_MAX;  // the review view scrolls
    }
    // Typing: keep the field's bottom, where the caret is, in view. The keys were drawn first
    // this frame, so an edit is already in the events.
    const bool is_edited =
        !f.events.empty() && (std::holds_alternative<SetAnswer>(f.events.back()) ||
                              std::holds_alternative<ClearAnswer>(f.events.back()));
    // A little room under the box, so scrolling to the end shows its whole border.
    ImGui::Dummy(ImVec2(w, 4 * f.unit));
    if (!is_reviewing && (is_edited || ImGui::GetScrollMaxY() > ImGui::GetScrollY()))
        ImGui::SetScrollHereY(1.0f);
}

// The keyboard or number pad of a text or number question, at the bottom of [top, bottom]. Key
// sizes come from the screen, never from the text size: A+ makes no key smaller. Returns the top
// of the keys.
float pinned_keys(Frame& f, const Question& question, float top, float bottom) {
    ViewState& view = f.view;
    const bool is_number = question.type == QuestionType::number;
    const KeyboardLayout layout = layout_for(question, f.language);
    KeyModes modes{view.is_shifted, view.shows_accents   ? KeyPage::accents
                                    : view.shows_symbols ? KeyPage::symbols
                                                         : KeyPage::letters};
    const auto rows =
        is_number ? number_pad_rows(question.min_value < 0) : keyboard_rows(layout, modes);
    const float w = f.width - 2 * f.margin;
    const float keys_w = is_number ? 3 * std::round(f.button_h * 1.6f) + 2 * f.gap : w;
    const bool is_short =
        is_number || layout == KeyboardLayout::postcode || layout == KeyboardLayout::postcode_part;
    // A little over half the screen's height, whatever the text size: A+ never shrinks a key.
    (void)top;
    const float budget = (f.height - 2 * f.margin - f.button_h) * 0.55f;
    const KeyMetrics metrics = key_metrics(rows.size(), is_number ? 3 : keys_per_row, keys_w,
                                           budget, f.unit, is_short ? 120.0f : 96.0f);
    const float keys_top = bottom - metrics.height();
    const bool is_urdu_page = layout == KeyboardLayout::urdu && modes.page == KeyPage::letters;
    const KeyLabels labels{
        f.t("keyboard.shift"),
        layout == KeyboardLayout::urdu ? "ABC" : f.t("keyboard.accents"),
        f.t(layout == KeyboardLayout::urdu ? "keyboard.urdu_letters" : "keyboard.letters"),
        "?123",
        f.t("keyboard.space"),
        f.t("keyboard.backspace"),
        f.t("number.clear"),
        f.t("keyboard.done")};
    std::optional<Key> tapped;
    {
        // The Urdu letters are shaped as Urdu even when typed on a Latin screen, and back.
        const TextLanguage keys_language(is_urdu_page ? "ur" : f.language);
        tapped = draw_keys(view, rows, labels, modes, f.margin, keys_top, w, metrics);
    }
    if (LayoutRecord* record = layout_record()) record->keys_top = keys_top;
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
    // Done puts the keys away: the whole answer shows for review, and Next is one tap away.
    if (result.is_done) view.is_reviewing = true;
    return keys_top;
}

void answer_widget(Frame& f, const Asking& asking, const Question& question, float w,
                   float visible_h) {
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
            single(f, question, answer, w, visible_h);
            break;
        case QuestionType::multi:
            multi(f, question, answer, w, visible_h);
            break;
        case QuestionType::text:
        case QuestionType::number:
            break;  // field(): drawn by question_screen with the prompt

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
    {
        const ScrolledText scrolled(ImVec2(f.margin, top), ImVec2(f.width - f.margin, bottom));
        body();
    }
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
    accessibility_row(f.view, f.margin, y, bar_h, f.gap, f.language, f.t("speech.reading"),
                      is_below ? f.width - f.margin : picker_x - f.gap, spoken);
    return is_below ? bar_h + f.gap : 0;
}

// The prompt and its help, `w` wide at the cursor; returns their height.
float prompt_block(Frame& f, const Question& question, float w) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    float h = draw_text(draw_list, FontRole::heading, origin, w, f.in_language(question.prompt),
                        colour::text);
    const std::string help = f.in_language(question.help);
    if (!help.empty())
        h += f.gap / 2 + draw_text(draw_list, FontRole::body,
                                   ImVec2(origin.x, origin.y + h + f.gap / 2), w, help,
                                   colour::muted);
    return h;
}

// A line of muted words at (x, y), `w` wide, aligned to the reading side's end; returns its
// height.
float note_line(const std::string& words, float x, float y, float w, Align align) {
    return draw_text(ImGui::GetWindowDrawList(), FontRole::body, ImVec2(x, y), w, words,
                     colour::muted, align);
}

// The survey's other language the attract screen shows beside the resident's: the default
// language when another is chosen, else the next ones in turn (every few seconds at rest), so a
// Welsh council's kiosk says everything in Welsh and English together.
std::string second_language(const Frame& f) {
    const std::vector<std::string>& languages = f.survey.languages;
    if (languages.size() < 2) return "";
    if (f.language != f.survey.default_language()) return f.survey.default_language();
    return languages[1 + attract_turn(f.now, languages.size() - 1)];
}

// The one-question kiosk: the attract screen is the question, and one tap is a response
// (Start, the answer and Next in one frame; the session saves it and thanks).
float one_question(Frame& f, float y, float bottom) {
    const Question& question = f.survey.questions.front();
    const Asking blank{Draft{"", f.language, f.now, {}}, 0, AnswerProblem::none};
    const float w = f.width - 2 * f.margin;
    at(f.margin, y);
    const std::size_t before = f.events.size();
    answer_widget(f, blank, question, w, bottom - y);
    const float h = ImGui::GetItemRectMax().y - y;
    if (f.events.size() > before && std::holds_alternative<SetAnswer>(f.events.back())) {
        f.events.insert(f.events.begin() + static_cast<std::ptrdiff_t>(before), Start{"", f.now});
        f.events.push_back(Next{f.now});
    }
    return h;
}

void attract(Frame& f) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float w = f.width - 2 * f.margin;
    const float bar_h = f.button_h * 0.9f;
    const float picker_x = language_picker(f, f.width - f.margin, f.margin, bar_h);
    const bool is_one_question = f.survey.is_one_question;
    const float tools_h = accessibility_tools(f, picker_x, bar_h, [&] {
        std::string spoken =
            f.in_language(is_one_question ? f.survey.questions.front().prompt : f.survey.title);
        if (is_one_question)
            return spoken_question(f.survey.questions.front(), f.text, f.language,
                                   f.survey.default_language());
        add_sentence(spoken, f.in_language(f.survey.intro));
        add_sentence(spoken, f.t("start.tap"));
        return spoken;
    });
    const std::string other = second_language(f);
    float y = std::max(f.height * (is_one_question ? 0.1f : 0.16f),
                       f.margin + bar_h + 2 * f.gap + tools_h);
    // The title in the large set always: it has to call people over from a few metres.
    const bool was_large_text = is_large_text_in_use();
    use_large_text(true);
    const Text& headline = is_one_question ? f.survey.questions.front().prompt : f.survey.title;
    y += draw_text(draw_list, FontRole::title, ImVec2(f.margin, y), w, f.in_language(headline),
                   colour::text, Align::centre);
    use_large_text(was_large_text);
    if (!other.empty()) {
        const TextLanguage in_other(other);
        y += f.gap / 2 + draw_text(draw_list, FontRole::heading, ImVec2(f.margin, y + f.gap / 2), w,
                                   headline.in(other, f.survey.default_language()), colour::muted,
                                   Align::centre);
    }
    y += f.gap * 2;
    float bottom = f.height - f.margin;
    if (f.survey.privacy_as_line && !f.survey.privacy_notice.empty()) {
        const std::string notice = f.in_language(f.survey.privacy_notice);
        bottom -= text_height(FontRole::body, w, notice);
        note_line(notice, f.margin, bottom, w, Align::left);
        bottom -= f.gap;
    }
    if (is_one_question) {
        one_question(f, y, bottom);
        return;
    }
    y += draw_text(draw_list, FontRole::heading, ImVec2(f.margin + w * 0.1f, y), w * 0.8f,
                   f.in_language(f.survey.intro), colour::muted, Align::centre);
    y += f.gap * 2;
    const float start_w = std::min(f.width - 2 * f.margin, 1080 * f.unit * 0.9f);
    const std::string start = f.t("start.tap");
    const ImVec2 start_size(start_w,
                            button_height(FontRole::title, start_w, start, f.button_h * 1.6f));
    const std::string other_start = other.empty() ? "" : f.text.get(other, "start.tap");
    float other_h = 0;
    if (!other_start.empty()) {
        const TextLanguage in_other(other);
        other_h = f.gap + text_height(FontRole::heading, start_w, other_start);
    }
    // Low on the screen, where a hand reaches, unless the words above need the room.
    const float start_y =
        std::max(y, std::min(f.height * 0.56f, bottom - start_size.y - other_h - 30 * f.unit));
    at((f.width - start_size.x) / 2, start_y);
    if (big_button(f.view, "start", start, start_size, Look::primary, false, FontRole::title))
        f.events.push_back(Start{"", f.now});  // the app gives it a fresh UUIDv7
    attract_glow(f.view, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), f.now);
    if (!other_start.empty()) {
        const TextLanguage in_other(other);
        draw_text(draw_list, FontRole::heading,
                  ImVec2((f.width - start_w) / 2, start_y + start_size.y + f.gap), start_w,
                  other_start, colour::muted, Align::centre);
    }
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
    const std::string decline = f.t("privacy.decline");
    const std::string agree = f.t("privacy.agree");
    const float button_w = std::round(std::max(
        f.width * 0.3f, std::min((w - f.gap) / 2, std::max(text_width(FontRole::heading, decline),
                                                           text_width(FontRole::heading, agree)) +
                                                      34 * f.unit)));
    const float button_h = std::max(button_height(FontRole::heading, button_w, decline, f.button_h),
                                    button_height(FontRole::heading, button_w, agree, f.button_h));
    const float bottom = f.height - f.margin - button_h;
    const std::string notice = f.in_language(f.survey.privacy_notice);
    scroll_area(f, "privacy/" + screen.draft.response_id, y, bottom - f.gap, [&] {
        const float text_w = std::min(w - 40 * f.unit, 1080 * f.unit * 1.4f);
        ImVec2 origin = ImGui::GetCursorScreenPos();
        origin.x = row_x(origin.x, text_w, origin.x, ImGui::GetContentRegionAvail().x);
        const float h = draw_text(ImGui::GetWindowDrawList(), FontRole::body, origin, text_w,
                                  notice, colour::text);
        ImGui::Dummy(ImVec2(text_w, h));
    });
    // Forward is on the reading side's end: right for left-to-right, left for right-to-left.
    const float start_x = is_mirrored() ? f.width - f.margin - button_w : f.margin;
    const float end_x = is_mirrored() ? f.margin : f.width - f.margin - button_w;
    at(start_x, bottom);
    if (big_button(f.view, "decline", decline, ImVec2(button_w, button_h), Look::option, false,
                   FontRole::heading))
        f.events.push_back(DeclinePrivacy{f.now});
    at(end_x, bottom);
    if (big_button(f.view, "agree", agree, ImVec2(button_w, button_h), Look::primary, false,
                   FontRole::heading))
        f.events.push_back(AcceptPrivacy{f.now});
}

void question_screen(Frame& f, const Asking& asking) {
    const Question& question = f.survey.questions.at(asking.index);
    const float w = f.width - 2 * f.margin;
    const float bar_h = f.button_h * 0.9f;
    const float picker_x = language_picker(f, f.width - f.margin, f.margin, bar_h);
    const float tools_h = accessibility_tools(f, picker_x, bar_h, [&] {
        return spoken_question(question, f.text, f.language, f.survey.default_language());
    });
    const float progress_x =
        tools_h > 0 ? f.margin : f.margin + accessibility_row_width(bar_h, f.gap) + 2 * f.gap;
    // While reading aloud, the speaker's "tap to stop" takes the progress line's place.
    if (!f.view.is_speaking || tools_h > 0)
        progress(f, asking, progress_x, f.margin, picker_x - progress_x, bar_h);
    const float top = f.margin + bar_h + f.gap + tools_h;

    // The bottom row. Next reads "Skip" on an optional question not yet answered, and is then
    // not the primary colour: leaving it blank is allowed, not what we ask for. Both buttons
    // grow to their words.
    const std::vector<std::size_t> visible = visible_questions(f.survey, asking.draft.answers);
    const bool is_first = visible.empty() || visible.front() == asking.index;
    const bool has_back = !is_first || f.survey.has_privacy_screen();
    const bool is_last = visible.empty() || visible.back() == asking.index;
    const bool offers_skip = !question.is_required && question.type != QuestionType::info &&
                             current_answer(asking, question) == nullptr;
    const std::string next_label = f.t(is_last       ? "nav.finish"
                                       : offers_skip ? "nav.skip"
                                                     : "nav.next");
    const std::string back_label = f.t("nav.back");
    const float padding = 2 * 16 * f.unit + 2;
    const float nav_w = std::round(
        std::max(f.width * 0.25f,
                 std::min(f.width * 0.42f, std::max(text_width(FontRole::heading, next_label),
                                                    text_width(FontRole::heading, back_label)) +
                                               padding)));
    const float nav_h = std::max(button_height(FontRole::heading, nav_w, back_label, f.button_h),
                                 button_height(FontRole::heading, nav_w, next_label, f.button_h));
    const float nav_y = f.height - f.margin - nav_h;
    float bottom = nav_y - f.gap;  // what the content above may use

    // The refusal, in a band of its own over the bottom row, where the eye goes after Next.
    if (asking.problem != AnswerProblem::none) {
        f.view.problem_text = problem_words(f, question, asking.problem);
        const float band_h = problem_band_h(f, f.view.problem_text, w);
        bottom -= band_h;
        problem_line(f, f.view.problem_text, f.margin, bottom, w, band_h);
        bottom -= f.gap;
    }
    // The survey may put its privacy notice here, on the first question, as one short line.
    if (is_first && f.survey.privacy_as_line && !f.survey.privacy_notice.empty()) {
        const std::string notice = f.in_language(f.survey.privacy_notice);
        const float line_h = text_height(FontRole::body, w, notice);
        bottom -= line_h;
        note_line(notice, f.margin, bottom, w, Align::left);
        bottom -= f.gap;
    }

    if (has_keys(question)) {
        begin_edit(f, asking, question, current_answer(asking, question));
        const bool is_typing = !(f.view.is_reviewing && question.type == QuestionType::text);
        const float keys_top = is_typing ? pinned_keys(f, question, top, bottom) : bottom + f.gap;
        // The counter (or the range) on a line of its own above the keys: always in view.
        const std::string counter = counter_words(f, question);
        float area_bottom = keys_top - f.gap;
        if (!counter.empty()) {
            const float counter_h = text_height(FontRole::body, w, counter);
            area_bottom -= counter_h;
            note_line(counter, f.margin, area_bottom, w, Align::right);
            if (LayoutRecord* record = layout_record())
                record->counter =
                    Rect{f.margin, area_bottom, f.margin + w, area_bottom + counter_h};
            area_bottom -= f.gap / 2;
        }
        scroll_area(f, asking.draft.response_id + "/" + question.id, top, area_bottom, [&] {
            const float area_w = ImGui::GetContentRegionAvail().x;
            const float visible_h = ImGui::GetContentRegionAvail().y;
            const float prompt_h = prompt_block(f, question, area_w);
            ImGui::Dummy(ImVec2(area_w, prompt_h));
            field(f, question, area_w, visible_h - prompt_h - f.gap);
        });
    } else {
        float y = top;
        ImGui::SetCursorScreenPos(ImVec2(f.margin, y));
        y += prompt_block(f, question, w) + f.gap;
        scroll_area(f, asking.draft.response_id + "/" + question.id, y, bottom, [&] {
            const float area_w = ImGui::GetContentRegionAvail().x;
            const float visible_h = ImGui::GetContentRegionAvail().y;
            // Option lists choose their own width (option_grid): one column stays readable.
            const float content_w = area_w;
            ImGui::SetCursorPosX((area_w - content_w) / 2);
            ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(f.gap, std::round(f.gap * 0.8f)));
            ImGui::BeginGroup();
            answer_widget(f, asking, question, content_w, visible_h);
            ImGui::EndGroup();
            ImGui::PopStyleVar();
        });
    }

    const float back_x = is_mirrored() ? f.width - f.margin - nav_w : f.margin;
    const float next_x = is_mirrored() ? f.margin : f.width - f.margin - nav_w;
    if (has_back) {
        at(back_x, nav_y);
        if (big_button(f.view, "back", back_label, ImVec2(nav_w, nav_h), Look::option, false,
                       FontRole::heading))
            f.events.push_back(Back{f.now});
    }
    at(next_x, nav_y);
    if (big_button(f.view, "next", next_label, ImVec2(nav_w, nav_h),
                   offers_skip ? Look::option : Look::primary, false, FontRole::heading))
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

// A web address in words, `w` wide: broken after a '/' (never mid-word) when it needs two lines.
std::string address_lines(const std::string& address, float w) {
    if (text_width(FontRole::body, address) <= w) return address;
    for (std::size_t cut = address.rfind('/'); cut != std::string::npos && cut > 0;
         cut = address.rfind('/', cut - 1)) {
        const std::string head = address.substr(0, cut + 1);
        if (text_width(FontRole::body, head) <= w) return head + "\n" + address.substr(cut + 1);
    }
    return address;
}

// Thanks, the survey's "you said, we did" message in a framed panel, and the organisation's page
// as a QR code with a caption and its address in words (for a resident without a camera phone).
// Side by side on a wide screen (mirrored right to left), stacked on a tall one; the code gives
// up size before anything leaves the screen.
void thanks_with_news(Frame& f, const std::string& title) {
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const std::string message = f.in_language(f.survey.you_said_we_did);
    const std::string& url = f.survey.more_info_url;
    const std::string tap = f.t("thanks.tap");
    const std::string caption = f.t("thanks.qr_caption");
    const bool has_qr = !url.empty();
    const bool is_wide = has_qr && f.width >= f.height * 1.2f;
    const bool is_rtl = is_mirrored();
    const float pad = 28 * f.unit;
    float qr_side =
        has_qr ? std::round(std::min(f.height * (is_wide ? 0.42f : 0.28f), f.width * 0.6f)) : 0;
    const float column_w = is_wide ? std::round(std::max(qr_side * 1.3f, f.width * 0.3f)) : 0;
    // Wide: the code's column on the trailing side, the words on the reading side.
    const float column_x = is_rtl ? f.margin : f.width - f.margin - column_w;
    const float text_w = is_wide ? f.width - 2 * f.margin - column_w - 2 * f.gap : f.width * 0.84f;
    const float text_x =
        is_wide ? (is_rtl ? f.margin + column_w + 2 * f.gap : f.margin) : (f.width - text_w) / 2;
    const Align align = is_wide ? Align::left : Align::centre;
    const float url_w = is_wide ? column_w : text_w;
    const std::string shown_url =
        address_lines(url.rfind("https://", 0) == 0 ? url.substr(8) : url, url_w);
    const float words_h = has_qr ? text_height(FontRole::body, url_w, caption) + f.gap / 2 +
                                       text_height(FontRole::body, url_w, shown_url)
                                 : 0;
    const float tap_h = text_height(FontRole::body, text_w, tap);
    const float room = f.height - 2 * f.margin;
    // The message, then the title, step down a size when the words would not fit the screen
    // (Nastaliq at A+ on a small screen), leaving the code at least a third of its room.
    FontRole title_role = FontRole::title;
    FontRole message_role = FontRole::heading;
    float title_h = 0;
    float message_h = 0;
    float text_total = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        title_h = text_height(title_role, text_w, title);
        message_h =
            message.empty() ? 0 : text_height(message_role, text_w - 2 * pad, message) + 2 * pad;
        text_total = title_h + 2 * f.gap + message_h + 2 * f.gap + tap_h;
        const float needed = is_wide ? text_total : text_total + qr_side / 3 + words_h + 3 * f.gap;
        if (needed <= room) break;
        if (message_role == FontRole::heading)
            message_role = FontRole::body;
        else
            title_role = FontRole::heading;
    }
    if (has_qr) {
        // What the code may take: the rest of its column, or of the stack.
        const float qr_room =
            is_wide ? room - words_h - f.gap : room - text_total - words_h - 3 * f.gap;
        qr_side = std::round(std::max(0.0f, std::min(qr_side, qr_room)));
    }
    const float qr_block_h = has_qr ? qr_side + f.gap + words_h : 0;
    if (!is_wide && has_qr) text_total += qr_block_h + 2 * f.gap;
    float y = std::max(f.margin, (f.height - text_total) / 2);

    y += draw_text(draw_list, title_role, ImVec2(text_x, y), text_w, title, colour::text, align) +
         2 * f.gap;
    if (!message.empty()) {
        f.view.message_text = message;
        const ImVec2 min(text_x, y);
        const ImVec2 max(text_x + text_w, y + message_h);
        const TextBox box("you_said_we_did", min, max);
        // A frame and a thick bar on the leading edge mark it as news, not only a colour.
        draw_list->AddRectFilled(min, max, colour::option, 14 * f.unit);
        draw_list->AddRect(min, max, colour::option_border, 14 * f.unit, 0, 2 * f.unit);
        const float bar_x = is_rtl ? max.x - 10 * f.unit : min.x;
        draw_list->AddRectFilled(
            ImVec2(bar_x, min.y), ImVec2(bar_x + 10 * f.unit, max.y), colour::primary, 14 * f.unit,
            is_rtl ? ImDrawFlags_RoundCornersRight : ImDrawFlags_RoundCornersLeft);
        draw_text(draw_list, message_role, ImVec2(text_x + pad, y + pad), text_w - 2 * pad, message,
                  colour::text, align);
        y += message_h + 2 * f.gap;
    }
    if (has_qr) {
        const float block_x = is_wide ? column_x : text_x;
        const float qr_x = block_x + (url_w - qr_side) / 2;
        const float qr_y = is_wide ? std::max(f.margin, (f.height - qr_block_h) / 2) : y;
        draw_qr(f.view, url, ImVec2(qr_x, qr_y), qr_side);
        float words_y = qr_y + qr_side + f.gap;
        words_y += draw_text(draw_list, FontRole::body, ImVec2(block_x, words_y), url_w, caption,
                             colour::text, Align::centre) +
                   f.gap / 2;
        draw_text(draw_list, FontRole::body, ImVec2(block_x, words_y), url_w, shown_url,
                  colour::muted, Align::centre);
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
    if (f.survey.is_one_question ||
        (f.survey.you_said_we_did.empty() && f.survey.more_info_url.empty())) {
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
    const float y0 = std::max(f.margin, (f.height - panel_h) / 2);
    const TextBox box("still_there", ImVec2(x, y0), ImVec2(x + w, y0 + panel_h));
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
