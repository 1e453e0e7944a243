// The wire records the protocol tests build on (protocol_test.cpp, protocol_v2_test.cpp): one
// kiosk, one survey, and a response record as the kiosk would make it from what it stored.
#pragma once

#include <string>
#include <utility>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch.hpp"

namespace standpoint::test {

inline const std::string device = "0b8e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b";
inline const std::string survey_bytes =
    R"({"format":"standpoint-survey/1","id":"gala-feedback"})";

inline ResponseRecord record(int n, std::string answers = R"({"recommend":9,"visit":5})") {
    ResponseRecord r;
    r.id = "0190f3b2-7c1a-7def-8abc-0000000000" + std::to_string(10 + n);
    r.seq = n;
    r.device_id = device;
    r.survey = {"gala-feedback", 1, sha256_hex(survey_bytes)};
    r.event_id = "Gala 2026";
    r.started_at = "2026-11-23T14:05:09.123Z";
    r.completed_at = "2026-11-23T14:06:10.000Z";
    r.utc_offset_minutes = 60;
    r.language = "cy";
    r.status = "complete";
    r.sha256 = sha256_hex(answers);  // as the kiosk stored it at save time
    r.answers_json = std::move(answers);
    return r;
}

}  // namespace standpoint::test
