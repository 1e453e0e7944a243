// Response: one resident's answers to one survey, as stored and sent (docs/design.md "Data model").
#pragma once

#include <chrono>
#include <string>

#include "kiosk/core/answer.hpp"

namespace standpoint {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

enum class ResponseStatus { complete, partial };
const char* to_string(ResponseStatus status);

// The collector's word on one response of a batch it stored (docs/sync-protocol.md): the wire
// carries it, and the kiosk's store files the response by it.
enum class ItemStatus { created, duplicate, conflict, rejected };
const char* to_string(ItemStatus status);

struct SurveyRef {
    std::string id;
    int version = 0;
    std::string sha256;
    bool operator==(const SurveyRef&) const = default;
};

struct Response {
    std::string id;  // UUIDv7, made when the resident starts
    SurveyRef survey;
    std::string event_id;
    std::string device_id;
    TimePoint started_at;
    TimePoint completed_at;      // for a partial response: when it was abandoned
    int utc_offset_minutes = 0;  // the kiosk's offset from UTC at completion
    std::string language;
    ResponseStatus status = ResponseStatus::complete;
    Answers answers;
};

// ISO 8601 UTC with milliseconds, e.g. "2026-11-23T14:05:09.123Z".
std::string format_utc(TimePoint time);

}  // namespace standpoint
