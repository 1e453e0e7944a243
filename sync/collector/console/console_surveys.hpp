// The console's surveys page (docs/console.md "Surveys out to kiosks"): admins upload a survey
// (JSON or XLSForm, checked by load_survey_bytes, the validator `standpoint check-survey` runs),
// and assign it to an event or a kiosk with that event's "you said, we did" text and follow-up
// page. Kiosks fetch it signed on their next sync (sync/collector/survey_route.cpp).
#pragma once

#include <string>

#include "sync/collector/collector_store.hpp"
#include "sync/collector/survey_assignments.hpp"

namespace httplib {
class Server;
}

namespace standpoint::console {

void install_survey_pages(httplib::Server& server, CollectorStore& store);

// The uploaded definition with the event's texts written in: `you_said_we_did` in every language
// of the survey, `more_info_url` as given (empty leaves the survey's own). The result is checked
// again by the caller with load_survey_bytes, so a bad URL is the survey validator's message.
Result<std::string> with_event_texts(const std::string& definition,
                                     const std::string& you_said_we_did,
                                     const std::string& follow_up_url);

}  // namespace standpoint::console
