// Results: what a survey's responses add up to, for the staff screen's charts and the export's
// summary. Pure: responses in, numbers out. Small groups in equality questions are suppressed
// here, once, so no view and no file can show them exact.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/survey.hpp"

namespace standpoint {

// In an equality question (Question::is_equality), a group smaller than this is shown as "<10".
inline constexpr std::int64_t small_group_limit = 10;

// One bar of a chart.
struct Count {
    std::string key;         // option id, "yes"/"no", or the number as text ("0".."10")
    std::string label;       // in the report language: option label, "Yes", or the number
    std::int64_t count = 0;  // 0 when is_suppressed: the exact number never leaves summarise()
    // Not shown exact (equality questions only): a small group (0 < real count <
    // small_group_limit), or another group hidden with it so that the small one cannot be worked
    // out as `answered` minus the others (an empty group, or failing that a big one, which is then
    // also `is_at_least_limit`). See suppress_small_groups in results_suppression.hpp.
    bool is_suppressed = false;
    bool is_at_least_limit = false;  // suppressed, but its real count is >= small_group_limit
};

struct QuestionResult {
    std::string question_id;
    QuestionType type = QuestionType::info;
    std::string prompt;  // in the report language
    bool is_equality = false;
    bool is_personal_data = false;
    std::int64_t answered = 0;    // responses with an answer to it
    std::int64_t unanswered = 0;  // responses without one (skipped, not shown, or partial)
    // Choices: one per option in survey order (multi: a response counts once per option ticked).
    // smiley/stars/scale: one per value from min to max. yesno/consent: "yes" then "no".
    // number and text: empty (number has mean/min/max; text only `answered`).
    std::vector<Count> counts;
    std::optional<double> mean;            // smiley, stars, scale, number (not for equality)
    std::optional<std::int64_t> min, max;  // number (not for equality: one person's answer)
    // Net Promoter Score for a 0..10 scale: % answering 9-10 minus % answering 0-6, rounded,
    // -100..100. nullopt for other questions, equality questions or no answers.
    std::optional<int> nps;
    // scale: the words at each end ("Not at all likely"), in the report language; "" = none.
    std::string min_label, max_label;
};

// Responses given in one language (Welsh-language reporting: how many chose Cymraeg).
struct LanguageCount {
    std::string language;  // the resident's language code, "cy"
    std::int64_t complete = 0;
    std::int64_t partial = 0;
};

struct SurveyResults {
    std::string survey_id;
    int survey_version = 0;
    std::string title;     // in the report language
    std::string language;  // the language the texts are in (the report's, or the default)
    std::int64_t complete = 0;
    std::int64_t partial = 0;
    // Responses by the kiosk's local hour of completion (completed_at + utc_offset_minutes).
    std::array<std::int64_t, 24> per_hour{};
    // By the language residents chose: the survey's languages in its order (those with none
    // too), then any other language a response names.
    std::vector<LanguageCount> by_language;
    std::vector<QuestionResult> questions;  // survey order; `info` questions left out
};

// summarise() one response at a time, for the export, which streams its responses past once and
// never holds them all: add() each, then results(). The survey must outlive the tally.
class SurveyTally {
public:
    SurveyTally(const Survey& survey, const std::string& language);
    ~SurveyTally();
    SurveyTally(SurveyTally&&) noexcept;
    SurveyTally& operator=(SurveyTally&&) noexcept;
    // Responses of another survey id are ignored (as summarise() does).
    void add(const Response& response);
    SurveyResults results() const;

private:
    struct Totals;
    std::unique_ptr<Totals> totals_;
};

// Adds up `responses` (Response::answers filled in) to the questions of `survey`. Responses of
// another survey id are ignored; other versions of the same id count, and an answer whose
// question the survey no longer has is ignored. Texts are in `language` (falls back to the
// survey's default).
SurveyResults summarise(const Survey& survey, const std::vector<Response>& responses,
                        const std::string& language);

// Drops the questions holding personal data from `results`: those marked so in this survey and
// any id in `personal_question_ids` (marked so in another version: the safe side).
void leave_out_personal(SurveyResults& results, const std::set<std::string>& personal_question_ids);

// What a report shows for a count: "<10" when suppressed, "10+" when suppressed only to protect a
// small group (is_at_least_limit), else the number.
std::string shown_count(const Count& count);

}  // namespace standpoint
