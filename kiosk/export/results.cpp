// summarise() and SurveyTally: one pass over the responses, one tally per question, then the
// tallies become QuestionResults. Small groups of equality questions are hidden at the very end,
// in one place (results_suppression.hpp), so nothing after results() ever holds their exact
// numbers.
#include "kiosk/export/results.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <unordered_map>
#include <variant>

#include "kiosk/export/results_suppression.hpp"

namespace standpoint {

namespace {

// The values a numeric question's columns run over. Mirrors the loader's defaults, so a survey
// built by hand (tests, older files) with no range still gets the usual columns.
std::pair<std::int64_t, std::int64_t> column_range(const Question& question) {
    const bool has_range = question.min_value != 0 || question.max_value != 0;
    switch (question.type) {
        case QuestionType::smiley:
            return {1, 5};
        case QuestionType::stars:
            return {1, question.max_value > 0 ? question.max_value : 5};
        case QuestionType::scale:
            return has_range ? std::pair{question.min_value, question.max_value}
                             : std::pair<std::int64_t, std::int64_t>{0, 10};
        default:
            return {0, -1};  // no columns
    }
}

bool has_columns(QuestionType type) {
    return type == QuestionType::smiley || type == QuestionType::stars ||
           type == QuestionType::scale;
}

// Running totals for one question while the responses go by (exact numbers, never shown).
struct Tally {
    const Question* question = nullptr;
    std::int64_t answered = 0;
    std::vector<std::int64_t> counts;  // one per option / yes,no / column
    std::int64_t lowest_column = 0;    // smiley/stars/scale: the value of counts[0]
    double sum = 0;                    // numeric: for the mean
    std::optional<std::int64_t> min, max;
};

Tally start_tally(const Question& question) {
    Tally tally;
    tally.question = &question;
    if (has_options(question.type)) {
        tally.counts.assign(question.options.size(), 0);
    } else if (question.type == QuestionType::yesno || question.type == QuestionType::consent) {
        tally.counts.assign(2, 0);
    } else if (has_columns(question.type)) {
        const auto [low, high] = column_range(question);
        tally.lowest_column = low;
        tally.counts.assign(static_cast<std::size_t>(std::max<std::int64_t>(0, high - low + 1)), 0);
    }
    return tally;
}

std::optional<std::size_t> option_index(const Question& question, const std::string& option_id) {
    for (std::size_t i = 0; i < question.options.size(); ++i) {
        if (question.options[i].id == option_id) return i;
    }
    return std::nullopt;
}

// Adds one answer. An answer the question cannot hold (another type, a value outside the
// columns, an option it no longer has: left over from another survey version) is left out, like
// an answer to a question the survey no longer has.
void add_answer(Tally& tally, const Answer& answer) {
    const Question& question = *tally.question;
    const QuestionType type = question.type;
    if (const auto* number = std::get_if<NumberAnswer>(&answer)) {
        const std::int64_t value = number->value;
        if (has_columns(type)) {
            const std::int64_t column = value - tally.lowest_column;
            if (column < 0 || column >= static_cast<std::int64_t>(tally.counts.size())) return;
            ++tally.counts[static_cast<std::size_t>(column)];
        } else if (type != QuestionType::number) {
            return;
        }
        // A number outside today's min..max still counts: it was valid when it was given.
        ++tally.answered;
        tally.sum += static_cast<double>(value);
        tally.min = tally.min ? std::min(*tally.min, value) : value;
        tally.max = tally.max ? std::max(*tally.max, value) : value;
    } else if (const auto* yes_no = std::get_if<YesNoAnswer>(&answer)) {
        if (type != QuestionType::yesno && type != QuestionType::consent) return;
        ++tally.answered;
        ++tally.counts[yes_no->value ? 0 : 1];
    } else if (const auto* choice = std::get_if<ChoiceAnswer>(&answer)) {
        if (type != QuestionType::single) return;
        const auto index = option_index(question, choice->option_id);
        if (!index) return;
        ++tally.answered;
        ++tally.counts[*index];
    } else if (const auto* choices = std::get_if<ChoicesAnswer>(&answer)) {
        if (type != QuestionType::multi) return;
        // Once per option ticked; a repeated id (never valid) counts once.
        std::vector<bool> is_ticked(question.options.size(), false);
        for (const auto& option_id : choices->option_ids) {
            if (const auto index = option_index(question, option_id)) is_ticked[*index] = true;
        }
        if (std::find(is_ticked.begin(), is_ticked.end(), true) == is_ticked.end()) return;
        ++tally.answered;
        for (std::size_t i = 0; i < is_ticked.size(); ++i) tally.counts[i] += is_ticked[i] ? 1 : 0;
    } else if (const auto* text = std::get_if<TextAnswer>(&answer)) {
        if (type != QuestionType::text || text->value.empty()) return;
        ++tally.answered;
    }
}

// The kiosk's local hour (0..23) when the response was completed.
int local_hour(const Response& response) {
    using namespace std::chrono;
    const auto local = response.completed_at + minutes{response.utc_offset_minutes};
    const auto hours_since_epoch = floor<hours>(local.time_since_epoch()).count();
    return static_cast<int>(((hours_since_epoch % 24) + 24) % 24);  // before 1970 too
}

std::vector<Count> make_counts(const Tally& tally, const std::string& language,
                               const std::string& fallback) {
    const Question& question = *tally.question;
    std::vector<Count> counts(tally.counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
        Count& count = counts[i];
        count.count = tally.counts[i];
        if (has_options(question.type)) {
            count.key = question.options[i].id;
            count.label = question.options[i].label.in(language, fallback);
        } else if (question.type == QuestionType::yesno || question.type == QuestionType::consent) {
            // The report's own words are English (like the rest of summary.html's headings).
            count.key = i == 0 ? "yes" : "no";
            count.label = i == 0 ? "Yes" : "No";
        } else {
            count.key = std::to_string(tally.lowest_column + static_cast<std::int64_t>(i));
            count.label = count.key;
        }
    }
    return counts;
}

// Net Promoter Score of a 0..10 scale's columns: % 9-10 minus % 0-6, rounded half away from 0.
std::optional<int> net_promoter_score(const Tally& tally) {
    const Question& question = *tally.question;
    if (question.type != QuestionType::scale || tally.answered == 0) return std::nullopt;
    if (column_range(question) != std::pair<std::int64_t, std::int64_t>{0, 10}) return std::nullopt;
    std::int64_t promoters = tally.counts[9] + tally.counts[10];
    std::int64_t detractors = 0;
    for (std::size_t value = 0; value <= 6; ++value) detractors += tally.counts[value];
    const double score =
        100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(tally.answered);
    return static_cast<int>(std::lround(score));
}

QuestionResult make_result(const Tally& tally, std::int64_t responses, const std::string& language,
                           const std::string& fallback) {
    const Question& question = *tally.question;
    QuestionResult result;
    result.question_id = question.id;
    result.type = question.type;
    result.prompt = question.prompt.in(language, fallback);
    result.is_equality = question.is_equality;
    result.is_personal_data = question.is_personal_data;
    result.answered = tally.answered;
    result.unanswered = responses - tally.answered;
    result.counts = make_counts(tally, language, fallback);
    if (question.type == QuestionType::scale) {
        result.min_label = question.min_label.in(language, fallback);
        result.max_label = question.max_label.in(language, fallback);
    }
    const bool is_numeric = has_columns(question.type) || question.type == QuestionType::number;
    if (question.is_equality) {
        // No mean, min, max or NPS: each is a sum over the groups, so with `answered` and the
        // groups shown it could give a hidden group back (and min/max is one person's answer).
        const GroupTotals totals{tally.answered,
                                 question.type != QuestionType::multi || question.max_choices == 1};
        const auto visibility = suppress_small_groups(tally.counts, totals, small_group_limit);
        for (std::size_t i = 0; i < result.counts.size(); ++i) {
            if (!visibility[i].is_suppressed) continue;
            result.counts[i].count = 0;
            result.counts[i].is_suppressed = true;
            result.counts[i].is_at_least_limit = visibility[i].is_at_least_limit;
        }
        return result;
    }
    if (is_numeric && tally.answered > 0) {
        result.mean = tally.sum / static_cast<double>(tally.answered);
    }
    if (question.type == QuestionType::number) {
        result.min = tally.min;
        result.max = tally.max;
    }
    result.nps = net_promoter_score(tally);
    return result;
}

}  // namespace

struct SurveyTally::Totals {
    const Survey* survey = nullptr;
    std::string fallback;
    SurveyResults results;
    std::vector<Tally> tallies;
    std::unordered_map<std::string, std::size_t> tally_of_question;

    LanguageCount& language_count(const std::string& code) {
        for (LanguageCount& each : results.by_language)
            if (each.language == code) return each;
        return results.by_language.emplace_back(LanguageCount{code, 0, 0});
    }
};

SurveyTally::SurveyTally(const Survey& survey, const std::string& language)
    : totals_(std::make_unique<Totals>()) {
    Totals& totals = *totals_;
    totals.survey = &survey;
    totals.fallback = survey.languages.empty() ? language : survey.default_language();
    const bool has_language =
        survey.languages.empty() || std::find(survey.languages.begin(), survey.languages.end(),
                                              language) != survey.languages.end();
    SurveyResults& results = totals.results;
    results.survey_id = survey.id;
    results.survey_version = survey.version;
    results.language = has_language ? language : totals.fallback;
    results.title = survey.title.in(results.language, totals.fallback);
    for (const auto& question : survey.questions) {
        if (question.type == QuestionType::info) continue;
        totals.tally_of_question.emplace(question.id, totals.tallies.size());
        totals.tallies.push_back(start_tally(question));
    }
    for (const std::string& each : survey.languages)
        results.by_language.push_back(LanguageCount{each, 0, 0});
}

SurveyTally::~SurveyTally() = default;
SurveyTally::SurveyTally(SurveyTally&&) noexcept = default;
SurveyTally& SurveyTally::operator=(SurveyTally&&) noexcept = default;

void SurveyTally::add(const Response& response) {
    Totals& totals = *totals_;
    SurveyResults& results = totals.results;
    if (response.survey.id != totals.survey->id) return;
    LanguageCount& in_language = totals.language_count(response.language);
    if (response.status == ResponseStatus::complete) {
        ++results.complete;
        ++in_language.complete;
    } else {
        ++results.partial;
        ++in_language.partial;
    }
    ++results.per_hour[static_cast<std::size_t>(local_hour(response))];
    for (const auto& [question_id, answer] : response.answers) {
        const auto found = totals.tally_of_question.find(question_id);
        if (found == totals.tally_of_question.end()) continue;  // a question this version dropped
        add_answer(totals.tallies[found->second], answer);
    }
}

SurveyResults SurveyTally::results() const {
    const Totals& totals = *totals_;
    SurveyResults results = totals.results;
    const std::int64_t counted = results.complete + results.partial;
    for (const auto& tally : totals.tallies) {
        results.questions.push_back(make_result(tally, counted, results.language, totals.fallback));
    }
    return results;
}

SurveyResults summarise(const Survey& survey, const std::vector<Response>& responses,
                        const std::string& language) {
    SurveyTally tally(survey, language);
    for (const auto& response : responses) tally.add(response);
    return tally.results();
}

void leave_out_personal(SurveyResults& results, const std::set<std::string>& personal_question_ids) {
    std::erase_if(results.questions, [&](const QuestionResult& question) {
        return question.is_personal_data || personal_question_ids.contains(question.question_id);
    });
}

std::string shown_count(const Count& count) {
    if (count.is_at_least_limit) return std::to_string(small_group_limit) + "+";
    if (count.is_suppressed) return "<" + std::to_string(small_group_limit);
    return std::to_string(count.count);
}

}  // namespace standpoint
