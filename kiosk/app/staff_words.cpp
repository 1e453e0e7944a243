#include "kiosk/app/staff_words.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "kiosk/core/utf8.hpp"

namespace standpoint::app {
namespace {

ui::ChartKind kind_for(QuestionType type) {
    switch (type) {
        case QuestionType::smiley:
        case QuestionType::stars:
        case QuestionType::scale:
            return ui::ChartKind::distribution;
        case QuestionType::number:
        case QuestionType::text:
        case QuestionType::info:
            return ui::ChartKind::words;
        default:
            return ui::ChartKind::bars;
    }
}

std::string one_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

std::string answered_words(const QuestionResult& question) {
    std::string words = "Answered by " + std::to_string(question.answered);
    if (question.unanswered > 0) words += ", skipped by " + std::to_string(question.unanswered);
    return words + ".";
}

std::string words_for(const QuestionResult& question) {
    std::string words = answered_words(question);
    if (question.type == QuestionType::multi) words += " People could tick more than one.";
    if (question.nps) {
        words += " Net Promoter Score " + std::string(*question.nps > 0 ? "+" : "") +
                 std::to_string(*question.nps) +
                 " (the share giving 9 or 10, minus the share giving 0 to 6).";
    } else if (question.mean && !question.counts.empty()) {
        words += " Average " + one_decimal(*question.mean) + " on a scale from " +
                 question.counts.front().key + " to " + question.counts.back().key + ".";
    }
    if (question.type == QuestionType::smiley) words += " 1 is the saddest face, 5 the happiest.";
    if (question.type == QuestionType::number && question.mean && question.min && question.max)
        words += " Average " + one_decimal(*question.mean) + ", lowest " +
                 std::to_string(*question.min) + ", highest " + std::to_string(*question.max) + ".";
    if (question.type == QuestionType::text)
        words += question.is_personal_data
                     ? " Personal data: not shown here, and left out of the export unless staff "
                       "tick Include personal data (then sealed so only the collector can read "
                       "it)."
                     : " Read them with the button below, or in the export.";
    if (question.is_equality)
        words += " Groups smaller than " + std::to_string(small_group_limit) + " show as <" +
                 std::to_string(small_group_limit) + ".";
    return words;
}

std::tm local_tm(TimePoint time) {
    const std::time_t seconds = Clock::to_time_t(time);
    std::tm local{};
    localtime_r(&seconds, &local);
    return local;
}

std::string formatted(TimePoint time, const char* format) {
    const std::tm local = local_tm(time);
    char text[64];
    std::strftime(text, sizeof text, format, &local);
    return text;
}

}  // namespace

std::vector<ui::QuestionChart> charts_for(const SurveyResults& results) {
    std::vector<ui::QuestionChart> charts;
    for (const QuestionResult& question : results.questions) {
        ui::QuestionChart chart;
        chart.question_id = question.question_id;
        chart.prompt = question.prompt;
        chart.kind = kind_for(question.type);
        const bool is_scale = chart.kind == ui::ChartKind::distribution;
        for (const Count& count : question.counts)
            chart.bars.push_back(ui::ChartBar{count.key, is_scale ? count.key : count.label,
                                              shown_count(count), count.count,
                                              count.is_suppressed});
        chart.words = words_for(question);
        charts.push_back(std::move(chart));
    }
    return charts;
}

std::vector<ui::StaffComments> comments_for(const Survey& survey,
                                            const std::vector<Response>& responses,
                                            const UiText& text) {
    std::vector<ui::StaffComments> all;
    for (const Question& question : survey.questions) {
        if (question.type != QuestionType::text || question.is_personal_data) continue;
        ui::StaffComments each;
        each.question_id = question.id;
        each.prompt = question.prompt.in("en", survey.default_language());
        std::size_t total = 0;
        for (auto it = responses.rbegin(); it != responses.rend(); ++it) {  // newest first
            const auto found = it->answers.find(question.id);
            if (found == it->answers.end()) continue;
            const auto* typed = std::get_if<TextAnswer>(&found->second);
            if (typed == nullptr || typed->value.empty()) continue;
            ++total;
            if (each.comments.size() >= staff_comments_shown) continue;
            const std::string& name = text.native_name(it->language);
            each.comments.push_back(ui::StaffComment{
                local_clock_time(it->completed_at) + ", " + (name.empty() ? it->language : name),
                typed->value, it->language});
        }
        if (total > each.comments.size())
            each.note = "Showing the newest " + std::to_string(each.comments.size()) + " of " +
                        std::to_string(total) + "; the export has them all.";
        all.push_back(std::move(each));
    }
    return all;
}

std::string event_id_from_name(const std::string& name) {
    std::string id;
    bool wants_dash = false;
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        const bool is_letter = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        const bool is_capital = c >= 'A' && c <= 'Z';
        if (is_letter || is_capital) {
            if (wants_dash && !id.empty()) id += '-';
            wants_dash = false;
            id += is_capital ? static_cast<char>(c - 'A' + 'a') : c;
        } else if (byte < 0x80 || !is_continuation_byte(c)) {
            wants_dash = true;  // ASCII punctuation or space, or the lead byte of a letter
        }
        if (id.size() >= 48) break;
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id;
}

ExportFilter local_day_filter(const std::string& event_id, TimePoint now) {
    std::tm day = local_tm(now);
    day.tm_hour = 0;
    day.tm_min = 0;
    day.tm_sec = 0;
    day.tm_isdst = -1;  // let mktime decide: a day may start in winter time and end in summer
    std::tm next = day;
    next.tm_mday += 1;
    ExportFilter filter;
    filter.event_id = event_id;
    filter.completed_from = Clock::from_time_t(std::mktime(&day));
    filter.completed_before = Clock::from_time_t(std::mktime(&next));
    return filter;
}

std::string local_clock_time(TimePoint time) { return formatted(time, "%H:%M"); }

std::string bytes_in_words(std::uint64_t bytes) {
    const double value = static_cast<double>(bytes);
    if (value >= 1e9) return one_decimal(value / 1e9) + " GB";
    if (value >= 1e6) return std::to_string(std::llround(value / 1e6)) + " MB";
    if (value >= 1e3) return std::to_string(std::llround(value / 1e3)) + " KB";
    return std::to_string(bytes) + " bytes";
}

std::vector<std::string> sync_lines(const SyncStatus& status) {
    std::vector<std::string> lines;
    lines.push_back(status.pending == 0
                        ? "Every response has reached the collector."
                        : std::to_string(status.pending) + " responses are waiting to be sent.");
    lines.push_back(std::to_string(status.synced) + " sent and confirmed by the collector.");
    if (status.conflict + status.rejected > 0)
        lines.push_back(std::to_string(status.conflict + status.rejected) +
                        " refused by the collector and kept aside on this kiosk.");
    lines.push_back(status.last_success_utc.empty()
                        ? "No successful sync since the kiosk started."
                        : "Last successful sync: " + status.last_success_utc + " (UTC).");
    if (!status.last_error.empty()) lines.push_back("Last problem: " + status.last_error);
    if (status.stopped)
        lines.push_back(
            "Sync has stopped: the collector refused this kiosk. Check DATA/sync.json "
            "(address and token).");
    else if (status.next_retry_in_ms > 0)
        lines.push_back("Next try in " + std::to_string((status.next_retry_in_ms + 999) / 1000) +
                        " s.");
    return lines;
}

std::string personal_question_names(const Survey& survey) {
    std::string names;
    for (const Question& question : survey.questions) {
        if (!question.is_personal_data) continue;
        if (!names.empty()) names += "; ";
        names += question.prompt.in("en", survey.default_language());
    }
    return names;
}

std::string damaged_in_words(const DamagedResponse& damaged) {
    return "Response " + std::to_string(damaged.seq) + " (" + damaged.id + ", event " +
           (damaged.event_id.empty() ? std::string("none") : damaged.event_id) +
           "), found damaged " + damaged.found_at +
           " (UTC): its answers no longer match the hash saved with them. Kept aside, never sent; "
           "an export puts it in damaged.jsonl for support.";
}

std::string only_here_in_words(std::int64_t only_here) {
    if (only_here < 0) return "";
    if (only_here == 0) return "Every response on this kiosk is synced or in a checked export.";
    return (only_here == 1 ? std::string("1 response was")
                           : std::to_string(only_here) + " responses were") +
           " never exported or synced: this kiosk holds the only copy.";
}

std::string wipe_in_words(const WipeReport& report) {
    const std::string when = local_date(report.at) + " " + local_clock_time(report.at);
    if (report.only_safe)
        return when + ": deleted " + std::to_string(report.deleted) +
               " responses that have copies elsewhere; kept " + std::to_string(report.kept) +
               " that do not.";
    return when + ": deleted every response (" + std::to_string(report.deleted) +
           "), confirmed by typing the word.";
}

}  // namespace standpoint::app
