// Survey: the questions a resident is asked, as loaded from a survey file (docs/survey-format.md).
// Plain data, no I/O. A Survey that exists has passed validation (survey_loader.hpp), so code that
// uses it may rely on: at least one question, unique ids, every text present in every language,
// options where the type needs them, and show_if pointing only at earlier questions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/expression.hpp"

namespace standpoint {

// One text in every language the survey declares, keyed by language code ("en", "cy", "pl").
struct Text {
    std::map<std::string, std::string> by_language;

    // The text in `language`, else in `fallback`, else any, else "". Never throws.
    const std::string& in(const std::string& language, const std::string& fallback = "en") const;
    bool empty() const { return by_language.empty(); }
};

enum class QuestionType { smiley, stars, scale, yesno, single, multi, text, number, consent, info };

const char* to_string(QuestionType type);
std::optional<QuestionType> question_type_from_string(const std::string& name);

// Whether answers of this type are option ids (single, multi).
bool has_options(QuestionType type);

struct Option {
    std::string id;  // stable across survey versions; this is what is stored
    Text label;
    bool is_prefer_not_to_say = false;
};

// Skip logic: the question is shown only when the earlier question `question_id` was answered and
// its answer matches. Empty `any_of` and no bounds means "was answered at all".
struct ShowIf {
    std::string question_id;
    std::vector<std::string> any_of;       // option ids (single/multi: any selected), or "yes"/"no"
    std::optional<std::int64_t> at_least;  // numeric answers (smiley, stars, scale, number)
    std::optional<std::int64_t> at_most;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::info;
    Text prompt;
    Text help;  // optional extra line under the prompt
    bool is_required = false;
    bool is_personal_data = false;  // e.g. a postcode: flagged in exports
    bool is_equality = false;       // equality monitoring: small groups are suppressed in reports
    std::optional<ShowIf> show_if;
    // show_if written as an expression ("show_if": "${rating} <= 2 and ${used} = 'yes'"), the
    // form XLSForm's `relevant` arrives in. At most one of show_if and show_if_expression is set.
    std::optional<Expression> show_if_expression;
    // An answer check beyond the type's own fields ("constraint": ". != ${first_choice}"); an
    // answer that makes it false is refused with constraint_hint.
    std::optional<Expression> constraint;
    Text constraint_hint;

    std::vector<Option> options;  // single, multi
    int max_choices = 0;          // multi: 0 = no limit

    // smiley: 1..5, stars: 1..max (default 5), scale: min..max (default 0..10), number: min..max
    std::int64_t min_value = 0;
    std::int64_t max_value = 0;
    Text min_label;  // scale end labels
    Text max_label;

    int max_length = 0;       // text: in Unicode code points, 0 = default_text_max_length
    std::string pattern;      // text: ECMAScript regex the whole answer must match, "" = any
    Text pattern_hint;        // text: friendly message when the pattern does not match
};

// The limits on a text answer, in one place: what a survey may set (1..longest) and what applies
// when it sets nothing.
inline constexpr int default_text_max_length = 500;
inline constexpr int longest_text_max_length = 5000;
// The most code points a text answer to `question` may have.
int text_max_length(const Question& question);

// A number question's range when a survey sets none, and the furthest either end may go.
inline constexpr std::int64_t default_number_min = 0;
inline constexpr std::int64_t default_number_max = 999'999;
inline constexpr std::int64_t number_limit = 1'000'000'000;


struct Survey {
    std::string id;
    int version = 1;
    std::vector<std::string> languages;  // first is the default
    Text title;
    Text intro;
    Text privacy_notice;  // empty = no privacy screen before the questions
    Text thanks;
    // Optional, for the thank-you screen: a "you said, we did" message (what changed because of
    // earlier feedback), and the organisation's page, shown as a QR code and in words.
    Text you_said_we_did;        // empty = none
    std::string more_info_url;   // "" = none; validated as https:// (or http://), no spaces
    bool keeps_partial = false;  // keep a timed-out response as `partial`
    int idle_timeout_s = 60;     // no touch for this long -> "Are you still there?"
    // The resident's fast path (docs/survey-format.md):
    bool privacy_as_line = false;  // the notice is a line on the first question, not a screen
    bool auto_advance = false;     // a single-choice, smiley or scale answer moves on by itself
    bool is_one_question = false;  // "mode": "one_question": the attract screen is the question
    int thanks_s = 15;             // seconds the thank-you screen stays (one question: 4)
    std::vector<Question> questions;
    std::string sha256;  // hex SHA-256 of the exact file bytes it was loaded from

    const std::string& default_language() const { return languages.front(); }
    // Whether Start leads to a privacy screen before the first question.
    bool has_privacy_screen() const { return !privacy_notice.empty() && !privacy_as_line; }
    const Question* find(const std::string& question_id) const;
    int index_of(const std::string& question_id) const;  // -1 if absent
};

// A question's skip logic as one expression text in canonical spelling, whichever form the file
// used ("" when it is always shown): {"question": "used", "any_of": ["yes"]} is "${used} = 'yes'".
// What the XLSForm export writes in `relevant`, and how two surveys' skip logic is compared.
std::string show_if_text(const Question& question, const Survey& survey);

}  // namespace standpoint
