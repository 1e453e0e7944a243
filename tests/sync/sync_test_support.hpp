// Helpers for the sync client tests: temp dirs, stores full of responses, raw SQL.
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "kiosk/core/sha256.hpp"
#include "kiosk/store/response_store.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/gzip.hpp"
#include "tests/temp_dir.hpp"

namespace standpoint {

using testing::TempDir;

inline std::unique_ptr<ResponseStore> open_store(const std::filesystem::path& dir) {
    auto store = ResponseStore::open(dir);
    REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
    return std::move(*store);
}

inline const std::string& test_survey_bytes() {
    static const std::string bytes = R"({"format":"standpoint-survey/1","id":"sync-test"})";
    return bytes;
}

// Saves `count` responses; returns their ids in seq order.
inline std::vector<std::string> fill_store(ResponseStore& store, int count, int first_number = 0) {
    const SurveyRef survey{"sync-test", 1, sha256_hex(test_survey_bytes())};
    REQUIRE(store.remember_survey(survey, test_survey_bytes()).ok());
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
        const int n = first_number + i;
        char id[64];
        std::snprintf(id, sizeof id, "0190a1b2-c3d4-7e5f-8a6b-%012d", n);
        Response response;
        response.id = id;
        response.survey = survey;
        response.event_id = "sync test";
        response.device_id = store.device_id();
        response.started_at = Clock::now();
        response.completed_at = Clock::now();
        response.language = "en";
        response.status = ResponseStatus::complete;
        response.answers["visit"] = NumberAnswer{n % 5 + 1};
        REQUIRE(store.save(response).ok());
        ids.push_back(id);
    }
    return ids;
}

inline BatchBodyMaker gzip_body_maker(const std::string& device_id) {
    return [device_id](const std::string& batch_id, std::int64_t first_seq,
                       const std::vector<StoredResponse>& rows,
                       const std::vector<StoredSurvey>& surveys) -> Result<std::string> {
        Batch batch;
        batch.device_id = device_id;
        batch.batch_id = batch_id;
        batch.first_seq = first_seq;
        batch.last_seq = rows.back().seq;
        for (const auto& survey : surveys)
            batch.surveys.push_back(SurveyDefinition{survey.ref, survey.definition});
        for (const auto& row : rows)
            batch.responses.push_back(
                make_response_record(row.seq, row.response, row.answers_json, row.answers_sha256));
        return gzip_compress(encode_batch(batch));
    };
}

// Runs SQL on the store file with a connection of its own; returns SQLite's code.
inline int raw_exec(const std::filesystem::path& dir, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open((dir / "standpoint.db").c_str(), &db);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
}

}  // namespace standpoint
