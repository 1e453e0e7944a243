// Thousands of responses in four languages: responses.csv read back by Python's csv module equals,
// cell for cell, what the snapshot says (worked out here from the survey files, independently of
// the export's own table code), and responses.jsonl has every response once.
#include <doctest/doctest.h>

#include <map>

#include "export_test_support.hpp"
#include "kiosk/core/local_time.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint {

using namespace standpoint::test;

namespace {

std::string label_of(const Survey& survey, const std::string& question_id,
                     const std::string& option_id) {
    for (const auto& option : survey.find(question_id)->options) {
        if (option.id == option_id) return option.label.in("en");
    }
    return "?";
}

std::string guarded(const std::string& text) {
    return !text.empty() && std::string("=+-@\t\r").find(text[0]) != std::string::npos ? "'" + text
                                                                                       : text;
}

std::string local_time_text(TimePoint time, int offset) {
    std::string text;
    append_local_datetime(text, local_seconds(time, offset));
    return text;
}

// The cell a reader should see in `column` for `stored`.
std::string expected_cell(const StoredResponse& stored, const Survey& survey,
                          const std::string& column) {
    const Response& r = stored.response;
    if (column == "response_id") return r.id;
    if (column == "survey_id") return r.survey.id;
    if (column == "survey_version") return std::to_string(r.survey.version);
    if (column == "event_id") return guarded(r.event_id);
    if (column == "device_id") return r.device_id;
    if (column == "status") return to_string(r.status);
    if (column == "language") return r.language;
    if (column == "started_at") return local_time_text(r.started_at, r.utc_offset_minutes);
    if (column == "completed_at") return local_time_text(r.completed_at, r.utc_offset_minutes);
    if (column == "utc_offset") return std::to_string(r.utc_offset_minutes);
    const auto colon = column.find(':');
    const std::string question_id = column.substr(0, colon);
    const auto answer = r.answers.find(question_id);
    if (answer == r.answers.end() || survey.find(question_id) == nullptr) return "";
    if (colon != std::string::npos) {
        const std::string option_id = column.substr(colon + 1);
        if (label_of(survey, question_id, option_id) == "?") return "";  // not in this version
        const auto& ticked = std::get<ChoicesAnswer>(answer->second).option_ids;
        return std::find(ticked.begin(), ticked.end(), option_id) != ticked.end() ? "1" : "0";
    }
    return std::visit(
        [&](const auto& value) -> std::string {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, NumberAnswer>) return std::to_string(value.value);
            if constexpr (std::is_same_v<T, YesNoAnswer>) return value.value ? "yes" : "no";
            if constexpr (std::is_same_v<T, ChoiceAnswer>)
                return label_of(survey, question_id, value.option_id);
            if constexpr (std::is_same_v<T, ChoicesAnswer>) {
                std::string labels;
                for (const auto& id : value.option_ids)
                    labels += (labels.empty() ? "" : "; ") + label_of(survey, question_id, id);
                return labels;
            }
            if constexpr (std::is_same_v<T, TextAnswer>) return guarded(value.value);
            return "?";
        },
        answer->second);
}

}  // namespace

TEST_CASE(
    "3000 responses in four languages: every CSV cell and every JSONL line matches the snapshot") {
    const ExportSnapshot snapshot = many_responses_snapshot(3000);
    std::map<std::string, Survey> surveys;  // by sha256
    for (const auto& stored : snapshot.surveys)
        surveys.emplace(stored.ref.sha256, parsed(stored.definition));

    for (const bool include_personal : {false, true}) {
        CAPTURE(include_personal);
        const ExportOptions options = include_personal ? with_personal_data() : ExportOptions{};
        const auto scratch = unique_temp_dir("export-many");
        auto plan = build_export(snapshot, options, scratch);
        REQUIRE_MESSAGE(plan.ok(), plan.error().message);
        write_file(scratch / "responses.csv", file_named(plan.value(), "responses.csv")->bytes);
        const auto rows = python_csv_rows(scratch / "responses.csv");
        std::filesystem::remove_all(scratch);

        REQUIRE(rows.size() == snapshot.responses.size() + 1);
        const auto& header = rows[0];
        // Included or not, no personal column: included answers travel only sealed.
        CHECK(std::find(header.begin(), header.end(), "email") == header.end());
        CHECK(std::find(header.begin(), header.end(), "postcode") == header.end());
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < snapshot.responses.size(); ++i) {
            const StoredResponse& stored = snapshot.responses[i];
            const Survey& survey = surveys.at(stored.response.survey.sha256);
            REQUIRE(rows[i + 1].size() == header.size());
            for (std::size_t c = 0; c < header.size(); ++c) {
                const std::string expected = expected_cell(stored, survey, header[c]);
                if (rows[i + 1][c] != expected && ++mismatches <= 5) {
                    CHECK_MESSAGE(rows[i + 1][c] == expected,
                                  "response " << i + 1 << " column " << header[c]);
                }
            }
        }
        CHECK(mismatches == 0);

        const std::string jsonl =
            include_personal ? collector_key()
                                   .open(file_named(plan.value(), export_file::personal_sealed)->bytes)
                                   .value()
                             : file_named(plan.value(), "responses.jsonl")->bytes;
        std::size_t start = 0, lines = 0, failures = 0;
        while (start < jsonl.size()) {
            const auto end = jsonl.find('\n', start);
            REQUIRE(end != std::string::npos);
            auto record =
                response_record_from_json(nlohmann::json::parse(jsonl.substr(start, end - start)));
            const StoredResponse& stored = snapshot.responses[lines];
            Answers expected = stored.response.answers;
            if (!include_personal) {
                expected.erase("email");
                expected.erase("postcode");
            }
            if (!record.ok() || record->id != stored.response.id ||
                record->answers_json != answers_to_json(expected).dump()) {
                ++failures;
            }
            start = end + 1;
            ++lines;
        }
        CHECK(lines == snapshot.responses.size());
        CHECK(failures == 0);
    }
}

}  // namespace standpoint
