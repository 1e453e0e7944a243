// Index: [style] the page's CSS (A4, black and white), [questions] one card per question,
// [document] heading, counts, hours, cards, one printed page per survey.
//
// The report's own words are English; survey text (titles, prompts, labels) keeps its language
// through lang and dir="auto" on the element that holds it, so Welsh, Polish and Urdu read right.
// Everything that comes from a survey, the store or the heading is escaped (summary_markup.hpp).
#include "kiosk/export/summary_html.hpp"

#include <cstddef>
#include <string>

#include "kiosk/export/summary_charts.hpp"
#include "kiosk/export/summary_markup.hpp"

namespace standpoint {

namespace {

// [style] ----------------------------------------------------------------------------------------

constexpr const char* style = R"css(
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
html { background: #fff; color: #111; }
body { margin: 0; font: 9.5pt/1.35 "DejaVu Sans", "Noto Sans", Arial, "Noto Nastaliq Urdu",
       "Noto Naskh Arabic", sans-serif; }
.survey { max-width: 186mm; margin: 0 auto; padding: 10mm 0; }
.survey + .survey { border-top: 1px dashed #888; }
@media print {
  .survey { padding: 0; max-width: none; break-after: page; page-break-after: always; }
  .survey:last-child { break-after: auto; page-break-after: auto; }
  .survey + .survey { border-top: none; }
}
header { border-bottom: 2px solid #111; padding-bottom: 2mm; margin-bottom: 3mm; }
.kicker { margin: 0; font-size: 8pt; letter-spacing: 0.06em; text-transform: uppercase; }
h1 { margin: 0.5mm 0 1.5mm; font-size: 16pt; line-height: 1.2; }
.facts { display: flex; flex-wrap: wrap; gap: 0.5mm 6mm; margin: 0; font-size: 8.5pt; }
.facts div { display: flex; gap: 1.5mm; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
.notice { margin: 2mm 0 0; padding: 1mm 2mm; border: 1.5px solid #111; font-weight: bold; }
.totals { display: flex; gap: 8mm; align-items: baseline; margin: 0 0 2mm; }
.total { font-size: 9pt; }
.total b { display: block; font-size: 18pt; line-height: 1.1; }
h2 { font-size: 10pt; margin: 0 0 1mm; }
.hours-box { margin-bottom: 3mm; }
.questions { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 6mm; }
.dense .questions { grid-template-columns: 1fr 1fr 1fr; gap: 2.5mm 4mm; }
.dense .question h3 { font-size: 8.5pt; }
.dense .meta, .dense .bars, .dense .ends { font-size: 7pt; }
.dense .verdict { font-size: 8pt; }
.dense .hours { max-height: 24mm; }
.question { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #111;
            padding-top: 1.5mm; }
.question h3 { margin: 0; font-size: 9.5pt; line-height: 1.3; }
.question .number { font-weight: normal; margin-inline-end: 1.5mm; }
.meta { margin: 0.5mm 0 1.5mm; font-size: 8pt; color: #333; }
.tag { display: inline-block; border: 1px solid #111; border-radius: 2px; padding: 0 1mm;
       font-size: 7pt; text-transform: uppercase; letter-spacing: 0.04em; margin-inline-end: 1mm; }
.verdict { margin: 1mm 0 0; font-size: 9pt; }
.bars { display: grid; grid-template-columns: minmax(22%, max-content) 1fr; gap: 0.6mm 2mm;
        align-items: center; font-size: 8.5pt; }
.bar-label { line-height: 1.15; padding-bottom: 1px; }
svg { display: block; overflow: visible; }
svg text { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10px; fill: #111; }
svg .count { font-size: 9.5px; }
svg .range-name { font-size: 9.5px; }
svg .fill { fill: #333; }
svg .hidden { fill: #fff; stroke: #111; stroke-width: 1; stroke-dasharray: 2 1.5; }
svg .axis, svg .range { stroke: #111; stroke-width: 1; fill: none; }
svg .face circle { fill: #fff; stroke: #111; stroke-width: 1.1; }
svg .face circle.eye { fill: #111; stroke: none; }
svg .face path { fill: none; stroke: #111; stroke-width: 1.2; stroke-linecap: round; }
.ends { display: flex; justify-content: space-between; gap: 4mm; font-size: 8pt; margin-top: 0.5mm; }
.ends span:last-child { text-align: end; }
.none { margin: 0; font-style: italic; }
.languages { margin: 0 0 2mm; font-size: 8.5pt; }
footer { margin-top: 3mm; padding-top: 1.5mm; border-top: 1px solid #111; font-size: 7.5pt; }
footer p { margin: 0.3mm 0; }
)css";

// [questions] ------------------------------------------------------------------------------------

// Survey text in its language, its direction found from the text itself.
std::string survey_text(const std::string& text, const std::string& language,
                        const char* element = "span") {
    return std::string("<") + element + " lang=\"" + escape_html(language) + "\" dir=\"auto\">" +
           escape_html(text) + "</" + element + ">";
}

std::int64_t sum_of_columns(const QuestionResult& question, std::int64_t first, std::int64_t last) {
    std::int64_t sum = 0;
    for (const auto& count : question.counts) {
        const std::int64_t value = std::stoll(count.key);
        if (value >= first && value <= last) sum += count.count;
    }
    return sum;
}

// The sentence under a chart: the NPS or the average, in words.
std::string verdict(const QuestionResult& question) {
    if (question.nps) {
        const int score = *question.nps;
        const std::int64_t promoters = sum_of_columns(question, 9, 10);
        const std::int64_t detractors = sum_of_columns(question, 0, 6);
        return "<p class=\"verdict\">Net Promoter Score: <b>" + std::string(score > 0 ? "+" : "") +
               std::to_string(score) + "</b> (" + format_percent(promoters, question.answered) +
               " promoters minus " + format_percent(detractors, question.answered) +
               " detractors; the score runs from -100 to +100)</p>\n";
    }
    if (!question.mean) return "";
    const std::string mean = "<b>" + format_decimal(*question.mean) + "</b>";
    switch (question.type) {
        case QuestionType::smiley:
            return "<p class=\"verdict\">Average " + mean +
                   " out of 5 (1 = very unhappy face, 5 = very happy face)</p>\n";
        case QuestionType::stars:
            return "<p class=\"verdict\">Average " + mean + " stars out of " +
                   (question.counts.empty() ? std::string("5") : question.counts.back().key) +
                   "</p>\n";
        case QuestionType::scale:
            return "<p class=\"verdict\">Average " + mean + " on a scale of " +
                   question.counts.front().key + " to " + question.counts.back().key + "</p>\n";
        case QuestionType::number:
            return "<p class=\"verdict\">Average " + mean + "; lowest <b>" +
                   format_count(question.min.value_or(0)) + "</b>, highest <b>" +
                   format_count(question.max.value_or(0)) + "</b></p>\n";
        default:
            return "";
    }
}

std::string question_meta(const QuestionResult& question) {
    std::string meta = "<p class=\"meta\">";
    if (question.is_equality) meta += "<span class=\"tag\">Equality</span>";
    if (question.is_personal_data) meta += "<span class=\"tag\">Personal data</span>";
    meta += "Answered by " + format_count(question.answered);
    if (question.unanswered > 0) meta += "; no answer from " + format_count(question.unanswered);
    if (question.type == QuestionType::multi) meta += "; people could choose several";
    meta += "</p>\n";
    return meta;
}

std::string question_body(const QuestionResult& question, const std::string& language,
                          bool includes_personal_data) {
    switch (question.type) {
        case QuestionType::single:
        case QuestionType::multi:
        case QuestionType::yesno:
        case QuestionType::consent:
            return bar_chart(question, language);
        case QuestionType::smiley:
        case QuestionType::stars:
        case QuestionType::scale: {
            std::string body = column_chart(question);
            const bool has_ends = !question.min_label.empty() || !question.max_label.empty();
            if (has_ends && !question.counts.empty()) {
                body += "<div class=\"ends\"><span>" + escape_html(question.counts.front().key) +
                        " = " + survey_text(question.min_label, language) + "</span><span>" +
                        escape_html(question.counts.back().key) + " = " +
                        survey_text(question.max_label, language) + "</span></div>\n";
            }
            return body;
        }
        case QuestionType::number:
            if (question.is_equality) {
                return "<p class=\"verdict\">Numbers not shown: an equality question.</p>\n";
            }
            return question.answered == 0 ? "<p class=\"none\">No answers.</p>\n" : "";
        case QuestionType::text:
            if (question.is_personal_data && !includes_personal_data) {
                return "<p class=\"verdict\">Personal data: the answers are left out of this "
                       "export.</p>\n";
            }
            return "<p class=\"verdict\">" + format_count(question.answered) +
                   " written answers: read them in responses.csv or responses.xlsx.</p>\n";
        case QuestionType::info:
            return "";
    }
    return "";
}

std::string question_card(const QuestionResult& question, std::size_t number,
                          const std::string& language, bool includes_personal_data) {
    std::string card = "<article class=\"question\">\n<h3><span class=\"number\">Q" +
                       std::to_string(number) + "</span>" + survey_text(question.prompt, language) +
                       "</h3>\n";
    card += question_meta(question);
    card += question_body(question, language, includes_personal_data);
    card += verdict(question);
    card += "</article>\n";
    return card;
}

// [document] -------------------------------------------------------------------------------------

// "2026-11-23T18:02:11.000Z" (format_utc) -> "2026-11-23 18:02 UTC"; anything else as it is.
std::string readable_time(const std::string& utc) {
    const bool is_format_utc = utc.size() == 24 && utc[10] == 'T' && utc.back() == 'Z';
    return is_format_utc ? utc.substr(0, 10) + " " + utc.substr(11, 5) + " UTC" : utc;
}

// The event as staff named it, with its id; never a bare "all events" when one is known.
std::string event_words(const SummaryHeading& heading) {
    std::string where = heading.event_name;
    if (!heading.venue.empty()) where += (where.empty() ? "" : ", ") + heading.venue;
    std::string id = heading.event_id;
    if (id.empty() && heading.events.size() == 1) id = heading.events.front();
    if (!id.empty()) return where.empty() ? id : where + " (" + id + ")";
    if (heading.events.empty()) return where.empty() ? "all events" : where;
    std::string list;
    for (const std::string& each : heading.events) list += (list.empty() ? "" : ", ") + each;
    return std::to_string(heading.events.size()) + " events: " + list;
}

// "By language: Welsh (cy) 12 (10 complete), English (en) 40 (38 complete)": every language the
// survey offers, a language nobody chose included (Welsh-language reporting counts the zeros).
std::string languages_line(const SurveyResults& survey) {
    if (survey.by_language.size() < 2) return "";
    std::string html = "<p class=\"languages\"><b>By language:</b> ";
    bool is_first = true;
    for (const LanguageCount& each : survey.by_language) {
        if (!is_first) html += "; ";
        is_first = false;
        html += escape_html(language_in_english(each.language)) + " " +
                format_count(each.complete + each.partial) + " (" + format_count(each.complete) +
                " complete, " + format_count(each.partial) + " partial)";
    }
    return html + "</p>\n";
}

std::string fact(const char* name, const std::string& value) {
    return std::string("<div><dt>") + name + "</dt><dd>" + escape_html(value) + "</dd></div>";
}

// Whether any count of the survey is hidden: `at_least_limit` asks for the "10+" kind only.
bool has_hidden_counts(const SurveyResults& survey, bool at_least_limit) {
    for (const auto& question : survey.questions) {
        for (const auto& count : question.counts) {
            if (count.is_suppressed && (!at_least_limit || count.is_at_least_limit)) return true;
        }
    }
    return false;
}

std::string survey_section(const SurveyResults& survey, const SummaryHeading& heading) {
    const std::int64_t responses = survey.complete + survey.partial;
    // More than two columns of four cards would run onto a second page: three narrower columns.
    const bool is_dense = survey.questions.size() > 8;
    std::string html = is_dense ? "<section class=\"survey dense\">\n<header>\n"
                                : "<section class=\"survey\">\n<header>\n";
    html += "<p class=\"kicker\">Standpoint feedback kiosk &middot; results summary</p>\n";
    html += survey_text(survey.title, survey.language, "h1") + "\n";
    html += "<dl class=\"facts\">";
    html += fact("Event", event_words(heading));
    html += fact("Dates", heading.date_range);
    html += fact("Survey",
                 survey.survey_id + " (version " + std::to_string(survey.survey_version) + ")");
    html += fact("Created", readable_time(heading.created_at));
    html += "</dl>\n";
    if (heading.personal_data_sealed) {
        html +=
            "<p class=\"notice\">Personal data is not in this summary nor in the spreadsheets: "
            "it is on the stick only in personal.jsonl.sealed, which only the collector can "
            "open.</p>\n";
    }
    if (heading.includes_personal_data) {
        html +=
            "<p class=\"notice\">This export includes personal data. Store and share it as "
            "your data protection policy requires.</p>\n";
    }
    html += "</header>\n";

    html += "<div class=\"totals\"><div class=\"total\"><b>" + format_count(responses) +
            "</b>responses</div><div class=\"total\"><b>" + format_count(survey.complete) +
            "</b>complete</div><div class=\"total\"><b>" + format_count(survey.partial) +
            "</b>partial (left before the end)</div></div>\n";

    html += languages_line(survey);
    html += "<div class=\"hours-box\"><h2>Responses by hour (kiosk's local time)</h2>\n" +
            hour_chart(survey.per_hour) + "</div>\n";

    html += "<div class=\"questions\">\n";
    for (std::size_t i = 0; i < survey.questions.size(); ++i) {
        html += question_card(survey.questions[i], i + 1, survey.language,
                              heading.includes_personal_data);
    }
    html += "</div>\n<footer>\n";
    if (has_hidden_counts(survey, false)) {
        html +=
            "<p>&lt;10: fewer than 10 people (from 0 to 9). In equality questions small groups "
            "are not shown exactly, so that no one can be picked out.";
        if (has_hidden_counts(survey, true)) {
            html +=
                " &ldquo;10+&rdquo;: a group of 10 or more hidden as well, so that a small "
                "one cannot be worked out by subtraction.";
        }
        html += "</p>\n";
    }
    html += "<p>Kiosk " + escape_html(heading.device_id) +
            ".</p>\n"
            "<p>Percentages are of the people who answered the question. Partial responses count "
            "for the questions they reached.</p>\n</footer>\n</section>\n";
    return html;
}

}  // namespace

std::string summary_html(const std::vector<SurveyResults>& surveys, const SummaryHeading& heading) {
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    html += "Results summary";
    if (!heading.event_id.empty()) html += " - " + escape_html(heading.event_id);
    if (!heading.date_range.empty()) html += " - " + escape_html(heading.date_range);
    html += "</title>\n<style>";
    html += style;
    html += "</style>\n</head>\n<body>\n";
    if (surveys.empty()) {
        html +=
            "<section class=\"survey\"><h1>Results summary</h1>\n<p>No responses in this "
            "export.</p></section>\n";
    }
    for (const auto& survey : surveys) html += survey_section(survey, heading);
    html += "</body>\n</html>\n";
    return html;
}

}  // namespace standpoint
