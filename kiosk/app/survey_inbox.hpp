// Surveys the collector sends (docs/sync-client.md "Surveys from the collector"), on the kiosk.
// The sync thread fetches after each round (sync/client/survey_fetch.hpp), and this keeps what
// passed the signature check on disk and hands it to the shell, which switches at the next
// attract screen (kiosk/shell/shell.hpp, StagedSurveyReady). Disk and network stay on the sync
// thread; the frame loop only swaps small values under a short lock (SurveyMailbox).
#pragma once

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/shell/shell.hpp"
#include "sync/client/sync_client.hpp"
#include "sync/protocol/survey_delivery.hpp"

namespace standpoint::app {

// DATA/collector-surveys/: each survey the collector sent as <sha256>.json (kept: the kiosk state
// names the running one), `staged` (the sha waiting for the attract screen), `refused` (shas
// staff refused, one a line, never staged again) and `newest_issued_at` (the issue time of the
// newest answer staged: an older signed answer is a replay and is refused).
inline constexpr const char* collector_surveys_folder = "collector-surveys";

// Between the frame loop and the sync thread.
class SurveyMailbox {
public:
    explicit SurveyMailbox(std::function<void()> wake) : wake_(std::move(wake)) {}
    // Frame loop: what the kiosk runs now, for the heartbeat.
    void set_running(const std::string& survey_sha256, const std::string& event_id);
    std::pair<std::string, std::string> running() const;  // sha256, event id
    // Sync thread -> frame loop.
    void post_staged(shell::StagedSurvey staged);
    std::optional<shell::StagedSurvey> take_staged();
    // Frame loop -> sync thread: staff refused these.
    void refuse(const std::string& sha256);
    std::vector<std::string> take_refusals();

private:
    std::function<void()> wake_;
    mutable std::mutex mutex_;
    std::string running_sha256_, event_id_;
    std::optional<shell::StagedSurvey> staged_;
    std::vector<std::string> refusals_;
};

class SurveyInbox {
public:
    explicit SurveyInbox(std::filesystem::path data_dir);

    // A delivery whose signature was checked: kept as <sha256>.json, loaded and checked as any
    // survey file (load_survey_bytes), and staged; nullopt when it runs already, waits already or
    // staff refused it.
    Result<std::optional<shell::StagedSurvey>> stage(const SurveyDelivery& delivery,
                                                     const std::string& running_sha256);
    // The survey staged before (by `standpoint sync --once`, or before a restart).
    Result<std::optional<shell::StagedSurvey>> staged(const std::string& running_sha256);
    Status refuse(const std::string& sha256);

private:
    std::filesystem::path folder_;
    std::optional<std::string> staged_sha_;  // as last read or written
};

// The kiosk's heartbeat now: the app version, its clock, and what `running` says.
Heartbeat make_heartbeat(std::int64_t pending, const std::string& event_id,
                         const std::string& survey_sha256);

// One round: heartbeat up, an assigned survey down, checked and staged. Returns a line for the
// log ("" when nothing happened) and the staged survey, if any.
std::string run_survey_round(SyncEngine& engine, SurveyInbox& inbox, const Heartbeat& heartbeat,
                             std::optional<shell::StagedSurvey>& staged);

}  // namespace standpoint::app
