#include "sync/collector/console/console_snapshot.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "kiosk/core/answer_check.hpp"
#include "kiosk/core/survey_loader.hpp"

namespace standpoint::console {

namespace {

std::int64_t to_int(const std::string& text) { return text.empty() ? 0 : std::stoll(text); }

int digits(const std::string& text, std::size_t at, std::size_t count) {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
    return value;
}

}  // namespace

TimePoint parse_utc_text(const std::string& text) {
    if (!is_utc_timestamp(text)) return TimePoint{};
    using namespace std::chrono;
    const sys_days date =
        year_month_day{year{digits(text, 0, 4)}, month{static_cast<unsigned>(digits(text, 5, 2))},
                       day{static_cast<unsigned>(digits(text, 8, 2))}};
    return time_point_cast<Clock::duration>(
        date + hours{digits(text, 11, 2)} + minutes{digits(text, 14, 2)} +
        seconds{digits(text, 17, 2)} + milliseconds{digits(text, 20, 3)});
}

Result<ExportSnapshot> load_snapshot(CollectorStore& store, const SnapshotScope& scope) {
    ExportSnapshot snapshot;
    snapshot.device_id = scope.device_id.empty() ? all_kiosks : scope.device_id;
    snapshot.taken_at = Clock::now();
    // One read of both tables under the store's lock: a consistent picture between batches.
    auto read = store.with_connection(
        [&](SqlConnection& db) -> Result<std::pair<std::vector<SqlRow>, std::vector<SqlRow>>> {
            auto responses = db.query(
                "SELECT id, seq, device_id, survey_id, survey_version, survey_sha256, event_id, "
                "started_at, completed_at, utc_offset_minutes, language, status, answers_json, "
                "answers_sha256 FROM responses WHERE (? = '' OR event_id = ?) "
                "AND (? = '' OR device_id = ?) ORDER BY device_id, seq",
                {scope.event_id, scope.event_id, scope.device_id, scope.device_id});
            if (!responses) return responses.error();
            auto surveys = db.query(
                "SELECT sha256, id, version, definition FROM surveys ORDER BY id, version, sha256");
            if (!surveys) return surveys.error();
            return std::pair{std::move(responses).value(), std::move(surveys).value()};
        });
    if (!read) return read.error();
    const auto& [response_rows, survey_rows] = read.value();

    std::map<std::string, Survey> parsed;  // by sha256, only the ones responses name
    std::map<std::string, const SqlRow*> survey_by_sha;
    for (const SqlRow& row : survey_rows) survey_by_sha[row[0]] = &row;

    for (const SqlRow& row : response_rows) {
        StoredResponse stored;
        Response& r = stored.response;
        r.id = row[0];
        stored.seq = to_int(row[1]);
        r.device_id = row[2];
        r.survey = {row[3], static_cast<int>(to_int(row[4])), row[5]};
        r.event_id = row[6];
        r.started_at = parse_utc_text(row[7]);
        r.completed_at = parse_utc_text(row[8]);
        r.utc_offset_minutes = static_cast<int>(to_int(row[9]));
        r.language = row[10];
        r.status = row[11] == "partial" ? ResponseStatus::partial : ResponseStatus::complete;
        stored.answers_json = row[12];
        stored.answers_sha256 = row[13];

        auto known = parsed.find(r.survey.sha256);
        if (known == parsed.end()) {
            auto held = survey_by_sha.find(r.survey.sha256);
            if (held == survey_by_sha.end()) {
                return Error{"Response " + r.id + " was given on survey \"" + r.survey.id +
                             "\" version " + std::to_string(r.survey.version) +
                             ", but the collector holds no copy of that survey file."};
            }
            auto survey = parse_survey((*held->second)[3], "stored survey \"" + r.survey.id + "\"");
            if (!survey) return survey.error();
            known = parsed.emplace(r.survey.sha256, std::move(survey).value()).first;
            snapshot.surveys.push_back(
                {SurveyRef{(*held->second)[1], static_cast<int>(to_int((*held->second)[2])),
                           (*held->second)[0]},
                 (*held->second)[3]});
        }
        const auto json = nlohmann::json::parse(stored.answers_json, nullptr, false);
        if (json.is_discarded()) return Error{"The answers of response " + r.id + " are not JSON."};
        auto answers = answers_from_json(json, known->second);
        if (!answers) {
            return Error{"The answers of response " + r.id +
                         " do not fit their survey: " + answers.error().message};
        }
        r.answers = std::move(answers).value();
        snapshot.responses.push_back(std::move(stored));
    }
    return snapshot;
}

}  // namespace standpoint::console
