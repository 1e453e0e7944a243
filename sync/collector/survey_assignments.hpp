// Surveys out to kiosks, on the collector's side (docs/console.md "Surveys out to kiosks"):
// the surveys admins uploaded, which survey is assigned to which kiosk or event (with that
// event's "you said, we did" text and follow-up page), and each kiosk's latest heartbeat.
// Migration 3 of the collector's store; the SQL runs under the store's one lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "sync/collector/collector_store.hpp"
#include "sync/protocol/survey_delivery.hpp"

namespace standpoint {

// Creates migration 3's tables (called inside CollectorStore::open's transaction).
Status create_survey_tables(SqlConnection& db);

struct UploadedSurvey {
    std::string sha256;  // of definition
    std::string survey_id;
    std::int64_t version = 1;
    std::string title;        // in the survey's default language
    std::string source_name;  // the uploaded file's name
    std::string definition;   // survey JSON (an XLSForm upload's conversion)
    std::string uploaded_at, uploaded_by;
};

// What a kiosk or an event is given. `definition` is the uploaded survey with the event's
// "you said, we did" text and follow-up page written into it; `sha256` is of those bytes.
struct SurveyAssignment {
    std::string target_kind;  // "kiosk" (target: device id) or "event" (target: event id)
    std::string target;
    std::string base_sha256;  // the uploaded survey it was made from
    std::string you_said_we_did, follow_up_url;
    std::string definition, sha256;
    std::string assigned_at, assigned_by;
};

struct KioskHeartbeat {
    std::string device_id;
    std::string seen_at;  // the collector's clock
    Heartbeat heartbeat;
    std::int64_t clock_skew_ms = 0;  // the kiosk's clock minus the collector's
};

// A kiosk clock further than this from the collector's is shown with a warning: response times
// and the date filters would be off by as much.
inline constexpr std::int64_t clock_skew_warning_ms = 2 * 60 * 1000;

Status save_uploaded_survey(CollectorStore& store, const UploadedSurvey& survey);
Result<std::vector<UploadedSurvey>> uploaded_surveys(CollectorStore& store);  // newest first
Result<std::optional<UploadedSurvey>> uploaded_survey(CollectorStore& store,
                                                      const std::string& sha256);

// Replaces what `target` had. 
Status assign_survey(CollectorStore& store, const SurveyAssignment& assignment);
Result<bool> unassign_survey(CollectorStore& store, const std::string& target_kind,
                             const std::string& target);
Result<std::vector<SurveyAssignment>> survey_assignments(CollectorStore& store);
// What a kiosk is given: its own assignment, else its event's, else nothing.
Result<std::optional<SurveyAssignment>> assignment_for(CollectorStore& store,
                                                       const std::string& device_id,
                                                       const std::string& event_id);

Status record_heartbeat(CollectorStore& store, const KioskHeartbeat& beat);
Result<std::map<std::string, KioskHeartbeat>> kiosk_heartbeats(CollectorStore& store);  // by id

}  // namespace standpoint
